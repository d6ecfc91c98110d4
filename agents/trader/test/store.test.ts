/**
 * The trader's tables in the decision store, on every backend available: embedded PGlite always,
 * and PostgreSQL when DATABASE_URL is set (`npm test` runs this file a second time through
 * agents/delegate/scripts/with-postgres.mjs, which starts a throwaway server).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type IntentInsert,
  openDecisionStore,
  openTraderStore,
  SCHEMA_VERSION,
  StoreInputError,
  TRADER_SCHEMA_VERSION,
  type TraderDecisionInsert,
  type TraderStore,
} from "@mandate/delegate";
import type { Address } from "viem";
import { afterAll, afterEach, describe, expect, it } from "vitest";

const DATABASE_URL = process.env.DATABASE_URL?.trim() || undefined;
const VAULT = "0x00000000000000000000000000000000000000a1" as Address;
const AGENT = "0x00000000000000000000000000000000000000B2" as Address;
const USER = "0x00000000000000000000000000000000000000c3" as Address;
const scope = { vault: VAULT, agent: AGENT, user: USER };

const opened: TraderStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close().catch(() => {});
});
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

let schemaCounter = 0;
interface Backend {
  name: string;
  /** A fresh store, and a function opening a second handle onto the same data (if possible). */
  fresh(): Promise<{ store: TraderStore; second?: () => Promise<TraderStore> }>;
}
const pglite: Backend = {
  name: "pglite",
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), "mandate-trader-store-"));
    dirs.push(dir);
    const store = await openTraderStore({ dataDir: join(dir, "db") });
    opened.push(store);
    return { store };
  },
};
const postgres = (url: string): Backend => ({
  name: "postgres",
  async fresh() {
    // The server is a throwaway one (with-postgres.mjs deletes it): schemas need no cleanup.
    const schema = `trader_${process.pid}_${Date.now().toString(36)}_${schemaCounter++}`;
    const store = await openTraderStore({ databaseUrl: url, schema });
    opened.push(store);
    const second = async () => {
      const s = await openTraderStore({ databaseUrl: url, schema });
      opened.push(s);
      return s;
    };
    return { store, second };
  },
});
const backends = [pglite, ...(DATABASE_URL ? [postgres(DATABASE_URL)] : [])];

function decision(over: Partial<TraderDecisionInsert> = {}): TraderDecisionInsert {
  return {
    ...scope,
    marketId: 5n,
    action: "skip",
    outcome: 0,
    skipReason: "edgeBelowThreshold",
    boundBy: "edgeBelowThreshold",
    belief: 0.51,
    pooledBelief: 0.51,
    price: 0.5,
    priceWad: 500_000_000_000_000_000n,
    edge: 0.01,
    shares: 0n,
    cost: 0n,
    maxCost: 0n,
    proceeds: 0n,
    minProceeds: 0n,
    reason: "skip (edgeBelowThreshold): best edge 0.01 is below 0.02",
    record: { huge: (1n << 200n).toString(), components: [{ source: "holder", weight: 1 }] },
    decisionKey: "k1",
    fingerprint: "f1",
    dryRun: false,
    at: 1_000n,
    ...over,
  };
}

function intent(over: Partial<IntentInsert> = {}): IntentInsert {
  return {
    ...scope,
    key: "vault:user:agent:abc",
    decisionId: null,
    marketId: 5n,
    outcome: 1,
    kind: "buy",
    shares: 123_456_789n,
    limit: 70_000_000n,
    deadline: 2_000n,
    ...over,
  };
}

const HASH_A = `0x${"aa".repeat(32)}` as const;
const HASH_B = `0x${"bb".repeat(32)}` as const;

