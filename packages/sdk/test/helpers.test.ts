/**
 * Pure helpers: slippage limits, funding, the AI vote reason format, proposal hashing and titles,
 * market metadata encoding.
 */

import { aiDelegateRegistryAbi } from "@mandate/abis";
import { createMarketFunding } from "@mandate/lmsr";
import { decodeFunctionData, encodeFunctionData, keccak256, stringToBytes } from "viem";
import { describe, expect, it } from "vitest";
import {
  decodeMarketMetadataURI,
  delegateVoteCall,
  encodeMarketMetadata,
  formatVoteReason,
  fundingFor,
  hashDescription,
  MARKET_METADATA_SCHEMA,
  MandateError,
  maxCostFor,
  minProceedsFor,
  minSharesFor,
  parseVoteReason,
  pendingDecisionCall,
  proposalTitle,
  reasonCodeName,
  summaryHashOf,
  supportValue,
} from "../src/index.js";

describe("slippage", () => {
  it("rounds in the trader's protection: max cost up, minimums down", () => {
    expect(maxCostFor(1_000_000n, 50)).toBe(1_005_000n);
    expect(maxCostFor(1_000_001n, 50)).toBe(1_005_002n); // + 5000.005, rounded up
    expect(maxCostFor(123n, 0)).toBe(123n);
    expect(minProceedsFor(1_000_001n, 50)).toBe(995_000n); // 995000.995 rounds down
    expect(minSharesFor(10n, 10_000)).toBe(0n);
  });

  it("refuses a tolerance outside 0–10,000 bps", () => {
    expect(() => maxCostFor(1n, 10_001)).toThrow(MandateError);
    expect(() => minProceedsFor(1n, -1)).toThrow(
      "The slippage must be between 0 and 10,000 bps; -1 was given.",
    );
  });

  it("computes a market's funding with @mandate/lmsr and explains bad inputs", () => {
    expect(fundingFor(1_000_000_000n, 2n)).toBe(createMarketFunding(2n, 1_000_000_000n).funding);
    expect(fundingFor(1_000_000_000n, 2n)).toBe(693_147_181n);
    try {
      fundingFor(1_000n, 1n);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MandateError);
      expect((error as MandateError).errorName).toBe("InvalidOutcomeCount");
    }
  });
});

describe("AI vote reasons (v1)", () => {
  const summary = summaryHashOf("A summary.");
  const mandate = keccak256(stringToBytes("mandate"));

  it("formats and parses the trailer", () => {
    const reason = formatVoteReason("Fits the mandate.", summary, mandate, 12n);
    expect(reason).toBe(
      `Fits the mandate.\n\n#mandate-vote v1 summary=${summary} mandate=${mandate} version=12`,
    );
    expect(parseVoteReason(reason)).toEqual({
      rationale: "Fits the mandate.",
      summaryHash: summary,
      mandateHash: mandate,
      mandateVersion: 12n,
    });
    expect(parseVoteReason(formatVoteReason("", summary, mandate, 1))?.rationale).toBe("");
    expect(parseVoteReason("I like it.")).toBeUndefined();
  });

  it("names reason codes and support values", () => {
    expect(reasonCodeName(0)).toBe("askHuman");
    expect(reasonCodeName(3)).toBe("textMismatch");
    expect(reasonCodeName(77)).toBe("other");
    expect(supportValue("abstain")).toBe(2);
    expect(supportValue(1)).toBe(1);
  });
});

describe("proposals", () => {
  it("hashes the description and finds the title", () => {
    expect(hashDescription("# T\n\nbody")).toBe(keccak256(stringToBytes("# T\n\nbody")));
    expect(proposalTitle("Intro line\n# [EP1.5] Change the oracle\n\ntext")).toBe(
      "[EP1.5] Change the oracle",
    );
    expect(proposalTitle("No heading here\nsecond line")).toBe("No heading here");
  });
});

describe("market metadata", () => {
  it("round-trips through a data URI, checked against its hash", () => {
    const encoded = encodeMarketMetadata({
      schema: MARKET_METADATA_SCHEMA,
      question: "Will ünïcode survive?",
      description: "Yes — it should.",
      outcomes: ["No", "Yes"],
      resolution: { rules: "r", invalidIf: "i", sources: [] },
      tags: [],
    });
    expect(encoded.hash).toBe(keccak256(stringToBytes(encoded.json)));
    expect(decodeMarketMetadataURI(encoded.uri, encoded.hash)?.question).toBe(
      "Will ünïcode survive?",
    );
    expect(decodeMarketMetadataURI("ipfs://x")).toBeUndefined();
    expect(() => decodeMarketMetadataURI(encoded.uri, summaryHashOf("other"))).toThrow(
      /does not match its hash/,
    );
  });
});

describe("registry call builders (for agents that sign themselves)", () => {
  const registry = "0x610178dA211FEF7D417bC0e6FeD39F05609AD788" as const;
  it("castVote: the arguments castDelegateVote sends, summary hashed, support by name", () => {
    const call = delegateVoteCall(
      { aiDelegateRegistry: registry },
      {
        delegateId: 2n,
        proposalId: 7n,
        support: "against",
        summary: "s",
        mandateVersion: 3n,
        rationale: "r",
      },
    );
    expect(call.address).toBe(registry);
    const data = encodeFunctionData({
      abi: aiDelegateRegistryAbi,
      functionName: "castVote",
      args: call.args as never,
    });
    const decoded = decodeFunctionData({ abi: aiDelegateRegistryAbi, data });
    expect(decoded.functionName).toBe("castVote");
    expect(decoded.args).toEqual([2n, 7n, 0, summaryHashOf("s"), 3n, "r"]);
  });
  it("recordPendingDecision: reason codes by name, out-of-range codes refused", () => {
    const call = pendingDecisionCall(
      { aiDelegateRegistry: registry },
      {
        delegateId: 1n,
        proposalId: 9n,
        reasonCode: "lowConfidence",
        summaryHash: `0x${"ab".repeat(32)}`,
        mandateVersion: 1n,
        note: "n",
      },
    );
    expect(call.functionName).toBe("recordPendingDecision");
    expect(reasonCodeName(call.args[2] as number)).toBe("lowConfidence");
    expect(() =>
      pendingDecisionCall(
        { aiDelegateRegistry: registry },
        {
          delegateId: 1n,
          proposalId: 9n,
          reasonCode: 300,
          summaryHash: `0x${"ab".repeat(32)}`,
          mandateVersion: 1n,
          note: "n",
        },
      ),
    ).toThrow(MandateError);
  });
});
