/**
 * Reads the indexer's REST API. Used on the server (base: MANDATE_INDEXER_URL) and in the browser
 * (base: the app's same-origin `/api/indexer` proxy). Never throws for a failed read: a page shows
 * what it has and says what it could not read.
 */

export type IndexerFailure = {
  ok: false;
  /** `unreachable`: no answer (stopped, timed out); `http`: an error status; `invalid`: not JSON. */
  reason: "unreachable" | "http" | "invalid";
  status?: number | undefined;
  /** One line for people: what failed and why. */
  message: string;
};

export type IndexerResult<T> = { ok: true; data: T } | IndexerFailure;

export type IndexerGetOptions = {
  /** Milliseconds before giving up (default 4000). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Passed to fetch (the server uses `no-store`: indexed data changes every block). */
  cache?: RequestCache;
};

/** GET `base + path` and parse the JSON answer. */
export async function indexerGet<T>(
  base: string,
  path: string,
  options: IndexerGetOptions = {},
): Promise<IndexerResult<T>> {
  if (!path.startsWith("/")) {
    return { ok: false, reason: "invalid", message: `indexer path must start with "/": ${path}` };
  }
  const url = `${base.replace(/\/+$/, "")}${path}`;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 4000),
      cache: options.cache ?? "no-store",
      headers: { accept: "application/json" },
    });
  } catch (error) {
    const why =
      error instanceof Error && error.name === "TimeoutError"
        ? "no answer in time"
        : describeFetchError(error);
    return { ok: false, reason: "unreachable", message: `The indexer is unreachable (${why}).` };
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return {
      ok: false,
      reason: response.ok ? "invalid" : "http",
      status: response.status,
      message: `The indexer answered ${path} with HTTP ${response.status} and no JSON.`,
    };
  }
  if (!response.ok) {
    const error =
      typeof body === "object" && body !== null && "error" in body
        ? String((body as { error: unknown }).error)
        : `HTTP ${response.status}`;
    return {
      ok: false,
      reason: response.status === 502 || response.status === 503 ? "unreachable" : "http",
      status: response.status,
      message: response.status === 502 || response.status === 503 ? error : `Indexer: ${error}`,
    };
  }
  return { ok: true, data: body as T };
}

function describeFetchError(error: unknown): string {
  let e: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
    if (e.message) message = e.message;
    e = (e as { cause?: unknown }).cause;
  }
  return message;
}

/** The REST paths the browser may read through the app's proxy (GET only). */
export const INDEXER_PROXY_PATHS = [
  /^\/markets(\/[0-9]+(\/(prices|trades))?)?$/,
  /^\/accounts\/0x[0-9a-fA-F]{40}\/(positions|credit)$/,
  /^\/proposals(\/[0-9]+)?$/,
  /^\/delegates(\/[0-9]+(\/decisions)?)?$/,
  /^\/agents(\/0x[0-9a-fA-F]{40})?$/,
  /^\/vaults\/0x[0-9a-fA-F]{40}$/,
  /^\/status$/,
] as const;

export function isProxiedIndexerPath(path: string): boolean {
  return INDEXER_PROXY_PATHS.some((re) => re.test(path));
}
