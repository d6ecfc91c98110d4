/**
 * The pure helpers: metadata decoding, AI vote reasons, proposal titles, token ids, prices,
 * parameter validation, the Brier score.
 */
import { createMarketFunding } from "@mandate/lmsr";
import { keccak256, toBytes } from "viem";
import { describe, expect, it } from "vitest";
import {
  addAt,
  decodeMarketMetadata,
  decodeTokenId,
  marketPrices,
  parseAiReason,
  proposalTitle,
} from "../src/lib/decode.ts";
import { loadDeployment } from "../src/lib/deployment.ts";
import {
  BadRequest,
  brierScore,
  parseAddress,
  parseEnum,
  parseInteger,
  parseUint,
} from "../src/lib/params.ts";

const dataUri = (json: string) =>
  `data:application/json;base64,${Buffer.from(json, "utf8").toString("base64")}`;

describe("decodeMarketMetadata", () => {
  const doc = JSON.stringify({
    schema: "mandate.market-metadata/1",
    question: "Will it rain?",
    description: "Über-simple.",
    outcomes: ["No", "Yes"],
    tags: ["weather"],
  });
  it("reads a data: URI and verifies its hash over the exact bytes", () => {
    const m = decodeMarketMetadata(dataUri(doc), keccak256(toBytes(doc)), 2);
    expect(m).toMatchObject({
      verified: true,
      question: "Will it rain?",
      outcomes: ["No", "Yes"],
      tags: ["weather"],
    });
  });
  it("flags a hash mismatch, and falls back on labels that do not fit", () => {
    const m = decodeMarketMetadata(dataUri(doc), keccak256(toBytes("other")), 3);
    expect(m.verified).toBe(false);
    expect(m.question).toBe("Will it rain?");
    expect(m.outcomes).toEqual(["Outcome 0", "Outcome 1", "Outcome 2"]);
  });
  it("does not fetch other URIs and survives garbage", () => {
    expect(decodeMarketMetadata("ipfs://bafy", "0x00", 2).question).toBeNull();
    expect(decodeMarketMetadata("data:application/json;base64,!!!", "0x00", 2).document).toBeNull();
    expect(decodeMarketMetadata(dataUri("[1,2]"), "0x00", 2).document).toBeNull();
  });
});

describe("parseAiReason", () => {
  it("parses the documented v1 suffix (contracts/docs/governance.md)", () => {
    const reason = `Fits the mandate.\n\n#mandate-vote v1 summary=0x${"0".repeat(63)}1 mandate=0x${"f".repeat(64)} version=12`;
    expect(parseAiReason(reason)).toEqual({
      rationale: "Fits the mandate.",
      summaryHash: `0x${"0".repeat(63)}1`,
      mandateHash: `0x${"f".repeat(64)}`,
      mandateVersion: 12n,
    });
  });
  it("ignores ordinary reasons and malformed suffixes", () => {
    expect(parseAiReason("I agree")).toBeNull();
    expect(
      parseAiReason(
        `x\n\n#mandate-vote v1 summary=0x${"A".repeat(64)} mandate=0x${"f".repeat(64)} version=1`,
      ),
    ).toBeNull();
  });
});

describe("proposalTitle", () => {
  it("takes the first heading, else the first line", () => {
    expect(proposalTitle("Intro\n\n# [EP1.5] Change the oracle\n\ntext")).toBe(
      "[EP1.5] Change the oracle",
    );
    expect(proposalTitle("\n\nJust a line\nmore")).toBe("Just a line");
    expect(proposalTitle("x".repeat(300))).toHaveLength(200);
  });
});

describe("token ids and prices", () => {
  it("decodes (marketId << 8) | outcome", () => {
    expect(decodeTokenId((123n << 8n) | 7n)).toEqual({ marketId: 123n, outcome: 7 });
  });
  it("prices a fresh market at (just under) 1/n each", () => {
    const liquidity = 1_000_000_000n;
    for (const n of [2n, 5n, 256n]) {
      const { logSum } = createMarketFunding(n, liquidity);
      const prices = marketPrices(
        logSum,
        Array.from({ length: Number(n) }, () => 0n),
        liquidity,
      );
      const fair = 10n ** 18n / n;
      for (const p of prices) expect(fair - p <= 2n && p <= fair).toBe(true);
    }
  });
  it("addAt grows arrays", () => {
    expect(addAt([1n], 2, 5n)).toEqual([1n, 0n, 5n]);
  });
});

describe("parameter validation", () => {
  it("accepts uints up to 2^256 − 1, decimal or hex", () => {
    expect(parseUint("id", "42")).toBe(42n);
    expect(parseUint("id", "0x2a")).toBe(42n);
    expect(parseUint("id", (2n ** 256n - 1n).toString())).toBe(2n ** 256n - 1n);
    expect(parseUint("id", undefined, true)).toBeUndefined();
    for (const bad of ["-1", "1.5", "abc", "", (2n ** 256n).toString(), " 1"]) {
      expect(() => parseUint("id", bad), bad).toThrow(BadRequest);
    }
  });
  it("bounds integers, checks addresses and enums", () => {
    expect(parseInteger("limit", undefined, { min: 1, max: 10, fallback: 5 })).toBe(5);
    expect(() => parseInteger("limit", "11", { min: 1, max: 10, fallback: 5 })).toThrow(
      /between 1 and 10/,
    );
    expect(parseAddress("a", "0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).toBe(
      "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
    );
    expect(() => parseAddress("a", "0x1234")).toThrow(/20-byte/);
    expect(parseEnum("k", "vote", ["vote", "pending"])).toBe("vote");
    expect(() => parseEnum("k", "no", ["vote", "pending"])).toThrow(/one of vote, pending/);
  });
});

describe("brierScore", () => {
  it("is 0 for a certain right forecast, 2 for a certain wrong one", () => {
    const one = 10n ** 18n;
    expect(brierScore([one, 0n], 0)).toBe(0);
    expect(brierScore([one, 0n], 1)).toBe(2);
    expect(brierScore([one / 2n, one / 2n], 0)).toBeCloseTo(0.5, 12);
  });
});

describe("loadDeployment", () => {
  const record = {
    chainId: 31337,
    contracts: Object.fromEntries(
      [
        "LMSRMarket",
        "CommitteeResolver",
        "GovernorResolver",
        "OptimisticResolver",
        "TradingVault",
        "GovernanceToken",
        "MandateGovernor",
        "AIDelegateRegistry",
      ].map((n, i) => [n, { address: `0x${String(i + 1).padStart(40, "0")}`, blockNumber: i }]),
    ),
  };
  it("takes the default record, with MANDATE_CHAIN_ID overriding the chain id", () => {
    expect(loadDeployment({}, record).chainId).toBe(31337);
    expect(loadDeployment({ MANDATE_CHAIN_ID: "8453" }, record).chainId).toBe(8453);
  });
  it("names what is missing", () => {
    const { TradingVault: _, ...rest } = record.contracts;
    expect(() => loadDeployment({}, { contracts: rest })).toThrow(
      /no valid address for TradingVault/,
    );
    expect(() => loadDeployment({ MANDATE_DEPLOYMENT_FILE: "/nonexistent.json" }, record)).toThrow(
      /cannot read a deployment record/,
    );
  });
});
