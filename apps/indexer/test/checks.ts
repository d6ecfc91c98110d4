/**
 * Comparisons between the indexed state (read through the indexer's GraphQL and REST API) and the
 * chain itself (read with viem: contract calls and raw event logs), shared by the PGlite and the
 * PostgreSQL test files.
 */
import {
  aiDelegateRegistryAbi,
  lmsrMarketAbi,
  mandateGovernorAbi,
  tradingVaultAbi,
} from "@mandate/abis";
import { type Address, createPublicClient, http, type PublicClient } from "viem";
import { expect } from "vitest";
import { graphqlQuery, type LocalChain } from "./harness.ts";

export const publicClientFor = (rpcUrl: string) =>
  createPublicClient({ transport: http(rpcUrl) }) as PublicClient;

export interface ChainCounts {
  markets: number;
  trades: number;
  redemptions: number;
  proposals: number;
  votes: number;
  overrides: number;
  voteReductions: number;
  aiDecisions: number;
  vaultTrades: number;
  /** The market's Deposited + Withdrawn (collateral credit). */
  creditTransfers: number;
}

/** Event counts read from the chain's logs (independent of the indexer). */
export async function chainCounts(client: PublicClient, chain: LocalChain): Promise<ChainCounts> {
  const c = chain.deployment.contracts;
  const at = (name: string) => {
    const entry = c[name];
    if (entry === undefined) throw new Error(`no ${name} in the deployment`);
    return entry.address;
  };
  const logs = (address: Address, abi: readonly unknown[], eventName: string) =>
    client
      .getContractEvents({
        address,
        abi: abi as typeof lmsrMarketAbi,
        eventName: eventName as "Trade",
        fromBlock: 0n,
      })
      .then((l) => l.length);
  const market = at("LMSRMarket");
  const governor = at("MandateGovernor");
  const registry = at("AIDelegateRegistry");
  const [
    markets,
    trades,
    redemptions,
    proposals,
    voteCast,
    voteCastWithParams,
    overrides,
    reductions,
    aiVotes,
    aiPending,
    vaultTrades,
    creditDeposits,
    creditWithdrawals,
  ] = await Promise.all([
    logs(market, lmsrMarketAbi, "MarketCreated"),
    logs(market, lmsrMarketAbi, "Trade"),
    logs(market, lmsrMarketAbi, "Redeemed"),
    logs(governor, mandateGovernorAbi, "ProposalCreated"),
    logs(governor, mandateGovernorAbi, "VoteCast"),
    logs(governor, mandateGovernorAbi, "VoteCastWithParams"),
    logs(governor, mandateGovernorAbi, "OverrideVoteCast"),
    logs(governor, mandateGovernorAbi, "VoteReduced"),
    logs(registry, aiDelegateRegistryAbi, "DelegateVoteRecorded"),
    logs(registry, aiDelegateRegistryAbi, "PendingDecisionRecorded"),
    logs(at("TradingVault"), tradingVaultAbi, "Traded"),
    logs(market, lmsrMarketAbi, "Deposited"),
    logs(market, lmsrMarketAbi, "Withdrawn"),
  ]);
  return {
    markets,
    trades,
    redemptions,
    proposals,
    votes: voteCast + voteCastWithParams,
    overrides,
    voteReductions: reductions,
    aiDecisions: aiVotes + aiPending,
    vaultTrades,
    creditTransfers: creditDeposits + creditWithdrawals,
  };
}

/** Row counts of every indexed table (GraphQL `totalCount`). */
export const TABLES = [
  "markets",
  "trades",
  "pricePoints",
  "positions",
  "redemptions",
  "surplusWithdrawals",
  "creditBalances",
  "creditTransfers",
  "committeeEvents",
  "proposals",
  "votes",
  "overrides",
  "voteReductions",
  "tokenAccounts",
  "delegations",
  "delegateVotesChanges",
  "aiDelegates",
  "aiDelegateInstances",
  "mandates",
  "aiDelegateChanges",
  "aiDecisions",
  "proposalMarkets",
  "optimisticResolutions",
  "bondEvents",
  "vaultBalances",
  "vaultTransfers",
  "vaultPolicys",
  "vaultPolicyEvents",
  "vaultMarkets",
  "vaultTrades",
  "vaultRedemptions",
  "vaultPositions",
  "agents",
  "agentMarkets",
] as const;
export type TableCounts = Record<(typeof TABLES)[number], number>;

export async function indexedCounts(indexerUrl: string): Promise<TableCounts> {
  const query = `{ ${TABLES.map((t) => `${t} { totalCount }`).join(" ")} }`;
  const data = await graphqlQuery<Record<string, { totalCount: number }>>(indexerUrl, query);
  return Object.fromEntries(TABLES.map((t) => [t, data[t]?.totalCount ?? -1])) as TableCounts;
}

/** Every row of a table through GraphQL, following the cursor. */
export async function allRows<T>(indexerUrl: string, table: string, fields: string): Promise<T[]> {
  const rows: T[] = [];
  let after: string | null = null;
  for (;;) {
    const cursor: string = after === null ? "" : `, after: "${after}"`;
    const data: Record<
      string,
      { items: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
    > = await graphqlQuery(
      indexerUrl,
      `{ ${table}(limit: 1000${cursor}) { items { ${fields} } pageInfo { hasNextPage endCursor } } }`,
    );
    const page = data[table];
    if (page === undefined) throw new Error(`no ${table} in the GraphQL answer`);
    rows.push(...page.items);
    if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) return rows;
    after = page.pageInfo.endCursor;
  }
}

