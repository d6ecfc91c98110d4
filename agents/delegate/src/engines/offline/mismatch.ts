/**
 * Prose-versus-action checks. The decoded actions are the truth; the prose is a claim about them.
 * A mismatch is recorded, quoting both sides, when:
 *  - amount:    a transfer's amount matches no amount the text states (same asset class), or the
 *               text claims to move an amount that no transfer (or sum of transfers) moves;
 *  - asset:     the text claims to move an asset that no action moves;
 *  - recipient: a transfer goes to an address the text never mentions, the text names an address
 *               that resembles a recipient but differs, or claims to pay an address nothing pays;
 *  - title:     the title calls the proposal social / harmless / minor over risky actions;
 *  - action:    the text says "no funds" / "no upgrade" over actions that do exactly that, or an
 *               upgrade or permission change goes unmentioned.
 */
import type { Mismatch, TransferFact } from "@mandate/mandate";
import { riskAtLeast } from "../../decode/describe.js";
import { formatUnitsGrouped, shortAddress } from "../../decode/format.js";
import type { DecodedProposal } from "../../decode/index.js";
import type { DecodeContext } from "../../types.js";
import {
  assetClass,
  extractAmounts,
  extractBareNumbers,
  matchesAmount,
  type ProseAmount,
  perYear,
} from "./amounts.js";
import { excerpt } from "./injection.js";
import type { Sentence } from "./text.js";

export interface MismatchInput {
  decoded: DecodedProposal;
  ctx: DecodeContext;
  title: string;
  /** Prose sentences, injection already removed. */
  sentences: readonly Sentence[];
  /** Table rows and code lines, injection already removed. */
  codeAndTables: readonly string[];
  /** Everything a reader can see (prose, tables, code, link targets), lower-cased. */
  searchable: string;
}

const UNLIMITED = 2n ** 255n;
const TRANSFER_VERB =
  /\b(transfer\w*|send\w*|sent|pay|pays|paid|paying|payment|fund|funds|funded|funding|reimburs\w*|grants?|granted|granting|stream\w*|approv\w*|allocat\w*|distribut\w*|mov(e|es|ed|ing)|wrap\w*|compensat\w*|disburs\w*)\b/i;
const CLAIM_SECTION =
  /spec|transaction|calldata|execut|payload|implementation|action|transfer|tl;?dr/i;
const STALE_BEFORE =
  /\b(existing|current(ly)?|previous(ly)?|already|old|prior|last (term|year|season)|in addition to|so far|to date|historical(ly)?|was|were)\b[^.;]{0,40}$/i;

function fmtTransfer(t: TransferFact): string {
  const amount = formatUnitsGrouped(BigInt(t.amount), t.decimals);
  return t.kind === "stream" ? `${amount} ${t.symbol}/year (stream)` : `${amount} ${t.symbol}`;
}

function verbOf(t: TransferFact): string {
  if (t.kind === "approve") return "approves";
  if (t.kind === "stream") return "streams";
  return "sends";
}

function quoteList(amounts: readonly ProseAmount[], max = 3): string {
  const unique = [...new Set(amounts.map((a) => `"${a.text}"`))];
  return unique.slice(0, max).join(", ") + (unique.length > max ? ", …" : "");
}

/** Whether a transfer is stated somewhere in the text (any amount with a unit, or raw units). */
function transferStated(
  t: TransferFact,
  amounts: readonly ProseAmount[],
  rawIntegers: ReadonlySet<string>,
  bareNumbers: readonly { value: number; tolerance: number }[],
): boolean {
  if (rawIntegers.has(t.amount)) return true;
  const cls = assetClass(t.symbol);
  for (const a of amounts) {
    if (a.assetClass !== cls) continue;
    if (t.kind === "stream") {
      if (a.rate && matchesAmount(t.amountTokens, perYear(a))) return true;
      if (!a.rate && matchesAmount(t.amountTokens, a)) return true;
    } else if (!a.rate && matchesAmount(t.amountTokens, a)) {
      return true;
    }
  }
  return bareNumbers.some((n) => matchesAmount(t.amountTokens, n));
}

/** Per-class candidate values a prose amount may legitimately refer to. */
function candidateValues(transfers: readonly TransferFact[], cls: string, rate: boolean): number[] {
  const own = transfers.filter((t) => assetClass(t.symbol) === cls && t.amount !== "0");
  const pick = own.filter((t) => (rate ? t.kind === "stream" : true));
  const values = pick.map((t) => t.amountTokens);
  const sum = (list: TransferFact[]) => list.reduce((s, t) => s + t.amountTokens, 0);
  values.push(sum(pick));
  for (const kind of ["transfer", "native", "approve", "stream"] as const) {
    values.push(sum(pick.filter((t) => t.kind === kind)));
  }
  const byRecipient = new Map<string, TransferFact[]>();
  for (const t of pick) byRecipient.set(t.to, [...(byRecipient.get(t.to) ?? []), t]);
  for (const list of byRecipient.values()) values.push(sum(list));
  return values.filter((v) => v > 0);
}

