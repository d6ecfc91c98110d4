import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { intendedVote } from "../src/beliefs/delegate.js";
import {
  type ProposalTally,
  passProbability,
  proposalSource,
  timeLeft,
} from "../src/beliefs/proposal.js";
import { binaryMarket, NOW } from "./helpers.js";

const E18 = 10n ** 18n;
const M = 1_000_000n * E18; // 1M tokens
const START = 1_000_000n;
const END = START + 3n * 86_400n;

function tally(overrides: Partial<ProposalTally> = {}): ProposalTally {
  return {
    forVotes: 2n * M,
    againstVotes: 1n * M,
    abstainVotes: 0n,
    quorum: 4n * M,
    uncastPower: 5n * M,
    voteStart: START,
    voteEnd: END,
    ...overrides,
  };
}
const at = (fraction: number) => START + BigInt(Math.round(fraction * Number(END - START)));

describe("P(pass) from the live tally", () => {
  it("is monotonic in the For weight", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.bigInt({ min: 0n, max: 3_000n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.bigInt({ min: 1n, max: 5_000n }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (f, a, ab, u, q, extra, t) => {
          const base = tally({
            forVotes: f * E18,
            againstVotes: a * E18,
            abstainVotes: ab * E18,
            uncastPower: u * E18,
            quorum: q * E18,
          });
          const p0 = passProbability(base, at(t)).raw;
          const p1 = passProbability({ ...base, forVotes: base.forVotes + extra * E18 }, at(t)).raw;
          expect(p1).toBeGreaterThanOrEqual(p0 - 1e-12);
        },
      ),
      { seed: 11, numRuns: 400 },
    );
  });

  it("moves towards the current result as time runs out", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.bigInt({ min: 0n, max: 3_000n }),
        fc.bigInt({ min: 1n, max: 10_000n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (f, a, ab, u, q, t1, t2) => {
          const tl = tally({
            forVotes: f * E18,
            againstVotes: a * E18,
            abstainVotes: ab * E18,
            uncastPower: u * E18,
            quorum: q * E18,
          });
          const earlier = at(Math.min(t1, t2));
          const later = at(Math.max(t1, t2));
          const pe = passProbability(tl, earlier).raw;
          const pl = passProbability(tl, later).raw;
          const passing = f > a && f + ab >= q;
          const failingBoth = f < a && f + ab < q;
          if (passing) expect(pl).toBeGreaterThanOrEqual(pe - 1e-12);
          if (failingBoth) expect(pl).toBeLessThanOrEqual(pe + 1e-12);
        },
      ),
      { seed: 12, numRuns: 400 },
    );
  });

  it("is the rule itself once voting ends", () => {
    expect(passProbability(tally(), END).raw).toBe(0); // quorum 4M not met by For + Abstain 2M
    expect(passProbability(tally({ abstainVotes: 2n * M }), END).raw).toBe(1);
    expect(passProbability(tally({ abstainVotes: 2n * M }), END).p).toBe(1 - 1e-4);
    expect(passProbability(tally({ forVotes: 1n * M, abstainVotes: 5n * M }), END).raw).toBe(0); // tie
    expect(passProbability(tally({ uncastPower: 0n, abstainVotes: 2n * M }), START).raw).toBe(1);
  });

  it("is uncertain early and informative late", () => {
    const t = tally({
      forVotes: 3n * M,
      againstVotes: 1n * M,
      quorum: 2n * M,
      uncastPower: 6n * M,
    });
    const early = passProbability(t, START);
    const late = passProbability(t, at(0.95));
    expect(early.p).toBeGreaterThan(0.5);
    expect(early.p).toBeLessThan(late.p);
    expect(late.p).toBeGreaterThan(0.99);
    expect(early.rationale).toMatch(/P\(pass\)/);
    expect(timeLeft(t, at(0.25))).toBeCloseTo(0.75, 9);
  });

  it("counts a known coming vote (the delegate's) as cast", () => {
    const t = tally({ forVotes: 1n * M, againstVotes: 2n * M, quorum: 2n * M });
    const vote = intendedVote({ delegate: "Steward", vote: "for", weight: 3n * M });
    expect(vote).not.toBeNull();
    const without = passProbability(t, at(0.9));
    const withVote = passProbability(t, at(0.9), {}, vote ? [vote] : []);
    expect(withVote.p).toBeGreaterThan(without.p);
    expect(withVote.rationale).toContain("Steward for");
    expect(intendedVote({ delegate: "x", vote: "ask", weight: M })).toBeNull();
  });

  it("rejects bad input", () => {
    expect(() => passProbability(tally({ forVotes: -1n }), START)).toThrow(RangeError);
    expect(() => passProbability(tally({ voteEnd: START - 1n }), START)).toThrow(RangeError);
    expect(() => passProbability(tally(), START, { participation: 2 })).toThrow(RangeError);
  });

  it("as a source: only for proposal markets with a tally", async () => {
    const source = proposalSource({ getTally: async () => tally() });
    const plain = binaryMarket(0.5).view();
    expect(await source.believe(plain, { now: NOW })).toBeNull();
    const proposal = { ...plain, proposal: { proposalId: 42n } };
    const b = await source.believe(proposal, { now: at(0.5) });
    expect(b?.source).toBe("proposal-tally");
    expect(b?.p).toBeGreaterThan(0);
    expect(b?.p).toBeLessThan(1);
    const none = proposalSource({ getTally: async () => null });
    expect(await none.believe(proposal, { now: NOW })).toBeNull();
  });
});
