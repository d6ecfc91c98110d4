/**
 * The trader's chain access, on @mandate/sdk: markets (state, supplies, metadata, resolution, the
 * proposal a market is on), the holder's vault (policy, balance, daily window, exposures,
 * shares), the governor's tally for proposal markets, the AI delegate's recorded vote, and the
 * vault trades themselves (`vaultBuy` / `vaultSell` / `vaultRedeem`).
 *
 * Sending goes through a wallet client whose transport sees the signed transaction before the
 * node does: `send` hands its hash, raw bytes and nonce to `onSigned` (which stores them) before
 * broadcasting, so a crash between broadcast and receipt leaves a record the next run can check.
 */
import { governanceTokenAbi, tradingVaultAbi } from "@mandate/abis";
import {
  getDecision,
  getDelegate,
  getLocalMarketState,
  getMarket,
  getMarketMetadata,
  getProposal,
  getProposalMarket,
  getVaultBalances,
  getVaultPolicy,
  listMarkets,
  listProposals,
  type MandateAddresses,
  PROPOSAL_MARKET_OUTCOMES,
  type MarketView as SdkMarketView,
  type VaultBalances,
  type VaultPolicy,
  vaultBuy,
  vaultRedeem,
  vaultSell,
} from "@mandate/sdk";
import {
  type Address,
  type Chain,
  createWalletClient,
  custom,
  getAddress,
  type Hex,
  keccak256,
  type LocalAccount,
  type PublicClient,
  parseEventLogs,
  parseTransaction,
  type TransactionReceipt,
  WaitForTransactionReceiptTimeoutError,
} from "viem";
import type { DelegateIntent } from "../beliefs/delegate.js";
import type { ProposalTally } from "../beliefs/proposal.js";
import type { Holdings } from "../sizing.js";
import type { MarketStatus, MarketView } from "../types.js";

export interface VaultChainOptions {
  /** Reads, simulations, receipts. */
  client: PublicClient;
  chain: Chain;
  addresses: MandateAddresses;
  /** The vault's user (the holder whose collateral is traded). */
  user: Address;
  /** The agent's signing key; null in a dry run without a key. */
  account: LocalAccount | null;
  /** The agent's address (the account's; or, in a dry run without a key, the policy's agent). */
  agent: Address;
}

/** A market as the trader reads it: the decision core's view plus what the runtime needs. */
export interface ChainMarket {
  view: MarketView;
  /** The resolved outcome when `view.status === "resolved"`. */
  resolvedOutcome: number | null;
  resolver: Address;
  blockNumber: bigint;
}

/** What `send` sends. */
export interface SendRequest {
  kind: "buy" | "sell" | "redeem";
  marketId: bigint;
  outcome: number;
  shares: bigint;
  /** maxCost (buy) or minProceeds (sell); unused for a redeem. */
  limit: bigint | null;
  /** Unix seconds; unused for a redeem. */
  deadline: bigint | null;
}

export interface SignedTransaction {
  hash: Hex;
  raw: Hex;
  nonce: bigint;
}

export interface SendCallbacks {
  /** The transaction is signed and not yet broadcast: store it. Throwing stops the broadcast. */
  onSigned: (tx: SignedTransaction) => Promise<void>;
  /** The node has it (test seam: throwing simulates a crash right after the broadcast). */
  onBroadcast?: ((tx: SignedTransaction) => Promise<void>) | undefined;
}

/** A trade's effect, read from its receipt (the vault's `Traded` / `Redeemed` event). */
export interface Settlement {
  success: boolean;
  /** Cost (buy), proceeds (sell) or payout (redeem), base units; null when reverted. */
  amount: bigint | null;
  shares: bigint | null;
  blockNumber: bigint;
  txHash: Hex;
}

