/**
 * Amounts stated in prose: "10,000 USDC", "$1.2M", "100k ENS", "1,000 ETH", "200k $ENS",
 * "$11,500 USDC per day", "0.1426 USDCx/sec". Each carries the asset class it is in, how precisely
 * it was written (so "$1.2M" matches 1,218,669.76 but "1,200,000" does not), whether it was
 * hedged ("approximately"), and whether it is a rate.
 */

export type Rate = "second" | "day" | "month" | "year";

export interface ProseAmount {
  /** The amount as written, e.g. "$1.2M". */
  text: string;
  /** Value in whole units of the asset (per `rate` when a rate). */
  value: number;
  /** Asset symbol as written, upper-cased ("USD" for a bare "$"). */
  asset: string;
  /** Comparable class: "USD" for dollars and stablecoins, "ETH" for ETH/WETH, else the symbol. */
  assetClass: string;
  /** Largest absolute difference that still counts as the same amount. */
  tolerance: number;
  rate: Rate | null;
  approx: boolean;
  /** Character offset in the text it was found in. */
  offset: number;
}

const STABLES = new Set(["USD", "USDC", "USDCX", "USDC.E", "USDT", "DAI", "LUSD", "GHO", "PYUSD"]);

/** The comparable class of an asset symbol. */
export function assetClass(symbol: string): string {
  const s = symbol.toUpperCase().replace(/^\$/, "");
  if (STABLES.has(s)) return "USD";
  if (s === "ETH" || s === "WETH" || s === "STETH" || s === "WSTETH") return "ETH";
  return s;
}

const MULTIPLIERS: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  mm: 1e6,
  mn: 1e6,
  million: 1e6,
  b: 1e9,
  bn: 1e9,
  billion: 1e9,
};

const BASE_SYMBOLS = ["USDCx", "USDC", "USDT", "DAI", "WETH", "ETH", "ENS", "USD"];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Regexes for a symbol list; cached per list. */
const cache = new Map<string, { withUnit: RegExp; dollar: RegExp }>();

function patterns(extraSymbols: readonly string[]) {
  const symbols = [
    ...new Set([...BASE_SYMBOLS, ...extraSymbols.filter((s) => /^[A-Za-z][\w.]{0,11}$/.test(s))]),
  ]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe);
  const key = symbols.join("|");
  let p = cache.get(key);
  if (!p) {
    const num = String.raw`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)`;
    const mult = String.raw`(?:\s?(k|m|mm|mn|b|bn|thousand|million|billion)\b)?`;
    const sym = `(${symbols.join("|")})`;
    p = {
      // "10,000 USDC", "100k ENS", "200k $ENS", "2.5 million USDC"
      withUnit: new RegExp(
        String.raw`(?<![\w.$])${num}${mult}\s?\$?${sym}(?![\w]|\.[A-Za-z])`,
        "gi",
      ),
      // "$1.2M", "$11,500 USDC", "$ 1,000.00"
      dollar: new RegExp(String.raw`\$\s?${num}${mult}(?:\s?${sym}(?![\w]|\.[A-Za-z]))?`, "gi"),
    };
    cache.set(key, p);
  }
  return p;
}

const APPROX_BEFORE =
  /(~|≈|\b(?:approx(?:imately)?|about|around|roughly|nearly|almost|circa|estimated|up to|over|more than|less than|under|at least|at most|some)\s*)$/i;
const RATE_AFTER =
  /^\s*(?:\/|per\s+|a\s+|an\s+|each\s+)\s*(s|sec|second|day|month|mo|year|yr|annum)\b|^\s*(daily|monthly|yearly|annually)\b/i;
const RATE_BEFORE =
  /\b(daily|monthly|yearly|annual(?:ly)?|per (?:day|month|year|second))\b[^.;\n]{0,30}$/i;

function rateOf(word: string): Rate {
  const w = word.toLowerCase();
  if (w === "s" || w.startsWith("sec")) return "second";
  if (w.startsWith("day") || w === "daily") return "day";
  if (w.startsWith("mo")) return "month";
  return "year";
}

/** Digits after the decimal point, as a unit of precision: "1.25" → 0.01. */
function precisionOf(number: string): number {
  const dot = number.indexOf(".");
  return dot < 0 ? 1 : 10 ** -(number.length - dot - 1);
}

