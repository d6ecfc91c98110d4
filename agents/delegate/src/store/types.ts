/**
 * The decision store: what the delegate remembers between runs. One interface, two backends
 * (embedded PGlite by default, PostgreSQL when DATABASE_URL is set) that share the same SQL and
 * versioned migrations.
 *
 * On-chain quantities (block numbers, proposal ids, nonces, deadlines) are stored as NUMERIC(78,0)
 * and surface here as `bigint` or as decimal strings (proposal ids), never as lossy floats.
 */

export const DECISION_STATUSES = [
  "pending",
  "asked",
  "sending",
  "sent",
  "confirmed",
  "failed",
  "skipped",
] as const;
/**
 * Lifecycle of a decision:
 * - `pending`: decided by the policy engine, not yet sent.
 * - `asked`: the mandate sent it to the human; waiting for an answer.
 * - `sending`: an executor claimed it and is about to broadcast (or crashed while doing so: check
 *   the chain for `nonce`/`txHash` before sending again).
 * - `sent`: broadcast, `txHash` known, waiting for the receipt.
 * - `confirmed`: mined successfully. Terminal.
 * - `failed`: reverted or gave up; `error` says why. May be retried (back to `pending`).
 * - `skipped`: deliberately not voted (mandate, deadline passed, human declined). Terminal.
 */
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** Allowed transitions; anything else is refused by `transition`. */
export const DECISION_TRANSITIONS: Readonly<Record<DecisionStatus, readonly DecisionStatus[]>> = {
  pending: ["asked", "sending", "skipped", "failed"],
  asked: ["pending", "sending", "skipped", "failed"],
  sending: ["sent", "confirmed", "failed"],
  sent: ["confirmed", "failed"],
  failed: ["pending", "skipped"],
  confirmed: [],
  skipped: [],
};

/** Statuses the executor still has work for (see `listPending`). */
export const UNFINISHED_STATUSES: readonly DecisionStatus[] = ["pending", "sending", "sent"];

export const VOTES = ["for", "against", "abstain"] as const;
export type Vote = (typeof VOTES)[number];

/** Lifecycle of a governor proposal (OpenZeppelin `ProposalState`, lowercased). */
export const PROPOSAL_STATUSES = [
  "pending",
  "active",
  "canceled",
  "defeated",
  "succeeded",
  "queued",
  "expired",
  "executed",
] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

export type Address = `0x${string}`;
export type Hex = `0x${string}`;

export interface ProposalUpsert {
  governor: Address;
  /** uint256 proposal id, as a bigint or a decimal string. */
  proposalId: bigint | string;
  /** keccak256 of the description (32 bytes). */
  descriptionHash: Hex;
  /** Block at which the watcher first saw the proposal; the earliest value is kept. */
  firstSeenBlock: bigint;
  /** Vote end (the governor's clock: block number or unix seconds); null if unknown. */
  voteEnd: bigint | null;
  status: ProposalStatus;
}

export interface ProposalRecord {
  governor: Address;
  proposalId: string;
  descriptionHash: Hex;
  firstSeenBlock: bigint;
  voteEnd: bigint | null;
  status: ProposalStatus;
  createdAt: Date;
  updatedAt: Date;
}

export interface AnalysisInsert {
  governor: Address;
  proposalId: bigint | string;
  /** Which engine produced it, e.g. "openai/gpt-4o-mini" (Summary.engine). */
  engine: string;
  /** The validated Summary (stored as JSON). */
  summary: unknown;
  /** The validated Facts (stored as JSON). */
  facts: unknown;
  /** Hash of the summary; computed with `summaryHash(summary)` when omitted. */
  summaryHash?: Hex;
}

export interface AnalysisRecord {
  id: number;
  governor: Address;
  proposalId: string;
  engine: string;
  summary: unknown;
  facts: unknown;
  summaryHash: Hex;
  createdAt: Date;
}

export interface DecisionInsert {
  /** The delegate (agent) address that votes. */
  delegate: Address;
  governor: Address;
  proposalId: bigint | string;
  mandateHash: Hex;
  mandateVersion: number;
  summaryHash: Hex | null;
  /** null when the decision is to ask the human. */
  vote: Vote | null;
  ruleId: string | null;
  rationale: string;
  /** Initial status: `pending` (default), `asked` or `skipped`. */
  status?: "pending" | "asked" | "skipped";
  /** Vote deadline (unix seconds or block, as the governor's clock), if known. */
  deadline?: bigint | null;
}

