/**
 * The decision store suite runs against every backend available: embedded PGlite always, and a real
 * PostgreSQL server when DATABASE_URL is set (`node scripts/with-postgres.mjs vitest run
 * test/store.test.ts` starts a throwaway server and sets it; `npm test` does this).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  type Address,
  type DecisionInsert,
  DecisionNotFoundError,
  type DecisionStore,
  type Hex,
  InvalidTransitionError,
  openDecisionStore,
  redactDatabaseUrl,
  SCHEMA_VERSION,
  SqlDecisionStore,
  type SqlDriver,
  StoreConnectionError,
  StoreInputError,
  StoreLockedError,
  summaryHash,
  TransitionConflictError,
} from "../src/store/index.js";
import { openPgliteDriver } from "../src/store/pglite.js";
import { openPostgresDriver } from "../src/store/postgres.js";

const here = dirname(fileURLToPath(import.meta.url));
const DATABASE_URL = process.env.DATABASE_URL?.trim() || undefined;

const DELEGATE = "0x00000000000000000000000000000000000000d1" as Address;
const DELEGATE_2 = "0x00000000000000000000000000000000000000d2" as Address;
const GOVERNOR = "0x00000000000000000000000000000000000000a1" as Address;
const MANDATE_HASH = `0x${"ab".repeat(32)}` as Hex;
const MAX_UINT256 = (1n << 256n) - 1n;

function decision(over: Partial<DecisionInsert> = {}): DecisionInsert {
  return {
    delegate: DELEGATE,
    governor: GOVERNOR,
    proposalId: 42n,
    mandateHash: MANDATE_HASH,
    mandateVersion: 1,
    summaryHash: `0x${"cd".repeat(32)}`,
    vote: "for",
    ruleId: "grants-small",
    rationale: "Grant of 20,000 USDC, under the 50,000 limit.",
    ...over,
  };
}

/** A backend: opens a fresh, isolated store; `second` opens another handle onto the same data. */
interface Backend {
  name: string;
  /** Open an isolated store, plus a function that opens a second, independent handle to it. */
  fresh(): Promise<{
    store: DecisionStore;
    driver: SqlDriver;
    second?: () => Promise<DecisionStore>;
  }>;
  /** Options that point a child process at the same data (crash test). */
  persistent(): Promise<{ opts: Record<string, string>; cleanup: () => Promise<void> }>;
}

const opened: DecisionStore[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close().catch(() => {});
  for (const c of cleanups.splice(0)) await c();
});

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "mandate-store-"));
  tempDirs.push(d);
  return d;
}

// Opening an in-memory PGlite runs initdb (~1-2 s); start each test from a dump of a migrated
// database instead (~0.3 s). The first call still exercises the full migration path.
let template: Blob | undefined;
async function pgliteTemplate(): Promise<Blob> {
  if (!template) {
    const driver = await openPgliteDriver({ dataDir: "memory://" });
    const store = new SqlDecisionStore(driver);
    expect((await store.migrate()).applied).toEqual([1]);
    template = await driver.dump();
    await store.close();
  }
  return template;
}

const pgliteBackend: Backend = {
  name: "pglite",
  async fresh() {
    const driver = await openPgliteDriver({
      dataDir: "memory://",
      template: await pgliteTemplate(),
    });
    const store = new SqlDecisionStore(driver);
    opened.push(store);
    await store.migrate();
    return { store, driver };
  },
  async persistent() {
    return { opts: { dataDir: join(tempDir(), "db") }, cleanup: async () => {} };
  },
};