export interface VaultChain {
  readonly addresses: MandateAddresses;
  readonly user: Address;
  readonly agent: Address;
  readonly canSign: boolean;
  /** The time the next block will carry (the pending block's timestamp; else the latest's). */
  now(): Promise<bigint>;
  /** Every market, read at one block each. Markets that do not exist are left out. */
  listMarkets(): Promise<ChainMarket[]>;
  readMarket(marketId: bigint): Promise<ChainMarket>;
  policy(): Promise<VaultPolicy>;
  /** Balance of `token`, daily window and, per market, shares, exposure and whether allowed. */
  vault(token: Address, marketIds: readonly bigint[]): Promise<VaultBalances>;
  holdings(market: MarketView, balances: VaultBalances): Holdings;
  /** The governor's tally of `proposalId`, for the P(pass) model; null before its snapshot. */
  proposalTally(proposalId: bigint): Promise<ProposalTally | null>;
  /** The delegate's name, checked to exist. */
  delegateName(delegateId: bigint): Promise<string>;
  /** What the AI delegate recorded on-chain for a proposal: its vote, or "ask"; null if nothing. */
  delegateIntent(
    delegateId: bigint,
    proposalId: bigint,
    name: string,
  ): Promise<DelegateIntent | null>;
  /** Sends a vault trade (simulated first by the SDK); resolves once the node has it. */
  send(request: SendRequest, callbacks: SendCallbacks): Promise<SignedTransaction>;
  /** Broadcasts stored bytes again (same hash). */
  rebroadcast(raw: Hex): Promise<void>;
  receipt(hash: Hex): Promise<TransactionReceipt | null>;
  waitForReceipt(hash: Hex, timeoutMs: number): Promise<TransactionReceipt | null>;
  /** Whether the node knows the transaction (mined or in its pool). */
  knownTransaction(hash: Hex): Promise<boolean>;
  /** The agent's mined transaction count (the next nonce not yet used on-chain). */
  minedNonce(): Promise<bigint>;
  settlement(receipt: TransactionReceipt, kind: SendRequest["kind"]): Settlement;
}

const STATUS: Record<string, MarketStatus | undefined> = {
  Open: "open",
  Closed: "closed",
  Resolved: "resolved",
  Invalid: "invalid",
};

interface Metadata {
  question: string;
  outcomes: string[];
  resolutionCriteria?: string | undefined;
  background?: string | undefined;
}

