import { describe, expect, it } from "vitest";
import { isSecretVariable, MANDATE_VARIABLE_NAMES, MANDATE_VARIABLES } from "../src/index.js";

describe("the variable table", () => {
  it("names each variable once, and marks exactly the secrets the config file refuses", () => {
    expect(new Set(MANDATE_VARIABLE_NAMES).size).toBe(MANDATE_VARIABLE_NAMES.length);
    for (const v of MANDATE_VARIABLES) {
      expect(isSecretVariable(v.name), v.name).toBe(v.secret === true);
    }
  });
});
