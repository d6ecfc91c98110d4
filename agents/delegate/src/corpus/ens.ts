/// <reference types="node" />
/**
 * Loader for the ENS DAO proposal corpus (CC0-1.0): `ensdomains/docs`, folder
 * `src/pages/dao/proposals/`, commit 239866c1544e5793793712c68e3ab12b00aef3e9, vendored in the
 * repository at `data/proposals/ens` (provenance in data/README.md). Each file is MDX
 * with a YAML frontmatter (`description:` is a one-line human summary when present), a `# ` title
 * and a `**Status**` table row holding the outcome.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseFrontmatter, splitFrontmatter } from "./frontmatter.js";

export interface EnsProposal {
  /** File name in the corpus, e.g. "6.32.mdx". */
  file: string;
  /** Proposal number from the file name, e.g. "6.32". */
  ep: string;
  /** Title from the first `# ` heading (or frontmatter `title:`), markdown kept as written. */
  title: string;
  /** Outcome from the `**Status**` row, e.g. "Passed"; null when the row is absent. */
  status: string | null;
  /** Frontmatter `description:`, the human one-line summary; null when absent. */
  description: string | null;
  /** Frontmatter `proposal.type` ("executable", "social"), or null when absent. */
  type: string | null;
  authors: string[];
  /** The MDX after the frontmatter: what a proposer would put on-chain as the description. */
  body: string;
  /** Parsed frontmatter (a small YAML subset: scalars, lists, one level of nesting). */
  frontmatter: Record<string, unknown>;
}

export interface LoadEnsCorpusOptions {
  /** Directory holding the `.mdx` files. Default: `MANDATE_ENS_CORPUS`, else the shared data dir. */
  dir?: string;
  /**
   * Also load `.md`/`.mdx` files that are not numbered proposals (the corpus has one:
   * `submit.mdx`, the how-to-submit page). Default false: proposals only.
   */
  all?: boolean;
}

/** Proposal files are named by their number: "1.2.1.mdx", "6.8.md". */
const PROPOSAL_FILE = /^\d+(\.\d+)*\.mdx?$/;

/** Parses one corpus file. */
export function parseEnsProposal(file: string, text: string): EnsProposal {
  const { yaml, body } = splitFrontmatter(text);
  const frontmatter = parseFrontmatter(yaml);
  const heading = /^#\s+(.+?)\s*$/m.exec(body);
  const fmTitle = typeof frontmatter.title === "string" ? frontmatter.title : null;
  const statusRow = /^\|\s*\*\*Status\*\*\s*\|\s*(.*?)\s*\|\s*$/m.exec(body);
  const proposal = frontmatter.proposal;
  const type =
    proposal && typeof proposal === "object" && !Array.isArray(proposal)
      ? ((proposal as Record<string, unknown>).type as string | undefined)
      : undefined;
  const authors = frontmatter.authors;
  return {
    file,
    ep: file.replace(/\.mdx?$/, ""),
    title: fmTitle ?? heading?.[1] ?? file,
    status: statusRow?.[1] ? statusRow[1] : null,
    description: typeof frontmatter.description === "string" ? frontmatter.description : null,
    type: typeof type === "string" && type !== "" ? type : null,
    authors: Array.isArray(authors) ? authors.map(String) : [],
    body,
    frontmatter,
  };
}

/** The repository root: the nearest ancestor whose package.json declares workspaces. */
function findRepoRoot(start: string): string | null {
  let dir = start;
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        const json = JSON.parse(readFileSync(pkg, "utf8")) as { workspaces?: unknown };
        if (json.workspaces) return dir;
      } catch {
        // not a readable package.json: keep walking up
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** Where the corpus is read from: `MANDATE_ENS_CORPUS`, else the copy vendored at `<repo>/data/proposals/ens`. */
export function defaultEnsCorpusDir(): string {
  const fromEnv = process.env.MANDATE_ENS_CORPUS;
  if (fromEnv) return resolve(fromEnv);
  const here = dirname(fileURLToPath(import.meta.url));
  const root = findRepoRoot(here) ?? resolve(here, "../../../..");
  return resolve(root, "data/proposals/ens");
}

/** Reads and parses every proposal file in the corpus directory, in proposal-number order. */
export function loadEnsCorpus(options: LoadEnsCorpusOptions = {}): EnsProposal[] {
  const dir = options.dir ?? defaultEnsCorpusDir();
  const files = readdirSync(dir).filter((f) =>
    options.all ? /\.mdx?$/.test(f) : PROPOSAL_FILE.test(f),
  );
  files.sort(compareEp);
  return files.map((f) => parseEnsProposal(f, readFileSync(join(dir, f), "utf8")));
}

/** Orders "1.2.1.mdx" < "1.10.mdx" numerically, part by part. */
export function compareEp(a: string, b: string): number {
  const pa = a
    .replace(/\.mdx?$/, "")
    .split(".")
    .map((x) => (/^\d+$/.test(x) ? Number(x) : 1e9));
  const pb = b
    .replace(/\.mdx?$/, "")
    .split(".")
    .map((x) => (/^\d+$/.test(x) ? Number(x) : 1e9));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? -1) - (pb[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
