import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stem, textRank, tokenize, topIndices } from "../src/engines/offline/textrank.js";

const SENTENCES = [
  "The DAO will transfer 250,000 USDC to the Public Goods working group.",
  "The Public Goods working group funds builders and events.",
  "Weather in Lisbon was pleasant during the conference.",
  "Builders and events funded by the working group receive USDC from the DAO.",
  "A pelican was seen near the harbour.",
];

describe("tokenize and stem", () => {
  it("drops stopwords and numbers, lower-cases and stems", () => {
    expect(tokenize("The DAO transfers 250,000 USDC to the Working Groups")).toEqual([
      "dao",
      "transfer",
      "usdc",
      "work",
      "group",
    ]);
    expect(stem("transferred")).toBe("transferr");
    expect(stem("policies")).toBe("policy");
    expect(stem("eth")).toBe("eth");
  });
});

describe("TextRank", () => {
  it("returns a probability distribution", () => {
    const { scores } = textRank(SENTENCES);
    expect(scores).toHaveLength(SENTENCES.length);
    expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    for (const s of scores) expect(s).toBeGreaterThan(0);
  });

  it("ranks central sentences above unrelated ones", () => {
    const { scores } = textRank(SENTENCES);
    const order = topIndices(scores, SENTENCES.length);
    expect(order.slice(0, 3).sort()).toEqual([0, 1, 3]);
    expect(order.slice(3).sort()).toEqual([2, 4]);
  });

  it("is deterministic", () => {
    const a = textRank(SENTENCES);
    const b = textRank([...SENTENCES]);
    expect(b.scores).toEqual(a.scores);
    expect(b.iterations).toBe(a.iterations);
  });

  it("lets a prior favour a sentence", () => {
    const flat = textRank(SENTENCES).scores;
    const biased = textRank(SENTENCES, { prior: [0, 0, 10, 0, 0] }).scores;
    expect(biased[2]).toBeGreaterThan(flat[2] ?? 0);
    expect(topIndices(biased, 1)).toEqual([2]);
  });

  it("handles empty input, one sentence and sentences with no shared words", () => {
    expect(textRank([]).scores).toEqual([]);
    expect(textRank(["Only one."]).scores).toEqual([1]);
    const isolated = textRank(["alpha beta", "gamma delta", "epsilon zeta"]).scores;
    for (const s of isolated) expect(s).toBeCloseTo(1 / 3, 9);
  });

  it("breaks ties by position", () => {
    expect(topIndices([0.2, 0.4, 0.4, 0.1], 3)).toEqual([1, 2, 0]);
  });

  it("gives the same scores for the same input, for any input (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 80 }), { maxLength: 25 }), (sentences) => {
        const a = textRank(sentences).scores;
        const b = textRank(sentences).scores;
        expect(b).toEqual(a);
        if (sentences.length > 0) expect(a.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 6);
      }),
      { seed: 42, numRuns: process.env.CI ? 500 : 100 },
    );
  });
});
