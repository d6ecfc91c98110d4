/**
 * The offline engine: no network, no weights, deterministic. It decodes the actions with known
 * ABIs (the authoritative part), prepares the text (invisible characters removed and flagged,
 * NFKC, look-alikes folded, markdown stripped), quarantines sentences addressed to a model,
 * ranks the remaining sentences with TextRank, and extracts facts by rules: topics from actions
 * first, prose-versus-action mismatches, risk from what the actions can do, and a confidence that
 * drops with every reason to doubt the reading.
 */
import { type Facts, type Mismatch, type RiskLevel, riskSchema } from "@mandate/mandate";
import { labelOf, maxRisk, who } from "../../decode/describe.js";
import { formatUnitsGrouped, formatUsd } from "../../decode/format.js";
import { type DecodedProposal, decodeProposal } from "../../decode/index.js";
import {
  type Analysis,
  analysisSchema,
  type DecodeContext,
  type Engine,
  type ProposalInput,
  type Summary,
} from "../../types.js";
import { excerpt, isInjection } from "./injection.js";
import { findMismatches } from "./mismatch.js";
import { MAX_INPUT_CHARS, type PreparedText, prepareText, type Sentence } from "./text.js";
import { textRank, topIndices } from "./textrank.js";
import { classifyTopics } from "./topics.js";

export const OFFLINE_ENGINE_ID = "offline/textrank-1";
export const OFFLINE_ENGINE_LABEL = "offline (TextRank + rules)";

export interface OfflineEngineOptions {
  /** Characters of description read; the rest is ignored and flagged. Default 262,144. */
  maxInputChars?: number;
  /** Sentences ranked (the first ones, in document order). Default 250. */
  maxRankedSentences?: number;
}

const TLDR_MAX = 280;
const SUMMARY_SECTION = /summary|abstract|tl;?dr|overview|introduction|synopsis/i;

/** Cuts `text` to `max` characters at a word boundary, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

/** The first part of a label: "Meta-Governance WG Safe (main.mg.wg.ens.eth)" → "Meta-Governance WG Safe". */
function shortLabel(label: string): string {
  const cut = label.indexOf(" (");
  return cut > 0 ? label.slice(0, cut) : label;
}

/**
 * An action description shortened for the tl;dr: labelled addresses by their short label, no
 * USD asides, lower-case first word.
 */
export function compactAction(
  description: string,
  ctx: DecodeContext,
  addresses: readonly string[],
): string {
  let s = description.replace(/ \(≈ [^)]*\)/g, "");
  for (const a of addresses) {
    const full = who(ctx, a);
    if (full.includes(" (")) s = s.split(full).join(shortLabel(labelOf(ctx, a) ?? full));
  }
  return /^[A-Z][a-z]/.test(s) ? `${s.charAt(0).toLowerCase()}${s.slice(1)}` : s;
}

/** Sentences worth ranking: prose of a readable length, not tables of numbers. */
function isCandidate(s: Sentence): boolean {
  const words = s.text.split(/\s+/).length;
  if (words < 5 || words > 80) return false;
  const letters = (s.text.match(/\p{L}/gu) ?? []).length;
  return letters / s.text.length > 0.5;
}

/** Ranks candidate sentences; returns them best first. */
export function rankSentences(sentences: readonly Sentence[], limit: number): Sentence[] {
  const candidates = sentences.filter(isCandidate).slice(0, limit);
  if (candidates.length === 0) return [];
  const prior = candidates.map(
    (s, i) => (1 / (1 + i / 8)) * (SUMMARY_SECTION.test(s.section) ? 2 : 1),
  );
  const { scores } = textRank(
    candidates.map((s) => s.text),
    { prior },
  );
  return topIndices(scores, candidates.length)
    .map((i) => candidates[i])
    .filter((s): s is Sentence => s !== undefined);
}

