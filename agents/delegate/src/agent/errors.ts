/**
 * Errors the delegate runtime raises, each named for what is wrong, and the redaction that keeps
 * secrets (the operator key, passwords and tokens in URLs) out of every message and log line.
 */

/** Base of every error the runtime raises on purpose. */
export class DelegateError extends Error {
  override name = "DelegateError";
}

/** A setting is missing or malformed; the message names the variable or flag. */
export class DelegateConfigError extends DelegateError {
  override name = "DelegateConfigError";
}

/** No key to sign with: MANDATE_OPERATOR_KEY is unset and no --dev-account was given. */
export class MissingOperatorKeyError extends DelegateConfigError {
  override name = "MissingOperatorKeyError";
}

/** A well-known Hardhat dev key was offered for a chain other than the local one (31337). */
export class DevKeyRefusedError extends DelegateConfigError {
  override name = "DevKeyRefusedError";
  readonly chainId: number;
  constructor(chainId: number, message: string) {
    super(message);
    this.chainId = chainId;
  }
}

/** The JSON-RPC endpoint did not answer. */
export class RpcUnreachableError extends DelegateError {
  override name = "RpcUnreachableError";
  /** The URL with credentials and tokens masked. */
  readonly url: string;
  readonly reason: string;
  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(`cannot reach the RPC at ${url}: ${reason}`, options);
    this.url = url;
    this.reason = reason;
  }
}

/** The governor or registry address is unknown for this chain, or holds no contract. */
export class ContractNotFoundError extends DelegateError {
  override name = "ContractNotFoundError";
}

/** The registry has no delegate with this id. */
export class UnknownDelegateError extends DelegateError {
  override name = "UnknownDelegateError";
  readonly delegateId: bigint;
  readonly delegateCount: bigint;
  constructor(delegateId: bigint, delegateCount: bigint, registry: string) {
    super(
      `delegate #${delegateId} is not registered in the AIDelegateRegistry at ${registry} ` +
        (delegateCount > 0n
          ? `(ids run from 1 to ${delegateCount})`
          : "(no delegate is registered yet)"),
    );
    this.delegateId = delegateId;
    this.delegateCount = delegateCount;
  }
}

/** The signing key is not the delegate's operator (or the delegate is paused). */
export class OperatorMismatchError extends DelegateError {
  override name = "OperatorMismatchError";
}

/** The mandate file cannot be read or is not a valid mandate. */
export class MandateFileError extends DelegateError {
  override name = "MandateFileError";
}

/** The mandate file's hash differs from the delegate's latest published mandate. */
export class MandateMismatchError extends DelegateError {
  override name = "MandateMismatchError";
  readonly fileHash: `0x${string}`;
  readonly publishedHash: `0x${string}`;
  readonly publishedVersion: bigint;
  constructor(
    message: string,
    fileHash: `0x${string}`,
    publishedHash: `0x${string}`,
    publishedVersion: bigint,
  ) {
    super(message);
    this.fileHash = fileHash;
    this.publishedHash = publishedHash;
    this.publishedVersion = publishedVersion;
  }
}

/**
 * A secret value (the operator key) that never prints itself: `String()`, JSON and
 * `util.inspect` all show `***`. Read it with `reveal()`, only where it is used.
 */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return "***";
  }
  toJSON(): string {
    return "***";
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return "Secret(***)";
  }
}

/**
 * A URL safe to print: user info masked, query values masked, and a long opaque last path segment
 * (an API key, as Infura and Alchemy put it) masked. Not a URL: returned with any "user:pass@"
 * masked.
 */
export function redactUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return raw.replace(/\/\/[^@/\s]*@/g, "//***@");
  }
  if (u.username || u.password) {
    u.username = u.username ? "***" : "";
    u.password = "";
  }
  for (const key of [...u.searchParams.keys()]) u.searchParams.set(key, "***");
  const parts = u.pathname.split("/");
  const last = parts[parts.length - 1] ?? "";
  if (/^[A-Za-z0-9_-]{20,}$/.test(last)) {
    parts[parts.length - 1] = "***";
    u.pathname = parts.join("/");
  }
  return u.toString().replace(/%2A%2A%2A/g, "***");
}

/** Replaces every occurrence of each secret (hex keys with or without 0x, any case) by `***`. */
export function makeRedactor(
  secrets: readonly (string | undefined | null)[],
): (text: string) => string {
  const needles = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < 6) continue;
    needles.add(s);
    if (/^0x[0-9a-fA-F]+$/.test(s)) needles.add(s.slice(2));
  }
  const patterns = [...needles]
    .sort((a, b) => b.length - a.length)
    .map((n) => new RegExp(n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"));
  return (text: string) => {
    let out = text;
    for (const p of patterns) out = out.replace(p, "***");
    return out;
  };
}

/** One line of an error for logs: its name when meaningful, and its message without newlines. */
export function errorLine(error: unknown, max = 300): string {
  let text: string;
  if (error instanceof Error) {
    const short = (error as Error & { shortMessage?: unknown }).shortMessage;
    const message = typeof short === "string" && short.length > 0 ? short : error.message;
    text = error.name && error.name !== "Error" ? `${error.name}: ${message}` : message;
  } else {
    text = String(error);
  }
  text = text.replace(/\s+/g, " ").trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
