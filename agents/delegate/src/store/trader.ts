/**
 * The AI trader's tables in the decision store: the same database as the delegate's (PGlite by
 * default, PostgreSQL via DATABASE_URL), the same drivers and the same append-only `events` log.
 *
 * The trader's schema has its own migration series (`TRADER_MIGRATIONS`, recorded in
 * `trader_schema_migrations`), applied after the delegate's: a database the trader opened is still
 * a valid delegate store at the delegate's schema version, and the delegate's own migrations are
 * untouched.
 *
 * Tables:
 * - `trader_markets`: what the trader last saw of each market (status, close time, resolution,
 *   the outcome its beliefs are about, the proposal it is on) — what the track record is scored on.
 * - `trader_decisions`: every decision record, skips included (the belief, each source and its
 *   weight, the price, the edge, the size and the rule that bounded it, as JSON, plus columns to
 *   query). A decision identical to the latest one for the same market (same fingerprint) is not
 *   written again: that row's `last_at` and `repeats` move instead, so a loop does not write the
 *   same skip every tick.
 * - `trader_intents`: every trade (buy, sell, redeem) before it is sent, keyed by an idempotency
 *   key (the decision id): a key is executed at most once. Its status moves by compare-and-set
 *   (`transitionIntent`), and the signed transaction's hash, raw bytes and nonce are stored
 *   (`attachIntentTransaction`) before the transaction is broadcast, so a restart after a crash
 *   finds it and never trades twice.
 * - `trader_positions`: the vault's shares per outcome and the agent's exposure, per market.
 * - `trader_beliefs`: the pooled belief per market over time (a row when it changes), for scoring.
 *
 * Amounts are NUMERIC(78,0) in the database and bigint in TypeScript; market ids too.
 */
import { StoreError, StoreInputError } from "./errors.js";
import type { SqlDriver, SqlExecutor } from "./sql.js";
import { compareAndSetStatus, SqlDecisionStore } from "./sql.js";
import type { Address, Hex, MigrationResult } from "./types.js";

export interface TraderMigration {
  version: number;
  name: string;
  sql: string;
}

const ADDRESS = "~ '^0x[0-9a-f]{40}$'";
const HASH32 = "~ '^0x[0-9a-f]{64}$'";
const UINT = "NUMERIC(78, 0)";

/** The trader's migrations. Append new versions; never edit a released one. */
export const TRADER_MIGRATIONS: readonly TraderMigration[] = [
  {
    version: 1,
    name: "trader: markets, decisions, intents, positions, beliefs",
    sql: `
CREATE TABLE trader_markets (
  vault TEXT NOT NULL CHECK (vault ${ADDRESS}),
  market_id ${UINT} NOT NULL CHECK (market_id >= 0),
  question TEXT NOT NULL DEFAULT '',
  outcomes JSONB NOT NULL DEFAULT '[]'::jsonb,
  yes_outcome INTEGER NOT NULL CHECK (yes_outcome >= 0 AND yes_outcome < 256),
  close_time ${UINT} NOT NULL CHECK (close_time >= 0),
  status TEXT NOT NULL CHECK (status IN ('open', 'closed', 'resolved', 'invalid')),
  resolved_outcome INTEGER CHECK (resolved_outcome >= 0),
  proposal_id ${UINT} CHECK (proposal_id >= 0),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (vault, market_id)
);

CREATE TABLE trader_decisions (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vault TEXT NOT NULL CHECK (vault ${ADDRESS}),
  agent TEXT NOT NULL CHECK (agent ${ADDRESS}),
  user_address TEXT NOT NULL CHECK (user_address ${ADDRESS}),
  market_id ${UINT} NOT NULL CHECK (market_id >= 0),
  action TEXT NOT NULL CHECK (action IN ('buy', 'sell', 'redeem', 'skip')),
  outcome INTEGER CHECK (outcome >= 0),
  skip_reason TEXT,
  bound_by TEXT NOT NULL,
  belief DOUBLE PRECISION,
  pooled_belief DOUBLE PRECISION,
  price DOUBLE PRECISION,
  price_wad ${UINT},
  edge DOUBLE PRECISION,
  shares ${UINT} NOT NULL DEFAULT 0 CHECK (shares >= 0),
  cost ${UINT} NOT NULL DEFAULT 0 CHECK (cost >= 0),
  max_cost ${UINT} NOT NULL DEFAULT 0 CHECK (max_cost >= 0),
  proceeds ${UINT} NOT NULL DEFAULT 0 CHECK (proceeds >= 0),
  min_proceeds ${UINT} NOT NULL DEFAULT 0 CHECK (min_proceeds >= 0),
  reason TEXT NOT NULL,
  record JSONB NOT NULL,
  decision_key TEXT NOT NULL CHECK (decision_key <> ''),
  fingerprint TEXT NOT NULL CHECK (fingerprint <> ''),
  dry_run BOOLEAN NOT NULL DEFAULT false,
  first_at ${UINT} NOT NULL CHECK (first_at >= 0),
  last_at ${UINT} NOT NULL CHECK (last_at >= 0),
  repeats INTEGER NOT NULL DEFAULT 1 CHECK (repeats >= 1),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX trader_decisions_market_idx
  ON trader_decisions (vault, agent, user_address, market_id, id);

CREATE TABLE trader_intents (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  intent_key TEXT NOT NULL UNIQUE CHECK (intent_key <> ''),
  decision_id BIGINT REFERENCES trader_decisions (id),
  vault TEXT NOT NULL CHECK (vault ${ADDRESS}),
  agent TEXT NOT NULL CHECK (agent ${ADDRESS}),
  user_address TEXT NOT NULL CHECK (user_address ${ADDRESS}),
  market_id ${UINT} NOT NULL CHECK (market_id >= 0),
  outcome INTEGER NOT NULL CHECK (outcome >= 0),
  kind TEXT NOT NULL CHECK (kind IN ('buy', 'sell', 'redeem')),
  shares ${UINT} NOT NULL CHECK (shares > 0),
  limit_amount ${UINT} CHECK (limit_amount >= 0),
  deadline ${UINT} CHECK (deadline >= 0),
  status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'confirmed', 'failed')),
  tx_hash TEXT CHECK (tx_hash ${HASH32}),
  raw_tx TEXT CHECK (raw_tx ~ '^0x[0-9a-f]*$'),
  nonce ${UINT} CHECK (nonce >= 0),
  amount ${UINT} CHECK (amount >= 0),
  block_number ${UINT} CHECK (block_number >= 0),
  error TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX trader_intents_owner_idx ON trader_intents (vault, agent, user_address, status);

CREATE TABLE trader_positions (
  vault TEXT NOT NULL CHECK (vault ${ADDRESS}),
  user_address TEXT NOT NULL CHECK (user_address ${ADDRESS}),
  market_id ${UINT} NOT NULL CHECK (market_id >= 0),
  shares JSONB NOT NULL,
  exposure ${UINT} NOT NULL CHECK (exposure >= 0),
  at ${UINT} NOT NULL CHECK (at >= 0),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (vault, user_address, market_id)
);

CREATE TABLE trader_beliefs (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  vault TEXT NOT NULL CHECK (vault ${ADDRESS}),
  agent TEXT NOT NULL CHECK (agent ${ADDRESS}),
  user_address TEXT NOT NULL CHECK (user_address ${ADDRESS}),
  market_id ${UINT} NOT NULL CHECK (market_id >= 0),
  p DOUBLE PRECISION NOT NULL CHECK (p > 0 AND p < 1),
  constrained_p DOUBLE PRECISION CHECK (constrained_p >= 0 AND constrained_p <= 1),
  price DOUBLE PRECISION CHECK (price >= 0 AND price <= 1),
  components JSONB NOT NULL DEFAULT '[]'::jsonb,
  at ${UINT} NOT NULL CHECK (at >= 0),
  last_seen_at ${UINT} NOT NULL CHECK (last_seen_at >= at),
  created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX trader_beliefs_market_idx
  ON trader_beliefs (vault, agent, user_address, market_id, at, id);
`,
  },
];

