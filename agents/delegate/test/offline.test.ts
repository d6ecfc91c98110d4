import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  analyzeOffline,
  compactAction,
  createOfflineEngine,
  rankSentences,
} from "../src/engines/offline/index.js";
import { prepareText } from "../src/engines/offline/text.js";
import { analysisSchema, type ProposalInput } from "../src/types.js";
import { mainnetContext as ctx } from "./fixtures/context.js";
import { ensFixture, ensFixtures } from "./fixtures/proposals.js";

const RUNS = process.env.CI ? 300 : 60;

function textOnly(description: string): ProposalInput {
  return {
    id: "1",
    governor: null,
    description,
    targets: [],
    values: [],
    calldatas: [],
    voteEnd: null,
  };
}

describe("createOfflineEngine", () => {
  it("identifies itself and returns a schema-valid analysis", async () => {
    const engine = createOfflineEngine();
    expect(engine.id).toBe("offline");
    expect(engine.label).toBe("offline (TextRank + rules)");
    const analysis = await engine.analyze(ensFixture("5.25").proposal, ctx);
    expect(analysisSchema.safeParse(analysis).success).toBe(true);
    expect(analysis.summary.engine).toBe("offline/textrank-1");
    expect(analysis.summary.confidence).toBe(analysis.facts.confidence);
  });

  it("is deterministic", () => {
    for (const ep of ["3.2", "6.13", "1.2.2"]) {
      const f = ensFixture(ep);
      expect(analyzeOffline(f.proposal, ctx)).toEqual(analyzeOffline(f.proposal, ctx));
    }
  });
});

describe("facts of the real ENS fixtures", () => {
  it.each(ensFixtures.map((f) => [f.ep, f] as const))("EP %s", (_ep, f) => {
    const { facts, summary } = analyzeOffline(f.proposal, ctx);
    const e = f.expectedFacts;
    expect(facts.topics[0]).toBe(e.topic0);
    expect(facts.executable).toBe(e.executable);
    expect(facts.transfers.some((t) => t.amount !== "0")).toBe(e.hasTransfer);
    if (e.totalUsd === null) expect(facts.totalUsd).toBeNull();
    else {
      expect(facts.totalUsd).not.toBeNull();
      expect(facts.totalUsd as number).toBeGreaterThanOrEqual(e.totalUsd[0]);
      expect(facts.totalUsd as number).toBeLessThanOrEqual(e.totalUsd[1]);
    }
    expect(facts.risk).toBe(e.risk);
    // Real, honest proposals: no false alarms.
    expect(facts.mismatches).toEqual([]);
    expect(facts.unknownCalldata).toBe(false);
    expect(summary.actions).toHaveLength(facts.actions.length);
    if (e.executable) {
      expect(facts.topics).not.toContain("social");
      expect(summary.tldr.startsWith("Executes")).toBe(true);
      expect(summary.tldr).toContain(
        compactAction(facts.actions[0]?.description ?? "", ctx, facts.addresses).slice(0, 40),
      );
    } else {
      expect(facts.topics).toContain("social");
      expect(summary.whatChanges[0]).toMatch(/^Nothing on-chain/);
    }
  });

  it("states every transferred asset of a short proposal in the tl;dr", () => {
    const { summary } = analyzeOffline(ensFixture("6.29").proposal, ctx);
    expect(summary.tldr).toMatch(
      /^Executes 4 actions: transfer 379,000 USDC to Meta-Governance WG Safe; transfer 470,000 USDC to Ecosystem WG Safe; transfer 110,000 USDC to Public Goods WG Safe; transfer 15 ETH to Public Goods WG Safe\./,
    );
  });
});

describe("tl;dr", () => {
  it("is at most 280 characters for any text (property, including huge inputs)", () => {
    const text = fc.oneof(
      fc.string({ maxLength: 2_000 }),
      fc
        .array(fc.lorem({ maxCount: 40, mode: "sentences" }), { maxLength: 20 })
        .map((xs) => xs.join("\n\n")),
      fc
        .tuple(fc.string({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 20_000 }))
        .map(([s, n]) => s.repeat(n)),
      fc.string({ unit: "grapheme", maxLength: 500 }),
    );
    fc.assert(
      fc.property(text, (description) => {
        const { summary } = analyzeOffline(textOnly(description), ctx);
        expect(summary.tldr.length).toBeGreaterThan(0);
        expect(summary.tldr.length).toBeLessThanOrEqual(280);
        expect(summary.title.length).toBeLessThanOrEqual(200);
      }),
      { seed: 7, numRuns: RUNS },
    );
  });

  it("is at most 280 characters even with many long actions", () => {
    const f = ensFixture("3.2");
    const many = {
      ...f.proposal,
      targets: Array(40).fill(f.proposal.targets[3]),
      values: Array(40).fill(0n),
      calldatas: Array(40).fill(f.proposal.calldatas[3]),
    };
    const { summary } = analyzeOffline(many, ctx);
    expect(summary.tldr.length).toBeLessThanOrEqual(280);
    expect(summary.tldr).toMatch(/^Executes 40 actions: transfer 935,000 USDC .*; \+\d+ more\./);
  });

  it("handles a 1 MB description in well under a second", () => {
    const sentence =
      "The working group requests funding to support builders and events in the ecosystem. ";
    const huge = `# Huge proposal\n\n${sentence.repeat(Math.ceil(1_048_576 / sentence.length))}`;
    expect(huge.length).toBeGreaterThan(1_000_000);
    const t0 = performance.now();
    const { summary, facts } = analyzeOffline(
      { ...ensFixture("5.28").proposal, description: huge },
      ctx,
    );
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(1_000);
    expect(summary.tldr.length).toBeLessThanOrEqual(280);
    expect(summary.flags.join(" ")).toMatch(
      /Only the first 262,144 characters of 1,04\d,\d{3} were read/,
    );
    expect(facts.confidence).toBeLessThan(0.85);
  });

  it("puts the actions before the prose: the prose never outranks what executes", () => {
    const f = ensFixture("5.16");
    const loud = `# Community appreciation post\n\n${"We love the community and celebrate builders everywhere. ".repeat(30)}`;
    const { summary } = analyzeOffline({ ...f.proposal, description: loud }, ctx);
    expect(summary.tldr.startsWith("Executes: transfer 1,218,669.76 USDC to ENS Labs.")).toBe(true);
  });

  it("uses the ranked sentences for text-only proposals", () => {
    const { summary } = analyzeOffline(ensFixture("3.7").proposal, ctx);
    expect(summary.tldr).toMatch(/ENSIP-15/);
    expect(summary.tldr.startsWith("Executes")).toBe(false);
  });
});

describe("rankSentences", () => {
  it("favours the summary section and central sentences, not asides", () => {
    const text = [
      "# Title",
      "## Background",
      "A long time ago there were many discussions about the weather and lunch options.",
      "## Summary",
      "This proposal funds the public goods working group with USDC for builders.",
      "## Details",
      "The public goods working group will use the USDC to fund builders and hackathons.",
      "Lunch options were discussed again at length by several people over time.",
    ].join("\n\n");
    const ranked = rankSentences(prepareText(text).sentences, 50);
    expect(ranked[0]?.text).toBe(
      "This proposal funds the public goods working group with USDC for builders.",
    );
  });
});
