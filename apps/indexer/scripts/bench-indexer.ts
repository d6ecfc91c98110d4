/**
 * Indexer backfill benchmark:
 *
 *   npm run bench:indexer -w @mandate/indexer            # 12,000 trades (BENCH_TRADES to change)
 *
 * 1. Starts a fresh local chain (contracts/scripts/chain.ts, unseeded) on a free port.
 * 2. Creates four markets (2, 3, 5 and 8 outcomes) and funds 19 dev accounts.
 * 3. Turns automining off, sends BENCH_TRADES trades (80 % exact-share buys, 20 % sells of earlier
 *    buys, random markets and outcomes, fixed seed) in JSON-RPC batches with explicit nonces, and
 *    mines them into full blocks (evm_mine); then 64 empty blocks so every trade is final (Ponder
 *    indexes unfinalized blocks one by one after `/ready`; this measures the backfill).
 * 4. BENCH_RUNS times (default 3): starts `ponder start` on a fresh database (PGlite in a temp
 *    directory, or DATABASE_URL), times it from spawn to `/ready` = 200, checks the result (trade
 *    count, every market's prices against `prices()`), stops it.
 * 5. Writes bench/indexer-report.json (bench/indexer-report-postgres.json with DATABASE_URL,
 *    e.g. under agents/delegate/scripts/with-postgres.mjs): per run and median, the events indexed, spawn → /ready,
 *    and its phases from Ponder's own log (start-up, backfill = sync + handlers, finalize), with
 *    events/second over the backfill and over spawn → /ready. See `definitions` in the report.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { demoCollateralAbi, lmsrMarketAbi } from "@mandate/abis";
import {
  type Address,
  createPublicClient,
  encodeFunctionData,
  type Hex,
  http,
  keccak256,
  maxUint256,
  parseUnits,
  toBytes,
  toHex,
} from "viem";
import { getJson, startIndexer, startLocalChain, waitUntilSynced } from "../test/harness.ts";

const TRADES = Number(process.env.BENCH_TRADES ?? 12_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BATCH = 250;
const USD = (amount: string) => parseUnits(amount, 6);
const reportFile = fileURLToPath(
  new URL(
    process.env.DATABASE_URL
      ? "../bench/indexer-report-postgres.json"
      : "../bench/indexer-report.json",
    import.meta.url,
  ),
);

const log = (line: string) => console.log(`[bench] ${line}`);
const seconds = (ms: number) => Math.round(ms) / 1000;

/** xorshift32: a fixed-seed generator (same trades on every run). */
function random(seed: number) {
  let s = seed >>> 0;
  return (bound: number) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % bound;
  };
}

const tmp = mkdtempSync(join(tmpdir(), "mandate-indexer-bench-"));
const chain = await startLocalChain({
  seed: false,
  nodeLogFile: join(tmp, "node.log"),
  log: (l) => log(`chain: ${l}`),
});
const client = createPublicClient({
  transport: http(chain.rpcUrl, { maxResponseBodySize: false }),
});

let rpcId = 0;
async function rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(chain.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error !== undefined) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}
async function rpcBatch(calls: { method: string; params: unknown[] }[]) {
  const res = await fetch(chain.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(calls.map((c) => ({ jsonrpc: "2.0", id: ++rpcId, ...c }))),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } }[];
  const failed = body.find((r) => r.error !== undefined);
  if (failed !== undefined) throw new Error(`batch: ${failed.error?.message}`);
  return body.map((r) => r.result);
}

interface BackfillRun {
  eventsIndexed: number;
  rows: { trades: number; pricePoints: number; positions: number };
  spawnToReadySeconds: number;
  startupSeconds: number;
  backfillSeconds: number;
  finalizeSeconds: number;
  eventsPerSecondBackfill: number;
  eventsPerSecondSpawnToReady: number;
  pricesMatchChain: boolean;
}