function buildTldr(
  decoded: DecodedProposal,
  ctx: DecodeContext,
  ranked: readonly Sentence[],
  id: string,
): string {
  const lead = ranked[0]?.text;
  if (decoded.actions.length === 0) {
    if (!lead) return `Proposal ${id}: no readable description and no on-chain actions.`;
    let tldr = clip(lead, TLDR_MAX);
    const second = ranked[1]?.text;
    if (second && tldr.length + second.length + 1 <= TLDR_MAX && tldr.length < 120) {
      // Keep document order for the two sentences.
      const [a, b] =
        (ranked[0]?.index ?? 0) <= (ranked[1]?.index ?? 0) ? [lead, second] : [second, lead];
      tldr = `${a} ${b}`;
    }
    return tldr;
  }
  const n = decoded.actions.length;
  const head = n === 1 ? "Executes: " : `Executes ${n} actions: `;
  const phrases = decoded.actions.map((a) => compactAction(a.description, ctx, decoded.addresses));
  let body = "";
  let shown = 0;
  for (const phrase of phrases) {
    const rest = n - shown - 1;
    const tail = rest > 0 ? `; +${rest} more` : "";
    const next = body ? `${body}; ${phrase}` : phrase;
    if (head.length + next.length + tail.length + 1 > TLDR_MAX) break;
    body = next;
    shown++;
  }
  if (shown === 0) body = clip(phrases[0] ?? "", TLDR_MAX - head.length - 16);
  if (shown === 0) shown = 1;
  const more = n - shown;
  let tldr = `${head}${body}${more > 0 ? `; +${more} more` : ""}.`;
  const room = TLDR_MAX - tldr.length - 1;
  if (lead && room >= 50) tldr = `${tldr} ${clip(lead, room)}`;
  return clip(tldr, TLDR_MAX);
}

function whatChanges(decoded: DecodedProposal, ctx: DecodeContext): string[] {
  if (decoded.actions.length === 0) {
    return [
      "Nothing on-chain: the proposal has no actions, so passing it only records a decision.",
    ];
  }
  const lines: string[] = [];
  const groups = new Map<
    string,
    {
      amount: bigint;
      decimals: number;
      symbol: string;
      kind: string;
      usd: number | null;
      to: Set<string>;
    }
  >();
  for (const t of decoded.transfers) {
    if (t.amount === "0") continue;
    const key = `${t.kind}:${t.asset}`;
    const g = groups.get(key) ?? {
      amount: 0n,
      decimals: t.decimals,
      symbol: t.symbol,
      kind: t.kind,
      usd: 0,
      to: new Set<string>(),
    };
    g.amount += BigInt(t.amount);
    g.usd = g.usd === null || t.usd === null ? null : g.usd + t.usd;
    g.to.add(t.to);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    const amount = `${formatUnitsGrouped(g.amount, g.decimals)} ${g.symbol}`;
    const usd = g.usd === null ? "" : ` (≈ ${formatUsd(g.usd)})`;
    const first = [...g.to][0] ?? "";
    const to = g.to.size === 1 ? who(ctx, first) : `${g.to.size} recipients`;
    const verb =
      g.kind === "approve"
        ? `may be spent by ${to} (allowance)`
        : g.kind === "stream"
          ? `per year is streamed to ${to}`
          : `goes to ${to}`;
    lines.push(`${amount}${usd} ${verb}.`);
  }
  for (const a of decoded.actions) {
    if (
      a.category === "transfer" &&
      !a.unknown &&
      !/^Via Safe|through timelock/.test(a.description)
    )
      continue;
    if (a.category === "approval") continue;
    lines.push(`${a.description}.`);
  }
  return lines.slice(0, 20);
}

function affectedParties(decoded: DecodedProposal, ctx: DecodeContext): string[] {
  const parties: string[] = [];
  const add = (s: string) => {
    if (!parties.includes(s) && parties.length < 20) parties.push(s);
  };
  for (const t of decoded.transfers) {
    if (t.amount === "0") continue;
    const role = t.kind === "approve" ? "spender" : "recipient";
    add(`${who(ctx, t.to)} (${role})`);
  }
  for (const target of decoded.targets) add(`${who(ctx, target)} (called)`);
  return parties;
}

