/**
 * The one implementation of DecisionStore, written against a minimal SQL driver interface that
 * both PGlite and node-postgres satisfy. All SQL lives here and in migrations.ts.
 */
import { keccak256, stringToBytes } from "viem";
import {
  DecisionNotFoundError,
  InvalidTransitionError,
  SchemaVersionError,
  StoreError,
  StoreInputError,
  TransitionConflictError,
} from "./errors.js";
import { MIGRATIONS, SCHEMA_VERSION } from "./migrations.js";
import {
  type Address,
  type AnalysisInsert,
  type AnalysisRecord,
  DECISION_STATUSES,
  DECISION_TRANSITIONS,
  type DecisionFilter,
  type DecisionInsert,
  type DecisionPatch,
  type DecisionRecord,
  type DecisionStatus,
  type DecisionStore,
  type EventInsert,
  type EventRecord,
  type Hex,
  type MigrationResult,
  PROPOSAL_STATUSES,
  type ProposalRecord,
  type ProposalStatus,
  type ProposalUpsert,
  UNFINISHED_STATUSES,
  VOTES,
  type Vote,
} from "./types.js";

/** Runs SQL. `query` takes $1-style parameters; `exec` runs several statements without them. */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  exec(text: string): Promise<void>;
}

/** A connection (or pool) with transactions. */
export interface SqlDriver extends SqlExecutor {
  readonly kind: "pglite" | "postgres";
  readonly location: string;
  /** Runs `fn` in a transaction: COMMIT if it resolves, ROLLBACK if it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Arbitrary constant for pg_advisory_xact_lock: serialises concurrent migrations. */
const MIGRATION_LOCK_KEY = 7_283_114_952;

// ---------------------------------------------------------------------------------------------
// Input validation: every value that reaches SQL is checked and normalised here, so errors name
// the argument instead of surfacing as a CHECK-constraint violation.

function fail(where: string, what: string, got: unknown): never {
  const shown = typeof got === "bigint" ? `${got}n` : JSON.stringify(got);
  throw new StoreInputError(`${where}: ${what} (got ${shown})`);
}

function address(where: string, field: string, v: unknown): Address {
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{40}$/.test(v)) {
    fail(where, `${field} must be a 0x-prefixed 20-byte address`, v);
  }
  return v.toLowerCase() as Address;
}

function hash32(where: string, field: string, v: unknown): Hex {
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(v)) {
    fail(where, `${field} must be a 0x-prefixed 32-byte hex string`, v);
  }
  return v.toLowerCase() as Hex;
}

const MAX_UINT256 = (1n << 256n) - 1n;

/** A uint256 (bigint or decimal string) as a canonical decimal string. */
function uint(where: string, field: string, v: unknown): string {
  let n: bigint;
  if (typeof v === "bigint") n = v;
  else if (typeof v === "string" && /^\d+$/.test(v)) n = BigInt(v);
  else fail(where, `${field} must be a non-negative integer (bigint or decimal string)`, v);
  if (n < 0n || n > MAX_UINT256) fail(where, `${field} must be between 0 and 2^256-1`, v);
  return n.toString();
}

function optionalUint(where: string, field: string, v: unknown): string | null {
  return v === null || v === undefined ? null : uint(where, field, v);
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

function vote(where: string, v: unknown): Vote | null {
  return v === null ? null : oneOf(where, "vote", VOTES, v);
}

function decisionId(where: string, id: unknown): number {
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id <= 0) {
    fail(where, "id must be a positive integer", id);
  }
  return id;
}

function cursorName(where: string, name: unknown): string {
  if (typeof name !== "string" || name.length === 0 || name.length > 200) {
    fail(where, "cursor name must be a non-empty string of at most 200 characters", name);
  }
  return name;
}

/** JSON text for a JSONB parameter; bigints become decimal strings. */
function json(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x)) ?? "null";
}

/** JSON with object keys sorted, so equal values hash equally. */
export function canonicalJson(v: unknown): string {
  const norm = (x: unknown): unknown => {
    if (typeof x === "bigint") return x.toString();
    if (Array.isArray(x)) return x.map(norm);
    if (x && typeof x === "object" && !(x instanceof Date)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(x).sort()) {
        const val = (x as Record<string, unknown>)[k];
        if (val !== undefined) out[k] = norm(val);
      }
      return out;
    }
    return x;
  };
  return JSON.stringify(norm(v)) ?? "null";
}

/** keccak256 of the canonical JSON of a summary: the hash a vote reason can cite. */
export function summaryHash(summary: unknown): Hex {
  return keccak256(stringToBytes(canonicalJson(summary)));
}

