/**
 * Canonical JSON (RFC 8785, "JCS") and the mandate hash registered on-chain.
 *
 * mandateHash(m) = keccak256(utf8(canonicalJson(parseMandate(m))))
 *
 * Parsing first normalizes the mandate (addresses lowercase, `defaultStance` filled in), so two
 * documents that differ only in key order, whitespace or address case hash the same; any change
 * to the parsed mandate changes the canonical text and so the hash.
 */
import { type Hex, keccak256, toBytes } from "viem";
import { parseMandate } from "./mandate.js";

/** Thrown by {@link canonicalJson} for a value JSON cannot represent exactly. */
export class CanonicalJsonError extends Error {
  override readonly name = "CanonicalJsonError";
}

const LONE_SURROGATE_RE = /\p{Surrogate}/u;

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * RFC 8785 canonical JSON: object keys sorted by UTF-16 code units, no whitespace, numbers in
 * ECMAScript's shortest round-trip form (`-0` as `0`), strings escaped as `JSON.stringify` does.
 * Throws {@link CanonicalJsonError} for NaN, ±Infinity, undefined (also as an object value or
 * array item), bigint, functions, symbols, non-plain objects (Date, Map, class instances),
 * strings with unpaired surrogates, and cycles.
 */
export function canonicalJson(value: unknown): string {
  const ancestors = new Set<object>();
  const walk = (v: unknown, path: string): string => {
    if (v === null) return "null";
    switch (typeof v) {
      case "boolean":
        return v ? "true" : "false";
      case "number":
        if (!Number.isFinite(v)) throw new CanonicalJsonError(`${path}: ${v} has no JSON form`);
        // Number#toString is the ECMAScript shortest round-trip form RFC 8785 requires; -0 → "0".
        return Object.is(v, -0) ? "0" : String(v);
      case "string":
        if (LONE_SURROGATE_RE.test(v))
          throw new CanonicalJsonError(`${path}: string has an unpaired UTF-16 surrogate`);
        return JSON.stringify(v);
      case "object":
        break;
      default:
        throw new CanonicalJsonError(`${path}: ${typeof v} has no JSON form`);
    }
    const o = v as object;
    if (ancestors.has(o)) throw new CanonicalJsonError(`${path}: cyclic reference`);
    ancestors.add(o);
    let out: string;
    if (Array.isArray(o)) {
      const items: string[] = [];
      for (let i = 0; i < o.length; i++) {
        if (!(i in o) || o[i] === undefined)
          throw new CanonicalJsonError(`${path}[${i}]: undefined has no JSON form`);
        items.push(walk(o[i], `${path}[${i}]`));
      }
      out = `[${items.join(",")}]`;
    } else {
      if (!isPlainObject(o))
        throw new CanonicalJsonError(`${path}: only plain objects have a JSON form`);
      const rec = o as Record<string, unknown>;
      // Default sort compares UTF-16 code units, as RFC 8785 section 3.2.3 requires.
      const keys = Object.keys(rec).sort();
      const members: string[] = [];
      for (const k of keys) {
        const kPath = `${path}.${k}`;
        if (rec[k] === undefined)
          throw new CanonicalJsonError(`${kPath}: undefined has no JSON form`);
        if (LONE_SURROGATE_RE.test(k))
          throw new CanonicalJsonError(`${kPath}: key has an unpaired UTF-16 surrogate`);
        members.push(`${JSON.stringify(k)}:${walk(rec[k], kPath)}`);
      }
      out = `{${members.join(",")}}`;
    }
    ancestors.delete(o);
    return out;
  };
  return walk(value, "$");
}

/**
 * The exact text that is hashed: the canonical JSON of the parsed, normalized mandate. Publish
 * this next to the hash and anyone can check it with any RFC 8785 library and keccak256.
 * Throws a `MandateError` if `mandate` is not a valid mandate.
 */
export function canonicalMandate(mandate: unknown): string {
  return canonicalJson(parseMandate(mandate));
}

/**
 * The mandate's identity on-chain: keccak256 of the UTF-8 bytes of {@link canonicalMandate}.
 * Accepts a parsed `Mandate` or anything `parseMandate` accepts (it is parsed first).
 */
export function mandateHash(mandate: unknown): Hex {
  return keccak256(toBytes(canonicalMandate(mandate)));
}