interface MarketRowJson {
  id: string;
  prices: string[];
  supplies: string[];
  logSum: string;
  pool: string;
  status: string;
  resolvedOutcome: number | null;
  tradeCount: number;
  outcomeCount: number;
}

/** Every market's prices, supplies, log-sum, pool and status equal the contract's. */
export async function expectMarketsMatchChain(
  client: PublicClient,
  chain: LocalChain,
  indexerUrl: string,
) {
  const address = chain.deployment.contracts.LMSRMarket?.address as Address;
  const markets = await allRows<MarketRowJson>(
    indexerUrl,
    "markets",
    "id prices supplies logSum pool status resolvedOutcome tradeCount outcomeCount",
  );
  const count = await client.readContract({
    address,
    abi: lmsrMarketAbi,
    functionName: "marketCount",
  });
  expect(markets.length).toBe(Number(count));
  for (const m of markets) {
    const id = BigInt(m.id);
    const [prices, info] = await Promise.all([
      client.readContract({ address, abi: lmsrMarketAbi, functionName: "prices", args: [id] }),
      client.readContract({ address, abi: lmsrMarketAbi, functionName: "getMarket", args: [id] }),
    ]);
    const supplies = await Promise.all(
      Array.from({ length: m.outcomeCount }, (_, o) =>
        client.readContract({
          address,
          abi: lmsrMarketAbi,
          functionName: "supply",
          args: [id, BigInt(o)],
        }),
      ),
    );
    expect(m.prices.map(BigInt), `prices of market ${id}`).toEqual([...prices]);
    expect(m.supplies.map(BigInt), `supplies of market ${id}`).toEqual(supplies);
    expect(BigInt(m.logSum), `log-sum of market ${id}`).toBe(info.logSum);
    expect(BigInt(m.pool), `pool of market ${id}`).toBe(info.pool);
    const status = info.state === 3 ? "resolved" : info.state === 4 ? "invalid" : "open";
    expect(m.status, `status of market ${id}`).toBe(status);
    if (status === "resolved") expect(m.resolvedOutcome).toBe(Number(info.resolvedOutcome));
  }
  return markets;
}

/** Every position's balance equals the ERC-6909 `balanceOf`. */
export async function expectPositionsMatchChain(
  client: PublicClient,
  chain: LocalChain,
  indexerUrl: string,
) {
  const address = chain.deployment.contracts.LMSRMarket?.address as Address;
  const positions = await allRows<{
    account: Address;
    marketId: string;
    outcome: number;
    balance: string;
  }>(indexerUrl, "positions", "account marketId outcome balance");
  expect(positions.length).toBeGreaterThan(0);
  const balances = await Promise.all(
    positions.map((p) =>
      client.readContract({
        address,
        abi: lmsrMarketAbi,
        functionName: "balanceOf",
        args: [p.account, (BigInt(p.marketId) << 8n) | BigInt(p.outcome)],
      }),
    ),
  );
  positions.forEach((p, i) => {
    expect(BigInt(p.balance), `balance of ${p.account} in ${p.marketId}/${p.outcome}`).toBe(
      balances[i],
    );
  });
  return positions.length;
}

/** Every indexed credit balance equals the market's `creditOf(collateral, account)`. */
export async function expectCreditsMatchChain(
  client: PublicClient,
  chain: LocalChain,
  indexerUrl: string,
) {
  const address = chain.deployment.contracts.LMSRMarket?.address as Address;
  const credits = await allRows<{ account: Address; collateral: Address; balance: string }>(
    indexerUrl,
    "creditBalances",
    "account collateral balance",
  );
  const onChain = await Promise.all(
    credits.map((r) =>
      client.readContract({
        address,
        abi: lmsrMarketAbi,
        functionName: "creditOf",
        args: [r.collateral, r.account],
      }),
    ),
  );
  credits.forEach((r, i) => {
    expect(BigInt(r.balance), `credit of ${r.account} in ${r.collateral}`).toBe(onChain[i]);
  });
  return credits.length;
}

/** Every proposal's replayed tally equals the governor's `proposalVotes`. */
export async function expectTalliesMatchChain(
  client: PublicClient,
  chain: LocalChain,
  indexerUrl: string,
) {
  const address = chain.deployment.contracts.MandateGovernor?.address as Address;
  const proposals = await allRows<{
    id: string;
    againstVotes: string;
    forVotes: string;
    abstainVotes: string;
  }>(indexerUrl, "proposals", "id againstVotes forVotes abstainVotes");
  for (const p of proposals) {
    const [against, forVotes, abstain] = await client.readContract({
      address,
      abi: mandateGovernorAbi,
      functionName: "proposalVotes",
      args: [BigInt(p.id)],
    });
    expect(
      [BigInt(p.againstVotes), BigInt(p.forVotes), BigInt(p.abstainVotes)],
      `tally of ${p.id}`,
    ).toEqual([against, forVotes, abstain]);
  }
  return proposals.length;
}

/** The indexed trades are exactly the chain's Trade logs (same ids, none missing, none extra). */
export async function expectTradesMatchChain(
  client: PublicClient,
  chain: LocalChain,
  indexerUrl: string,
) {
  const address = chain.deployment.contracts.LMSRMarket?.address as Address;
  const logs = await client.getContractEvents({
    address,
    abi: lmsrMarketAbi,
    eventName: "Trade",
    fromBlock: 0n,
  });
  const onChain = logs.map((l) => `${l.transactionHash}-${l.logIndex}`).sort();
  const indexed = (await allRows<{ id: string }>(indexerUrl, "trades", "id"))
    .map((t) => t.id)
    .sort();
  expect(indexed).toEqual(onChain);
  return onChain.length;
}