/** Address fragments written as "0xF29…f1a9" / "0xF29...f1a9". */
function abbreviatedAddresses(text: string): { prefix: string; suffix: string }[] {
  const out: { prefix: string; suffix: string }[] = [];
  for (const m of text.matchAll(
    /0x([0-9a-f]{3,10})\s?(?:…|\.{2,3}|-{1,3})\s?([0-9a-f]{3,10})(?![0-9a-f])/gi,
  )) {
    out.push({ prefix: (m[1] ?? "").toLowerCase(), suffix: (m[2] ?? "").toLowerCase() });
  }
  return out;
}

function labelParts(label: string): string[] {
  return label
    .split(/[(),/;]|\s[-–]\s/)
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s.length >= 4);
}

export function addressMentioned(
  address: string,
  ctx: DecodeContext,
  searchable: string,
  abbreviations: readonly { prefix: string; suffix: string }[],
): boolean {
  const a = address.toLowerCase();
  if (searchable.includes(a)) return true;
  // Addresses inside calldata: the 20 bytes padded into a 32-byte word.
  if (searchable.includes(a.slice(2))) return true;
  const hexBody = a.slice(2);
  if (abbreviations.some((x) => hexBody.startsWith(x.prefix) && hexBody.endsWith(x.suffix)))
    return true;
  const label = ctx.contracts[a]?.label ?? ctx.tokens[a]?.symbol;
  return label !== undefined && labelParts(label).some((part) => searchable.includes(part));
}

const TITLE_HARMLESS =
  /\b(social|harmless|no[- ]?op|cosmetic|typo|housekeeping|minor|trivial|text[- ]only|signal(l?ing)?|non[- ]?executable|temp(erature)? check|no funds|no on-?chain|routine|metadata[- ]only|clean-?up)\b/i;
const TITLE_NOT_EXECUTABLE =
  /\b(social|signal(l?ing)?|non[- ]?executable|temp(erature)? check|no on-?chain)\b/i;
