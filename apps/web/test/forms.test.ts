import { NO_LIMIT } from "@mandate/sdk";
import { describe, expect, it } from "vitest";
import { parseMarketForm } from "@/components/CreateMarketForm";
import { parseProposalForm, proposalDescription } from "@/components/CreateProposalForm";
import { parsePolicyForm } from "@/components/VaultPanel";

const ME = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const AGENT = "0xfabb0ac9d68b0b445fb7357272ff202c5651694a";

describe("vault policy form", () => {
  const ok = {
    agent: AGENT,
    expiryDays: "30",
    maxPerTrade: "100",
    maxPerDay: "500",
    maxExposure: "none",
    allMarkets: false,
    markets: "5, 7",
  };
  it("parses limits in mUSD, 'none' as no limit, and the market list", () => {
    const p = parsePolicyForm(ok, ME);
    expect(p.agent).toBe("0xFABB0ac9d68B0B445fB7357272Ff202C5651694a");
    expect(p.maxPerTrade).toBe(100_000_000n);
    expect(p.maxExposurePerMarket).toBe(NO_LIMIT);
    expect(p.markets).toEqual([5n, 7n]);
  });
  it("names what is wrong", () => {
    expect(() => parsePolicyForm({ ...ok, agent: "0x123" }, ME)).toThrow(
      /^Agent: "0x123" is not an address/,
    );
    expect(() => parsePolicyForm({ ...ok, agent: ME.toLowerCase() }, ME)).toThrow(
      /another account than yours/,
    );
    expect(() => parsePolicyForm({ ...ok, maxPerDay: "-5" }, ME)).toThrow(/^Per day:/);
    expect(() => parsePolicyForm({ ...ok, markets: "" }, ME)).toThrow(
      /^Markets: list at least one/,
    );
    expect(() => parsePolicyForm({ ...ok, markets: "5, x" }, ME)).toThrow(
      /^Markets: "x" is not a market id/,
    );
    expect(() => parsePolicyForm({ ...ok, expiryDays: "0" }, ME)).toThrow(/^Expires in \(days\)/);
  });
});

describe("create market form", () => {
  const ok = {
    question: "Will it rain?",
    description: "",
    outcomes: "Yes\nNo\n",
    liquidity: "1000",
    closeInDays: "7",
    feeBps: "100",
    rules: "Per the weather office.",
  };
  it("parses a market", () => {
    const m = parseMarketForm(ok);
    expect(m.outcomes).toEqual(["Yes", "No"]);
    expect(m.liquidity).toBe(1_000_000_000n);
  });
  it("names what is wrong", () => {
    expect(() => parseMarketForm({ ...ok, outcomes: "Yes" })).toThrow(/^Outcomes: at least two/);
    expect(() => parseMarketForm({ ...ok, outcomes: "Yes\nYes" })).toThrow(
      /^Outcomes: each must be different/,
    );
    expect(() => parseMarketForm({ ...ok, feeBps: "2000" })).toThrow(
      /^Fee \(basis points\): must be between 0 and 1000/,
    );
    expect(() => parseMarketForm({ ...ok, question: "?" })).toThrow(/^Question:/);
  });
});

describe("proposal form", () => {
  const ok = {
    token: "mUSD",
    recipient: AGENT,
    amount: "2,500",
    title: "Fund the docs sprint",
    body: "Pays for docs.",
  };
  it("parses a treasury transfer and writes a markdown description", () => {
    const d = parseProposalForm(ok);
    expect(d.amount).toBe(2_500_000_000n);
    expect(proposalDescription(d)).toBe("# Fund the docs sprint\n\nPays for docs.");
    expect(parseProposalForm({ ...ok, token: "MNDT" }).amount).toBe(2_500n * 10n ** 18n);
  });
  it("names what is wrong", () => {
    expect(() => parseProposalForm({ ...ok, recipient: "bob.eth" })).toThrow(
      /^Recipient: "bob.eth" is not an address/,
    );
    expect(() => parseProposalForm({ ...ok, amount: "" })).toThrow(/^Amount: enter an amount/);
    expect(() => parseProposalForm({ ...ok, title: "x" })).toThrow(/^Title:/);
  });
});
