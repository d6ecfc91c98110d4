/**
 * Display and input helpers. Every on-chain quantity stays a bigint; numbers appear only in what
 * is shown (percentages, chart coordinates).
 */

export const WAD = 10n ** 18n;

/** Collateral of the local chain's markets: mUSD, 6 decimals. */
export const MUSD = { symbol: "mUSD", decimals: 6 } as const;
/** The governance token: MNDT, 18 decimals. */
export const MNDT = { symbol: "MNDT", decimals: 18 } as const;

export type Units = { symbol: string; decimals: number };

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * `value` base units as "1,234.56 mUSD": thousands separators, at most `maxFraction` decimals
 * (rounded toward zero, so a balance is never overstated), trailing zeros trimmed down to
 * `minFraction`.
 */
export function formatUnitsDisplay(
  value: bigint,
  units: Units,
  { maxFraction = 2, minFraction = 0, symbol = true } = {},
): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const scale = 10n ** BigInt(units.decimals);
  const whole = abs / scale;
  let fraction = (abs % scale).toString().padStart(units.decimals, "0").slice(0, maxFraction);
  while (fraction.length > minFraction && fraction.endsWith("0")) fraction = fraction.slice(0, -1);
  const text = `${negative ? "-" : ""}${group(whole.toString())}${fraction ? `.${fraction}` : ""}`;
  return symbol && units.symbol ? `${text} ${units.symbol}` : text;
}

export const formatUsd = (value: bigint, opts?: { maxFraction?: number }) =>
  formatUnitsDisplay(value, MUSD, { maxFraction: opts?.maxFraction ?? 2, minFraction: 2 });

export const formatMndt = (value: bigint) => formatUnitsDisplay(value, MNDT, { maxFraction: 0 });

/** A WAD probability as "59.5%" (one decimal). */
export function formatPercentWad(wad: bigint, digits = 1): string {
  const scaled = (wad * 10n ** BigInt(2 + digits) + WAD / 2n) / WAD; // percent × 10^digits
  const s = scaled.toString().padStart(digits + 1, "0");
  const whole = s.slice(0, s.length - digits);
  const frac = digits > 0 ? `.${s.slice(s.length - digits)}` : "";
  return `${whole}${frac}%`;
}

/** A WAD probability as a float (display only). */
export function wadToFloat(wad: bigint): number {
  return Number(wad) / 1e18;
}

export function shortAddress(address: string): string {
  return address.length <= 12 ? address : `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export function shortHash(hash: string): string {
  return hash.length <= 14 ? hash : `${hash.slice(0, 10)}…${hash.slice(-6)}`;
}

/** A proposal id (uint256) short enough for a label: "P 900213…". */
export function shortProposalId(id: string | bigint): string {
  const s = id.toString();
  return s.length > 8 ? `P ${s.slice(0, 6)}…` : `P ${s}`;
}

export const SUPPORT_LABELS = ["Against", "For", "Abstain"] as const;

export function supportLabel(support: number | null | undefined): string {
  if (support === null || support === undefined) return "—";
  return SUPPORT_LABELS[support] ?? `Support ${support}`;
}

/** Registry reason codes of a pending decision ("the delegate asked its holders"). */
export const REASON_CODE_LABELS: Record<number, string> = {
  0: "asks its holders (the mandate says ask)",
  1: "outside its mandate",
  2: "low confidence",
  3: "text does not match the actions",
  4: "no engine available",
};

export function reasonCodeLabel(code: number | null | undefined): string {
  if (code === null || code === undefined) return "asks its holders";
  return REASON_CODE_LABELS[code] ?? `reason code ${code}`;
}

/** Unix seconds as "2026-11-22 03:00 UTC". */
export function formatTime(seconds: bigint | number | string): string {
  const ms = Number(seconds) * 1000;
  if (!Number.isFinite(ms)) return String(seconds);
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "in 2 days 3 hours" / "5 minutes ago", relative to `now` (Unix seconds). */
export function formatRelative(seconds: bigint | number | string, now: number): string {
  const delta = Number(seconds) - now;
  const abs = Math.abs(delta);
  const parts: string[] = [];
  let rest = abs;
  for (const [size, name] of [
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? "" : "s"}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  const text = parts.length === 0 ? "less than a minute" : parts.join(" ");
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

export class InputError extends Error {
  override name = "InputError";
}

/**
 * Parses a decimal amount typed by a person ("1,234.5") into base units. Throws
 * {@link InputError} naming the field and what was wrong.
 */
export function parseAmount(
  field: string,
  text: string,
  decimals: number,
  { allowZero = false } = {},
): bigint {
  const cleaned = text.trim().replace(/[,_\s]/g, "");
  if (cleaned === "") throw new InputError(`${field}: enter an amount.`);
  if (!/^[0-9]*\.?[0-9]*$/.test(cleaned) || cleaned === ".") {
    throw new InputError(`${field}: "${text.trim()}" is not a number (use digits and one dot).`);
  }
  const [whole = "", fraction = ""] = cleaned.split(".");
  if (fraction.length > decimals) {
    throw new InputError(
      `${field}: at most ${decimals} decimal${decimals === 1 ? "" : "s"}, got ${fraction.length}.`,
    );
  }
  const value =
    BigInt(whole || "0") * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, "0") || "0");
  if (!allowZero && value === 0n) throw new InputError(`${field}: must be more than zero.`);
  return value;
}

/** Parses a whole number typed by a person, within bounds; {@link InputError} otherwise. */
export function parseInteger(field: string, text: string, min: number, max: number): number {
  const cleaned = text.trim();
  if (!/^[0-9]+$/.test(cleaned)) {
    throw new InputError(`${field}: "${cleaned}" is not a whole number.`);
  }
  const n = Number(cleaned);
  if (n < min || n > max) throw new InputError(`${field}: must be between ${min} and ${max}.`);
  return n;
}
