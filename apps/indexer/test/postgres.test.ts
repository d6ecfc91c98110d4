/**
 * The same indexer against real PostgreSQL (DATABASE_URL), which it requires; `npm test` runs it
 * through agents/delegate/scripts/with-postgres.mjs, which starts a throwaway server:
 *
 *   node ../../agents/delegate/scripts/with-postgres.mjs vitest run test/postgres.test.ts
 *
 * Indexes the seeded chain into a schema of its own, checks it against the chain, then kills the
 * indexer without warning (SIGKILL: no clean shutdown), trades while it is down, restarts it on
 * the same schema and checks again: crash recovery neither loses nor duplicates rows.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionsFor, USD } from "./actions.ts";
import {
  chainCounts,
  expectMarketsMatchChain,
  expectPositionsMatchChain,
  expectTalliesMatchChain,
  expectTradesMatchChain,
  indexedCounts,
  publicClientFor,
} from "./checks.ts";
import {
  type Indexer,
  type LocalChain,
  startIndexer,
  startLocalChain,
  waitUntilSynced,
} from "./harness.ts";

const databaseUrl = process.env.DATABASE_URL;
let tmp: string;
let logFile: string;
const schema = `mandate_test_${process.pid}`;
let chain: LocalChain;
let client: PublicClient;
let indexer: Indexer;
let env: Record<string, string>;

const start = async () => {
  indexer = await startIndexer({ rpcUrl: chain.rpcUrl, databaseUrl, schema, logFile, env });
  return waitUntilSynced(indexer, chain.rpcUrl, { timeoutMs: 150_000 });
};

if (databaseUrl === undefined) {
  throw new Error(
    "test/postgres.test.ts needs DATABASE_URL: run it with node ../../agents/delegate/scripts/with-postgres.mjs vitest run test/postgres.test.ts",
  );
}

describe("PostgreSQL (DATABASE_URL)", () => {
  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), "mandate-indexer-pg-test-"));
    logFile = join(tmp, "ponder.log");
    chain = await startLocalChain({ nodeLogFile: join(tmp, "node.log") });
    client = publicClientFor(chain.rpcUrl);
    const deploymentFile = join(tmp, "deployment.json");
    writeFileSync(deploymentFile, JSON.stringify(chain.deployment));
    env = { MANDATE_DEPLOYMENT_FILE: deploymentFile };
    const { readyMs } = await start();
    console.log(`indexer on PostgreSQL ready in ${readyMs} ms (log: ${logFile})`);
  }, 180_000);

  afterAll(async () => {
    await indexer?.stop();
    await chain?.stop();
    if (tmp !== undefined && process.env.KEEP_TMP !== "1")
      rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it("indexes the seeded chain exactly", async () => {
    expect(readFileSync(logFile, "utf8")).toMatch(/Using Postgres database/);
    const onChain = await chainCounts(client, chain);
    const indexed = await indexedCounts(indexer.url);
    expect(indexed.markets).toBe(onChain.markets);
    expect(indexed.trades).toBe(onChain.trades);
    expect(indexed.proposals).toBe(onChain.proposals);
    expect(indexed.votes).toBe(onChain.votes);
    expect(indexed.overrides).toBe(onChain.overrides);
    expect(indexed.aiDecisions).toBe(onChain.aiDecisions);
    await expectMarketsMatchChain(client, chain, indexer.url);
    await expectTradesMatchChain(client, chain, indexer.url);
    await expectPositionsMatchChain(client, chain, indexer.url);
    await expectTalliesMatchChain(client, chain, indexer.url);
  });

  it("recovers from a crash (SIGKILL) without losing or duplicating rows", async () => {
    const before = await indexedCounts(indexer.url);
    indexer.process.kill("SIGKILL");
    await indexer.exited;

    const a = actionsFor(chain, client);
    const trader = chain.accounts[2];
    const market = chain.deployment.seededMarkets.find((m) => m.state === "open");
    if (trader === undefined || market === undefined) throw new Error("no trader or open market");
    for (const outcome of [0n, 1n])
      await a.buy(trader, BigInt(market.marketId), outcome, USD("12"));

    await start();
    const after = await indexedCounts(indexer.url);
    expect(after.trades).toBe(before.trades + 2);
    expect(after.pricePoints).toBe(before.pricePoints + 2 * market.outcomes.length);
    expect(after.proposals).toBe(before.proposals);
    expect(after.votes).toBe(before.votes);
    expect(after.aiDecisions).toBe(before.aiDecisions);
    await expectTradesMatchChain(client, chain, indexer.url);
    await expectMarketsMatchChain(client, chain, indexer.url);
    await expectPositionsMatchChain(client, chain, indexer.url);
    expect(readFileSync(logFile, "utf8")).toMatch(/crash recovery/i);
  }, 180_000);
});