const NO_FUNDS =
  /\b(does not|doesn't|do not|don't|will not|won't|shall not|never)\s+(move|transfer|spend|send|pay|involve|use|request|touch|withdraw)\w*\s+(any\s+)?(of the\s+)?(treasury\s+|dao\s+)?(funds?|tokens?|money|assets?|usdc|eth|ens)\b|\bno\s+(treasury\s+)?(funds?|tokens?|money|payments?|transfers?)\s+(are|is|will be|would be|get)?\s*(moved|transferred|sent|spent|paid|requested|involved|needed|required)\b|\b(no|zero)\s+(treasury\s+)?(funds|transfers|payments|cost)\b(?!\s+(are|is|will|would|that|to|of))/i;
const NO_CODE =
  /\b(no|without|does(?: not|n't)|will not|won't)\b[^.;]{0,30}\b(upgrades?|code changes?|contract changes?|permission changes?|role changes?|new permissions?|ownership changes?)\b/i;
const HARMLESS_BODY =
  /\b(purely|only|just|merely|simply)\s+(a\s+)?(social|signal(l?ing)?|cosmetic|text|metadata|documentation|housekeeping)\b|\bharmless\b|\bno on-?chain (effect|action|change)s?\b/i;

const UPGRADE_WORDS = /\b(upgrad\w*|implementation|new code|proxy)\b/i;
const ROLE_WORDS =
  /\b(roles?|owner\w*|controller\w*|admin\w*|permission\w*|authori[sz]\w*|signers?|modules?|guardian|threshold|council)\b/i;

/** Every prose-versus-action mismatch, quoting both sides. */
export function findMismatches(input: MismatchInput): Mismatch[] {
  const { decoded, ctx, title, sentences, codeAndTables, searchable } = input;
  const out: Mismatch[] = [];
  const push = (m: Mismatch) => {
    if (!out.some((o) => o.detail === m.detail)) out.push(m);
  };
  const executable = decoded.actions.length > 0;
  const symbols = Object.values(ctx.tokens).map((t) => t.symbol);

  // Where amounts and claims are read from.
  const units: { text: string; claim: boolean }[] = [
    { text: title, claim: true },
    ...sentences.map((s) => ({
      text: s.text,
      claim: TRANSFER_VERB.test(s.text) && (s.section === "" || CLAIM_SECTION.test(s.section)),
    })),
    ...codeAndTables.map((line) => ({ text: line, claim: false })),
  ];
  const amounts: { amount: ProseAmount; unit: string; claim: boolean }[] = [];
  for (const u of units) {
    for (const amount of extractAmounts(u.text, symbols)) {
      const before = u.text.slice(0, amount.offset);
      const stale = STALE_BEFORE.test(before) || isFromValue(u.text, amount);
      amounts.push({ amount, unit: u.text, claim: u.claim && !stale });
    }
  }
  const allAmounts = amounts.map((a) => a.amount);
  const rawIntegers = new Set<string>();
  for (const m of searchable.matchAll(/(?<![0-9a-fx])\d{4,}(?![0-9])/gi)) rawIntegers.add(m[0]);
  for (const m of searchable.matchAll(/\d{1,3}(?:,\d{3})+(?![\d,])/g))
    rawIntegers.add(m[0].replace(/,/g, ""));
  const bareNumbers = units
    .filter((u) => /\b(amount|value|total|usdc|eth|ens|wei)\b/i.test(u.text))
    .flatMap((u) => extractBareNumbers(u.text, symbols));

  const transfers = decoded.transfers.filter((t) => {
    const amount = BigInt(t.amount);
    return amount > 0n && amount < UNLIMITED;
  });

  // (a) Every value movement should be stated in the text.
  for (const t of transfers) {
    const tokenKnown = t.asset === "ETH" || ctx.tokens[t.asset] !== undefined;
    if (!tokenKnown) continue;
    if (transferStated(t, allAmounts, rawIntegers, bareNumbers)) continue;
    const cls = assetClass(t.symbol);
    const sameClass = allAmounts.filter((a) => a.assetClass === cls);
    const action = `Action ${t.actionIndex + 1} ${verbOf(t)} ${fmtTransfer(t)} to ${shortAddress(t.to)}`;
    push({
      kind: "amount",
      actionIndex: t.actionIndex,
      detail:
        sameClass.length > 0
          ? `${action}, but no amount in the text matches it (the text says ${quoteList(sameClass)}).`
          : `${action}, but the text states no ${t.symbol} amount.`,
    });
  }

  // (b) The text should not claim to move more than the actions move. (Smaller amounts are
  // usually parts of a breakdown; an unstated larger transfer is caught by (a).)
  if (executable) {
    const movedClasses = new Set(transfers.map((t) => assetClass(t.symbol)));
    for (const { amount, unit, claim } of amounts) {
      if (!claim) continue;
      const cls = amount.assetClass;
      if (!movedClasses.has(cls)) {
        if (transfers.length === 0) {
          push({
            kind: "action",
            actionIndex: null,
            detail: `The text says "${excerpt(unit)}" (${amount.text}), but no action moves any value.`,
          });
        } else {
          push({
            kind: "asset",
            actionIndex: null,
            detail: `The text says "${excerpt(unit)}" (${amount.text}), but no action moves ${amount.asset}; the actions move ${listTransfers(transfers)}.`,
          });
        }
        continue;
      }
      const target = amount.rate ? perYear(amount) : amount;
      const candidates = candidateValues(transfers, cls, amount.rate !== null);
      if (amount.rate && candidates.length === 0) continue;
      if (candidates.some((v) => matchesAmount(v, target))) continue;
      if (target.value - target.tolerance <= Math.max(...candidates)) continue;
      const same = transfers.filter((t) => assetClass(t.symbol) === cls);
      push({
        kind: "amount",
        actionIndex: same.length === 1 ? (same[0]?.actionIndex ?? null) : null,
        detail: `The text says "${excerpt(unit)}" (${amount.text}), but the actions move ${listTransfers(same)}.`,
      });
    }
  }

  // (c) Every recipient should be named in the text.
  const abbreviations = abbreviatedAddresses(searchable);
  for (const t of transfers) {
    if (addressMentioned(t.to, ctx, searchable, abbreviations)) continue;
    push({
      kind: "recipient",
      actionIndex: t.actionIndex,
      detail: `Action ${t.actionIndex + 1} ${verbOf(t)} ${fmtTransfer(t)} to ${t.to}, an address the text never mentions.`,
    });
  }

  // (d) Addresses in the text that look like, but are not, an address the actions use.
  const textAddresses = new Set<string>();
  for (const m of searchable.matchAll(/0x[0-9a-f]{40}(?![0-9a-f])/gi))
    textAddresses.add(m[0].toLowerCase());
  const decodedAddresses = new Set(decoded.addresses);
  for (const written of textAddresses) {
    if (decodedAddresses.has(written as `0x${string}`)) continue;
    for (const real of decodedAddresses) {
      if (written.slice(2, 6) === real.slice(2, 6) && written.slice(-4) === real.slice(-4)) {
        push({
          kind: "recipient",
          actionIndex: null,
          detail: `The text names ${written}, but the actions use ${real}: a different address with the same first and last characters.`,
        });
      }
    }
  }

  // (e) Addresses the text says it pays that no action touches.
  if (transfers.length > 0) {
    for (const u of units) {
      if (!u.claim) continue;
      if (extractAmounts(u.text, symbols).length === 0) continue;
      for (const m of u.text.matchAll(/0x[0-9a-fA-F]{40}(?![0-9a-fA-F])/g)) {
        const a = m[0].toLowerCase() as `0x${string}`;
        if (decodedAddresses.has(a)) continue;
        push({
          kind: "recipient",
          actionIndex: null,
          detail: `The text says "${excerpt(u.text)}", but no action touches ${a}.`,
        });
      }
    }
  }

  // (f) A harmless-sounding title over risky actions.
  if (executable) {
    const m = TITLE_HARMLESS.exec(title);
    const risky = decoded.actions.filter(
      (a) => a.category === "upgrade" || a.category === "role" || a.unknown,
    );
    const bigMove = decoded.transfers.some((t) => (t.usd ?? Number.POSITIVE_INFINITY) >= 100_000);
    if (
      m &&
      (TITLE_NOT_EXECUTABLE.test(title) ||
        risky.length > 0 ||
        bigMove ||
        riskAtLeast(decoded.risk, "high"))
    ) {
      const what = risky[0]?.description ?? decoded.actions[0]?.description ?? "";
      push({
        kind: "title",
        actionIndex: risky[0]?.index ?? null,
        detail: `The title says "${m[0]}" ("${excerpt(title, 80)}"), but the proposal executes ${decoded.actions.length} action${decoded.actions.length === 1 ? "" : "s"} with ${decoded.risk} risk, e.g. "${excerpt(what, 100)}".`,
      });
    }
  }

  // (g) Claims in the body that the actions contradict.
  if (executable) {
    const upgradeOrRole = decoded.actions.find(
      (a) => a.category === "upgrade" || a.category === "role",
    );
    for (const s of sentences) {
      if (NO_FUNDS.test(s.text) && transfers.length > 0) {
        const t = transfers[0] as TransferFact;
        push({
          kind: "action",
          actionIndex: t.actionIndex,
          detail: `The text says "${excerpt(s.text)}", but action ${t.actionIndex + 1} ${verbOf(t)} ${fmtTransfer(t)}.`,
        });
      }
      if (NO_CODE.test(s.text) && upgradeOrRole) {
        push({
          kind: "action",
          actionIndex: upgradeOrRole.index,
          detail: `The text says "${excerpt(s.text)}", but action ${upgradeOrRole.index + 1} does: ${upgradeOrRole.description}.`,
        });
      }
      if (HARMLESS_BODY.test(s.text) && riskAtLeast(decoded.risk, "high")) {
        push({
          kind: "action",
          actionIndex: null,
          detail: `The text says "${excerpt(s.text)}", but the actions carry ${decoded.risk} risk (${excerpt(decoded.actions[0]?.description ?? "", 100)}).`,
        });
      }
    }
  }

  // (h) Upgrades and permission changes the text never mentions.
  decoded.actions.forEach((a) => {
    if (a.category !== "upgrade" && a.category !== "role") return;
    const words = a.category === "upgrade" ? UPGRADE_WORDS : ROLE_WORDS;
    const fn = (a.signature ?? "").replace(/\(.*$/, "").toLowerCase();
    const conceptMentioned = words.test(searchable) || (fn.length > 3 && searchable.includes(fn));
    const others = decoded.addresses.filter(
      (x) => x !== a.target && a.description.toLowerCase().includes(shortAddress(x).toLowerCase()),
    );
    const partiesMentioned = others.every((x) =>
      addressMentioned(x, ctx, searchable, abbreviations),
    );
    if (conceptMentioned && partiesMentioned) return;
    push({
      kind: "action",
      actionIndex: a.index,
      detail: `Action ${a.index + 1} (${a.description}) is ${a.category === "upgrade" ? "a code upgrade" : "a permission change"} the text does not describe${partiesMentioned ? "" : " (it never names the address involved)"}.`,
    });
  });

  return out;
}

function listTransfers(transfers: readonly TransferFact[], max = 4): string {
  if (transfers.length === 0) return "nothing";
  const parts = transfers.slice(0, max).map((t) => `${fmtTransfer(t)} to ${shortAddress(t.to)}`);
  return parts.join(", ") + (transfers.length > max ? `, and ${transfers.length - max} more` : "");
}

/** "from $3.6M/year to $4.5M/year": the first amount is the old value, not a claim. */
function isFromValue(text: string, amount: ProseAmount): boolean {
  const before = text.slice(Math.max(0, amount.offset - 12), amount.offset);
  if (!/\bfrom\s*\(?$/i.test(before)) return false;
  const after = text.slice(
    amount.offset + amount.text.length,
    amount.offset + amount.text.length + 120,
  );
  return /\bto\b/i.test(after);
}