export const TRADER_SCHEMA_VERSION = TRADER_MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);

/** Serialises concurrent trader migrations (the delegate's use another key). */
const TRADER_MIGRATION_LOCK_KEY = 7_283_114_953;

/** Compare-and-set on an intent failed: its status (or transaction) is not what was expected. */
export class IntentConflictError extends StoreError {
  override name = "IntentConflictError";
  constructor(
    readonly id: number,
    readonly expected: string,
    readonly actual: string,
    readonly to: string,
  ) {
    super(
      `intent ${id}: cannot move to ${to}: it is ${actual}, expected ${expected} ` +
        "(another process changed it first)",
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Types

export type TraderMarketStatus = "open" | "closed" | "resolved" | "invalid";
export type TraderAction = "buy" | "sell" | "redeem" | "skip";
export type IntentKind = "buy" | "sell" | "redeem";

export const INTENT_STATUSES = ["pending", "sending", "sent", "confirmed", "failed"] as const;
/**
 * Lifecycle of a trade intent:
 * - `pending`: recorded before anything is signed.
 * - `sending`: claimed by an executor; once `txHash` is set the transaction may have been
 *   broadcast (its hash, raw bytes and nonce are stored first): check the chain before anything.
 * - `sent`: the node accepted it; waiting for the receipt.
 * - `confirmed`: mined successfully; `amount` is the cost, proceeds or payout. Terminal.
 * - `failed`: reverted, refused before sending, or never mined; `error` says why. Only a redeem
 *   is retried (back to `pending`); a trade is decided afresh under a new key.
 */
export type IntentStatus = (typeof INTENT_STATUSES)[number];

export const INTENT_TRANSITIONS: Readonly<Record<IntentStatus, readonly IntentStatus[]>> = {
  pending: ["sending", "failed"],
  sending: ["sent", "confirmed", "failed"],
  sent: ["confirmed", "failed"],
  failed: ["pending"],
  confirmed: [],
};

/** Who a trader row belongs to: the vault contract, the agent (operator) and the vault's user. */
export interface TraderScope {
  vault: Address;
  agent: Address;
  user: Address;
}

export interface TraderMarketUpsert {
  vault: Address;
  marketId: bigint;
  question: string;
  outcomes: readonly string[];
  yesOutcome: number;
  closeTime: bigint;
  status: TraderMarketStatus;
  resolvedOutcome: number | null;
  proposalId: bigint | null;
}

export interface TraderMarketRecord extends TraderMarketUpsert {
  updatedAt: Date;
}

export interface TraderDecisionInsert extends TraderScope {
  marketId: bigint;
  action: TraderAction;
  outcome: number | null;
  skipReason: string | null;
  boundBy: string;
  belief: number | null;
  pooledBelief: number | null;
  price: number | null;
  priceWad: bigint | null;
  edge: number | null;
  shares: bigint;
  cost: bigint;
  maxCost: bigint;
  proceeds: bigint;
  minProceeds: bigint;
  reason: string;
  /** The full decision record (JSON-serialisable; bigints become decimal strings). */
  record: unknown;
  /** The decision's id (`decisionId`). */
  decisionKey: string;
  /** Equal fingerprints = the same decision seen again (the latest row is updated instead). */
  fingerprint: string;
  dryRun: boolean;
  /** Chain time (Unix seconds) of the decision. */
  at: bigint;
}

export interface TraderDecisionRecord
  extends Omit<TraderDecisionInsert, "at" | "record" | keyof TraderScope> {
  id: number;
  vault: Address;
  agent: Address;
  user: Address;
  record: Record<string, unknown>;
  firstAt: bigint;
  lastAt: bigint;
  repeats: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface IntentInsert extends TraderScope {
  /** Idempotency key: a key is executed at most once (the decision id for trades). */
  key: string;
  decisionId: number | null;
  marketId: bigint;
  outcome: number;
  kind: IntentKind;
  shares: bigint;
  /** maxCost (buy) or minProceeds (sell); null for a redeem. */
  limit: bigint | null;
  /** Unix seconds after which the trade reverts; null for a redeem. */
  deadline: bigint | null;
}

export interface IntentRecord {
  id: number;
  key: string;
  decisionId: number | null;
  vault: Address;
  agent: Address;
  user: Address;
  marketId: bigint;
  outcome: number;
  kind: IntentKind;
  shares: bigint;
  limit: bigint | null;
  deadline: bigint | null;
  status: IntentStatus;
  txHash: Hex | null;
  rawTx: Hex | null;
  nonce: bigint | null;
  amount: bigint | null;
  blockNumber: bigint | null;
  error: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Fields a transition may set; `undefined` leaves a field unchanged. */
export interface IntentPatch {
  txHash?: Hex | null;
  rawTx?: Hex | null;
  nonce?: bigint | null;
  amount?: bigint | null;
  blockNumber?: bigint | null;
  error?: string | null;
}

export interface PositionUpsert {
  vault: Address;
  user: Address;
  marketId: bigint;
  shares: readonly bigint[];
  exposure: bigint;
  /** Chain time of the reading. */
  at: bigint;
}

export interface PositionRecord extends PositionUpsert {
  updatedAt: Date;
}

export interface BeliefInsert extends TraderScope {
  marketId: bigint;
  /** The pooled belief in the market's yes outcome (the forecast that is scored). */
  p: number;
  /** After the delegate's constraint, if any (what was sized on). */
  constrainedP: number | null;
  /** The yes outcome's price when the belief was formed. */
  price: number | null;
  /** Each source, its weight and its belief. */
  components: unknown;
  /** Chain time (Unix seconds). */
  at: bigint;
  /**
   * A belief within this of the latest stored one, in p and in price, is "unchanged" (default
   * 1e-12): that row's `last_seen_at` moves instead of a new row being written.
   */
  tolerance?: number | undefined;
}

export interface BeliefRecord extends Omit<BeliefInsert, "at" | "tolerance" | keyof TraderScope> {
  id: number;
  vault: Address;
  agent: Address;
  user: Address;
  /** When this value was first seen. */
  at: bigint;
  /** When it was last seen (unchanged) — the belief held from `at` to at least here. */
  lastSeenAt: bigint;
  createdAt: Date;
}

export interface TraderFilter {
  vault?: Address | undefined;
  agent?: Address | undefined;
  user?: Address | undefined;
  marketId?: bigint | undefined;
}

export interface TraderMigrationResult {
  /** The delegate's schema (the trader's tables live next to it). */
  delegate: MigrationResult;
  trader: MigrationResult;
}

export interface TraderStore {
  readonly kind: "pglite" | "postgres";
  readonly location: string;
  /** Applies the delegate's migrations, then the trader's (idempotent). */
  migrate(): Promise<TraderMigrationResult>;

  upsertMarket(m: TraderMarketUpsert): Promise<TraderMarketRecord>;
  /** Every market seen, of one vault's trader(s) or of all. */
  listMarkets(vault?: Address): Promise<TraderMarketRecord[]>;

  /**
   * Records a decision, unless the latest one for the same scope and market has the same
   * fingerprint: then that row's `last_at` and `repeats` move and `created` is false.
   */
  recordDecision(
    d: TraderDecisionInsert,
  ): Promise<{ decision: TraderDecisionRecord; created: boolean }>;
  listDecisions(filter?: TraderFilter & { limit?: number }): Promise<TraderDecisionRecord[]>;

  /** Records an intent once per key: an existing one is returned unchanged (`created: false`). */
  recordIntent(i: IntentInsert): Promise<{ intent: IntentRecord; created: boolean }>;
  getIntent(id: number): Promise<IntentRecord | null>;
  findIntent(key: string): Promise<IntentRecord | null>;
  /**
   * Compare-and-set: moves intent `id` from `from` to `to` with `patch`, and logs it in `events`.
   * Throws IntentConflictError when the status is no longer `from`.
   */
  transitionIntent(
    id: number,
    from: IntentStatus,
    to: IntentStatus,
    patch?: IntentPatch,
  ): Promise<IntentRecord>;
  /**
   * Stores the signed transaction of a `sending` intent (before it is broadcast). Throws
   * IntentConflictError when the intent is not `sending` or already holds another hash.
   */
  attachIntentTransaction(
    id: number,
    tx: { txHash: Hex; rawTx: Hex; nonce: bigint },
  ): Promise<IntentRecord>;
  listIntents(
    filter?: TraderFilter & { status?: readonly IntentStatus[] },
  ): Promise<IntentRecord[]>;

  /** Writes the position when it differs from the stored one; `changed` says whether it did. */
  upsertPosition(p: PositionUpsert): Promise<{ position: PositionRecord; changed: boolean }>;
  listPositions(filter?: { vault?: Address; user?: Address }): Promise<PositionRecord[]>;

  /**
   * Records a belief when it differs from the latest one for the same scope and market (by more
   * than `tolerance`, default 1e-12, in p or in price); otherwise moves that row's `last_seen_at`.
   */
  recordBelief(b: BeliefInsert): Promise<{ belief: BeliefRecord; created: boolean }>;
  listBeliefs(filter?: TraderFilter): Promise<BeliefRecord[]>;

  /** The trader's entries in the append-only audit log (`events`, kinds `trader.*`), oldest first. */
  listEvents(filter?: { kind?: string; limit?: number }): Promise<TraderEventRecord[]>;

  close(): Promise<void>;
}

export interface TraderEventRecord {
  id: number;
  at: Date;
  kind: string;
  data: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Validation

function fail(where: string, what: string, got: unknown): never {
  const shown = typeof got === "bigint" ? `${got}n` : JSON.stringify(got);
  throw new StoreInputError(`${where}: ${what} (got ${shown})`);
}

function addr(where: string, field: string, v: unknown): Address {
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(v)) {
    fail(where, `${field} must be a 0x-prefixed 20-byte address`, v);
  }
  return v.toLowerCase() as Address;
}

const MAX_UINT256 = (1n << 256n) - 1n;

function uint(where: string, field: string, v: unknown): string {
  if (typeof v !== "bigint" || v < 0n || v > MAX_UINT256) {
    fail(where, `${field} must be a bigint between 0 and 2^256-1`, v);
  }
  return v.toString();
}

function optUint(where: string, field: string, v: unknown): string | null {
  return v === null || v === undefined ? null : uint(where, field, v);
}

function smallInt(where: string, field: string, v: unknown, max = 2 ** 31 - 1): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0 || v > max) {
    fail(where, `${field} must be an integer from 0 to ${max}`, v);
  }
  return v;
}

function optSmallInt(where: string, field: string, v: unknown): number | null {
  return v === null || v === undefined ? null : smallInt(where, field, v);
}

function optFloat(where: string, field: string, v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== "number" || !Number.isFinite(v)) fail(where, `${field} must be finite`, v);
  return v;
}

function text(where: string, field: string, v: unknown, allowEmpty = false): string {
  if (typeof v !== "string" || (!allowEmpty && v.length === 0)) {
    fail(where, `${field} must be a${allowEmpty ? "" : " non-empty"} string`, v);
  }
  return v;
}

function hex(where: string, field: string, v: unknown, bytes?: number): Hex {
  const re = bytes === undefined ? /^0x[0-9a-fA-F]*$/ : new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`);
  if (typeof v !== "string" || !re.test(v)) fail(where, `${field} must be 0x-prefixed hex`, v);
  return v.toLowerCase() as Hex;
}

function oneOf<T extends string>(
  where: string,
  field: string,
  allowed: readonly T[],
  v: unknown,
): T {
  if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) {
    fail(where, `${field} must be one of ${allowed.join(", ")}`, v);
  }
  return v as T;
}

function idArg(where: string, id: unknown): number {
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) {
    fail(where, "id must be a positive integer", id);
  }
  return id;
}

function json(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)) ?? "null";
}

// ---------------------------------------------------------------------------------------------
// Rows

type Row = Record<string, unknown>;

function num(v: unknown): number {
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isSafeInteger(n)) throw new StoreError(`unexpected integer from the database: ${v}`);
  return n;
}
const big = (v: unknown): bigint => BigInt(String(v));
const bigOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : big(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
const floatOrNull = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);
const strOrNull = <T extends string = string>(v: unknown): T | null =>
  v === null || v === undefined ? null : (String(v) as T);
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const jsonValue = (v: unknown): unknown => (typeof v === "string" ? JSON.parse(v) : v);

function toMarket(r: Row): TraderMarketRecord {
  const outcomes = jsonValue(r.outcomes);
  return {
    vault: String(r.vault) as Address,
    marketId: big(r.market_id),
    question: String(r.question),
    outcomes: Array.isArray(outcomes) ? outcomes.map(String) : [],
    yesOutcome: num(r.yes_outcome),
    closeTime: big(r.close_time),
    status: String(r.status) as TraderMarketStatus,
    resolvedOutcome: numOrNull(r.resolved_outcome),
    proposalId: bigOrNull(r.proposal_id),
    updatedAt: date(r.updated_at),
  };
}

function toDecision(r: Row): TraderDecisionRecord {
  return {
    id: num(r.id),
    vault: String(r.vault) as Address,
    agent: String(r.agent) as Address,
    user: String(r.user_address) as Address,
    marketId: big(r.market_id),
    action: String(r.action) as TraderAction,
    outcome: numOrNull(r.outcome),
    skipReason: strOrNull(r.skip_reason),
    boundBy: String(r.bound_by),
    belief: floatOrNull(r.belief),
    pooledBelief: floatOrNull(r.pooled_belief),
    price: floatOrNull(r.price),
    priceWad: bigOrNull(r.price_wad),
    edge: floatOrNull(r.edge),
    shares: big(r.shares),
    cost: big(r.cost),
    maxCost: big(r.max_cost),
    proceeds: big(r.proceeds),
    minProceeds: big(r.min_proceeds),
    reason: String(r.reason),
    record: (jsonValue(r.record) ?? {}) as Record<string, unknown>,
    decisionKey: String(r.decision_key),
    fingerprint: String(r.fingerprint),
    dryRun: r.dry_run === true || r.dry_run === "t",
    firstAt: big(r.first_at),
    lastAt: big(r.last_at),
    repeats: num(r.repeats),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

function toIntent(r: Row): IntentRecord {
  return {
    id: num(r.id),
    key: String(r.intent_key),
    decisionId: numOrNull(r.decision_id),
    vault: String(r.vault) as Address,
    agent: String(r.agent) as Address,
    user: String(r.user_address) as Address,
    marketId: big(r.market_id),
    outcome: num(r.outcome),
    kind: String(r.kind) as IntentKind,
    shares: big(r.shares),
    limit: bigOrNull(r.limit_amount),
    deadline: bigOrNull(r.deadline),
    status: String(r.status) as IntentStatus,
    txHash: strOrNull<Hex>(r.tx_hash),
    rawTx: strOrNull<Hex>(r.raw_tx),
    nonce: bigOrNull(r.nonce),
    amount: bigOrNull(r.amount),
    blockNumber: bigOrNull(r.block_number),
    error: strOrNull(r.error),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

function toPosition(r: Row): PositionRecord {
  const shares = jsonValue(r.shares);
  return {
    vault: String(r.vault) as Address,
    user: String(r.user_address) as Address,
    marketId: big(r.market_id),
    shares: Array.isArray(shares) ? shares.map((s) => BigInt(String(s))) : [],
    exposure: big(r.exposure),
    at: big(r.at),
    updatedAt: date(r.updated_at),
  };
}

function toBelief(r: Row): BeliefRecord {
  return {
    id: num(r.id),
    vault: String(r.vault) as Address,
    agent: String(r.agent) as Address,
    user: String(r.user_address) as Address,
    marketId: big(r.market_id),
    p: Number(r.p),
    constrainedP: floatOrNull(r.constrained_p),
    price: floatOrNull(r.price),
    components: jsonValue(r.components) ?? [],
    at: big(r.at),
    lastSeenAt: big(r.last_seen_at),
    createdAt: date(r.created_at),
  };
}

function first<R>(rows: R[]): R {
  const r = rows[0];
  if (r === undefined) throw new StoreError("expected a row from the database, got none");
  return r;
}

const INTENT_COLUMNS =
  "id, intent_key, decision_id, vault, agent, user_address, market_id, outcome, kind, shares, " +
  "limit_amount, deadline, status, tx_hash, raw_tx, nonce, amount, block_number, error, " +
  "created_at, updated_at";

function scopeWhere(
  where: string,
  filter: TraderFilter | undefined,
  params: unknown[],
  clauses: string[],
  opts: { agent?: boolean } = {},
) {
  if (filter?.vault !== undefined) {
    params.push(addr(where, "vault", filter.vault));
    clauses.push(`vault = $${params.length}`);
  }
  if (filter?.agent !== undefined && opts.agent !== false) {
    params.push(addr(where, "agent", filter.agent));
    clauses.push(`agent = $${params.length}`);
  }
  if (filter?.user !== undefined) {
    params.push(addr(where, "user", filter.user));
    clauses.push(`user_address = $${params.length}`);
  }
  if (filter?.marketId !== undefined) {
    params.push(uint(where, "marketId", filter.marketId));
    clauses.push(`market_id = $${params.length}`);
  }
}

async function logEvent(db: SqlExecutor, kind: string, data: Record<string, unknown>) {
  await db.query("INSERT INTO events (kind, data) VALUES ($1, $2::jsonb)", [kind, json(data)]);
}

/** The trader's tables over any SqlDriver. Open it with `openTraderStore`. */
export class SqlTraderStore implements TraderStore {
  readonly kind: "pglite" | "postgres";
  readonly location: string;

  constructor(private readonly db: SqlDriver) {
    this.kind = db.kind;
    this.location = db.location;
  }

  async migrate(): Promise<TraderMigrationResult> {
    const delegate = await new SqlDecisionStore(this.db).migrate();
    const trader = await this.db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [TRADER_MIGRATION_LOCK_KEY]);
      await tx.exec(`CREATE TABLE IF NOT EXISTS trader_schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const done = new Set(
        (await tx.query<{ version: number }>("SELECT version FROM trader_schema_migrations")).map(
          (r) => Number(r.version),
        ),
      );
      const newest = Math.max(0, ...done);
      if (newest > TRADER_SCHEMA_VERSION) {
        throw new StoreError(
          `database at ${this.location} has trader schema version ${newest}, newer than this build ` +
            `understands (${TRADER_SCHEMA_VERSION}); upgrade the trader or use another database`,
        );
      }
      const applied: number[] = [];
      for (const m of [...TRADER_MIGRATIONS].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        await tx.exec(m.sql);
        await tx.query("INSERT INTO trader_schema_migrations (version, name) VALUES ($1, $2)", [
          m.version,
          m.name,
        ]);
        applied.push(m.version);
      }
      return { applied, version: Math.max(newest, ...applied) };
    });
    return { delegate, trader };
  }

  async upsertMarket(m: TraderMarketUpsert): Promise<TraderMarketRecord> {
    const where = "upsertMarket";
    const rows = await this.db.query(
      `INSERT INTO trader_markets (vault, market_id, question, outcomes, yes_outcome, close_time,
         status, resolved_outcome, proposal_id)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9)
       ON CONFLICT (vault, market_id) DO UPDATE SET
         question = EXCLUDED.question, outcomes = EXCLUDED.outcomes,
         yes_outcome = EXCLUDED.yes_outcome, close_time = EXCLUDED.close_time,
         status = EXCLUDED.status, resolved_outcome = EXCLUDED.resolved_outcome,
         proposal_id = COALESCE(EXCLUDED.proposal_id, trader_markets.proposal_id),
         updated_at = now()
       RETURNING *`,
      [
        addr(where, "vault", m.vault),
        uint(where, "marketId", m.marketId),
        text(where, "question", m.question, true),
        json([...m.outcomes].map(String)),
        smallInt(where, "yesOutcome", m.yesOutcome, 255),
        uint(where, "closeTime", m.closeTime),
        oneOf(where, "status", ["open", "closed", "resolved", "invalid"] as const, m.status),
        optSmallInt(where, "resolvedOutcome", m.resolvedOutcome),
        optUint(where, "proposalId", m.proposalId),
      ],
    );
    return toMarket(first(rows));
  }

  async listMarkets(vault?: Address): Promise<TraderMarketRecord[]> {
    const rows =
      vault === undefined
        ? await this.db.query("SELECT * FROM trader_markets ORDER BY vault, market_id")
        : await this.db.query("SELECT * FROM trader_markets WHERE vault = $1 ORDER BY market_id", [
            addr("listMarkets", "vault", vault),
          ]);
    return rows.map(toMarket);
  }

  async recordDecision(d: TraderDecisionInsert) {
    const where = "recordDecision";
    const scope = [
      addr(where, "vault", d.vault),
      addr(where, "agent", d.agent),
      addr(where, "user", d.user),
      uint(where, "marketId", d.marketId),
    ];
    const fingerprint = text(where, "fingerprint", d.fingerprint);
    const at = uint(where, "at", d.at);
    const params = [
      ...scope,
      oneOf(where, "action", ["buy", "sell", "redeem", "skip"] as const, d.action),
      optSmallInt(where, "outcome", d.outcome),
      d.skipReason === null ? null : text(where, "skipReason", d.skipReason),
      text(where, "boundBy", d.boundBy),
      optFloat(where, "belief", d.belief),
      optFloat(where, "pooledBelief", d.pooledBelief),
      optFloat(where, "price", d.price),
      optUint(where, "priceWad", d.priceWad),
      optFloat(where, "edge", d.edge),
      uint(where, "shares", d.shares),
      uint(where, "cost", d.cost),
      uint(where, "maxCost", d.maxCost),
      uint(where, "proceeds", d.proceeds),
      uint(where, "minProceeds", d.minProceeds),
      text(where, "reason", d.reason),
      json(d.record),
      text(where, "decisionKey", d.decisionKey),
      fingerprint,
      d.dryRun === true,
      at,
    ];
    return this.db.transaction(async (tx) => {
      const latest = await tx.query(
        `SELECT id, fingerprint FROM trader_decisions
         WHERE vault = $1 AND agent = $2 AND user_address = $3 AND market_id = $4
         ORDER BY id DESC LIMIT 1 FOR UPDATE`,
        scope,
      );
      const last = latest[0];
      if (last && String(last.fingerprint) === fingerprint) {
        const rows = await tx.query(
          `UPDATE trader_decisions SET repeats = repeats + 1,
             last_at = GREATEST(last_at, $2::numeric), updated_at = now()
           WHERE id = $1 RETURNING *`,
          [num(last.id), at],
        );
        return { decision: toDecision(first(rows)), created: false };
      }
      const rows = await tx.query(
        `INSERT INTO trader_decisions (vault, agent, user_address, market_id, action, outcome,
           skip_reason, bound_by, belief, pooled_belief, price, price_wad, edge, shares, cost,
           max_cost, proceeds, min_proceeds, reason, record, decision_key, fingerprint, dry_run,
           first_at, last_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
           $19, $20::jsonb, $21, $22, $23, $24, $24)
         RETURNING *`,
        params,
      );
      return { decision: toDecision(first(rows)), created: true };
    });
  }

  async listDecisions(filter?: TraderFilter & { limit?: number }) {
    const where = "listDecisions";
    const params: unknown[] = [];
    const clauses: string[] = [];
    scopeWhere(where, filter, params, clauses);
    const limit = filter?.limit ?? 10_000;
    if (!Number.isSafeInteger(limit) || limit <= 0) fail(where, "limit must be > 0", limit);
    params.push(limit);
    const rows = await this.db.query(
      `SELECT * FROM trader_decisions ${clauses.length ? `WHERE ${clauses.join(" AND ")}` : ""}
       ORDER BY id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toDecision);
  }

  async recordIntent(i: IntentInsert) {
    const where = "recordIntent";
    const kind = oneOf(where, "kind", ["buy", "sell", "redeem"] as const, i.kind);
    if (typeof i.shares !== "bigint" || i.shares <= 0n) fail(where, "shares must be > 0", i.shares);
    const params = [
      text(where, "key", i.key),
      i.decisionId === null ? null : idArg(where, i.decisionId),
      addr(where, "vault", i.vault),
      addr(where, "agent", i.agent),
      addr(where, "user", i.user),
      uint(where, "marketId", i.marketId),
      smallInt(where, "outcome", i.outcome, 255),
      kind,
      uint(where, "shares", i.shares),
      optUint(where, "limit", i.limit),
      optUint(where, "deadline", i.deadline),
    ];
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO trader_intents (intent_key, decision_id, vault, agent, user_address,
           market_id, outcome, kind, shares, limit_amount, deadline, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending')
         ON CONFLICT (intent_key) DO NOTHING
         RETURNING ${INTENT_COLUMNS}`,
        params,
      );
      if (inserted[0]) {
        const intent = toIntent(inserted[0]);
        await logEvent(tx, "trader.intent.recorded", {
          intentId: intent.id,
          key: intent.key,
          kind: intent.kind,
          marketId: intent.marketId,
          outcome: intent.outcome,
          shares: intent.shares,
          limit: intent.limit,
          deadline: intent.deadline,
        });
        return { intent, created: true };
      }
      const existing = await tx.query(
        `SELECT ${INTENT_COLUMNS} FROM trader_intents WHERE intent_key = $1`,
        [params[0]],
      );
      return { intent: toIntent(first(existing)), created: false };
    });
  }

  async getIntent(id: number) {
    const rows = await this.db.query(`SELECT ${INTENT_COLUMNS} FROM trader_intents WHERE id = $1`, [
      idArg("getIntent", id),
    ]);
    return rows[0] ? toIntent(rows[0]) : null;
  }

  async findIntent(key: string) {
    const rows = await this.db.query(
      `SELECT ${INTENT_COLUMNS} FROM trader_intents WHERE intent_key = $1`,
      [text("findIntent", "key", key)],
    );
    return rows[0] ? toIntent(rows[0]) : null;
  }

  async transitionIntent(
    id: number,
    from: IntentStatus,
    to: IntentStatus,
    patch: IntentPatch = {},
  ): Promise<IntentRecord> {
    const where = "transitionIntent";
    idArg(where, id);
    oneOf(where, "from", INTENT_STATUSES, from);
    oneOf(where, "to", INTENT_STATUSES, to);
    if (!INTENT_TRANSITIONS[from].includes(to)) {
      throw new StoreInputError(`intent ${id}: transition ${from} → ${to} is not allowed`);
    }
    const changes: [string, unknown][] = [];
    const set = (column: string, value: unknown) => changes.push([column, value]);
    if (patch.txHash !== undefined)
      set("tx_hash", patch.txHash === null ? null : hex(where, "txHash", patch.txHash, 32));
    if (patch.rawTx !== undefined)
      set("raw_tx", patch.rawTx === null ? null : hex(where, "rawTx", patch.rawTx));
    if (patch.nonce !== undefined) set("nonce", optUint(where, "nonce", patch.nonce));
    if (patch.amount !== undefined) set("amount", optUint(where, "amount", patch.amount));
    if (patch.blockNumber !== undefined)
      set("block_number", optUint(where, "blockNumber", patch.blockNumber));
    if (patch.error !== undefined) set("error", patch.error);
    return this.db.transaction(async (tx) => {
      const result = await compareAndSetStatus(
        tx,
        "trader_intents",
        INTENT_COLUMNS,
        id,
        from,
        to,
        changes,
      );
      if ("missing" in result) throw new StoreInputError(`intent ${id} does not exist`);
      if ("actual" in result) throw new IntentConflictError(id, from, result.actual, to);
      const row = result.row;
      const intent = toIntent(row);
      await logEvent(tx, "trader.intent.transition", {
        intentId: id,
        key: intent.key,
        from,
        to,
        patch: { ...patch, rawTx: patch.rawTx === undefined ? undefined : "(stored)" },
      });
      return intent;
    });
  }

  async attachIntentTransaction(id: number, t: { txHash: Hex; rawTx: Hex; nonce: bigint }) {
    const where = "attachIntentTransaction";
    idArg(where, id);
    const txHash = hex(where, "txHash", t.txHash, 32);
    const rawTx = hex(where, "rawTx", t.rawTx);
    const nonce = uint(where, "nonce", t.nonce);
    return this.db.transaction(async (tx) => {
      const updated = await tx.query(
        `UPDATE trader_intents SET tx_hash = $2, raw_tx = $3, nonce = $4, updated_at = now()
         WHERE id = $1 AND status = 'sending' AND (tx_hash IS NULL OR tx_hash = $2)
         RETURNING ${INTENT_COLUMNS}`,
        [id, txHash, rawTx, nonce],
      );
      const row = updated[0];
      if (!row) {
        const current = await tx.query<{ status: string; tx_hash: string | null }>(
          "SELECT status, tx_hash FROM trader_intents WHERE id = $1",
          [id],
        );
        const actual = current[0];
        if (!actual) throw new StoreInputError(`intent ${id} does not exist`);
        throw new IntentConflictError(
          id,
          "sending",
          actual.status === "sending"
            ? `sending with another transaction ${actual.tx_hash}`
            : actual.status,
          "sending (signed)",
        );
      }
      const intent = toIntent(row);
      await logEvent(tx, "trader.intent.signed", {
        intentId: id,
        key: intent.key,
        txHash,
        nonce: t.nonce,
      });
      return intent;
    });
  }

  async listIntents(filter?: TraderFilter & { status?: readonly IntentStatus[] }) {
    const where = "listIntents";
    const params: unknown[] = [];
    const clauses: string[] = [];
    scopeWhere(where, filter, params, clauses);
    if (filter?.status) {
      params.push(filter.status.map((s) => oneOf(where, "status", INTENT_STATUSES, s)));
      clauses.push(`status = ANY($${params.length}::text[])`);
    }
    const rows = await this.db.query(
      `SELECT ${INTENT_COLUMNS} FROM trader_intents
       ${clauses.length ? `WHERE ${clauses.join(" AND ")}` : ""} ORDER BY id`,
      params,
    );
    return rows.map(toIntent);
  }

  async upsertPosition(p: PositionUpsert) {
    const where = "upsertPosition";
    const params = [
      addr(where, "vault", p.vault),
      addr(where, "user", p.user),
      uint(where, "marketId", p.marketId),
      json(p.shares.map((s) => uint(where, "shares[]", s))),
      uint(where, "exposure", p.exposure),
      uint(where, "at", p.at),
    ];
    return this.db.transaction(async (tx) => {
      const existing = await tx.query(
        `SELECT * FROM trader_positions WHERE vault = $1 AND user_address = $2 AND market_id = $3
         FOR UPDATE`,
        params.slice(0, 3),
      );
      const old = existing[0] ? toPosition(existing[0]) : null;
      if (
        old &&
        old.exposure === p.exposure &&
        old.shares.length === p.shares.length &&
        old.shares.every((s, i) => s === p.shares[i])
      ) {
        return { position: old, changed: false };
      }
      const rows = await tx.query(
        `INSERT INTO trader_positions (vault, user_address, market_id, shares, exposure, at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6)
         ON CONFLICT (vault, user_address, market_id) DO UPDATE SET
           shares = EXCLUDED.shares, exposure = EXCLUDED.exposure, at = EXCLUDED.at,
           updated_at = now()
         RETURNING *`,
        params,
      );
      return { position: toPosition(first(rows)), changed: true };
    });
  }

  async listPositions(filter?: { vault?: Address; user?: Address }) {
    const params: unknown[] = [];
    const clauses: string[] = [];
    scopeWhere("listPositions", filter, params, clauses, { agent: false });
    const rows = await this.db.query(
      `SELECT * FROM trader_positions ${clauses.length ? `WHERE ${clauses.join(" AND ")}` : ""}
       ORDER BY market_id`,
      params,
    );
    return rows.map(toPosition);
  }

  async recordBelief(b: BeliefInsert) {
    const where = "recordBelief";
    if (typeof b.p !== "number" || !(b.p > 0 && b.p < 1)) {
      fail(where, "p must be a number strictly between 0 and 1", b.p);
    }
    const scope = [
      addr(where, "vault", b.vault),
      addr(where, "agent", b.agent),
      addr(where, "user", b.user),
      uint(where, "marketId", b.marketId),
    ];
    const at = uint(where, "at", b.at);
    const price = optFloat(where, "price", b.price);
    const constrained = optFloat(where, "constrainedP", b.constrainedP);
    if (b.tolerance !== undefined && !(Number.isFinite(b.tolerance) && b.tolerance >= 0)) {
      fail(where, "tolerance must be a finite number ≥ 0", b.tolerance);
    }
    return this.db.transaction(async (tx) => {
      const latest = await tx.query(
        `SELECT * FROM trader_beliefs
         WHERE vault = $1 AND agent = $2 AND user_address = $3 AND market_id = $4
         ORDER BY at DESC, id DESC LIMIT 1 FOR UPDATE`,
        scope,
      );
      const last = latest[0] ? toBelief(latest[0]) : null;
      const tolerance = b.tolerance ?? 1e-12;
      const same = (x: number | null, y: number | null) =>
        x === null || y === null ? x === y : Math.abs(x - y) <= tolerance;
      if (last && same(last.p, b.p) && same(last.price, price) && BigInt(at) >= last.at) {
        const rows = await tx.query(
          `UPDATE trader_beliefs SET last_seen_at = GREATEST(last_seen_at, $2::numeric)
           WHERE id = $1 RETURNING *`,
          [last.id, at],
        );
        return { belief: toBelief(first(rows)), created: false };
      }
      const rows = await tx.query(
        `INSERT INTO trader_beliefs (vault, agent, user_address, market_id, p, constrained_p,
           price, components, at, last_seen_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $9) RETURNING *`,
        [...scope, b.p, constrained, price, json(b.components ?? []), at],
      );
      return { belief: toBelief(first(rows)), created: true };
    });
  }

  async listBeliefs(filter?: TraderFilter) {
    const params: unknown[] = [];
    const clauses: string[] = [];
    scopeWhere("listBeliefs", filter, params, clauses);
    const rows = await this.db.query(
      `SELECT * FROM trader_beliefs ${clauses.length ? `WHERE ${clauses.join(" AND ")}` : ""}
       ORDER BY vault, agent, user_address, market_id, at, id`,
      params,
    );
    return rows.map(toBelief);
  }

  async listEvents(filter?: { kind?: string; limit?: number }) {
    const where = "listEvents";
    const limit = filter?.limit ?? 1000;
    if (!Number.isSafeInteger(limit) || limit <= 0) fail(where, "limit must be > 0", limit);
    const params: unknown[] = [];
    let clause = "kind LIKE 'trader.%'";
    if (filter?.kind !== undefined) {
      params.push(text(where, "kind", filter.kind));
      clause = `kind = $${params.length}`;
    }
    params.push(limit);
    const rows = await this.db.query(
      `SELECT id, at, kind, data FROM events WHERE ${clause} ORDER BY id LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      id: num(r.id),
      at: date(r.at),
      kind: String(r.kind),
      data: (jsonValue(r.data) ?? {}) as Record<string, unknown>,
    }));
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
