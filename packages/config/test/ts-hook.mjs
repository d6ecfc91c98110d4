// Lets a plain `node` child process run the TypeScript sources, which use ESM ".js" specifiers
// for ".ts" files as tsc expects. Used by cli.test.ts to run src/keystore-cli.ts as a program.
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