// ---------------------------------------------------------------------------------------------
// Row mapping. NUMERIC comes back as a string from both drivers; BIGINT ids come back as a number
// (PGlite) or a string (pg); timestamps as Date from both.

type Row = Record<string, unknown>;

function num(v: unknown): number {
  const n = typeof v === "number" ? v : Number(v);
  if (!Number.isSafeInteger(n)) throw new StoreError(`unexpected id value from the database: ${v}`);
  return n;
}
function big(v: unknown): bigint {
  return BigInt(String(v));
}
function bigOrNull(v: unknown): bigint | null {
  return v === null || v === undefined ? null : big(v);
}
function str(v: unknown): string {
  return String(v);
}
function strOrNull<T extends string = string>(v: unknown): T | null {
  return v === null || v === undefined ? null : (String(v) as T);
}
function date(v: unknown): Date {
  return v instanceof Date ? v : new Date(String(v));
}
function jsonValue(v: unknown): unknown {
  return typeof v === "string" ? JSON.parse(v) : v;
}

function toProposal(r: Row): ProposalRecord {
  return {
    governor: str(r.governor) as Address,
    proposalId: str(r.proposal_id),
    descriptionHash: str(r.description_hash) as Hex,
    firstSeenBlock: big(r.first_seen_block),
    voteEnd: bigOrNull(r.vote_end),
    status: str(r.status) as ProposalStatus,
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

function toAnalysis(r: Row): AnalysisRecord {
  return {
    id: num(r.id),
    governor: str(r.governor) as Address,
    proposalId: str(r.proposal_id),
    engine: str(r.engine),
    summary: jsonValue(r.summary),
    facts: jsonValue(r.facts),
    summaryHash: str(r.summary_hash) as Hex,
    createdAt: date(r.created_at),
  };
}

function toDecision(r: Row): DecisionRecord {
  return {
    id: num(r.id),
    delegate: str(r.delegate) as Address,
    governor: str(r.governor) as Address,
    proposalId: str(r.proposal_id),
    mandateHash: str(r.mandate_hash) as Hex,
    mandateVersion: num(r.mandate_version),
    summaryHash: strOrNull<Hex>(r.summary_hash),
    vote: strOrNull<Vote>(r.vote),
    ruleId: strOrNull(r.rule_id),
    rationale: str(r.rationale),
    status: str(r.status) as DecisionStatus,
    txHash: strOrNull<Hex>(r.tx_hash),
    nonce: bigOrNull(r.nonce),
    error: strOrNull(r.error),
    deadline: bigOrNull(r.deadline),
    createdAt: date(r.created_at),
    updatedAt: date(r.updated_at),
  };
}

function toEvent(r: Row): EventRecord {
  return {
    id: num(r.id),
    at: date(r.at),
    kind: str(r.kind),
    decisionId: r.decision_id === null ? null : num(r.decision_id),
    governor: strOrNull<Address>(r.governor),
    proposalId: strOrNull(r.proposal_id),
    data: (jsonValue(r.data) ?? {}) as Record<string, unknown>,
  };
}

const DECISION_COLUMNS =
  "id, delegate, governor, proposal_id, mandate_hash, mandate_version, summary_hash, vote, " +
  "rule_id, rationale, status, tx_hash, nonce, error, deadline, created_at, updated_at";

function decisionWhere(
  filter: (DecisionFilter & { status?: readonly DecisionStatus[] }) | undefined,
  where: string,
): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter?.status) {
    const statuses = filter.status.map((s) => oneOf(where, "status", DECISION_STATUSES, s));
    params.push(statuses);
    clauses.push(`status = ANY($${params.length}::text[])`);
  }
  if (filter?.delegate) {
    params.push(address(where, "delegate", filter.delegate));
    clauses.push(`delegate = $${params.length}`);
  }
  if (filter?.governor) {
    params.push(address(where, "governor", filter.governor));
    clauses.push(`governor = $${params.length}`);
  }
  return { sql: clauses.length ? `WHERE ${clauses.join(" AND ")}` : "", params };
}

async function insertEvent(db: SqlExecutor, e: EventInsert): Promise<EventRecord> {
  const where = "appendEvent";
  if (typeof e.kind !== "string" || e.kind.length === 0) fail(where, "kind is required", e.kind);
  const rows = await db.query(
    `INSERT INTO events (kind, decision_id, governor, proposal_id, data)
     VALUES ($1, $2, $3, $4, $5::jsonb)
     RETURNING id, at, kind, decision_id, governor, proposal_id, data`,
    [
      e.kind,
      e.decisionId ?? null,
      e.governor ? address(where, "governor", e.governor) : null,
      optionalUint(where, "proposalId", e.proposalId),
      json(e.data ?? {}),
    ],
  );
  return toEvent(first(rows));
}

