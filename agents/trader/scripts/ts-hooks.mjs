/**
 * Module resolve hook so Node's built-in type stripping can run this package's TypeScript
 * sources directly: a relative "./x.js" import from a .ts file resolves to "./x.ts" when no .js
 * file exists (the sources use .js suffixes, as tsc and NodeNext require).
 * Registered by scripts/eval-trader.ts with `module.register`.
 */
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith("./") || specifier.startsWith("../");
    if (relative && specifier.endsWith(".js") && context.parentURL?.endsWith(".ts")) {
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
    throw error;
  }
}
