export * from "./describe.js";
export * from "./examples.js";
export * from "./facts.js";
export * from "./hash.js";
export * from "./json-schema.js";
export * from "./mandate.js";
export * from "./policy.js";