function first<R>(rows: R[]): R {
  const r = rows[0];
  if (r === undefined) throw new StoreError("expected a row from the database, got none");
  return r;
}

/**
 * The compare-and-set every status change goes through: in one transaction, sets `status = to`,
 * `updated_at = now()` and the `changes` on the row `id` of `table` only while its status is
 * `from`. Returns the updated row, or why nothing changed: the row is missing, or its status is
 * `actual` (someone else moved it first). Column names come from the stores, never from input.
 */
export async function compareAndSetStatus<Row extends Record<string, unknown>>(
  tx: SqlExecutor,
  table: string,
  returning: string,
  id: number,
  from: string,
  to: string,
  changes: readonly (readonly [column: string, value: unknown])[],
): Promise<{ row: Row } | { missing: true } | { actual: string }> {
  const params: unknown[] = [id, from, to];
  const sets = ["status = $3", "updated_at = now()"];
  for (const [column, value] of changes) {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  }
  const updated = await tx.query<Row>(
    `UPDATE ${table} SET ${sets.join(", ")} WHERE id = $1 AND status = $2 RETURNING ${returning}`,
    params,
  );
  const row = updated[0];
  if (row) return { row };
  const current = await tx.query<{ status: string }>(`SELECT status FROM ${table} WHERE id = $1`, [
    id,
  ]);
  const actual = current[0];
  return actual ? { actual: actual.status } : { missing: true };
}

/** DecisionStore over any SqlDriver. Use `openDecisionStore` rather than constructing this. */
export class SqlDecisionStore implements DecisionStore {
  readonly kind: "pglite" | "postgres";
  readonly location: string;

  constructor(private readonly db: SqlDriver) {
    this.kind = db.kind;
    this.location = db.location;
  }

