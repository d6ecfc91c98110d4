/**
 * Formatting helpers for decoded actions: token amounts with their decimals and symbol, USD
 * values, and short addresses. Amounts are bigint base units throughout; floats appear only in
 * what is displayed (and in `amountTokens`, which the facts schema defines as a float).
 */

/** Adds thousands separators to a string of decimal digits. */
function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Formats `amount` base units of a token with `decimals` decimals: "100,000", "1,218,669.76",
 * "0.142599…" (at most `maxFraction` fraction digits; an ellipsis marks digits left out, so the
 * figure is never silently rounded).
 */
export function formatUnitsGrouped(amount: bigint, decimals: number, maxFraction = 6): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  let fraction = decimals > 0 ? (abs % base).toString().padStart(decimals, "0") : "";
  fraction = fraction.replace(/0+$/, "");
  let cut = "";
  if (fraction.length > maxFraction) {
    fraction = fraction.slice(0, maxFraction).replace(/0+$/, "");
    cut = "…";
  }
  const body = group(whole.toString()) + (fraction ? `.${fraction}` : "") + cut;
  return negative ? `-${body}` : body;
}

/** Whole tokens as a float (may lose precision past 2^53; for rules and display only). */
export function toTokens(amount: bigint, decimals: number): number {
  const base = 10n ** BigInt(decimals);
  const whole = amount / base;
  const fraction = amount % base;
  return Number(whole) + Number(fraction) / Number(base);
}

/** "$1,316,000" for amounts of at least $1,000, "$12.50" below. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return "an unbounded amount";
  if (Math.abs(usd) >= 1000) return `$${group(Math.round(usd).toString())}`;
  return `$${usd.toFixed(2)}`;
}

/** "0xFe89…44b7": the first four and last four hex digits of an address. */
export function shortAddress(address: string): string {
  if (!/^0x[0-9a-fA-F]{40}$/.test(address)) return address;
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

/** A decimal integer with thousands separators ("172,800"). */
export function formatInteger(n: bigint | number): string {
  const s = n.toString();
  return s.startsWith("-") ? `-${group(s.slice(1))}` : group(s);
}

/** "2 days", "1 day 6 hours", "45 minutes", "30 seconds" for a duration in seconds. */
export function formatDuration(seconds: bigint): string {
  const s = Number(seconds);
  if (!Number.isFinite(s) || s < 0) return `${seconds} seconds`;
  const units: [number, string][] = [
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
    [1, "second"],
  ];
  const parts: string[] = [];
  let rest = s;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) {
      parts.push(`${formatInteger(n)} ${name}${n === 1 ? "" : "s"}`);
      rest -= n * size;
    }
  }
  return parts.length > 0 ? parts.join(" ") : "0 seconds";
}

/**
 * Makes an untrusted string from calldata safe to show in one line: drops control and invisible
 * characters, collapses whitespace, caps the length, and quotes it.
 */
export function quoteUntrusted(value: string, max = 80): string {
  const clean = value
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}]/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
  const cut = clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
  return JSON.stringify(cut);
}
