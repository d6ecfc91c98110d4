import { decodeFunctionData, getAddress, type Hex, parseAbi } from "viem";
import { describe, expect, it } from "vitest";
import { MAINNET, mainnetContext } from "./fixtures/context.js";
import {
  ensFixture,
  ensFixtures,
  QUOTED_CALLDATA,
  QUOTED_SAFE_INNER_6_37,
} from "./fixtures/proposals.js";

describe("ENS proposal fixtures", () => {
  it("has at least 25 real proposals, executable and social, of every kind", () => {
    expect(ensFixtures.length).toBeGreaterThanOrEqual(25);
    const executable = ensFixtures.filter((f) => f.proposal.targets.length > 0);
    expect(executable.length).toBeGreaterThanOrEqual(25);
    expect(ensFixtures.filter((f) => f.kind === "social").length).toBeGreaterThanOrEqual(5);
    expect(new Set(ensFixtures.map((f) => f.kind))).toEqual(
      new Set([
        "treasury",
        "grant",
        "stream",
        "swap",
        "parameter",
        "registrar",
        "security",
        "upgrade",
        "social",
      ]),
    );
    expect(new Set(ensFixtures.map((f) => f.ep)).size).toBe(ensFixtures.length);
  });

  it("uses checksummed mainnet addresses", () => {
    for (const [name, address] of Object.entries(MAINNET)) {
      expect(getAddress(address), name).toBe(address);
    }
    for (const a of Object.keys(mainnetContext.contracts)) expect(a).toBe(a.toLowerCase());
  });

  it("reproduces byte for byte the calldata the proposal texts quote", () => {
    for (const [ep, index, calldata] of QUOTED_CALLDATA) {
      const f = ensFixture(ep);
      expect(f.proposal.calldatas[index], `EP ${ep} action ${index + 1}`).toBe(calldata);
      expect(f.proposal.description.toLowerCase(), `EP ${ep} quotes it`).toContain(
        calldata.toLowerCase(),
      );
    }
    const safe = parseAbi([
      "function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)",
    ]);
    const outer = ensFixture("6.37").proposal.calldatas[0] as Hex;
    const { args } = decodeFunctionData({ abi: safe, data: outer });
    expect(args[2]).toBe(QUOTED_SAFE_INNER_6_37);
    expect(ensFixture("6.37").proposal.description).toContain(QUOTED_SAFE_INNER_6_37);
  });

  it("gives each fixture a description without frontmatter, consistent arrays and expectations", () => {
    for (const f of ensFixtures) {
      const p = f.proposal;
      expect(p.description.startsWith("---"), f.ep).toBe(false);
      expect(p.description, f.ep).toMatch(/^\s*# /);
      expect(p.targets.length, f.ep).toBe(p.values.length);
      expect(p.targets.length, f.ep).toBe(p.calldatas.length);
      expect(p.id, f.ep).toMatch(/^\d+$/);
      expect(f.expectedFacts.executable, f.ep).toBe(p.targets.length > 0);
      expect(f.provenance.length, f.ep).toBeGreaterThan(10);
      if (f.expectedFacts.totalUsd) {
        expect(f.expectedFacts.totalUsd[0], f.ep).toBeLessThanOrEqual(f.expectedFacts.totalUsd[1]);
      }
    }
  });
});