export interface DecisionRecord {
  id: number;
  delegate: Address;
  governor: Address;
  proposalId: string;
  mandateHash: Hex;
  mandateVersion: number;
  summaryHash: Hex | null;
  vote: Vote | null;
  ruleId: string | null;
  rationale: string;
  status: DecisionStatus;
  txHash: Hex | null;
  nonce: bigint | null;
  error: string | null;
  deadline: bigint | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Fields a transition may set alongside the status; `undefined` leaves a field unchanged. */
export interface DecisionPatch {
  vote?: Vote | null;
  ruleId?: string | null;
  rationale?: string;
  txHash?: Hex | null;
  nonce?: bigint | null;
  error?: string | null;
  summaryHash?: Hex | null;
}

export interface EventInsert {
  /** Dotted event kind, e.g. "decision.recorded", "watcher.reorg". */
  kind: string;
  decisionId?: number | null;
  governor?: Address | null;
  proposalId?: bigint | string | null;
  /** JSON-serialisable details (bigints are written as decimal strings). */
  data?: Record<string, unknown>;
}

export interface EventRecord {
  id: number;
  at: Date;
  kind: string;
  decisionId: number | null;
  governor: Address | null;
  proposalId: string | null;
  data: Record<string, unknown>;
}

export interface MigrationResult {
  /** Versions applied by this call (empty when already up to date). */
  applied: number[];
  /** Schema version after the call. */
  version: number;
}

export interface DecisionFilter {
  delegate?: Address;
  governor?: Address;
}

export interface DecisionStore {
  readonly kind: "pglite" | "postgres";
  /** Where the data lives: a data directory, "memory://", or a URL with the password masked. */
  readonly location: string;
  /** Applies pending migrations (idempotent; safe to call from several processes at once). */
  migrate(): Promise<MigrationResult>;

  /** Last processed block for a named cursor (e.g. "governor:0xabc…"), or null. */
  getCursor(name: string): Promise<bigint | null>;
  setCursor(name: string, blockNumber: bigint): Promise<void>;

  upsertProposal(p: ProposalUpsert): Promise<ProposalRecord>;
  getProposal(governor: Address, proposalId: bigint | string): Promise<ProposalRecord | null>;
  listProposals(filter?: { status?: readonly ProposalStatus[] }): Promise<ProposalRecord[]>;

  /** Stores an analysis; saving the same (proposal, summary hash) twice returns the first one. */
  saveAnalysis(a: AnalysisInsert): Promise<AnalysisRecord>;
  getLatestAnalysis(governor: Address, proposalId: bigint | string): Promise<AnalysisRecord | null>;

  /**
   * Records a decision once per (delegate, governor, proposal). If one exists it is returned
   * unchanged with `created: false`, whatever the new input says.
   */
  recordDecision(d: DecisionInsert): Promise<{ decision: DecisionRecord; created: boolean }>;
  getDecision(id: number): Promise<DecisionRecord | null>;
  findDecision(
    delegate: Address,
    governor: Address,
    proposalId: bigint | string,
  ): Promise<DecisionRecord | null>;
  /**
   * Compare-and-set: moves decision `id` from `from` to `to` and applies `patch`, atomically, and
   * appends a "decision.transition" event. Throws `TransitionConflictError` if the status is not
   * `from` (another process got there first), `InvalidTransitionError` if `from → to` is not an
   * allowed transition, `DecisionNotFoundError` if there is no such decision.
   */
  transition(
    id: number,
    from: DecisionStatus,
    to: DecisionStatus,
    patch?: DecisionPatch,
  ): Promise<DecisionRecord>;
  /**
   * Decisions the executor still has to finish: `pending`, `sending` (claimed, possibly crashed
   * mid-send: check the chain before re-sending) and `sent` (awaiting a receipt). Earliest
   * deadline first.
   */
  listPending(filter?: DecisionFilter): Promise<DecisionRecord[]>;
  /** Decisions waiting for the human. */
  listAsked(filter?: DecisionFilter): Promise<DecisionRecord[]>;
  listDecisions(
    filter?: DecisionFilter & { status?: readonly DecisionStatus[] },
  ): Promise<DecisionRecord[]>;

  /** Appends to the audit log (append-only: the database refuses updates and deletes). */
  appendEvent(e: EventInsert): Promise<EventRecord>;
  listEvents(filter?: {
    decisionId?: number;
    kind?: string;
    governor?: Address;
    proposalId?: bigint | string;
    limit?: number;
  }): Promise<EventRecord[]>;

  close(): Promise<void>;
}
