/**
 * Query and path parameter validation for the REST endpoints. Every failure is a `BadRequest`
 * whose message names the parameter and says what was expected; the API answers it with 400.
 */
import { type Address, isAddress } from "viem";

export class BadRequest extends Error {
  override name = "BadRequest";
}

const MAX_UINT256 = 2n ** 256n - 1n;

/** A non-negative integer up to 2^256 − 1, in decimal (or 0x-hex). */
export function parseUint(name: string, value: string | undefined): bigint;
export function parseUint(
  name: string,
  value: string | undefined,
  optional: true,
): bigint | undefined;
export function parseUint(name: string, value: string | undefined, optional = false) {
  if (value === undefined || value === "") {
    if (optional) return undefined;
    throw new BadRequest(`${name} is required`);
  }
  if (!/^(?:[0-9]{1,78}|0x[0-9a-fA-F]{1,64})$/.test(value)) {
    throw new BadRequest(
      `${name} must be a non-negative integer (decimal or 0x-hex), got "${value}"`,
    );
  }
  const parsed = BigInt(value);
  if (parsed > MAX_UINT256) throw new BadRequest(`${name} must be below 2^256, got "${value}"`);
  return parsed;
}

/** An integer within [min, max]; `fallback` when absent. */
export function parseInteger(
  name: string,
  value: string | undefined,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number {
  if (value === undefined || value === "") return fallback;
  if (!/^-?[0-9]{1,16}$/.test(value)) {
    throw new BadRequest(`${name} must be an integer, got "${value}"`);
  }
  const parsed = Number(value);
  if (parsed < min || parsed > max) {
    throw new BadRequest(`${name} must be between ${min} and ${max}, got ${parsed}`);
  }
  return parsed;
}

/** A 20-byte address in any case, returned in lowercase (as Ponder stores hex). */
export function parseAddress(name: string, value: string | undefined): Address {
  if (value === undefined || value === "") throw new BadRequest(`${name} is required`);
  if (!isAddress(value, { strict: false })) {
    throw new BadRequest(`${name} must be a 20-byte 0x-hex address, got "${value}"`);
  }
  // Ponder stores addresses in lowercase.
  return value.toLowerCase() as Address;
}

export function parseEnum<const T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined || value === "") return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new BadRequest(`${name} must be one of ${allowed.join(", ")}, got "${value}"`);
  }
  return value as T;
}

/** limit (1–1000, default 100) and offset (≥ 0, default 0). */
export function parsePage(query: (key: string) => string | undefined, defaultLimit = 100) {
  return {
    limit: parseInteger("limit", query("limit"), { min: 1, max: 1000, fallback: defaultLimit }),
    offset: parseInteger("offset", query("offset"), { min: 0, max: 1_000_000_000, fallback: 0 }),
  };
}

/**
 * The Brier score of a forecast (WAD probabilities, one per outcome) against the winning outcome:
 * Σ (p_i − 1[i = winner])², between 0 (certain and right) and 2 (certain and wrong). A float: for
 * display and ranking only.
 */
export function brierScore(forecast: readonly bigint[], winner: number): number {
  let sum = 0;
  forecast.forEach((p, i) => {
    const d = Number(p) / 1e18 - (i === winner ? 1 : 0);
    sum += d * d;
  });
  return sum;
}