describe.each(backends)("trader store on $name", (backend) => {
  it("migrates the delegate's schema and its own, once, leaving the delegate's version alone", async () => {
    const { store } = await backend.fresh();
    const again = await store.migrate();
    expect(again.trader).toEqual({ applied: [], version: TRADER_SCHEMA_VERSION });
    expect(again.delegate).toEqual({ applied: [], version: SCHEMA_VERSION });
  });

  it("records a decision once per fingerprint: a repeat moves last_at and repeats", async () => {
    const { store } = await backend.fresh();
    const a = await store.recordDecision(decision());
    expect(a.created).toBe(true);
    expect(a.decision.agent).toBe(AGENT.toLowerCase());
    expect(a.decision.priceWad).toBe(500_000_000_000_000_000n);
    expect(a.decision.record.huge).toBe((1n << 200n).toString());
    const b = await store.recordDecision(decision({ at: 1_005n, decisionKey: "k2" }));
    expect(b.created).toBe(false);
    expect(b.decision.id).toBe(a.decision.id);
    expect(b.decision.repeats).toBe(2);
    expect(b.decision.firstAt).toBe(1_000n);
    expect(b.decision.lastAt).toBe(1_005n);
    const c = await store.recordDecision(
      decision({
        fingerprint: "f2",
        action: "buy",
        shares: 10n,
        cost: 7n,
        maxCost: 8n,
        at: 1_010n,
      }),
    );
    expect(c.created).toBe(true);
    // A decision identical to an older (not the latest) one is a new row: the history is kept.
    const d = await store.recordDecision(decision({ at: 1_020n }));
    expect(d.created).toBe(true);
    const all = await store.listDecisions({ ...scope, marketId: 5n });
    expect(all.map((x) => [x.action, x.repeats])).toEqual([
      ["skip", 2],
      ["buy", 1],
      ["skip", 1],
    ]);
    // Another market's history is separate.
    expect((await store.recordDecision(decision({ marketId: 6n }))).created).toBe(true);
    await expect(store.recordDecision(decision({ shares: -1n }))).rejects.toBeInstanceOf(
      StoreInputError,
    );
  });

  it("records an intent once per key and moves it only by compare-and-set", async () => {
    const { store } = await backend.fresh();
    const { intent: i, created } = await store.recordIntent(intent());
    expect(created).toBe(true);
    expect(i.status).toBe("pending");
    expect(i.limit).toBe(70_000_000n);
    const again = await store.recordIntent(intent({ shares: 1n }));
    expect(again.created).toBe(false);
    expect(again.intent.id).toBe(i.id);
    expect(again.intent.shares).toBe(123_456_789n);

    const claimed = await store.transitionIntent(i.id, "pending", "sending");
    expect(claimed.status).toBe("sending");
    await expect(store.transitionIntent(i.id, "pending", "sending")).rejects.toMatchObject({
      name: "IntentConflictError",
    });
    await expect(store.transitionIntent(i.id, "sending", "pending")).rejects.toBeInstanceOf(
      StoreInputError,
    );
    const signed = await store.attachIntentTransaction(i.id, {
      txHash: HASH_A,
      rawTx: "0x02f8ab",
      nonce: 7n,
    });
    expect([signed.txHash, signed.rawTx, signed.nonce]).toEqual([HASH_A, "0x02f8ab", 7n]);
    // The same transaction again is fine (a retried store write); another one is refused.
    await store.attachIntentTransaction(i.id, { txHash: HASH_A, rawTx: "0x02f8ab", nonce: 7n });
    await expect(
      store.attachIntentTransaction(i.id, { txHash: HASH_B, rawTx: "0x01", nonce: 8n }),
    ).rejects.toMatchObject({ name: "IntentConflictError" });

    expect((await store.listIntents({ ...scope, status: ["sending"] })).map((x) => x.id)).toEqual([
      i.id,
    ]);
    const done = await store.transitionIntent(i.id, "sending", "confirmed", {
      amount: 69_000_001n,
      blockNumber: 99n,
    });
    expect(done.amount).toBe(69_000_001n);
    await expect(store.transitionIntent(i.id, "confirmed", "failed")).rejects.toBeInstanceOf(
      StoreInputError,
    );
    expect(await store.listIntents({ ...scope, status: ["pending", "sending", "sent"] })).toEqual(
      [],
    );
    expect((await store.findIntent(i.key))?.status).toBe("confirmed");
    // Every step is in the append-only audit log.
    const kinds = (await store.listEvents()).map((e) => e.kind);
    expect(kinds).toEqual([
      "trader.intent.recorded",
      "trader.intent.transition",
      "trader.intent.signed",
      "trader.intent.signed",
      "trader.intent.transition",
    ]);
  });

  it("keeps positions and writes them only when they change", async () => {
    const { store } = await backend.fresh();
    const p = { vault: VAULT, user: USER, marketId: 5n, shares: [0n, 10n], exposure: 7n, at: 5n };
    expect((await store.upsertPosition(p)).changed).toBe(true);
    expect((await store.upsertPosition({ ...p, at: 6n })).changed).toBe(false);
    const moved = await store.upsertPosition({ ...p, shares: [0n, 4n], exposure: 3n, at: 7n });
    expect(moved.changed).toBe(true);
    expect(moved.position.shares).toEqual([0n, 4n]);
    expect(await store.listPositions({ user: USER })).toHaveLength(1);
  });

  it("stores a belief when it changes, and moves last_seen_at when it does not", async () => {
    const { store } = await backend.fresh();
    const b = {
      ...scope,
      marketId: 5n,
      p: 0.6,
      constrainedP: 0.6,
      price: 0.5,
      components: [{ source: "holder", weight: 1, p: 0.6 }],
      at: 100n,
    };
    expect((await store.recordBelief(b)).created).toBe(true);
    const same = await store.recordBelief({ ...b, at: 130n });
    expect(same.created).toBe(false);
    expect([same.belief.at, same.belief.lastSeenAt]).toEqual([100n, 130n]);
    expect((await store.recordBelief({ ...b, p: 0.65, at: 160n })).created).toBe(true);
    expect((await store.recordBelief({ ...b, p: 0.65, price: 0.55, at: 170n })).created).toBe(true);
    // With a tolerance, a belief that drifts a little extends the stored one (compared with the
    // stored value, so a slow drift still shows once it adds up).
    const drift = { ...b, price: 0.55, tolerance: 1e-4 };
    expect((await store.recordBelief({ ...drift, p: 0.65005, at: 180n })).created).toBe(false);
    expect((await store.recordBelief({ ...drift, p: 0.6501, at: 190n })).created).toBe(false);
    expect((await store.recordBelief({ ...drift, p: 0.65011, at: 200n })).created).toBe(true);
    expect((await store.listBeliefs({ ...scope, marketId: 5n })).map((x) => x.p)).toEqual([
      0.6, 0.65, 0.65, 0.65011,
    ]);
    await expect(store.recordBelief({ ...b, p: 1 })).rejects.toBeInstanceOf(StoreInputError);
  });

  // Registered only where it runs: two handles onto one database need a server.
  if (backend.name === "postgres") {
    it("lets exactly one of two processes claim an intent", async () => {
      const { store, second } = await backend.fresh();
      if (!second) throw new Error("postgres backend opens a second handle");
      const other = await second();
      const { intent: i } = await store.recordIntent(intent({ key: "race" }));
      const results = await Promise.allSettled([
        store.transitionIntent(i.id, "pending", "sending"),
        other.transitionIntent(i.id, "pending", "sending"),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const rejected = results.find((r) => r.status === "rejected");
      expect((rejected as PromiseRejectedResult).reason.name).toBe("IntentConflictError");
    });
  }
});

describe("trader store on PGlite on disk", () => {
  it("is the delegate's store: both open the same directory in turn", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mandate-trader-shared-"));
    dirs.push(dir);
    const trader = await openTraderStore({ dataDir: dir });
    await trader.recordIntent(intent({ key: "persisted" }));
    await trader.close();
    const delegate = await openDecisionStore({ dataDir: dir });
    expect(await delegate.migrate()).toEqual({ applied: [], version: SCHEMA_VERSION });
    await delegate.close();
    const reopened = await openTraderStore({ dataDir: dir });
    opened.push(reopened);
    expect((await reopened.findIntent("persisted"))?.shares).toBe(123_456_789n);
  });
});
