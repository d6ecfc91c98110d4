/**
 * Typed ABIs and deployment addresses of Mandate's contracts, generated from the contracts build
 * (`npm run build -w @mandate/contracts`). The files under ./generated are never edited by hand.
 */
export * from "./generated/abis.js";
export * from "./generated/addresses.js";