function make(
  text: string,
  match: RegExpExecArray,
  numberText: string,
  multText: string | undefined,
  asset: string,
): ProseAmount | null {
  const base = Number(numberText.replace(/,/g, ""));
  if (!Number.isFinite(base)) return null;
  const mult = multText ? (MULTIPLIERS[multText.toLowerCase()] ?? 1) : 1;
  const value = base * mult;
  const before = text.slice(Math.max(0, match.index - 40), match.index);
  const after = text.slice(match.index + match[0].length, match.index + match[0].length + 24);
  const approx = APPROX_BEFORE.test(before);
  const rateAfter = RATE_AFTER.exec(after);
  const rateBefore = RATE_BEFORE.exec(before);
  const rate = rateAfter
    ? rateOf(rateAfter[1] ?? rateAfter[2] ?? "year")
    : rateBefore
      ? rateOf((rateBefore[1] ?? "").replace(/^per /, ""))
      : null;
  let tolerance = Math.max((precisionOf(numberText) * mult) / 2, value * 0.001);
  if (approx) tolerance = Math.max(tolerance, value * 0.05);
  const symbol = asset.toUpperCase().replace(/^\$/, "");
  return {
    text: match[0].trim(),
    value,
    asset: symbol,
    assetClass: assetClass(symbol),
    tolerance,
    rate,
    approx,
    offset: match.index,
  };
}

/** Every amount with a unit in `text`. `symbols` adds token symbols (from the decode context). */
export function extractAmounts(text: string, symbols: readonly string[] = []): ProseAmount[] {
  const { withUnit, dollar } = patterns(symbols);
  const found: ProseAmount[] = [];
  const taken: [number, number][] = [];
  dollar.lastIndex = 0;
  for (let m = dollar.exec(text); m !== null; m = dollar.exec(text)) {
    const a = make(text, m, m[1] ?? "", m[2], m[3] ?? "USD");
    if (a) {
      found.push(a);
      taken.push([m.index, m.index + m[0].length]);
    }
  }
  withUnit.lastIndex = 0;
  for (let m = withUnit.exec(text); m !== null; m = withUnit.exec(text)) {
    const start = m.index;
    if (taken.some(([s, e]) => start >= s && start < e)) continue;
    const a = make(text, m, m[1] ?? "", m[2], m[3] ?? "");
    if (a) found.push(a);
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/**
 * Unit-less numbers ("Amount: 6,000", "5.1M") as whole-unit values with their tolerance. Numbers
 * written with a unit ("250,000 USDC", "$5") are not unit-less and are left out.
 */
export function extractBareNumbers(
  text: string,
  symbols: readonly string[] = [],
): { value: number; tolerance: number }[] {
  const out: { value: number; tolerance: number }[] = [];
  const units = [
    ...new Set([...BASE_SYMBOLS, ...symbols.filter((s) => /^[A-Za-z][\w.]{0,11}$/.test(s))]),
  ]
    .map(escapeRe)
    .join("|");
  const re = new RegExp(
    String.raw`(?<![\w.$])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d]|[.,]\d)(?:\s?(k|m|mm|million|thousand|b|bn|billion)\b)?(?!\s?\$?(?:${units})\b)`,
    "gi",
  );
  for (const m of text.matchAll(re)) {
    const n = m[1] ?? "";
    const base = Number(n.replace(/,/g, ""));
    if (!Number.isFinite(base)) continue;
    const mult = m[2] ? (MULTIPLIERS[m[2].toLowerCase()] ?? 1) : 1;
    const value = base * mult;
    out.push({ value, tolerance: Math.max((precisionOf(n) * mult) / 2, value * 0.001) });
  }
  return out;
}

/** Whether a whole-unit value equals a prose amount within its tolerance. */
export function matchesAmount(
  value: number,
  amount: { value: number; tolerance: number },
): boolean {
  return Math.abs(value - amount.value) <= amount.tolerance + 1e-9;
}

const SECONDS: Record<Rate, number> = {
  second: 1,
  day: 86_400,
  month: 2_628_000,
  year: 31_536_000,
};

/** A rate amount expressed per year. */
export function perYear(amount: ProseAmount): { value: number; tolerance: number } {
  const factor = amount.rate ? SECONDS.year / SECONDS[amount.rate] : 1;
  return { value: amount.value * factor, tolerance: amount.tolerance * factor };
}