let schemaCounter = 0;
function newSchema(): string {
  return `t_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;
}
async function dropSchema(url: string, schema: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
}

const postgresBackend = (url: string): Backend => ({
  name: "postgres",
  async fresh() {
    const schema = newSchema();
    cleanups.push(() => dropSchema(url, schema));
    const driver = await openPostgresDriver({ url, schema });
    const store = new SqlDecisionStore(driver);
    opened.push(store);
    await store.migrate();
    const second = async () => {
      const s = await openDecisionStore({ databaseUrl: url, schema });
      opened.push(s);
      return s;
    };
    return { store, driver, second };
  },
  async persistent() {
    const schema = newSchema();
    return {
      opts: { databaseUrl: url, schema },
      cleanup: () => dropSchema(url, schema),
    };
  },
});

const backends: Backend[] = [
  pgliteBackend,
  ...(DATABASE_URL ? [postgresBackend(DATABASE_URL)] : []),
];

describe.each(backends)("decision store on $name", (backend) => {
  it("migrates once and records the version", async () => {
    const { store, driver } = await backend.fresh();
    expect(await store.migrate()).toEqual({ applied: [], version: SCHEMA_VERSION });
    const rows = await driver.query<{ version: number }>("SELECT version FROM schema_migrations");
    expect(rows.map((r) => Number(r.version))).toEqual([1]);
  });

  it("refuses a database whose schema is newer than this build", async () => {
    const { store, driver } = await backend.fresh();
    await driver.query("INSERT INTO schema_migrations (version, name) VALUES (999, 'future')");
    await expect(store.migrate()).rejects.toThrow(/schema version 999, newer than this build/);
  });

  it("keeps cursors as exact bigints", async () => {
    const { store } = await backend.fresh();
    expect(await store.getCursor("governor:0xa1")).toBeNull();
    await store.setCursor("governor:0xa1", 19_000_000n);
    await store.setCursor("governor:0xa1", 19_000_123n);
    await store.setCursor("huge", 2n ** 200n + 1n);
    expect(await store.getCursor("governor:0xa1")).toBe(19_000_123n);
    expect(await store.getCursor("huge")).toBe(2n ** 200n + 1n);
    await expect(store.setCursor("x", -1n)).rejects.toThrow(StoreInputError);
  });

  it("upserts proposals, keeping the earliest first-seen block and exact uint256 ids", async () => {
    const { store } = await backend.fresh();
    const base = {
      governor: "0x00000000000000000000000000000000000000A1" as Address,
      proposalId: MAX_UINT256,
      descriptionHash: `0x${"11".repeat(32)}` as Hex,
      firstSeenBlock: 100n,
      voteEnd: 1_800_000_000n,
      status: "active" as const,
    };
    const a = await store.upsertProposal(base);
    expect(a.governor).toBe(GOVERNOR);
    expect(a.proposalId).toBe(MAX_UINT256.toString());
    const b = await store.upsertProposal({ ...base, firstSeenBlock: 150n, status: "succeeded" });
    expect(b.firstSeenBlock).toBe(100n);
    expect(b.status).toBe("succeeded");
    expect(b.voteEnd).toBe(1_800_000_000n);
    const got = await store.getProposal(GOVERNOR, MAX_UINT256.toString());
    expect(got?.status).toBe("succeeded");
    expect(await store.listProposals({ status: ["active"] })).toEqual([]);
    expect((await store.listProposals({ status: ["succeeded"] })).length).toBe(1);
    await expect(store.upsertProposal({ ...base, proposalId: MAX_UINT256 + 1n })).rejects.toThrow(
      /proposalId must be between 0 and 2\^256-1/,
    );
  });

  it("saves analyses as JSON, once per summary hash", async () => {
    const { store } = await backend.fresh();
    const summary = { title: "Fund grants", tldr: "Sends 20k USDC.", engine: "openai/gpt-4o-mini" };
    const facts = { topics: ["grants"], transfers: [{ amount: "20000000000" }], totalUsd: 20000 };
    const a = await store.saveAnalysis({
      governor: GOVERNOR,
      proposalId: 7n,
      engine: summary.engine,
      summary,
      facts,
    });
    expect(a.summaryHash).toBe(summaryHash(summary));
    expect(a.summary).toEqual(summary);
    expect(a.facts).toEqual(facts);
    const again = await store.saveAnalysis({
      governor: GOVERNOR,
      proposalId: "7",
      engine: summary.engine,
      summary: { engine: summary.engine, tldr: summary.tldr, title: summary.title }, // same, reordered
      facts,
    });
    expect(again.id).toBe(a.id);
    expect((await store.getLatestAnalysis(GOVERNOR, 7n))?.id).toBe(a.id);
  });

  it("records a decision once per (delegate, governor, proposal)", async () => {
    const { store } = await backend.fresh();
    const first = await store.recordDecision(decision({ deadline: 1_900_000_000n }));
    expect(first.created).toBe(true);
    expect(first.decision).toMatchObject({
      status: "pending",
      vote: "for",
      proposalId: "42",
      mandateVersion: 1,
      deadline: 1_900_000_000n,
      nonce: null,
      txHash: null,
    });
    const second = await store.recordDecision(decision({ vote: "against", rationale: "changed" }));
    expect(second.created).toBe(false);
    expect(second.decision).toEqual(first.decision);
    const other = await store.recordDecision(decision({ delegate: DELEGATE_2 }));
    expect(other.created).toBe(true);
    const events = await store.listEvents({ kind: "decision.recorded" });
    expect(events.map((e) => e.decisionId)).toEqual([first.decision.id, other.decision.id]);
  });

  it("records exactly one decision when several record it concurrently", async () => {
    const { store, second } = await backend.fresh();
    const stores = second ? [store, await second()] : [store];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        (stores[i % stores.length] as DecisionStore).recordDecision(decision({ proposalId: 9n })),
      ),
    );
    expect(results.filter((r) => r.created).length).toBe(1);
    expect(new Set(results.map((r) => r.decision.id)).size).toBe(1);
  });

  it("transitions by compare-and-set and logs each transition", async () => {
    const { store } = await backend.fresh();
    const { decision: d } = await store.recordDecision(decision());
    const sending = await store.transition(d.id, "pending", "sending", { nonce: 2n ** 64n + 1n });
    expect(sending.status).toBe("sending");
    expect(sending.nonce).toBe(2n ** 64n + 1n);
    expect(sending.vote).toBe("for"); // untouched by the patch

    const conflict = await store.transition(d.id, "pending", "sending").catch((e) => e);
    expect(conflict).toBeInstanceOf(TransitionConflictError);
    expect(conflict).toMatchObject({ expected: "pending", actual: "sending" });
    expect(String(conflict.message)).toContain("status is sending, expected pending");

    const txHash = `0x${"ee".repeat(32)}` as Hex;
    const sent = await store.transition(d.id, "sending", "sent", { txHash });
    expect(sent.txHash).toBe(txHash);
    expect(sent.nonce).toBe(2n ** 64n + 1n);
    await store.transition(d.id, "sent", "confirmed");
    await expect(store.transition(d.id, "confirmed", "pending")).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    await expect(store.transition(999_999, "pending", "sending")).rejects.toBeInstanceOf(
      DecisionNotFoundError,
    );
    const log = await store.listEvents({ decisionId: d.id, kind: "decision.transition" });
    expect(log.map((e) => `${e.data.from}->${e.data.to}`)).toEqual([
      "pending->sending",
      "sending->sent",
      "sent->confirmed",
    ]);
    expect(log[0]?.data.patch).toEqual({ nonce: (2n ** 64n + 1n).toString() });
  });

  it("lets exactly one of two concurrent transitions win (same handle)", async () => {
    const { store } = await backend.fresh();
    for (let round = 0; round < 5; round++) {
      const { decision: d } = await store.recordDecision(decision({ proposalId: BigInt(round) }));
      const outcomes = await Promise.allSettled([
        store.transition(d.id, "pending", "sending", { nonce: 1n }),
        store.transition(d.id, "pending", "sending", { nonce: 2n }),
      ]);
      const won = outcomes.filter((o) => o.status === "fulfilled");
      const lost = outcomes.filter((o) => o.status === "rejected");
      expect(won.length).toBe(1);
      expect(lost.length).toBe(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(TransitionConflictError);
      const winner = (won[0] as PromiseFulfilledResult<{ nonce: bigint | null }>).value;
      expect((await store.getDecision(d.id))?.nonce).toBe(winner.nonce);
    }
  });

  // Registered only where it applies (the PostgreSQL pass), so no test shows as skipped.
  if (backend.name === "postgres")
    it("lets exactly one of two processes claim a decision (two independent pools)", async () => {
      const { store, second } = await backend.fresh();
      const other = await (second as () => Promise<DecisionStore>)();
      for (let round = 0; round < 10; round++) {
        const { decision: d } = await store.recordDecision(decision({ proposalId: BigInt(round) }));
        const outcomes = await Promise.allSettled([
          store.transition(d.id, "pending", "sending", { nonce: 1n }),
          other.transition(d.id, "pending", "sending", { nonce: 2n }),
        ]);
        expect(outcomes.filter((o) => o.status === "fulfilled").length).toBe(1);
        const lost = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(TransitionConflictError);
      }
    });

  it("lists unfinished and asked decisions, earliest deadline first", async () => {
    const { store } = await backend.fresh();
    const mk = async (id: bigint, deadline: bigint | null, status?: "asked" | "skipped") =>
      (await store.recordDecision(decision({ proposalId: id, deadline, status }))).decision;
    const late = await mk(1n, 2_000n);
    const early = await mk(2n, 1_000n);
    const none = await mk(3n, null);
    const asked = await mk(4n, 500n, "asked");
    await mk(5n, 100n, "skipped");
    const sending = await mk(6n, 1_500n);
    await store.transition(sending.id, "pending", "sending");
    const done = await mk(7n, 10n);
    await store.transition(done.id, "pending", "sending");
    await store.transition(done.id, "sending", "confirmed");
    const otherDelegate = (await store.recordDecision(decision({ delegate: DELEGATE_2 }))).decision;

    const pending = await store.listPending({ delegate: DELEGATE });
    expect(pending.map((d) => d.id)).toEqual([early.id, sending.id, late.id, none.id]);
    expect((await store.listPending()).map((d) => d.id)).toContain(otherDelegate.id);
    expect((await store.listAsked()).map((d) => d.id)).toEqual([asked.id]);
    await store.transition(asked.id, "asked", "pending", { vote: "against", ruleId: "human" });
    expect(await store.listAsked()).toEqual([]);
    expect((await store.getDecision(asked.id))?.vote).toBe("against");
  });

  it("keeps the audit log append-only", async () => {
    const { store, driver } = await backend.fresh();
    const e = await store.appendEvent({
      kind: "watcher.reorg",
      governor: GOVERNOR,
      proposalId: MAX_UINT256,
      data: { fromBlock: 10n, depth: 3 },
    });
    expect(e.data).toEqual({ fromBlock: "10", depth: 3 });
    expect(e.proposalId).toBe(MAX_UINT256.toString());
    await expect(driver.query("UPDATE events SET kind = 'x'")).rejects.toThrow(/append-only/);
    await expect(driver.query("DELETE FROM events")).rejects.toThrow(/append-only/);
    await expect(driver.query("TRUNCATE events")).rejects.toThrow(/append-only/);
    expect((await store.listEvents()).length).toBe(1);
  });

  it("names the bad argument", async () => {
    const { store } = await backend.fresh();
    await expect(store.recordDecision(decision({ delegate: "0x12" as Address }))).rejects.toThrow(
      'recordDecision: delegate must be a 0x-prefixed 20-byte address (got "0x12")',
    );
    await expect(
      store.recordDecision(decision({ vote: "yes" as unknown as "for" })),
    ).rejects.toThrow("recordDecision: vote must be one of for, against, abstain");
    await expect(store.recordDecision(decision({ proposalId: "1e3" }))).rejects.toThrow(
      /proposalId must be a non-negative integer/,
    );
    await expect(store.getDecision(0)).rejects.toThrow(
      "getDecision: id must be a positive integer",
    );
  });

  it("finds a decision left in `sending` after the process is killed mid-send", async () => {
    const { opts, cleanup } = await backend.persistent();
    cleanups.push(cleanup);
    const out = await runCrashChild(opts);
    expect(out.signal).toBe("SIGKILL");
    expect(out.stdout).toMatch(/^claimed \d+/);

    const store = await openDecisionStore(opts);
    opened.push(store);
    const pending = await store.listPending();
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      status: "sending",
      nonce: 18_446_744_073_709_551_617n,
      vote: "against",
      proposalId: MAX_UINT256.toString(),
      deadline: 1_900_000_000n,
    });
    // The restarted executor resolves it (here: found mined on chain) and nobody can claim it again.
    const id = (pending[0] as { id: number }).id;
    await store.transition(id, "sending", "confirmed", { txHash: `0x${"12".repeat(32)}` });
    await expect(store.transition(id, "pending", "sending")).rejects.toBeInstanceOf(
      TransitionConflictError,
    );
  }, 60_000);
});

function runCrashChild(
  opts: Record<string, string>,
): Promise<{ signal: NodeJS.Signals | null; code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--experimental-transform-types",
        "--no-warnings",
        "--import",
        join(here, "store-ts-hook.mjs"),
        join(here, "store-crash-child.ts"),
        JSON.stringify(opts),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => {
      stdout += b;
    });
    child.stderr.on("data", (b) => {
      stderr += b;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`crash child exited ${code}: ${stderr}`));
      else resolve({ signal, code, stdout });
    });
  });
}

describe("embedded store (PGlite) on disk", () => {
  it("persists across close and reopen, and creates its directory", async () => {
    const dir = join(tempDir(), "nested", "delegate-db");
    const a = await openDecisionStore({ dataDir: dir });
    const { decision: d } = await a.recordDecision(decision());
    await a.setCursor("governor", 123n);
    await a.close();
    expect(existsSync(dir)).toBe(true);

    const b = await openDecisionStore({ dataDir: dir });
    opened.push(b);
    expect(await b.getCursor("governor")).toBe(123n);
    expect((await b.getDecision(d.id))?.rationale).toBe(decision().rationale);
    expect(await b.migrate()).toEqual({ applied: [], version: SCHEMA_VERSION });
  });

  it("defaults to .mandate/delegate-db under the working directory", async () => {
    const cwd = tempDir();
    const s = await openDecisionStore({ cwd });
    opened.push(s);
    expect(s.kind).toBe("pglite");
    expect(s.location).toBe(join(cwd, ".mandate", "delegate-db"));
  });

  it("refuses a second open of the same directory", async () => {
    const dir = join(tempDir(), "db");
    const a = await openDecisionStore({ dataDir: dir });
    opened.push(a);
    await expect(openDecisionStore({ dataDir: dir })).rejects.toBeInstanceOf(StoreLockedError);
  });
});

describe("PostgreSQL connection errors", () => {
  it("names the server, hides the password", async () => {
    // Port 1 on localhost: nothing listens there.
    const url = "postgres://mandate:s3cret-pw@127.0.0.1:1/delegate";
    const err = await openDecisionStore({ databaseUrl: url }).catch((e) => e);
    expect(err).toBeInstanceOf(StoreConnectionError);
    expect(err.message).toBe(
      "cannot connect to PostgreSQL at postgres://mandate:***@127.0.0.1:1/delegate: ECONNREFUSED",
    );
    expect(err.message).not.toContain("s3cret");
  });

  it("rejects a malformed DATABASE_URL without echoing the password", async () => {
    await expect(openDecisionStore({ databaseUrl: "mysql://u:pw@h/db" })).rejects.toThrow(
      "DATABASE_URL must start with postgres:// or postgresql:// (got mysql://…)",
    );
    expect(redactDatabaseUrl("postgres://u:p%40ss@h:5432/db?password=x")).toBe(
      "postgres://u:***@h:5432/db?password=***",
    );
  });

  if (DATABASE_URL !== undefined)
    it("reports a wrong password without printing it", async () => {
      const u = new URL(DATABASE_URL as string);
      u.username = "mandate_nobody";
      u.password = "wrong-Secret-123";
      const err = await openDecisionStore({ databaseUrl: u.toString() }).catch((e) => e);
      expect(err).toBeInstanceOf(StoreConnectionError);
      expect(err.message).toContain(
        "cannot connect to PostgreSQL at postgres://mandate_nobody:***@",
      );
      expect(err.message).not.toContain("wrong-Secret-123");
    });
});
