export * from "./beliefs-file.js";
export * from "./chain.js";
export * from "./config.js";
export * from "./executor.js";
export * from "./runtime.js";
export * from "./status.js";
