import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lmsrMarketAbi } from "./index.js";

const contractsDir = fileURLToPath(new URL("../../../contracts", import.meta.url));

describe("generated bindings", () => {
  it("match a fresh generation from the contracts build", () => {
    // Exits non-zero (and throws here) when the committed files are stale.
    const out = execFileSync(process.execPath, ["scripts/generate-abis.ts", "--check"], { cwd: contractsDir, encoding: "utf8" });
    expect(out).toContain("up to date");
  });

  it("expose every trading function and custom error of the market", () => {
    const names = new Set(lmsrMarketAbi.map((item) => ("name" in item ? item.name : "")));
    for (const fn of ["createMarket", "buy", "sell", "buyWithCollateral", "redeem", "quoteBuy", "prices"]) {
      expect(names).toContain(fn);
    }
    const errors = lmsrMarketAbi.filter((item) => item.type === "error").map((e) => e.name);
    expect(errors).toContain("CostAboveMax");
    expect(errors).toContain("MarketClosed");
  });
});
