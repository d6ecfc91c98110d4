/**
 * The "ask the holder" notification: a JSON POST to MANDATE_WEBHOOK_URL with a timeout. A failure
 * is reported to the caller (and logged there), never thrown: the decision is already on-chain.
 */
import { redactUrl } from "./errors.js";

/** What the webhook receives when the delegate asks its holder instead of voting. */
export interface AskPayload {
  type: "mandate.delegate.ask";
  chainId: number;
  governor: string;
  delegate: { id: string; name: string; instance: string };
  /** Governor proposal id, decimal. */
  proposalId: string;
  title: string;
  tldr: string;
  /** The mandate rule (or uncertainty check) that sent it to the holder. */
  rule: string;
  rationale: string;
  /** Registry reason code: 0 mandate says ask, 2 low confidence, 3 mismatch, 4 other. */
  reasonCode: number;
  /** Voting deadline, unix seconds and ISO 8601 (null when unknown). */
  deadline: number | null;
  deadlineIso: string | null;
  summaryHash: string | null;
  mandateHash: string;
  mandateVersion: number;
  engine: string | null;
  /** The recordPendingDecision transaction, when this run sent it. */
  transactionHash: string | null;
  links: {
    /** The proposal in the web app (MANDATE_APP_URL), when configured. */
    proposal: string | null;
    /** The delegate in the web app, when configured. */
    delegate: string | null;
  };
}

export interface WebhookOptions {
  url: string;
  timeoutMs: number;
  fetch?: typeof fetch | undefined;
}

export type WebhookResult =
  | { ok: true; status: number; ms: number }
  | { ok: false; error: string; status?: number; ms: number };

/** POSTs `payload` as JSON; resolves with the outcome (never rejects). */
export async function postWebhook(payload: unknown, opts: WebhookOptions): Promise<WebhookResult> {
  const doFetch = opts.fetch ?? fetch;
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    const res = await doFetch(opts.url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "mandate-delegate/0.1" },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(opts.timeoutMs),
    });
    // Drain the body so the connection is released; its content does not matter.
    await res.arrayBuffer().catch(() => undefined);
    if (res.ok) return { ok: true, status: res.status, ms: ms() };
    return { ok: false, status: res.status, error: `HTTP ${res.status}`, ms: ms() };
  } catch (e) {
    const err = e as {
      name?: string;
      message?: string;
      cause?: { code?: string; message?: string };
    };
    const error =
      err.name === "TimeoutError" || err.name === "AbortError"
        ? `timed out after ${opts.timeoutMs} ms`
        : (err.cause?.code ?? err.cause?.message ?? err.message ?? String(e));
    return { ok: false, error: `${error} (POST ${redactUrl(opts.url)})`, ms: ms() };
  }
}
