/**
 * Evaluates the offline engine on the ENS DAO corpus and the executable fixtures, and writes
 * eval/delegate-report.json.
 *
 *   npm run eval:delegate -w @mandate/delegate      (or: node scripts/eval-delegate.ts)
 *
 * - ROUGE-L F1 of each tl;dr against the proposal's frontmatter `description:` (the human
 *   one-line summary; only proposals that have one). The engine reads the body only, never the
 *   frontmatter. Baseline: the first sentence of the same cleaned body, clipped to 280 chars.
 * - For the executable fixtures: the share whose actions all appear in the summary.
 * - tl;dr lengths, time per proposal and throughput on one core (summarize, plus `decide` from
 *   @mandate/mandate when that package exports one that runs with a default mandate).
 *
 * Options: --rounds N (timing passes over the corpus, default 5), --corpus DIR.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { register } from "node:module";
import { relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

// Run the TypeScript sources directly: ./x.js imports resolve to ./x.ts.
register("./ts-hooks.mjs", import.meta.url);

const { loadEnsCorpus, defaultEnsCorpusDir } = await import("../src/corpus/ens.js");
const { analyzeOffline, clip } = await import("../src/engines/offline/index.js");
const { prepareText } = await import("../src/engines/offline/text.js");
const { rougeL } = await import("../src/eval/rouge.js");
const { ensFixtures, mainnetContext } = await import("../test/fixtures/proposals.js");

type Analysis = ReturnType<typeof analyzeOffline>;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const rounds = Math.max(1, Number(arg("--rounds") ?? 5));
const corpusDir = arg("--corpus") ?? defaultEnsCorpusDir();

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
}
const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

// ---- decide, if @mandate/mandate has it -------------------------------------------------------
// Looked up at run time: the policy engine is built alongside this one. decide(facts, mandate)
// with the package's first example mandate.
type DecideFn = (facts: Analysis["facts"], mandate: unknown) => { vote?: string } | undefined;
let decide: ((facts: Analysis["facts"]) => { vote?: string } | undefined) | null = null;
let decideNote = "";
try {
  const mandateModule = (await import("@mandate/mandate")) as Record<string, unknown>;
  const fn = mandateModule.decide;
  const examples = mandateModule.EXAMPLE_MANDATES as
    | { key: string; mandate: unknown }[]
    | undefined;
  const example = examples?.[0];
  if (typeof fn !== "function") {
    decideNote = "@mandate/mandate exports no `decide` yet: throughput times summarize only.";
  } else if (!example) {
    decideNote =
      "@mandate/mandate exports `decide` but no example mandate to call it with: throughput times summarize only.";
  } else {
    const probe = analyzeOffline(
      {
        id: "0",
        governor: null,
        description: "probe",
        targets: [],
        values: [],
        calldatas: [],
        voteEnd: null,
      },
      mainnetContext,
    );
    (fn as DecideFn)(probe.facts, example.mandate);
    decide = (facts) => (fn as DecideFn)(facts, example.mandate);
    decideNote = `Throughput includes decide(facts, mandate) from @mandate/mandate with the "${example.key}" example mandate.`;
  }
} catch (error) {
  decideNote = `decide unavailable (${(error as Error).message.slice(0, 160)}): throughput times summarize only.`;
}

// ---- Corpus: ROUGE-L and timing ---------------------------------------------------------------
const corpus = loadEnsCorpus({ dir: corpusDir });
const inputs = corpus.map((p) => ({
  ep: p.ep,
  reference: p.description,
  input: {
    id: p.ep,
    governor: null,
    description: p.body,
    targets: [] as `0x${string}`[],
    values: [] as bigint[],
    calldatas: [] as `0x${string}`[],
    voteEnd: null,
  },
}));

const analyses = new Map<string, Analysis>();
const votes: Record<string, number> = {};
const times: number[] = [];
const started = performance.now();
for (let r = 0; r < rounds; r++) {
  for (const { ep, input } of inputs) {
    const t0 = performance.now();
    const analysis = analyzeOffline(input, mainnetContext);
    const decision = decide ? decide(analysis.facts) : undefined;
    times.push(performance.now() - t0);
    if (r === 0) {
      analyses.set(ep, analysis);
      if (decision?.vote) votes[decision.vote] = (votes[decision.vote] ?? 0) + 1;
    }
  }
}
const elapsedS = (performance.now() - started) / 1000;

interface Row {
  ep: string;
  engine: number;
  lead: number;
  tldr: string;
  leadText: string;
  reference: string;
}
const rows: Row[] = [];
for (const { ep, reference, input } of inputs) {
  if (!reference) continue;
  const analysis = analyses.get(ep);
  if (!analysis) continue;
  const first = prepareText(input.description).sentences[0]?.text ?? "";
  const leadText = clip(first, 280);
  rows.push({
    ep,
    engine: rougeL(analysis.summary.tldr, reference).f1,
    lead: rougeL(leadText, reference).f1,
    tldr: analysis.summary.tldr,
    leadText,
    reference,
  });
}
const tldrLengths = [...analyses.values()].map((a) => a.summary.tldr.length);

// ---- Executable fixtures: actions in the summary ----------------------------------------------
const executable = ensFixtures.filter((f) => f.proposal.targets.length > 0);
const fixtureRows = executable.map((f) => {
  const { summary, facts } = analyzeOffline(f.proposal, mainnetContext);
  const inActions =
    summary.actions.length === facts.actions.length &&
    facts.actions.every((a, i) => summary.actions[i] === a.description && !a.unknown);
  // Every action listed in the tl;dr (none folded into "+N more"), and every amount moved shown.
  const allListed = !/\+\d+ more/.test(summary.tldr);
  const amountsShown = facts.transfers
    .filter((t) => t.amount !== "0")
    .every((t) => summary.tldr.includes(t.symbol));
  const rouge = f.humanSummary ? rougeL(summary.tldr, f.humanSummary).f1 : null;
  const vote = decide ? (decide(facts)?.vote ?? null) : null;
  return {
    ep: f.ep,
    vote,
    actions: facts.actions.length,
    allInSummaryActions: inActions,
    allInTldr: allListed && amountsShown,
    mismatches: facts.mismatches.length,
    rougeL: rouge,
    tldr: summary.tldr,
  };
});

// ---- Report -----------------------------------------------------------------------------------
const engineMean = mean(rows.map((r) => r.engine));
const leadMean = mean(rows.map((r) => r.lead));
const report = {
  generatedBy: "scripts/eval-delegate.ts",
  engine: "offline/textrank-1",
  corpus: {
    // Relative to the repository root, so the committed report names no machine's paths.
    dir: relative(resolve(fileURLToPath(new URL("../../..", import.meta.url))), corpusDir),
    source:
      "ensdomains/docs src/pages/dao/proposals @ 239866c1544e5793793712c68e3ab12b00aef3e9 (CC0-1.0)",
    proposals: corpus.length,
    withHumanSummary: rows.length,
  },
  rougeL: {
    note: "F1 vs frontmatter `description:`; engine reads the body only. Lead = first sentence of the cleaned body, clipped to 280 chars.",
    engine: {
      mean: round(engineMean),
      median: round(
        quantile(
          rows.map((r) => r.engine),
          0.5,
        ),
      ),
    },
    leadBaseline: {
      mean: round(leadMean),
      median: round(
        quantile(
          rows.map((r) => r.lead),
          0.5,
        ),
      ),
    },
    engineBeatsLead: rows.filter((r) => r.engine > r.lead).length,
    leadBeatsEngine: rows.filter((r) => r.lead > r.engine).length,
    ties: rows.filter((r) => r.lead === r.engine).length,
  },
  executableFixtures: {
    count: fixtureRows.length,
    allActionsInSummaryActions: round(
      mean(fixtureRows.map((r) => (r.allInSummaryActions ? 1 : 0))),
    ),
    allActionsInTldr: round(mean(fixtureRows.map((r) => (r.allInTldr ? 1 : 0)))),
    withMismatches: fixtureRows.filter((r) => r.mismatches > 0).length,
    rougeLWithActions: round(
      mean(fixtureRows.filter((r) => r.rougeL !== null).map((r) => r.rougeL as number)),
    ),
    rows: fixtureRows,
  },
  tldrChars: {
    mean: round(mean(tldrLengths), 1),
    median: quantile(tldrLengths, 0.5),
    max: Math.max(...tldrLengths),
  },
  timing: {
    rounds,
    runs: times.length,
    includesDecide: decide !== null,
    note: decideNote,
    corpusVotes: decide ? votes : null,
    msPerProposal: {
      mean: round(mean(times)),
      p95: round(quantile(times, 0.95)),
      max: round(Math.max(...times)),
    },
    proposalsPerSecond: round(times.length / elapsedS, 1),
    node: process.version,
  },
  perProposal: rows.map((r) => ({
    ep: r.ep,
    rougeL: round(r.engine),
    leadRougeL: round(r.lead),
    tldr: r.tldr,
    lead: r.leadText,
    reference: r.reference,
  })),
};

const outDir = new URL("../eval/", import.meta.url);
mkdirSync(outDir, { recursive: true });
const outFile = new URL("delegate-report.json", outDir);
writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);

const table: [string, string][] = [
  ["proposals (corpus)", String(corpus.length)],
  ["with human summary", String(rows.length)],
  [
    "ROUGE-L F1, engine tl;dr (mean / median)",
    `${report.rougeL.engine.mean} / ${report.rougeL.engine.median}`,
  ],
  [
    "ROUGE-L F1, lead sentence (mean / median)",
    `${report.rougeL.leadBaseline.mean} / ${report.rougeL.leadBaseline.median}`,
  ],
  [
    "engine > lead / lead > engine / ties",
    `${report.rougeL.engineBeatsLead} / ${report.rougeL.leadBeatsEngine} / ${report.rougeL.ties}`,
  ],
  ["executable fixtures", String(fixtureRows.length)],
  [
    "  all actions in summary.actions",
    `${round(report.executableFixtures.allActionsInSummaryActions * 100, 1)}%`,
  ],
  [
    "  all actions and assets in tl;dr",
    `${round(report.executableFixtures.allActionsInTldr * 100, 1)}%`,
  ],
  ["  with mismatches (false alarms)", String(report.executableFixtures.withMismatches)],
  ["  ROUGE-L F1 with actions in tl;dr", String(report.executableFixtures.rougeLWithActions)],
  [
    "tl;dr chars (mean / median / max)",
    `${report.tldrChars.mean} / ${report.tldrChars.median} / ${report.tldrChars.max}`,
  ],
  [
    "ms per proposal (mean / p95)",
    `${report.timing.msPerProposal.mean} / ${report.timing.msPerProposal.p95}`,
  ],
  [
    `proposals/s (${decide ? "summarize + decide" : "summarize only"})`,
    String(report.timing.proposalsPerSecond),
  ],
];
const width = Math.max(...table.map(([k]) => k.length));
console.log(`Offline delegate eval (${rounds} timing round${rounds === 1 ? "" : "s"})`);
for (const [k, v] of table) console.log(`  ${k.padEnd(width)}  ${v}`);
console.log(`  ${decideNote}`);
console.log(`Report: ${outFile.pathname}`);
