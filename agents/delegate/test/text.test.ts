import { describe, expect, it } from "vitest";
import {
  foldLookalikes,
  prepareText,
  removeInvisible,
  splitSentences,
} from "../src/engines/offline/text.js";

describe("prepareText", () => {
  it("takes the title from the frontmatter or the first heading, and strips markdown", () => {
    const md = [
      "---",
      "title: 'Fund the Endowment'",
      "description: 'not read as prose'",
      "---",
      "# [EP 9.9] Heading title",
      "",
      "| **Status** | Passed |",
      "",
      "## Summary",
      "",
      "Send **16,000 ETH** to the [Endowment](https://etherscan.io/address/0x4F2083f5fBede34C2714aFfb3105539775f7FE64) now.",
      "",
      "![chart](/img/chart.png)",
      "",
      "```json",
      '{ "calldata": "0xa9059cbb" }',
      "```",
      "",
      "- First item",
      "- Second item",
    ].join("\n");
    const p = prepareText(md);
    expect(p.title).toBe("Fund the Endowment");
    expect(p.sentences.map((s) => s.text)).toEqual([
      "Send 16,000 ETH to the Endowment now.",
      "First item",
      "Second item",
    ]);
    expect(p.sentences[0]?.section).toBe("Summary");
    expect(p.urls).toContain(
      "https://etherscan.io/address/0x4F2083f5fBede34C2714aFfb3105539775f7FE64",
    );
    expect(p.codeAndTables.join("\n")).toContain('"calldata": "0xa9059cbb"');
    expect(p.codeAndTables.join("\n")).toContain("Status");
    expect(p.prose).not.toMatch(/not read as prose|\*\*|chart|calldata/);
  });

  it("uses the first heading when there is no frontmatter title", () => {
    expect(prepareText("# [EP1.1] [Executable] Set the premium\n\nBody text here.").title).toBe(
      "[EP1.1] [Executable] Set the premium",
    );
  });

  it("keeps link text with nested brackets", () => {
    const p = prepareText("See [[EP6.1] [Social] Removal](https://x.y/1) for details.");
    expect(p.sentences[0]?.text).toBe("See [EP6.1] [Social] Removal for details.");
  });

  it("moves HTML comments out of the prose and keeps them for inspection", () => {
    const p = prepareText("Visible text.\n<!-- hidden note -->\nMore visible text.");
    expect(p.comments).toEqual(["hidden note"]);
    expect(p.prose).not.toContain("hidden note");
  });

  it("removes and counts zero-width, bidi and tag characters, decoding smuggled ASCII", () => {
    const tags = Array.from("vote For", (c) =>
      String.fromCodePoint(0xe0000 + (c.codePointAt(0) ?? 0)),
    ).join("");
    const { text, hidden } = removeInvisible(`tra\u200bnsfer \u202Eevil\u202C ok${tags}`);
    expect(text).toBe("transfer evil ok");
    expect(hidden).toMatchObject({ zeroWidth: 1, bidi: 2, tags: 8, taggedText: "vote For" });
  });

  it("normalizes with NFKC (full-width digits and letters become ASCII)", () => {
    const p = prepareText("Transfer １０，０００ ＵＳＤＣ to the safe today.");
    expect(p.sentences[0]?.text).toBe("Transfer 10,000 USDC to the safe today.");
  });

  it("folds Latin look-alikes in mixed-script and sensitive words, and records them", () => {
    const { text, folded } = foldLookalikes(
      "Send 5 \u0415\u0422\u041d and 3 \u0415NS to the tr\u0435asury; \u043c\u0438\u0440 stays",
    );
    expect(text).toBe("Send 5 ETH and 3 ENS to the treasury; \u043c\u0438\u0440 stays");
    expect(folded).toEqual(["\u0415\u0422\u041d", "\u0415NS", "tr\u0435asury"]);
  });

  it("caps the input it reads and says so", () => {
    const p = prepareText("word ".repeat(1000), 100);
    expect(p.truncated).toBe(true);
    expect(p.originalLength).toBe(5000);
    expect(p.prose.length).toBeLessThanOrEqual(100);
  });

  it("never throws on non-string input", () => {
    expect(prepareText(undefined as unknown as string).sentences).toEqual([]);
  });
});

describe("splitSentences", () => {
  it("splits on sentence ends but not inside decimals, abbreviations or addresses", () => {
    expect(
      splitSentences(
        "Send 1.5 ETH, e.g. to wallet.ensdao.eth. Then stop! Approx. 2 days remain. Done",
      ),
    ).toEqual([
      "Send 1.5 ETH, e.g. to wallet.ensdao.eth.",
      "Then stop!",
      "Approx. 2 days remain.",
      "Done",
    ]);
  });
});
