// Lets a plain `node --experimental-transform-types` child process import the TypeScript sources
// (which use ESM ".js" specifiers for ".ts" files, as tsc expects). Used by store.test.ts to run a
// writer in a separate process and SIGKILL it.
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    if (specifier.endsWith(".js") && /^(\\.|\\/|file:)/.test(specifier)) {
      return next(specifier.slice(0, -3) + ".ts", context);
    }
    throw e;
  }
}`)}`,
);
