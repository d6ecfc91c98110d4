/**
 * Helpers for logs and error messages: {@link redact} removes known secrets from any text,
 * {@link maskUrl} hides the credentials a URL may carry (user password, API-key query values,
 * an API key in an RPC provider's path).
 */

const MASK = "***";
const HEX = /^(0x)?[0-9a-fA-F]+$/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces every occurrence of each secret in `text` with `***`. Hex secrets (private keys) are
 * matched in any case, with or without `0x`; other secrets exactly and in their URL-encoded form
 * (a password inside a URL). Empty, null and undefined entries are ignored.
 */
export function redact(text: string, secrets: readonly (string | null | undefined)[]): string {
  const exact = new Set<string>();
  const anyCase = new Set<string>();
  for (const s of secrets) {
    if (!s) continue;
    if (HEX.test(s) && s.length >= 8) {
      const bare = s.startsWith("0x") ? s.slice(2) : s;
      anyCase.add(bare);
      continue;
    }
    exact.add(s);
    const encoded = encodeURIComponent(s);
    if (encoded !== s) exact.add(encoded);
  }
  let out = text;
  const byLength = (a: string, b: string) => b.length - a.length;
  if (anyCase.size > 0) {
    const pattern = [...anyCase].sort(byLength).map(escapeRegExp).join("|");
    // "0x" is part of the match so that the whole key becomes "***", not "0x***".
    out = out.replace(new RegExp(`(?:0x)?(?:${pattern})`, "gi"), MASK);
  }
  if (exact.size > 0) {
    const pattern = [...exact].sort(byLength).map(escapeRegExp).join("|");
    out = out.replace(new RegExp(pattern, "g"), MASK);
  }
  return out;
}

/** Query parameters whose values are credentials: `key`, `apikey`, `api_key`, `token`, ... */
const SECRET_PARAM = /key|token|secret|passw|pwd|auth|sig|credential/i;
/** A path segment that looks like an API key (Infura, Alchemy, QuickNode...). */
const KEY_SEGMENT = /^(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{20,}$/;

function maskQuery(search: string): string {
  if (search.length <= 1) return search;
  const parts = search
    .slice(1)
    .split("&")
    .map((part) => {
      const eq = part.indexOf("=");
      if (eq < 0) return part;
      let name = part.slice(0, eq);
      try {
        name = decodeURIComponent(name.replace(/\+/g, " "));
      } catch {
        // keep the raw name
      }
      return SECRET_PARAM.test(name) ? `${part.slice(0, eq)}=${MASK}` : part;
    });
  return `?${parts.join("&")}`;
}

/**
 * A URL that is safe to print: the password (and, for http(s) and ws(s), a user name that stands
 * alone, which is then usually a token) become `***`, as do the values of credential-like query parameters (`key=`,
 * `apikey=`, `token=`, `access_token=`, `password=`, `sig=`...) and, for http(s) and ws(s) URLs,
 * path segments that look like an API key (at least 20 letters and digits, as in
 * `https://eth-mainnet.g.alchemy.com/v2/<key>`). Text that is not a URL has any `//user:pass@`
 * part and credential-like `name=value` pairs masked.
 */
export function maskUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url
      .replace(/\/\/[^@/\s?#]*@/g, `//${MASK}@`)
      .replace(
        /([?&][^=&\s#]*(?:key|token|secret|passw|pwd|auth|sig|credential)[^=&\s#]*=)[^&\s#]*/gi,
        `$1${MASK}`,
      );
  }
  if (!u.host) {
    // No authority (mailto:, data:...): nothing structural to mask; mask credential-like pairs.
    return url.replace(
      /([?&][^=&\s#]*(?:key|token|secret|passw|pwd|auth|sig|credential)[^=&\s#]*=)[^&\s#]*/gi,
      `$1${MASK}`,
    );
  }
  const web = /^(https?|wss?):$/.test(u.protocol);
  let userinfo = "";
  if (u.password) userinfo = `${u.username}:${MASK}@`;
  else if (u.username) userinfo = web ? `${MASK}@` : `${u.username}@`;
  // new URL() adds "/" to an empty http(s) path; keep the URL as it was written.
  let path = u.pathname === "/" && !/^[^:]+:\/\/[^/?#]*\//.test(url) ? "" : u.pathname;
  if (web) {
    path = path
      .split("/")
      .map((seg) => (KEY_SEGMENT.test(seg) ? MASK : seg))
      .join("/");
  }
  return `${u.protocol}//${userinfo}${u.host}${path}${maskQuery(u.search)}${u.hash}`;
}

/** Whether a URL carries a password in its user info or a `password=` query parameter. */
export function urlHasPassword(url: string): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return /\/\/[^@/\s:]*:[^@/\s]+@/.test(url) || /[?&]password=[^&\s#]/i.test(url);
  }
  if (u.password) return true;
  for (const [name, value] of u.searchParams) {
    if (/^(password|passwd|pwd)$/i.test(name) && value !== "") return true;
  }
  return false;
}
