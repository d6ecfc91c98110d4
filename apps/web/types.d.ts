// `server-only` is provided by Next.js itself (next/dist/compiled/server-only): importing it from a
// module that ends up in a client bundle fails the build. Declared here for the type checker.
declare module "server-only";