interface TextSignals {
  flags: string[];
  injections: string[];
}

/** Flags about the text itself: hidden characters, look-alikes, injections, truncation. */
function textSignals(prepared: PreparedText, injections: string[], maxChars: number): TextSignals {
  const flags: string[] = [];
  const h = prepared.hidden;
  const hiddenTotal = h.zeroWidth + h.bidi + h.tags + h.other;
  if (hiddenTotal > 0) {
    const parts = [
      h.zeroWidth ? `${h.zeroWidth} zero-width` : "",
      h.bidi ? `${h.bidi} bidirectional-control` : "",
      h.tags ? `${h.tags} tag` : "",
      h.other ? `${h.other} other invisible or control` : "",
    ].filter(Boolean);
    flags.push(`Hidden characters removed from the text: ${parts.join(", ")}.`);
  }
  if (h.taggedText.trim()) {
    flags.push(`Text hidden in invisible tag characters: "${excerpt(h.taggedText, 100)}".`);
  }
  if (prepared.lookalikes.length > 0) {
    const sample = [...new Set(prepared.lookalikes)].slice(0, 5).join(", ");
    flags.push(
      `Look-alike letters from other scripts mixed into words (read as Latin): ${sample}.`,
    );
  }
  if (prepared.foreignDigits > 0) {
    flags.push(`${prepared.foreignDigits} digits from other scripts in the text.`);
  }
  if (prepared.comments.some((c) => c.length > 0)) {
    flags.push(
      `The text has ${prepared.comments.length} HTML comment(s), invisible when rendered.`,
    );
  }
  for (const i of injections) {
    flags.push(`Text addressed to an AI or the delegate was ignored: "${i}".`);
  }
  if (prepared.truncated) {
    flags.push(
      `Only the first ${maxChars.toLocaleString("en-US")} characters of ${prepared.originalLength.toLocaleString("en-US")} were read.`,
    );
  }
  return { flags, injections };
}

function confidenceOf(input: {
  executable: boolean;
  mismatches: number;
  unknownCalldata: boolean;
  hidden: boolean;
  lookalikes: boolean;
  injections: number;
  emptyText: boolean;
  truncated: boolean;
  warnings: number;
}): number {
  let c = input.executable ? 0.85 : 0.7;
  c -= Math.min(0.45, 0.15 * input.mismatches);
  if (input.unknownCalldata) c -= 0.2;
  if (input.hidden) c -= 0.15;
  if (input.lookalikes) c -= 0.15;
  if (input.injections > 0) c -= 0.1;
  if (input.emptyText) c -= 0.3;
  if (input.truncated) c -= 0.05;
  if (input.warnings > 0) c -= 0.05;
  return Math.round(Math.min(0.95, Math.max(0.05, c)) * 100) / 100;
}