export function createVaultChain(options: VaultChainOptions): VaultChain {
  const { client, addresses, user, account } = options;
  const agent = getAddress(options.agent);
  const metadataCache = new Map<bigint, Metadata>();
  /** marketId → proposalId for proposal markets (GovernorResolver), filled lazily. */
  const proposalOfMarket = new Map<bigint, bigint>();
  const scannedProposals = new Set<bigint>();
  const read = { addresses } as const;

  async function metadataOf(info: SdkMarketView): Promise<Metadata> {
    const cached = metadataCache.get(info.marketId);
    if (cached) return cached;
    const n = Number(info.outcomeCount);
    const isProposal = sameAddress(info.resolver, addresses.governorResolver);
    const fallback: Metadata = {
      question: `Market #${info.marketId}`,
      outcomes: isProposal ? ["No", "Yes"] : Array.from({ length: n }, (_, i) => `Outcome ${i}`),
    };
    let meta = fallback;
    try {
      const doc = (await getMarketMetadata(client, { ...read, marketId: info.marketId })).metadata;
      if (doc && Array.isArray(doc.outcomes) && doc.outcomes.length === n) {
        meta = {
          question: typeof doc.question === "string" ? doc.question : fallback.question,
          outcomes: doc.outcomes.map(String),
          resolutionCriteria: doc.resolution?.rules,
          background: doc.description,
        };
      }
    } catch (e) {
      // A missing or tampered document leaves the labels generic; the market is still priced.
      if (!isMetadataProblem(e)) throw e;
    }
    metadataCache.set(info.marketId, meta);
    return meta;
  }

  async function proposalFor(info: SdkMarketView): Promise<bigint | null> {
    if (!sameAddress(info.resolver, addresses.governorResolver)) return null;
    const known = proposalOfMarket.get(info.marketId);
    if (known !== undefined) return known;
    const proposals = await listProposals(client, read);
    for (const p of proposals) {
      if (scannedProposals.has(p.proposalId)) continue;
      const pm = await getProposalMarket(client, { ...read, proposalId: p.proposalId });
      if (pm.marketId !== 0n) {
        proposalOfMarket.set(pm.marketId, p.proposalId);
        scannedProposals.add(p.proposalId);
      }
    }
    return proposalOfMarket.get(info.marketId) ?? null;
  }

  async function toChainMarket(
    info: SdkMarketView,
    blockNumber: bigint,
  ): Promise<ChainMarket | null> {
    const status = STATUS[info.stateName];
    if (status === undefined) return null; // "None": no such market
    const n = Number(info.outcomeCount);
    const [meta, proposalId, supplies] = await Promise.all([
      metadataOf(info),
      proposalFor(info),
      Promise.all(
        Array.from({ length: n }, (_, i) =>
          getLocalMarketState(client, {
            ...read,
            marketId: info.marketId,
            outcome: BigInt(i),
            blockNumber,
          }).then((s) => s.supply),
        ),
      ),
    ]);
    const yesOutcome =
      proposalId !== null
        ? Number(PROPOSAL_MARKET_OUTCOMES.yes)
        : Math.max(
            0,
            meta.outcomes.findIndex((o) => /^\s*yes\s*$/i.test(o)),
          );
    const view: MarketView = {
      marketId: info.marketId,
      question: meta.question,
      resolutionCriteria: meta.resolutionCriteria,
      background: meta.background,
      outcomes: meta.outcomes,
      yesOutcome,
      state: {
        liquidity: info.liquidity,
        logSum: info.logSum,
        feeBps: info.feeBps,
        pool: info.pool,
      },
      supplies,
      status,
      closeTime: info.closeTime,
      collateral: getAddress(info.collateral),
      proposal:
        proposalId === null
          ? undefined
          : { proposalId, governor: getAddress(addresses.mandateGovernor) },
    };
    return {
      view,
      resolvedOutcome: status === "resolved" ? Number(info.resolvedOutcome) : null,
      resolver: getAddress(info.resolver),
      blockNumber,
    };
  }

  async function latestBlock(): Promise<bigint> {
    return client.getBlockNumber({ cacheTime: 0 });
  }

  return {
    addresses,
    user: getAddress(user),
    agent,
    canSign: account !== null,

    async now() {
      try {
        const pending = await client.getBlock({ blockTag: "pending" });
        return pending.timestamp;
      } catch {
        return (await client.getBlock({ blockTag: "latest" })).timestamp;
      }
    },

    async listMarkets() {
      const blockNumber = await latestBlock();
      const infos = await listMarkets(client, { ...read, blockNumber });
      const out: ChainMarket[] = [];
      for (const info of infos) {
        const m = await toChainMarket(info, blockNumber);
        if (m) out.push(m);
      }
      return out;
    },

    async readMarket(marketId) {
      const blockNumber = await latestBlock();
      const info = await getMarket(client, { ...read, marketId, blockNumber });
      const m = await toChainMarket(info, blockNumber);
      if (!m) throw new Error(`market #${marketId} does not exist`);
      return m;
    },

    policy() {
      return getVaultPolicy(client, { ...read, user });
    },

    vault(token, marketIds) {
      return getVaultBalances(client, { ...read, user, token, marketIds });
    },

    holdings(market, balances) {
      const position = balances.markets.find((m) => m.marketId === market.marketId);
      const shares = market.supplies.map((_, i) => position?.shares[i] ?? 0n);
      return { cash: balances.balance, shares };
    },

    async proposalTally(proposalId) {
      const p = await getProposal(client, { ...read, proposalId });
      if (p.quorum === null) return null;
      const latest = await client.getBlock({ blockTag: "latest" });
      // Voting power that can still be cast: the supply at the snapshot (an overestimate: tokens
      // not delegated to anyone carry no votes) minus the weight cast. The SDK has no action for
      // the token's supply; read it from the token itself.
      const supply =
        p.snapshot < latest.timestamp
          ? await client.readContract({
              address: addresses.governanceToken,
              abi: governanceTokenAbi,
              functionName: "getPastTotalSupply",
              args: [p.snapshot],
            })
          : await client.readContract({
              address: addresses.governanceToken,
              abi: governanceTokenAbi,
              functionName: "totalSupply",
            });
      const cast = p.votes.for + p.votes.against + p.votes.abstain;
      return {
        forVotes: p.votes.for,
        againstVotes: p.votes.against,
        abstainVotes: p.votes.abstain,
        quorum: p.quorum,
        uncastPower: supply > cast ? supply - cast : 0n,
        voteStart: p.snapshot,
        voteEnd: p.deadline,
      };
    },

    async delegateName(delegateId) {
      const d = await getDelegate(client, { ...read, delegateId });
      return d.name;
    },

    async delegateIntent(delegateId, proposalId, name) {
      const d = await getDecision(client, { ...read, delegateId, proposalId, withText: false });
      const who = `#${delegateId} ${name}`;
      if (d.vote) {
        const vote = d.vote.support === 0 ? "against" : d.vote.support === 1 ? "for" : "abstain";
        return { delegate: who, vote };
      }
      if (d.pending) return { delegate: who, vote: "ask" };
      return null;
    },

    async send(request, callbacks) {
      if (!account) throw new Error("no agent key to sign with");
      let signed: SignedTransaction | null = null;
      const wallet = createWalletClient({
        account,
        chain: options.chain,
        transport: custom(
          {
            async request({ method, params }) {
              if (method === "eth_sendRawTransaction") {
                const raw = (params as [Hex])[0];
                const parsed = parseTransaction(raw);
                signed = { hash: keccak256(raw), raw, nonce: BigInt(parsed.nonce ?? 0) };
                await callbacks.onSigned(signed);
                const result = await client.request({ method, params } as never);
                await callbacks.onBroadcast?.(signed);
                return result;
              }
              return client.request({ method, params } as never);
            },
          },
          { retryCount: 0 },
        ),
      });
      const common = {
        publicClient: client,
        addresses,
        user,
        marketId: request.marketId,
        outcome: BigInt(request.outcome),
        shares: request.shares,
        wait: false,
      } as const;
      let hash: Hex;
      if (request.kind === "buy") {
        if (request.limit === null || request.deadline === null) {
          throw new Error("a buy needs maxCost and a deadline");
        }
        hash = (
          await vaultBuy(wallet, { ...common, maxCost: request.limit, deadline: request.deadline })
        ).hash;
      } else if (request.kind === "sell") {
        if (request.limit === null || request.deadline === null) {
          throw new Error("a sell needs minProceeds and a deadline");
        }
        hash = (
          await vaultSell(wallet, {
            ...common,
            minProceeds: request.limit,
            deadline: request.deadline,
          })
        ).hash;
      } else {
        hash = (await vaultRedeem(wallet, common)).hash;
      }
      const tx = signed as SignedTransaction | null;
      if (!tx || tx.hash.toLowerCase() !== hash.toLowerCase()) {
        throw new Error(`the SDK returned ${hash}, which is not the transaction signed here`);
      }
      return tx;
    },

    async rebroadcast(raw) {
      try {
        await client.sendRawTransaction({ serializedTransaction: raw });
      } catch (e) {
        const text = e instanceof Error ? e.message : String(e);
        if (/already known|known transaction|already imported/i.test(text)) return;
        throw e;
      }
    },

    async receipt(hash) {
      try {
        return await client.getTransactionReceipt({ hash });
      } catch (e) {
        if ((e as Error).name === "TransactionReceiptNotFoundError") return null;
        throw e;
      }
    },

    async waitForReceipt(hash, timeoutMs) {
      try {
        return await client.waitForTransactionReceipt({
          hash,
          timeout: timeoutMs,
          pollingInterval: 100,
          retryCount: 10,
        });
      } catch (e) {
        if (e instanceof WaitForTransactionReceiptTimeoutError) return null;
        throw e;
      }
    },

    async knownTransaction(hash) {
      try {
        await client.getTransaction({ hash });
        return true;
      } catch (e) {
        if ((e as Error).name === "TransactionNotFoundError") return false;
        throw e;
      }
    },

    async minedNonce() {
      return BigInt(await client.getTransactionCount({ address: agent, blockTag: "latest" }));
    },

    settlement(receipt, kind) {
      const vault = addresses.tradingVault.toLowerCase();
      const base = { blockNumber: receipt.blockNumber, txHash: receipt.transactionHash };
      if (receipt.status !== "success")
        return { ...base, success: false, amount: null, shares: null };
      if (kind === "redeem") {
        const ev = parseEventLogs({
          abi: tradingVaultAbi,
          eventName: "Redeemed",
          logs: receipt.logs,
        }).find((l) => l.address.toLowerCase() === vault);
        return {
          ...base,
          success: true,
          amount: ev?.args.payout ?? null,
          shares: ev?.args.shares ?? null,
        };
      }
      const ev = parseEventLogs({
        abi: tradingVaultAbi,
        eventName: "Traded",
        logs: receipt.logs,
      }).find((l) => l.address.toLowerCase() === vault);
      return {
        ...base,
        success: true,
        amount: ev?.args.collateral ?? null,
        shares: ev?.args.shares ?? null,
      };
    },
  };
}

function sameAddress(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

function isMetadataProblem(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return code === "MetadataHashMismatch" || code === "MarketNotFound" || e instanceof SyntaxError;
}
