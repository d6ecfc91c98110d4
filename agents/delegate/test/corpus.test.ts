import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  compareEp,
  defaultEnsCorpusDir,
  loadEnsCorpus,
  parseEnsProposal,
} from "../src/corpus/ens.js";
import { parseFrontmatter, splitFrontmatter } from "../src/corpus/frontmatter.js";

const dir = defaultEnsCorpusDir();

describe("frontmatter", () => {
  it("parses scalars, inline lists over several lines with comments, block lists and maps", () => {
    const yaml = [
      "description: 'It''s a test: with a colon'",
      "authors: [",
      "    # Trent Van Epps",
      "    'tvanepps',",
      "    'timbeiko',",
      "  ]",
      "proposal:",
      "  discourse: '12877'",
      "  type: 'executable'",
      "reviewers:",
      "  - nick.eth",
      "  - avsa.eth",
      "others:",
      "  ['5pence.eth', 'avsa.eth']",
    ].join("\n");
    expect(parseFrontmatter(yaml)).toEqual({
      description: "It's a test: with a colon",
      authors: ["tvanepps", "timbeiko"],
      proposal: { discourse: "12877", type: "executable" },
      reviewers: ["nick.eth", "avsa.eth"],
      others: ["5pence.eth", "avsa.eth"],
    });
  });

  it("splits the frontmatter from the body, and leaves text without one alone", () => {
    expect(splitFrontmatter("---\na: 1\n---\n# Title\n")).toEqual({
      yaml: "a: 1",
      body: "# Title\n",
    });
    expect(splitFrontmatter("# Title")).toEqual({ yaml: "", body: "# Title" });
  });
});

describe("parseEnsProposal", () => {
  it("reads title, status, description, type and authors", () => {
    const p = parseEnsProposal(
      "6.32.mdx",
      [
        "---",
        "description: 'Move USDC'",
        "authors: ['coltron.eth']",
        "proposal:",
        "  type: 'executable'",
        "---",
        "",
        "# [EP 6.32] [Executable] Transfer $2.5M USDC",
        "",
        "| **Status**            | Passed                 |",
        "| --------------------- | ---------------------- |",
        "",
        "Body.",
      ].join("\n"),
    );
    expect(p).toMatchObject({
      ep: "6.32",
      title: "[EP 6.32] [Executable] Transfer $2.5M USDC",
      status: "Passed",
      description: "Move USDC",
      type: "executable",
      authors: ["coltron.eth"],
    });
    expect(p.body.startsWith("\n# [EP 6.32]")).toBe(true);
  });

  it("orders proposal numbers part by part", () => {
    expect(["6.10.mdx", "6.9.mdx", "1.2.1.mdx", "1.10.mdx", "1.2.mdx"].sort(compareEp)).toEqual([
      "1.2.mdx",
      "1.2.1.mdx",
      "1.10.mdx",
      "6.9.mdx",
      "6.10.mdx",
    ]);
  });
});

describe(`ENS corpus at ${dir} (vendored in data/proposals/ens)`, () => {
  it("parses all 131 MDX files, of which 130 are numbered proposals", () => {
    const files = readdirSync(dir).filter((f) => /\.mdx?$/.test(f));
    expect(files).toHaveLength(131);
    const all = loadEnsCorpus({ dir, all: true });
    expect(all).toHaveLength(131);
    for (const p of all) expect(p.title.length).toBeGreaterThan(0);
    const proposals = loadEnsCorpus({ dir });
    expect(proposals).toHaveLength(130);
    expect(all.filter((p) => !proposals.some((q) => q.file === p.file)).map((p) => p.file)).toEqual(
      ["submit.mdx"],
    );
  });

  it("finds a title, a status and a body in every proposal, and 86 human summaries", () => {
    const proposals = loadEnsCorpus({ dir });
    for (const p of proposals) {
      expect(p.title, p.file).toMatch(/\S/);
      expect(p.status, p.file).not.toBeNull();
      expect(p.body.length, p.file).toBeGreaterThan(500);
      expect(p.body.startsWith("---"), p.file).toBe(false);
    }
    expect(proposals.filter((p) => p.description !== null)).toHaveLength(86);
    expect(proposals.filter((p) => p.type === "executable").length).toBeGreaterThan(50);
    expect(proposals.find((p) => p.ep === "1.9")?.authors).toEqual(["tvanepps", "timbeiko"]);
    expect(proposals.find((p) => p.ep === "5.3")?.status).toBe("Approved $300k settlement");
    expect(proposals.map((p) => p.ep).slice(0, 3)).toEqual(["0.1", "0.2", "0.3"]);
  });
});