/** Analyses one proposal synchronously (the engine's `analyze` wraps this). Never throws. */
export function analyzeOffline(
  proposal: ProposalInput,
  ctx: DecodeContext,
  options: OfflineEngineOptions = {},
): Analysis {
  const decoded = decodeProposal(proposal, ctx);
  const maxChars = options.maxInputChars ?? MAX_INPUT_CHARS;
  const prepared = prepareText(proposal.description, maxChars);
  const executable = decoded.actions.length > 0;

  // Quarantine text addressed to a model: it is flagged and read by nothing else.
  const injections: string[] = [];
  const clean = prepared.sentences.filter((s) => {
    if (!isInjection(s.text)) return true;
    injections.push(excerpt(s.text));
    return false;
  });
  const cleanCode = prepared.codeAndTables.filter((line) => {
    if (!isInjection(line)) return true;
    injections.push(excerpt(line));
    return false;
  });
  for (const c of prepared.comments) if (isInjection(c)) injections.push(excerpt(c));
  if (prepared.hidden.taggedText && isInjection(prepared.hidden.taggedText))
    injections.push(excerpt(prepared.hidden.taggedText));
  const rawTitle = prepared.title ?? "";
  const titleIsInjection = rawTitle !== "" && isInjection(rawTitle);
  if (titleIsInjection) injections.push(excerpt(rawTitle));
  const factTitle = titleIsInjection ? "" : rawTitle;

  const body = clean.map((s) => s.text).join("\n");
  const searchable = [factTitle, body, ...cleanCode, ...prepared.urls].join("\n").toLowerCase();

  const topics = classifyTopics(decoded, factTitle, body);
  const mismatches: Mismatch[] = findMismatches({
    decoded,
    ctx,
    title: factTitle,
    sentences: clean,
    codeAndTables: cleanCode,
    searchable,
  });

  let risk: RiskLevel = executable ? decoded.risk : "low";
  if (executable && mismatches.length > 0) risk = maxRisk(risk, "high");

  const signals = textSignals(prepared, injections, maxChars);
  const hiddenCount =
    prepared.hidden.zeroWidth + prepared.hidden.bidi + prepared.hidden.tags + prepared.hidden.other;
  const confidence = confidenceOf({
    executable,
    mismatches: mismatches.length,
    unknownCalldata: decoded.unknownCalldata,
    hidden: hiddenCount > 0,
    lookalikes: prepared.lookalikes.length > 0,
    injections: injections.length,
    emptyText: clean.length === 0 && factTitle === "",
    truncated: prepared.truncated,
    warnings: decoded.warnings.length,
  });

  const facts: Facts = {
    topics,
    executable,
    actions: decoded.actions,
    transfers: decoded.transfers,
    totalUsd: decoded.totalUsd,
    targets: decoded.targets,
    addresses: decoded.addresses,
    risk: riskSchema.parse(risk),
    unknownCalldata: decoded.unknownCalldata,
    mismatches,
    confidence,
  };

  const ranked = rankSentences(clean, options.maxRankedSentences ?? 250);
  const title = clip(
    factTitle ||
      ranked[0]?.text ||
      `Proposal ${String(proposal.id ?? "").slice(0, 80) || "(no id)"}`,
    200,
  );

  const risks: string[] = [];
  for (const reason of decoded.riskReasons) {
    const line = reason.charAt(0).toUpperCase() + reason.slice(1);
    if (!risks.includes(line)) risks.push(line);
  }
  if (executable && decoded.totalUsd !== null && decoded.totalUsd > 0) {
    risks.push(`Total value moved ≈ ${formatUsd(decoded.totalUsd)} (at the configured prices).`);
  } else if (executable && decoded.totalUsd === null) {
    risks.push("Some value moved has no known price, so the total is unknown.");
  }
  if (mismatches.length > 0) {
    risks.push(`${mismatches.length} disagreement(s) between the text and the actions.`);
  }
  if (decoded.unknownCalldata)
    risks.push("Some calldata could not be decoded: what it does is unknown.");

  const flags = [
    ...mismatches.map((m) => m.detail),
    ...decoded.actions.filter((a) => a.unknown).map((a) => `Undecoded calldata: ${a.description}.`),
    ...decoded.warnings,
    ...signals.flags,
  ];
  if (clean.length === 0 && factTitle === "") flags.push("The description is empty or unreadable.");

  const summary: Summary = {
    title,
    tldr: buildTldr(decoded, ctx, ranked, String(proposal.id ?? "")),
    whatChanges: whatChanges(decoded, ctx),
    actions: decoded.actions.map((a) => a.description),
    risks: risks.slice(0, 20),
    affectedParties: affectedParties(decoded, ctx),
    flags,
    confidence,
    engine: OFFLINE_ENGINE_ID,
  };
  return analysisSchema.parse({ summary, facts }) as Analysis;
}

/** The embedded engine: TextRank summaries and rule-based facts, no network, no weights. */
export function createOfflineEngine(options: OfflineEngineOptions = {}): Engine {
  return {
    id: "offline",
    label: OFFLINE_ENGINE_LABEL,
    async analyze(proposal: ProposalInput, ctx: DecodeContext): Promise<Analysis> {
      return analyzeOffline(proposal, ctx, options);
    },
  };
}