let report: { median: Record<string, number> } & Record<string, unknown>;
try {
  const c = chain.deployment.contracts;
  const market = c.LMSRMarket?.address as Address;
  const musd = c.DemoCollateral?.address as Address;
  const committee = c.CommitteeResolver?.address as Address;
  const [creator, ...rest] = chain.accounts;
  const traders = rest.slice(0, 19);
  if (creator === undefined || traders.length < 10) throw new Error("not enough dev accounts");
  const block = await client.getBlock();
  const gasLimit = block.gasLimit;
  log(`chain at ${chain.rpcUrl}; block gas limit ${gasLimit}; ${traders.length} traders`);

  // Setup, automined: fund and approve, create the markets.
  const tx = (from: Address, to: Address, data: Hex, nonce?: number) => ({
    method: "eth_sendTransaction",
    params: [
      {
        from,
        to,
        data,
        gas: toHex(400_000),
        maxFeePerGas: toHex(10_000_000_000n),
        maxPriorityFeePerGas: toHex(1n),
        ...(nonce === undefined ? {} : { nonce: toHex(nonce) }),
      },
    ],
  });
  const setup: { method: string; params: unknown[] }[] = [];
  for (const t of [creator, ...traders]) {
    setup.push(
      tx(
        t,
        musd,
        encodeFunctionData({
          abi: demoCollateralAbi,
          functionName: "mint",
          args: [t, USD("100000000")],
        }),
      ),
    );
    setup.push(
      tx(
        t,
        musd,
        encodeFunctionData({
          abi: demoCollateralAbi,
          functionName: "approve",
          args: [market, maxUint256],
        }),
      ),
    );
  }
  const outcomeCounts = [2, 3, 5, 8];
  const closeTime = block.timestamp + 60n * 86_400n;
  for (const [i, n] of outcomeCounts.entries()) {
    const doc = JSON.stringify({
      schema: "mandate.market-metadata/1",
      question: `Benchmark market ${i + 1} (${n} outcomes)?`,
      description: "Created by apps/indexer/scripts/bench-indexer.ts.",
      outcomes: Array.from({ length: n }, (_, o) => `Outcome ${String.fromCharCode(65 + o)}`),
      resolution: { rules: "Never resolved.", invalidIf: "Always.", sources: [] },
      tags: ["benchmark"],
    });
    const params = {
      collateral: musd,
      liquidity: USD("100000"),
      outcomeCount: BigInt(n),
      resolver: committee,
      closeTime,
      feeBps: 100n,
      metadataHash: keccak256(toBytes(doc)),
      metadataURI: `data:application/json;base64,${Buffer.from(doc).toString("base64")}`,
    };
    setup.push(
      tx(
        creator,
        market,
        encodeFunctionData({ abi: lmsrMarketAbi, functionName: "createMarket", args: [params] }),
      ),
    );
  }
  for (const call of setup) await rpc(call.method, call.params);
  const firstMarket =
    (await client.readContract({
      address: market,
      abi: lmsrMarketAbi,
      functionName: "marketCount",
    })) -
    BigInt(outcomeCounts.length) +
    1n;
  log(`created markets ${firstMarket}…${firstMarket + BigInt(outcomeCounts.length) - 1n}`);

  // The trades: automine off, explicit nonces, batched.
  await rpc("evm_setAutomine", [false]);
  const nonces = new Map<Address, number>();
  for (const t of traders) nonces.set(t, await client.getTransactionCount({ address: t }));
  const held = new Map<string, bigint[]>(); // `${trader}-${market}-${outcome}` → bought lots
  const next = random(0x6d616e64);
  const deadline = closeTime - 1n;
  const calls: { method: string; params: unknown[] }[] = [];
  let buys = 0;
  let sells = 0;
  for (let i = 0; i < TRADES; i++) {
    const trader = traders[i % traders.length] as Address;
    const m = next(outcomeCounts.length);
    const marketId = firstMarket + BigInt(m);
    const outcome = next(outcomeCounts[m] as number);
    const key = `${trader}-${m}-${outcome}`;
    const lots = held.get(key) ?? [];
    let data: Hex;
    if (lots.length > 0 && next(5) === 0) {
      const lot = lots.pop() as bigint;
      data = encodeFunctionData({
        abi: lmsrMarketAbi,
        functionName: "sell",
        args: [marketId, BigInt(outcome), lot, 0n, deadline],
      });
      sells++;
    } else {
      const shares = USD(String(1 + next(50)));
      lots.push(shares);
      data = encodeFunctionData({
        abi: lmsrMarketAbi,
        functionName: "buy",
        args: [marketId, BigInt(outcome), shares, maxUint256, deadline],
      });
      buys++;
    }
    held.set(key, lots);
    const nonce = nonces.get(trader) as number;
    nonces.set(trader, nonce + 1);
    calls.push(tx(trader, market, data, nonce));
  }
  const sendStarted = Date.now();
  for (let i = 0; i < calls.length; i += BATCH) await rpcBatch(calls.slice(i, i + BATCH));
  const sendMs = Date.now() - sendStarted;
  log(`sent ${calls.length} trades (${buys} buys, ${sells} sells) in ${seconds(sendMs)} s`);

  const mineStarted = Date.now();
  // Straight from the node: viem's client caches eth_blockNumber for a few seconds.
  const blockNumber = async () => Number(await rpc<Hex>("eth_blockNumber"));
  const startBlock = await blockNumber();
  const pendingDone = async () => {
    for (const t of traders) {
      if ((await client.getTransactionCount({ address: t })) !== nonces.get(t)) return false;
    }
    return true;
  };
  while (!(await pendingDone())) await rpc("evm_mine");
  const tradeBlocks = (await blockNumber()) - startBlock;
  const mineMs = Date.now() - mineStarted;
  await rpc("evm_setAutomine", [true]);
  // One evm_mine at a time: hardhat_mine's reserved blocks have hashes that Ponder's realtime
  // sync sees as a reorg below the finalized block.
  for (let i = 0; i < 64; i++) await rpc("evm_mine");
  const head = await blockNumber();
  const tradeLogs = await client.getContractEvents({
    address: market,
    abi: lmsrMarketAbi,
    eventName: "Trade",
    fromBlock: 0n,
  });
  if (tradeLogs.length !== TRADES)
    throw new Error(
      `${tradeLogs.length} Trade events on chain, expected ${TRADES} (some reverted)`,
    );
  log(
    `mined ${TRADES} trades in ${tradeBlocks} blocks (${seconds(mineMs)} s), then 64 empty blocks; head ${head}`,
  );

  // For scale: how long the node itself takes to serve what the backfill reads (every log of the
  // indexed contracts, every block with its transactions).
  const rpcStarted = Date.now();
  const allLogs = await rpc<unknown[]>("eth_getLogs", [
    { fromBlock: "0x0", toBlock: toHex(head), address: Object.values(c).map((x) => x.address) },
  ]);
  for (let b = startBlock + 1; b <= startBlock + tradeBlocks; b++)
    await rpc("eth_getBlockByNumber", [toHex(b), true]);
  const rpcMs = Date.now() - rpcStarted;
  log(
    `the node serves the ${allLogs.length} logs and the ${tradeBlocks} full blocks in ${seconds(rpcMs)} s`,
  );

  // The backfill, BENCH_RUNS times (default 3), each on a fresh database.
  const deploymentFile = join(tmp, "deployment.json");
  writeFileSync(deploymentFile, JSON.stringify(chain.deployment));
  const databaseUrl = process.env.DATABASE_URL;
  const runs: BackfillRun[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const result = await backfill(run);
    runs.push(result);
    log(`run ${run}: ${JSON.stringify(result)}`);
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    return sorted[Math.floor(sorted.length / 2)] as number;
  };

  async function backfill(run: number): Promise<BackfillRun> {
    const logFile = join(tmp, `ponder-${run}.log`);
    const spawned = Date.now();
    const indexer = await startIndexer({
      rpcUrl: chain.rpcUrl,
      pgliteDir: join(tmp, `pglite-${run}`),
      ...(databaseUrl ? { databaseUrl, schema: `bench_${process.pid}_${run}` } : {}),
      logFile,
      env: { MANDATE_DEPLOYMENT_FILE: deploymentFile },
    });
    const { readyMs } = await waitUntilSynced(indexer, chain.rpcUrl, {
      timeoutMs: 900_000,
      pollMs: 50,
    });

    // Ponder's own log (JSON lines, epoch ms): events indexed and the phase timestamps.
    const lines = readFileSync(logFile, "utf8")
      .split("\n")
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as { time: number; msg?: string }];
        } catch {
          return [];
        }
      });
    const at = (re: RegExp) => lines.find((l) => re.test(l.msg ?? ""))?.time ?? Number.NaN;
    const syncStart = at(/Started '.+' historical sync/);
    const indexed = at(/Completed historical indexing/);
    const ready = at(/Started returning 200 responses from \/ready/);
    let events = 0;
    for (const l of lines) {
      const match = /^Indexed (\d+) events/.exec(l.msg ?? "");
      if (match !== null && l.time <= indexed) events += Number(match[1]);
    }

    // Correctness of what was indexed.
    const gql = await fetch(`${indexer.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: "{ trades { totalCount } pricePoints { totalCount } positions { totalCount } }",
      }),
    }).then((r) => r.json() as Promise<{ data: Record<string, { totalCount: number }> }>);
    const trades = gql.data.trades?.totalCount ?? -1;
    let pricesMatchChain = true;
    for (let m = 0; m < outcomeCounts.length; m++) {
      const id = firstMarket + BigInt(m);
      const onChain = await client.readContract({
        address: market,
        abi: lmsrMarketAbi,
        functionName: "prices",
        args: [id],
      });
      const { body } = await getJson<{ market: { prices: string[] } }>(
        `${indexer.url}/markets/${id}`,
      );
      if (body.market.prices.join() !== onChain.join()) pricesMatchChain = false;
    }
    await indexer.stop();
    if (trades !== TRADES)
      throw new Error(`run ${run}: indexed ${trades} trades, expected ${TRADES}`);
    if (!pricesMatchChain)
      throw new Error(`run ${run}: indexed prices differ from prices() on chain`);
    const backfillMs = indexed - syncStart;
    return {
      eventsIndexed: events,
      rows: {
        trades,
        pricePoints: gql.data.pricePoints?.totalCount ?? -1,
        positions: gql.data.positions?.totalCount ?? -1,
      },
      spawnToReadySeconds: seconds(readyMs),
      startupSeconds: seconds(syncStart - spawned),
      backfillSeconds: seconds(backfillMs),
      finalizeSeconds: seconds(ready - indexed),
      eventsPerSecondBackfill: Math.round(events / (backfillMs / 1000)),
      eventsPerSecondSpawnToReady: Math.round(events / (readyMs / 1000)),
      pricesMatchChain,
    };
  }

  report = {
    date: new Date().toISOString(),
    database: databaseUrl ? "postgres" : "pglite",
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverage1mAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      node: process.version,
    },
    chain: {
      trades: TRADES,
      buys,
      sells,
      markets: outcomeCounts.length,
      outcomeCounts,
      traders: traders.length,
      tradeBlocks,
      headBlock: head,
      logs: allLogs.length,
      rpcReadSeconds: seconds(rpcMs),
      sendSeconds: seconds(sendMs),
      mineSeconds: seconds(mineMs),
    },
    median: {
      spawnToReadySeconds: median(runs.map((r) => r.spawnToReadySeconds)),
      backfillSeconds: median(runs.map((r) => r.backfillSeconds)),
      eventsPerSecondBackfill: median(runs.map((r) => r.eventsPerSecondBackfill)),
      eventsPerSecondSpawnToReady: median(runs.map((r) => r.eventsPerSecondSpawnToReady)),
    },
    runs,
    definitions: {
      spawnToReady:
        "from spawning `ponder start` to /ready answering 200: everything the operator waits for",
      startup:
        "spawn → Ponder's 'Started historical sync' log: node + vite build of config, schema and handlers, PGlite/PostgreSQL start and migrations",
      backfill:
        "'Started historical sync' → 'Completed historical indexing': fetching logs, blocks and transactions from the node into Ponder's sync store and running every handler (the two overlap)",
      finalize:
        "'Completed historical indexing' → /ready: the final flush, index creation, reorg triggers",
      events:
        "events passed to handlers (Ponder's 'Indexed N events' lines): per trade the ERC-6909 Transfer and the Trade; plus the four MarketCreated",
      perTrade:
        "each trade writes the trade row, one price point per outcome, the market row (supplies, prices recomputed with @mandate/lmsr) and the trader's position",
    },
  };
  mkdirSync(join(reportFile, ".."), { recursive: true });
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  log(`median: ${JSON.stringify(report.median)}`);
  log(`wrote ${reportFile}`);
} finally {
  await chain.stop();
  if (process.env.KEEP_TMP !== "1") rmSync(tmp, { recursive: true, force: true });
}