  async migrate(): Promise<MigrationResult> {
    return this.db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
      await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const done = new Set(
        (await tx.query<{ version: number }>("SELECT version FROM schema_migrations")).map((r) =>
          Number(r.version),
        ),
      );
      const newest = Math.max(0, ...done);
      if (newest > SCHEMA_VERSION) {
        throw new SchemaVersionError(
          `database at ${this.location} has schema version ${newest}, newer than this build ` +
            `understands (${SCHEMA_VERSION}); upgrade the delegate or use another database`,
        );
      }
      const applied: number[] = [];
      for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        try {
          await tx.exec(m.sql);
        } catch (e) {
          throw new SchemaVersionError(
            `migration ${m.version} (${m.name}) failed on ${this.location}: ${(e as Error).message}`,
          );
        }
        await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
          m.version,
          m.name,
        ]);
        applied.push(m.version);
      }
      return { applied, version: Math.max(newest, ...applied) };
    });
  }

  async getCursor(name: string): Promise<bigint | null> {
    const rows = await this.db.query("SELECT block_number FROM cursor WHERE name = $1", [
      cursorName("getCursor", name),
    ]);
    return rows[0] ? big(rows[0].block_number) : null;
  }

  async setCursor(name: string, blockNumber: bigint): Promise<void> {
    const where = "setCursor";
    await this.db.query(
      `INSERT INTO cursor (name, block_number) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET block_number = EXCLUDED.block_number, updated_at = now()`,
      [cursorName(where, name), uint(where, "blockNumber", blockNumber)],
    );
  }

  async upsertProposal(p: ProposalUpsert): Promise<ProposalRecord> {
    const where = "upsertProposal";
    const rows = await this.db.query(
      `INSERT INTO proposals (governor, proposal_id, description_hash, first_seen_block, vote_end, status)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (governor, proposal_id) DO UPDATE SET
         first_seen_block = LEAST(proposals.first_seen_block, EXCLUDED.first_seen_block),
         vote_end = COALESCE(EXCLUDED.vote_end, proposals.vote_end),
         status = EXCLUDED.status,
         description_hash = EXCLUDED.description_hash,
         updated_at = now()
       RETURNING *`,
      [
        address(where, "governor", p.governor),
        uint(where, "proposalId", p.proposalId),
        hash32(where, "descriptionHash", p.descriptionHash),
        uint(where, "firstSeenBlock", p.firstSeenBlock),
        optionalUint(where, "voteEnd", p.voteEnd),
        oneOf(where, "status", PROPOSAL_STATUSES, p.status),
      ],
    );
    return toProposal(first(rows));
  }

  async getProposal(governor: Address, proposalId: bigint | string) {
    const where = "getProposal";
    const rows = await this.db.query(
      "SELECT * FROM proposals WHERE governor = $1 AND proposal_id = $2",
      [address(where, "governor", governor), uint(where, "proposalId", proposalId)],
    );
    return rows[0] ? toProposal(rows[0]) : null;
  }

  async listProposals(filter?: { status?: readonly ProposalStatus[] }) {
    const params: unknown[] = [];
    let sql = "SELECT * FROM proposals";
    if (filter?.status) {
      params.push(filter.status.map((s) => oneOf("listProposals", "status", PROPOSAL_STATUSES, s)));
      sql += " WHERE status = ANY($1::text[])";
    }
    const rows = await this.db.query(`${sql} ORDER BY first_seen_block, proposal_id`, params);
    return rows.map(toProposal);
  }

  async saveAnalysis(a: AnalysisInsert): Promise<AnalysisRecord> {
    const where = "saveAnalysis";
    if (typeof a.engine !== "string" || a.engine.length === 0) {
      fail(where, "engine is required", a.engine);
    }
    const governor = address(where, "governor", a.governor);
    const proposalId = uint(where, "proposalId", a.proposalId);
    const hash =
      a.summaryHash === undefined
        ? summaryHash(a.summary)
        : hash32(where, "summaryHash", a.summaryHash);
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO analyses (governor, proposal_id, engine, summary, facts, summary_hash)
         VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6)
         ON CONFLICT (governor, proposal_id, summary_hash) DO NOTHING
         RETURNING *`,
        [governor, proposalId, a.engine, json(a.summary), json(a.facts), hash],
      );
      if (inserted[0]) return toAnalysis(inserted[0]);
      const existing = await tx.query(
        "SELECT * FROM analyses WHERE governor = $1 AND proposal_id = $2 AND summary_hash = $3",
        [governor, proposalId, hash],
      );
      return toAnalysis(first(existing));
    });
  }

  async getLatestAnalysis(governor: Address, proposalId: bigint | string) {
    const where = "getLatestAnalysis";
    const rows = await this.db.query(
      `SELECT * FROM analyses WHERE governor = $1 AND proposal_id = $2
       ORDER BY id DESC LIMIT 1`,
      [address(where, "governor", governor), uint(where, "proposalId", proposalId)],
    );
    return rows[0] ? toAnalysis(rows[0]) : null;
  }

  async recordDecision(d: DecisionInsert) {
    const where = "recordDecision";
    const status = oneOf(
      where,
      "status",
      ["pending", "asked", "skipped"] as const,
      d.status ?? "pending",
    );
    if (!Number.isSafeInteger(d.mandateVersion) || d.mandateVersion < 0) {
      fail(where, "mandateVersion must be a non-negative integer", d.mandateVersion);
    }
    if (typeof d.rationale !== "string") fail(where, "rationale must be a string", d.rationale);
    const params = [
      address(where, "delegate", d.delegate),
      address(where, "governor", d.governor),
      uint(where, "proposalId", d.proposalId),
      hash32(where, "mandateHash", d.mandateHash),
      d.mandateVersion,
      d.summaryHash == null ? null : hash32(where, "summaryHash", d.summaryHash),
      vote(where, d.vote ?? null),
      d.ruleId ?? null,
      d.rationale,
      status,
      optionalUint(where, "deadline", d.deadline),
    ];
    return this.db.transaction(async (tx) => {
      const inserted = await tx.query(
        `INSERT INTO decisions (delegate, governor, proposal_id, mandate_hash, mandate_version,
           summary_hash, vote, rule_id, rationale, status, deadline)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT ON CONSTRAINT decisions_once DO NOTHING
         RETURNING ${DECISION_COLUMNS}`,
        params,
      );
      if (inserted[0]) {
        const decision = toDecision(inserted[0]);
        await insertEvent(tx, {
          kind: "decision.recorded",
          decisionId: decision.id,
          governor: decision.governor,
          proposalId: decision.proposalId,
          data: {
            delegate: decision.delegate,
            status: decision.status,
            vote: decision.vote,
            ruleId: decision.ruleId,
            mandateHash: decision.mandateHash,
          },
        });
        return { decision, created: true };
      }
      const existing = await tx.query(
        `SELECT ${DECISION_COLUMNS} FROM decisions
         WHERE delegate = $1 AND governor = $2 AND proposal_id = $3`,
        params.slice(0, 3),
      );
      return { decision: toDecision(first(existing)), created: false };
    });
  }

  async getDecision(id: number) {
    const rows = await this.db.query(`SELECT ${DECISION_COLUMNS} FROM decisions WHERE id = $1`, [
      decisionId("getDecision", id),
    ]);
    return rows[0] ? toDecision(rows[0]) : null;
  }

  async findDecision(delegate: Address, governor: Address, proposalId: bigint | string) {
    const where = "findDecision";
    const rows = await this.db.query(
      `SELECT ${DECISION_COLUMNS} FROM decisions
       WHERE delegate = $1 AND governor = $2 AND proposal_id = $3`,
      [
        address(where, "delegate", delegate),
        address(where, "governor", governor),
        uint(where, "proposalId", proposalId),
      ],
    );
    return rows[0] ? toDecision(rows[0]) : null;
  }

  async transition(
    id: number,
    from: DecisionStatus,
    to: DecisionStatus,
    patch: DecisionPatch = {},
  ): Promise<DecisionRecord> {
    const where = "transition";
    decisionId(where, id);
    oneOf(where, "from", DECISION_STATUSES, from);
    oneOf(where, "to", DECISION_STATUSES, to);
    if (!DECISION_TRANSITIONS[from].includes(to)) throw new InvalidTransitionError(id, from, to);

    const changes: [string, unknown][] = [];
    const set = (column: string, value: unknown) => changes.push([column, value]);
    if (patch.vote !== undefined) set("vote", vote(where, patch.vote));
    if (patch.ruleId !== undefined) set("rule_id", patch.ruleId);
    if (patch.rationale !== undefined) {
      if (typeof patch.rationale !== "string")
        fail(where, "rationale must be a string", patch.rationale);
      set("rationale", patch.rationale);
    }
    if (patch.txHash !== undefined) {
      set("tx_hash", patch.txHash === null ? null : hash32(where, "txHash", patch.txHash));
    }
    if (patch.nonce !== undefined) set("nonce", optionalUint(where, "nonce", patch.nonce));
    if (patch.error !== undefined) set("error", patch.error);
    if (patch.summaryHash !== undefined) {
      set(
        "summary_hash",
        patch.summaryHash === null ? null : hash32(where, "summaryHash", patch.summaryHash),
      );
    }

    return this.db.transaction(async (tx) => {
      const result = await compareAndSetStatus(
        tx,
        "decisions",
        DECISION_COLUMNS,
        id,
        from,
        to,
        changes,
      );
      if ("missing" in result) throw new DecisionNotFoundError(id);
      if ("actual" in result) {
        throw new TransitionConflictError(id, from, result.actual as DecisionStatus, to);
      }
      const row = result.row;
      const decision = toDecision(row);
      await insertEvent(tx, {
        kind: "decision.transition",
        decisionId: id,
        governor: decision.governor,
        proposalId: decision.proposalId,
        data: { from, to, patch },
      });
      return decision;
    });
  }

  async listDecisions(filter?: DecisionFilter & { status?: readonly DecisionStatus[] }) {
    const { sql, params } = decisionWhere(filter, "listDecisions");
    const rows = await this.db.query(
      `SELECT ${DECISION_COLUMNS} FROM decisions ${sql} ORDER BY deadline ASC NULLS LAST, id`,
      params,
    );
    return rows.map(toDecision);
  }

  listPending(filter?: DecisionFilter) {
    return this.listDecisions({ ...filter, status: UNFINISHED_STATUSES });
  }

  listAsked(filter?: DecisionFilter) {
    return this.listDecisions({ ...filter, status: ["asked"] });
  }

  appendEvent(e: EventInsert) {
    return insertEvent(this.db, e);
  }

  async listEvents(filter?: {
    decisionId?: number;
    kind?: string;
    governor?: Address;
    proposalId?: bigint | string;
    limit?: number;
  }) {
    const where = "listEvents";
    const clauses: string[] = [];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      clauses.push(clause.replace("?", `$${params.length}`));
    };
    if (filter?.decisionId !== undefined) {
      add("decision_id = ?", decisionId(where, filter.decisionId));
    }
    if (filter?.kind !== undefined) add("kind = ?", filter.kind);
    if (filter?.governor !== undefined)
      add("governor = ?", address(where, "governor", filter.governor));
    if (filter?.proposalId !== undefined) {
      add("proposal_id = ?", uint(where, "proposalId", filter.proposalId));
    }
    const limit = filter?.limit ?? 1000;
    if (!Number.isSafeInteger(limit) || limit <= 0)
      fail(where, "limit must be a positive integer", limit);
    params.push(limit);
    const rows = await this.db.query(
      `SELECT id, at, kind, decision_id, governor, proposal_id, data FROM events
       ${clauses.length ? `WHERE ${clauses.join(" AND ")}` : ""}
       ORDER BY id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toEvent);
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
