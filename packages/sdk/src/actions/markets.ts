/**
 * Market actions on the LMSR singleton: create, quote (from the contract, from @mandate/lmsr, or
 * both — they agree to the wei), trade with slippage protection, redeem, trade from collateral
 * credit (deposit once, no token transfer per trade); and the reads a trading screen needs.
 */

import { committeeResolverAbi, lmsrMarketAbi } from "@mandate/abis";
import {
  createMarketFunding,
  type Market as LmsrMarket,
  type QuoteBuyReturnType as LocalQuoteBuy,
  type QuoteBuyWithCollateralReturnType as LocalQuoteBuyWithCollateral,
  type QuoteSellReturnType as LocalQuoteSell,
  quoteBuy as lmsrQuoteBuy,
  quoteBuyWithCollateral as lmsrQuoteBuyWithCollateral,
  quoteSell as lmsrQuoteSell,
  tokenId as lmsrTokenId,
  SharesBelowMinError,
  WAD,
  wadToNumber,
} from "@mandate/lmsr";
import {
  type Address,
  type Hex,
  isAddress,
  parseEventLogs,
  type TransactionReceipt,
  zeroHash,
} from "viem";
import { getBlockNumber, getContractEvents, readContract } from "viem/actions";
import type { MandateAddresses } from "../addresses.js";
import type { ErrorContext } from "../errorMessages.js";
import { MandateError, toMandateError } from "../errors.js";
import { type MarketStateName, marketStateName } from "../format.js";
import {
  BPS,
  type ContractCall,
  check,
  checkSlippage,
  contractCall,
  guard,
  type MandateClientLike,
  nextBlockTime,
  type ReadOptions,
  resolve,
  sendCall,
  signerAddress,
  tokenUnits,
  type WriteOptions,
  type WriteResult,
} from "../internal.js";
import { decodeMarketMetadataURI, encodeMarketMetadata, type MarketMetadata } from "../metadata.js";
import { defaultCollateral, ensureAllowance, explainTransferFailure } from "./tokens.js";

/** Default slippage tolerance of trades: 50 bps (0.5%). */
export const DEFAULT_SLIPPAGE_BPS = 50n;
/** Default time a trade stays valid: 10 minutes after the latest block. */
export const DEFAULT_DEADLINE_SECONDS = 600n;

// ── reads ─────────────────────────────────────────────────────────────────────────────────────

/** Everything the market stores about one market (`getMarket`), with its id and state name. */
export type MarketView = {
  marketId: bigint;
  collateral: Address;
  resolver: Address;
  creator: Address;
  /** LMSR liquidity b, collateral base units. */
  liquidity: bigint;
  outcomeCount: bigint;
  /** Unix seconds from which trading stops. */
  closeTime: bigint;
  feeBps: bigint;
  /** Log-sum L, X128. */
  logSum: bigint;
  /** Collateral held for the market, base units. */
  pool: bigint;
  /** `MarketState` (Closed is derived from the clock). */
  state: number;
  stateName: MarketStateName | `Unknown(${string})`;
  /** The winning outcome once `stateName === "Resolved"`. */
  resolvedOutcome: bigint;
};

export type GetMarketParameters = ReadOptions & { marketId: bigint };

/** A market's stored state. @throws MandateError `MarketNotFound`. */
export async function getMarket(
  client: MandateClientLike,
  parameters: GetMarketParameters,
): Promise<MarketView> {
  const addresses = resolve(client, parameters);
  const info = await guard(() =>
    readContract(client, {
      address: addresses.lmsrMarket,
      abi: lmsrMarketAbi,
      functionName: "getMarket",
      args: [parameters.marketId],
      blockNumber: parameters.blockNumber,
    }),
  );
  return {
    marketId: parameters.marketId,
    collateral: info.collateral,
    resolver: info.resolver,
    creator: info.creator,
    liquidity: info.liquidity,
    outcomeCount: info.outcomeCount,
    closeTime: info.closeTime,
    feeBps: info.feeBps,
    logSum: info.logSum,
    pool: info.pool,
    state: info.state,
    stateName: marketStateName(info.state),
    resolvedOutcome: info.resolvedOutcome,
  };
}

/** Every market, ids 1 to `marketCount()`. */
export async function listMarkets(
  client: MandateClientLike,
  parameters: ReadOptions = {},
): Promise<MarketView[]> {
  const addresses = resolve(client, parameters);
  const count = await guard(() =>
    readContract(client, {
      address: addresses.lmsrMarket,
      abi: lmsrMarketAbi,
      functionName: "marketCount",
      blockNumber: parameters.blockNumber,
    }),
  );
  const ids = Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1));
  return Promise.all(
    ids.map((marketId) => getMarket(client, { ...parameters, addresses, marketId })),
  );
}

export type MarketPrices = {
  /** Price of each outcome, WAD (1e18 = probability 1), rounded down as the contract reports. */
  wad: bigint[];
  /** The same as numbers in [0, 1], for display only. */
  numbers: number[];
};

/** The prices of every outcome of a market. */
export async function getPrices(
  client: MandateClientLike,
  parameters: GetMarketParameters,
): Promise<MarketPrices> {
  const addresses = resolve(client, parameters);
  const wad = await guard(() =>
    readContract(client, {
      address: addresses.lmsrMarket,
      abi: lmsrMarketAbi,
      functionName: "prices",
      args: [parameters.marketId],
      blockNumber: parameters.blockNumber,
    }),
  );
  return { wad: [...wad], numbers: wad.map(wadToNumber) };
}

export type GetPositionParameters = ReadOptions & {
  marketId: bigint;
  outcome: bigint;
  account: Address;
};

/** Shares of one outcome an account holds (ERC-6909 balance), base units. */
export async function getPosition(
  client: MandateClientLike,
  parameters: GetPositionParameters,
): Promise<bigint> {
  const addresses = resolve(client, parameters);
  return guard(() =>
    readContract(client, {
      address: addresses.lmsrMarket,
      abi: lmsrMarketAbi,
      functionName: "balanceOf",
      args: [parameters.account, lmsrTokenId(parameters.marketId, parameters.outcome)],
      blockNumber: parameters.blockNumber,
    }),
  );
}

export type Position = {
  marketId: bigint;
  outcome: bigint;
  /** ERC-6909 id: `(marketId << 8) | outcome`. */
  tokenId: bigint;
  shares: bigint;
  /** The outcome's price now, WAD. */
  priceWad: bigint;
  /** `shares × price`, base units rounded down: what the shares are worth at today's price. */
  value: bigint;
};

export type GetPositionsParameters = ReadOptions & { marketId: bigint; account: Address };

/** An account's shares of every outcome of a market, with their value at today's prices. */
export async function getPositions(
  client: MandateClientLike,
  parameters: GetPositionsParameters,
): Promise<Position[]> {
  const addresses = resolve(client, parameters);
  const blockNumber =
    parameters.blockNumber ?? (await guard(() => getBlockNumber(client, { cacheTime: 0 })));
  const opts = { ...parameters, addresses, blockNumber };
  const prices = await getPrices(client, opts);
  return Promise.all(
    prices.wad.map(async (priceWad, i) => {
      const outcome = BigInt(i);
      const shares = await getPosition(client, { ...opts, outcome });
      return {
        marketId: parameters.marketId,
        outcome,
        tokenId: lmsrTokenId(parameters.marketId, outcome),
        shares,
        priceWad,
        value: (shares * priceWad) / WAD,
      };
    }),
  );
}

export type MarketMetadataView = {
  metadataHash: Hex;
  metadataURI: string;
  /** The decoded document when the URI is a data URI (else fetch `metadataURI` yourself). */
  metadata: MarketMetadata | undefined;
};

/** A market's metadata, from its `MarketCreated` event (hash-checked when decoded). */
export async function getMarketMetadata(
  client: MandateClientLike,
  parameters: GetMarketParameters,
): Promise<MarketMetadataView> {
  const addresses = resolve(client, parameters);
  const [event] = await guard(() =>
    getContractEvents(client, {
      address: addresses.lmsrMarket,
      abi: lmsrMarketAbi,
      eventName: "MarketCreated",
      args: { marketId: parameters.marketId },
      fromBlock: addresses.fromBlock ?? 0n,
      toBlock: parameters.blockNumber ?? "latest",
    }),
  );
  if (event === undefined) {
    throw new MandateError({
      kind: "contract",
      code: "MarketNotFound",
      errorName: "MarketNotFound",
      args: { marketId: parameters.marketId },
      shortMessage: `There is no market #${parameters.marketId}.`,
    });
  }
  const metadataHash = event.args.metadataHash ?? zeroHash;
  const metadataURI = event.args.metadataURI ?? "";
  return {
    metadataHash,
    metadataURI,
    metadata: decodeMarketMetadataURI(metadataURI, metadataHash),
  };
}

/** Units of a market's collateral, for error messages. */
async function marketContext(
  client: MandateClientLike,
  market: Address,
  marketId: bigint,
): Promise<ErrorContext> {
  const info = await readContract(client, {
    address: market,
    abi: lmsrMarketAbi,
    functionName: "getMarket",
    args: [marketId],
  });
  return { collateral: await tokenUnits(client, info.collateral) };
}

// ── quotes ────────────────────────────────────────────────────────────────────────────────────

/**
 * Where a quote comes from: the contract's view (`"chain"`, default), @mandate/lmsr on the
 * market's state read at one block (`"local"`: two reads, then any number of quotes offline), or
 * both, checked equal (`"both"`: throws `QuoteMismatch` if they ever differ).
 */
export type QuoteSource = "chain" | "local" | "both";

type QuoteOptions = ReadOptions & {
  marketId: bigint;
  outcome: bigint;
  source?: QuoteSource | undefined;
};

/** The state @mandate/lmsr prices a trade from: the market's `Market` and the outcome's supply. */
export type LocalMarketState = { market: LmsrMarket; supply: bigint; blockNumber: bigint };

/** Reads what the local quotes need, at one block. */
export async function getLocalMarketState(
  client: MandateClientLike,
  parameters: ReadOptions & { marketId: bigint; outcome: bigint },
): Promise<LocalMarketState> {
  const addresses = resolve(client, parameters);
  const blockNumber =
    parameters.blockNumber ?? (await guard(() => getBlockNumber(client, { cacheTime: 0 })));
  const [info, supply] = await guard(() =>
    Promise.all([
      readContract(client, {
        address: addresses.lmsrMarket,
        abi: lmsrMarketAbi,
        functionName: "getMarket",
        args: [parameters.marketId],
        blockNumber,
      }),
      readContract(client, {
        address: addresses.lmsrMarket,
        abi: lmsrMarketAbi,
        functionName: "supply",
        args: [parameters.marketId, parameters.outcome],
        blockNumber,
      }),
    ]),
  );
  return {
    market: {
      liquidity: info.liquidity,
      logSum: info.logSum,
      feeBps: info.feeBps,
      pool: info.pool,
    },
    supply,
    blockNumber,
  };
}

async function quoteBlock(client: MandateClientLike, parameters: QuoteOptions) {
  const source = parameters.source ?? "chain";
  const blockNumber =
    source === "chain"
      ? parameters.blockNumber
      : (parameters.blockNumber ?? (await guard(() => getBlockNumber(client, { cacheTime: 0 }))));
  return { source, blockNumber };
}

function mismatch(what: string, chain: unknown, local: unknown): MandateError {
  return new MandateError({
    kind: "quoteMismatch",
    code: "QuoteMismatch",
    shortMessage: `The local quote differs from the contract's: ${what} is ${String(chain)} on chain and ${String(local)} locally. @mandate/lmsr may be out of date with the deployed contract.`,
  });
}

export type QuoteBuyParameters = QuoteOptions & { shares: bigint };
export type QuoteBuyResult = {
  /** Collateral the buy costs, fee included, base units. */
  cost: bigint;
  /** Fee part of `cost`. */
  fee: bigint;
  source: QuoteSource;
  /** The block the quote is for (undefined: latest, chain source). */
  blockNumber: bigint | undefined;
  /** The @mandate/lmsr quote (`"local"`, `"both"`), with the log-sum after the trade. */
  local?: LocalQuoteBuy | undefined;
};

/** Quotes buying exactly `shares` of `outcome`. */
export async function quoteBuy(
  client: MandateClientLike,
  parameters: QuoteBuyParameters,
): Promise<QuoteBuyResult> {
  const addresses = resolve(client, parameters);
  const { source, blockNumber } = await quoteBlock(client, parameters);
  const errorContext = () => marketContext(client, addresses.lmsrMarket, parameters.marketId);
  let local: LocalQuoteBuy | undefined;
  if (source !== "chain") {
    const state = await getLocalMarketState(client, { ...parameters, addresses, blockNumber });
    local = await guard(
      async () => lmsrQuoteBuy(state.market, state.supply, parameters.shares),
      errorContext,
    );
    if (source === "local") return { cost: local.cost, fee: local.fee, source, blockNumber, local };
  }
  const [cost, fee] = await guard(
    () =>
      readContract(client, {
        address: addresses.lmsrMarket,
        abi: lmsrMarketAbi,
        functionName: "quoteBuy",
        args: [parameters.marketId, parameters.outcome, parameters.shares],
        blockNumber,
      }),
    errorContext,
  );
  if (local !== undefined) {
    if (local.cost !== cost) throw mismatch("the cost", cost, local.cost);
    if (local.fee !== fee) throw mismatch("the fee", fee, local.fee);
  }
  return { cost, fee, source, blockNumber, local };
}

export type QuoteSellParameters = QuoteOptions & { shares: bigint };
export type QuoteSellResult = {
  /** Collateral the sale pays, after the fee, base units. */
  proceeds: bigint;
  fee: bigint;
  source: QuoteSource;
  blockNumber: bigint | undefined;
  local?: LocalQuoteSell | undefined;
};

/** Quotes selling exactly `shares` of `outcome`. */
export async function quoteSell(
  client: MandateClientLike,
  parameters: QuoteSellParameters,
): Promise<QuoteSellResult> {
  const addresses = resolve(client, parameters);
  const { source, blockNumber } = await quoteBlock(client, parameters);
  const errorContext = () => marketContext(client, addresses.lmsrMarket, parameters.marketId);
  let local: LocalQuoteSell | undefined;
  if (source !== "chain") {
    const state = await getLocalMarketState(client, { ...parameters, addresses, blockNumber });
    local = await guard(
      async () => lmsrQuoteSell(state.market, state.supply, parameters.shares),
      errorContext,
    );
    if (source === "local") {
      return { proceeds: local.proceeds, fee: local.fee, source, blockNumber, local };
    }
  }
  const [proceeds, fee] = await guard(
    () =>
      readContract(client, {
        address: addresses.lmsrMarket,
        abi: lmsrMarketAbi,
        functionName: "quoteSell",
        args: [parameters.marketId, parameters.outcome, parameters.shares],
        blockNumber,
      }),
    errorContext,
  );
  if (local !== undefined) {
    if (local.proceeds !== proceeds) throw mismatch("the proceeds", proceeds, local.proceeds);
    if (local.fee !== fee) throw mismatch("the fee", fee, local.fee);
  }
  return { proceeds, fee, source, blockNumber, local };
}

export type QuoteBuyWithCollateralParameters = QuoteOptions & { collateralIn: bigint };
export type QuoteBuyWithCollateralResult = {
  /** Shares `collateralIn` buys (0 when it is too small to buy one). */
  shares: bigint;
  source: QuoteSource;
  blockNumber: bigint | undefined;
  /** The @mandate/lmsr quote, with the fee and log-sum (undefined when it buys no share). */
  local?: LocalQuoteBuyWithCollateral | undefined;
};

/** Quotes spending exactly `collateralIn` (fee included) on `outcome`. */
export async function quoteBuyWithCollateral(
  client: MandateClientLike,
  parameters: QuoteBuyWithCollateralParameters,
): Promise<QuoteBuyWithCollateralResult> {
  const addresses = resolve(client, parameters);
  const { source, blockNumber } = await quoteBlock(client, parameters);
  const errorContext = () => marketContext(client, addresses.lmsrMarket, parameters.marketId);
  let local: LocalQuoteBuyWithCollateral | undefined;
  let localShares: bigint | undefined;
  if (source !== "chain") {
    const state = await getLocalMarketState(client, { ...parameters, addresses, blockNumber });
    try {
      local = lmsrQuoteBuyWithCollateral(state.market, state.supply, parameters.collateralIn);
      localShares = local.shares;
    } catch (error) {
      // The contract's view reports 0 shares where the trade itself would revert.
      if (!(error instanceof SharesBelowMinError))
        throw toMandateError(error, await errorContext());
      localShares = 0n;
    }
    if (source === "local") return { shares: localShares, source, blockNumber, local };
  }
  const shares = await guard(
    () =>
      readContract(client, {
        address: addresses.lmsrMarket,
        abi: lmsrMarketAbi,
        functionName: "quoteBuyWithCollateral",
        args: [parameters.marketId, parameters.outcome, parameters.collateralIn],
        blockNumber,
      }),
    errorContext,
  );
  if (localShares !== undefined && localShares !== shares) {
    throw mismatch("the shares", shares, localShares);
  }
  return { shares, source, blockNumber, local };
}

// ── slippage ──────────────────────────────────────────────────────────────────────────────────

/** The most a buy quoted at `cost` may charge with `slippageBps` of tolerance (rounded up). */
export function maxCostFor(cost: bigint, slippageBps: bigint | number): bigint {
  const bps = checkSlippage(slippageBps);
  return cost + (cost * bps + BPS - 1n) / BPS;
}

/** The least a sale quoted at `proceeds` may pay with `slippageBps` of tolerance (rounded down). */
export function minProceedsFor(proceeds: bigint, slippageBps: bigint | number): bigint {
  const bps = checkSlippage(slippageBps);
  return (proceeds * (BPS - bps)) / BPS;
}

/** The fewest shares a collateral buy quoted at `shares` may return (rounded down). */
export function minSharesFor(shares: bigint, slippageBps: bigint | number): bigint {
  return minProceedsFor(shares, slippageBps);
}

/** Slippage and deadline options of every trade. */
export type TradeLimits = {
  /** Tolerance over the exact quote, basis points (default 50 = 0.5%). */
  slippageBps?: bigint | number | undefined;
  /** Unix seconds after which the trade reverts; default: latest block + `deadlineSeconds`. */
  deadline?: bigint | undefined;
  /** Default 600. */
  deadlineSeconds?: bigint | number | undefined;
};

type LimitInput = TradeLimits & { marketId: bigint; outcome: bigint; addresses: MandateAddresses };

/**
 * The slippage limits of a trade, shared by the market's and the vault's trades: the caller's own
 * limit when given, else the exact on-chain quote moved by `slippageBps` (the quote is returned).
 */
export async function buyLimit(
  reader: MandateClientLike,
  p: LimitInput & { shares: bigint; maxCost?: bigint | undefined },
): Promise<{ quote: QuoteBuyResult | undefined; maxCost: bigint }> {
  if (p.maxCost !== undefined) return { quote: undefined, maxCost: p.maxCost };
  const quote = await quoteBuy(reader, { ...p, source: "chain" });
  return { quote, maxCost: maxCostFor(quote.cost, p.slippageBps ?? DEFAULT_SLIPPAGE_BPS) };
}

/** See `buyLimit`: the least a sale may pay. */
export async function sellLimit(
  reader: MandateClientLike,
  p: LimitInput & { shares: bigint; minProceeds?: bigint | undefined },
): Promise<{ quote: QuoteSellResult | undefined; minProceeds: bigint }> {
  if (p.minProceeds !== undefined) return { quote: undefined, minProceeds: p.minProceeds };
  const quote = await quoteSell(reader, { ...p, source: "chain" });
  return {
    quote,
    minProceeds: minProceedsFor(quote.proceeds, p.slippageBps ?? DEFAULT_SLIPPAGE_BPS),
  };
}

/** See `buyLimit`: the fewest shares a collateral buy may return. */
export async function buyWithCollateralLimit(
  reader: MandateClientLike,
  p: LimitInput & { collateralIn: bigint; minShares?: bigint | undefined },
): Promise<{ quote: QuoteBuyWithCollateralResult | undefined; minShares: bigint }> {
  if (p.minShares !== undefined) return { quote: undefined, minShares: p.minShares };
  const quote = await quoteBuyWithCollateral(reader, { ...p, source: "chain" });
  return { quote, minShares: minSharesFor(quote.shares, p.slippageBps ?? DEFAULT_SLIPPAGE_BPS) };
}

/** The trade's deadline: explicit, or the next block's time plus `deadlineSeconds`. */
export async function tradeDeadline(
  client: MandateClientLike,
  limits: TradeLimits,
): Promise<bigint> {
  if (limits.deadline !== undefined) return limits.deadline;
  const now = await guard(() => nextBlockTime(client));
  return now + BigInt(limits.deadlineSeconds ?? DEFAULT_DEADLINE_SECONDS);
}

/** What a trade was sent with, next to its result. */
export type TradeResult<result, quote> = WriteResult<result> & {
  /** The exact quote the limit was derived from (undefined when the limit was given). */
  quote: quote | undefined;
  deadline: bigint;
};

function tradeFromReceipt(market: Address, field: "collateral" | "shares") {
  return (receipt: TransactionReceipt, simulated: bigint): bigint => {
    const [trade] = parseEventLogs({
      abi: lmsrMarketAbi,
      eventName: "Trade",
      logs: receipt.logs,
    }).filter((log) => log.address.toLowerCase() === market.toLowerCase());
    return trade?.args[field] ?? simulated;
  };
}

// ── trades ────────────────────────────────────────────────────────────────────────────────────

export type BuyParameters = WriteOptions &
  TradeLimits & {
    marketId: bigint;
    outcome: bigint;
    /** Shares to buy, base units (one share pays one base unit if the outcome wins). */
    shares: bigint;
    /** The most to pay, fee included; default: the exact quote plus `slippageBps`. */
    maxCost?: bigint | undefined;
  };

/**
 * Buys exactly `shares` of `outcome`, paying at most the exact quote plus `slippageBps` (or
 * `maxCost`), before the deadline. The market must be approved to spend the collateral
 * ({@link approveCollateral}). `result` is the cost paid.
 */
export async function buy(
  walletClient: MandateClientLike,
  parameters: BuyParameters,
): Promise<TradeResult<bigint, QuoteBuyResult> & { maxCost: bigint }> {
  const trade = await buyTrade(walletClient, parameters, (addresses, limits) =>
    contractCall(addresses.lmsrMarket, lmsrMarketAbi, "buy", [
      limits.marketId,
      limits.outcome,
      limits.shares,
      limits.maxCost,
      limits.deadline,
    ]),
  );
  const { addresses, reader, maxCost } = trade;
  const sent = await trade.send().catch(async (error: unknown) =>
    explainTransferFailure(error, reader, {
      token: (await getMarket(reader, { addresses, marketId: parameters.marketId })).collateral,
      owner: signerAddress(walletClient, parameters),
      spender: addresses.lmsrMarket,
      needed: maxCost,
      what: "this buy",
      upTo: true,
    }),
  );
  return { ...sent, quote: trade.quote, maxCost, deadline: trade.deadline };
}

/** A buy's limits, decided once: the exact quote plus slippage (or `maxCost`), the deadline. */
type BuyLimits = {
  marketId: bigint;
  outcome: bigint;
  shares: bigint;
  maxCost: bigint;
  deadline: bigint;
};

/**
 * What {@link buy} and {@link buyFromCredit} share: the limits from the exact quote, and a `send`
 * for the market call built from them (they differ only in the function called).
 */
async function buyTrade(
  walletClient: MandateClientLike,
  parameters: BuyParameters,
  build: (addresses: MandateAddresses, limits: BuyLimits) => ContractCall<bigint>,
) {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const { quote, maxCost } = await buyLimit(reader, { ...parameters, addresses });
  const deadline = await tradeDeadline(reader, parameters);
  const { marketId, outcome, shares } = parameters;
  const send = () =>
    sendCall(walletClient, build(addresses, { marketId, outcome, shares, maxCost, deadline }), {
      ...parameters,
      errorContext: () => marketContext(reader, addresses.lmsrMarket, marketId),
      fromReceipt: tradeFromReceipt(addresses.lmsrMarket, "collateral"),
    });
  return { addresses, reader, quote, maxCost, deadline, send };
}

export type SellParameters = WriteOptions &
  TradeLimits & {
    marketId: bigint;
    outcome: bigint;
    shares: bigint;
    /** The least to receive after the fee; default: the exact quote minus `slippageBps`. */
    minProceeds?: bigint | undefined;
  };

/** Sells exactly `shares` of `outcome` for at least the quote minus `slippageBps`. `result` is the proceeds. */
export async function sell(
  walletClient: MandateClientLike,
  parameters: SellParameters,
): Promise<TradeResult<bigint, QuoteSellResult> & { minProceeds: bigint }> {
  const trade = await sellTrade(walletClient, parameters, (addresses, limits) =>
    contractCall(addresses.lmsrMarket, lmsrMarketAbi, "sell", [
      limits.marketId,
      limits.outcome,
      limits.shares,
      limits.minProceeds,
      limits.deadline,
    ]),
  );
  const sent = await trade.send();
  return { ...sent, quote: trade.quote, minProceeds: trade.minProceeds, deadline: trade.deadline };
}

/** A sale's limits, decided once: the exact quote minus slippage (or `minProceeds`), the deadline. */
type SellLimits = {
  marketId: bigint;
  outcome: bigint;
  shares: bigint;
  minProceeds: bigint;
  deadline: bigint;
};

/** What {@link sell} and {@link sellToCredit} share (see {@link buyTrade}). */
async function sellTrade(
  walletClient: MandateClientLike,
  parameters: SellParameters,
  build: (addresses: MandateAddresses, limits: SellLimits) => ContractCall<bigint>,
) {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const { quote, minProceeds } = await sellLimit(reader, { ...parameters, addresses });
  const deadline = await tradeDeadline(reader, parameters);
  const { marketId, outcome, shares } = parameters;
  const send = () =>
    sendCall(walletClient, build(addresses, { marketId, outcome, shares, minProceeds, deadline }), {
      ...parameters,
      errorContext: () => marketContext(reader, addresses.lmsrMarket, marketId),
      fromReceipt: tradeFromReceipt(addresses.lmsrMarket, "collateral"),
    });
  return { addresses, reader, quote, minProceeds, deadline, send };
}

export type BuyWithCollateralParameters = WriteOptions &
  TradeLimits & {
    marketId: bigint;
    outcome: bigint;
    /** Collateral to spend, fee included, base units. */
    collateralIn: bigint;
    /** The fewest shares to accept; default: the exact quote minus `slippageBps`. */
    minShares?: bigint | undefined;
  };

/** Spends exactly `collateralIn` on `outcome`, for at least the quoted shares minus `slippageBps`. `result` is the shares. */
export async function buyWithCollateral(
  walletClient: MandateClientLike,
  parameters: BuyWithCollateralParameters,
): Promise<TradeResult<bigint, QuoteBuyWithCollateralResult> & { minShares: bigint }> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const { quote, minShares } = await buyWithCollateralLimit(reader, { ...parameters, addresses });
  const deadline = await tradeDeadline(reader, parameters);
  const { marketId, outcome, collateralIn } = parameters;
  const sent = await sendCall(
    walletClient,
    contractCall(addresses.lmsrMarket, lmsrMarketAbi, "buyWithCollateral", [
      marketId,
      outcome,
      collateralIn,
      minShares,
      deadline,
    ]),
    {
      ...parameters,
      errorContext: () => marketContext(reader, addresses.lmsrMarket, marketId),
      fromReceipt: tradeFromReceipt(addresses.lmsrMarket, "shares"),
    },
  ).catch(async (error: unknown) =>
    explainTransferFailure(error, reader, {
      token: (await getMarket(reader, { addresses, marketId })).collateral,
      owner: signerAddress(walletClient, parameters),
      spender: addresses.lmsrMarket,
      needed: collateralIn,
      what: "this buy",
    }),
  );
  return { ...sent, quote, minShares, deadline };
}

export type RedeemParameters = WriteOptions & {
  marketId: bigint;
  outcome: bigint;
  /** Shares to redeem; default: every share of `outcome` the signer holds. */
  shares?: bigint | undefined;
};

/** Redeems shares of a resolved (or invalid) market. `result` is the payout, base units. */
export async function redeem(
  walletClient: MandateClientLike,
  parameters: RedeemParameters,
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const shares =
    parameters.shares ??
    (await getPosition(reader, {
      addresses,
      marketId: parameters.marketId,
      outcome: parameters.outcome,
      account: signerAddress(walletClient, parameters),
    }));
  return sendCall(
    walletClient,
    contractCall(addresses.lmsrMarket, lmsrMarketAbi, "redeem", [
      parameters.marketId,
      parameters.outcome,
      shares,
    ]),
    {
      ...parameters,
      errorContext: () => marketContext(reader, addresses.lmsrMarket, parameters.marketId),
      fromReceipt: (receipt, simulated) =>
        parseEventLogs({ abi: lmsrMarketAbi, eventName: "Redeemed", logs: receipt.logs }).find(
          (log) => log.address.toLowerCase() === addresses.lmsrMarket.toLowerCase(),
        )?.args.payout ?? simulated,
    },
  );
}

/** The creator takes a resolved market's surplus and fees. `result` is the amount, base units. */
export async function withdrawSurplus(
  walletClient: MandateClientLike,
  parameters: WriteOptions & { marketId: bigint },
): Promise<WriteResult<bigint>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  return sendCall(
    walletClient,
    contractCall(addresses.lmsrMarket, lmsrMarketAbi, "withdrawSurplus", [parameters.marketId]),
    {
      ...parameters,
      errorContext: () => marketContext(reader, addresses.lmsrMarket, parameters.marketId),
    },
  );
}

// ── collateral credit ─────────────────────────────────────────────────────────────────────────
//
// Credit is collateral deposited into the market singleton once and then traded from without an
// ERC-20 transfer per trade (`buyFromCredit`, `sellToCredit`; about 12k gas less per buy). It
// belongs to no market: it pays for buys in every market with that collateral and can be withdrawn
// at any time.

/** Throws `InvalidArgument`, naming the argument, unless `value` is a non-negative bigint. */
function checkUint(name: string, value: bigint): bigint {
  check(
    typeof value === "bigint" && value >= 0n,
    `\`${name}\` must be a non-negative bigint (base units); ${String(value)} was given.`,
  );
  return value;
}

/** Throws `InvalidArgument`, naming the argument, unless `value` is a 20-byte hex address. */
function checkAddress(name: string, value: Address): Address {
  check(
    typeof value === "string" && isAddress(value, { strict: false }),
    `\`${name}\` must be a 20-byte 0x-hex address; "${String(value)}" was given.`,
  );
  return value;
}

type MarketAddress = Pick<MandateAddresses, "lmsrMarket">;

/**
 * The market call behind {@link deposit}, for agents that sign and broadcast themselves (see
 * `delegateVoteCall`): pulls `amount` of `collateral` from the signer (approve it first) and
 * credits `to`. Checks its arguments (`InvalidArgument` naming the bad one).
 */
export function depositCall(
  addresses: MarketAddress,
  parameters: { collateral: Address; amount: bigint; to: Address },
) {
  return contractCall(addresses.lmsrMarket, lmsrMarketAbi, "deposit", [
    checkAddress("collateral", parameters.collateral),
    checkUint("amount", parameters.amount),
    checkAddress("to", parameters.to),
  ]);
}

/** The market call behind {@link withdraw}: sends `amount` of the signer's credit to `to`. */
export function withdrawCall(
  addresses: MarketAddress,
  parameters: { collateral: Address; amount: bigint; to: Address },
) {
  return contractCall(addresses.lmsrMarket, lmsrMarketAbi, "withdraw", [
    checkAddress("collateral", parameters.collateral),
    checkUint("amount", parameters.amount),
    checkAddress("to", parameters.to),
  ]);
}

/** The market call behind {@link buyFromCredit}, with its limits already decided. */
export function buyFromCreditCall(
  addresses: MarketAddress,
  parameters: {
    marketId: bigint;
    outcome: bigint;
    shares: bigint;
    maxCost: bigint;
    deadline: bigint;
  },
) {
  return contractCall(addresses.lmsrMarket, lmsrMarketAbi, "buyFromCredit", [
    checkUint("marketId", parameters.marketId),
    checkUint("outcome", parameters.outcome),
    checkUint("shares", parameters.shares),
    checkUint("maxCost", parameters.maxCost),
    checkUint("deadline", parameters.deadline),
  ]);
}

/** The market call behind {@link sellToCredit}, with its limits already decided. */
export function sellToCreditCall(
  addresses: MarketAddress,
  parameters: {
    marketId: bigint;
    outcome: bigint;
    shares: bigint;
    minProceeds: bigint;
    deadline: bigint;
  },
) {
  return contractCall(addresses.lmsrMarket, lmsrMarketAbi, "sellToCredit", [
    checkUint("marketId", parameters.marketId),
    checkUint("outcome", parameters.outcome),
    checkUint("shares", parameters.shares),
    checkUint("minProceeds", parameters.minProceeds),
    checkUint("deadline", parameters.deadline),
  ]);
}

export type CreditOfParameters = ReadOptions & {
  account: Address;
  /** The ERC-20; default: the deployment's demo collateral. */
  collateral?: Address | undefined;
};

/** `account`'s credit in `collateral` (default: the demo collateral), base units. */
export async function creditOf(
  client: MandateClientLike,
  parameters: CreditOfParameters,
): Promise<bigint> {
  const addresses = resolve(client, parameters);
  const collateral = parameters.collateral ?? defaultCollateral(addresses.demoCollateral);
  return guard(() =>
    readContract(client, {
      address: addresses.lmsrMarket,
      abi: lmsrMarketAbi,
      functionName: "creditOf",
      args: [collateral, parameters.account],
      blockNumber: parameters.blockNumber,
    }),
  );
}

/** What every credit write returns besides the transaction. */
export type CreditResult = {
  /**
   * The account's credit after the transaction, base units (`to`'s for a deposit, the signer's
   * otherwise): from the receipt's `CreditChanged` event, else `creditOf` at its block. Undefined
   * with `wait: false`.
   */
  credit: bigint | undefined;
};

async function creditAfter(
  reader: MandateClientLike,
  addresses: MandateAddresses,
  receipt: TransactionReceipt | undefined,
  account: Address,
  collateral: () => Promise<Address>,
): Promise<bigint | undefined> {
  if (receipt === undefined) return undefined;
  const changed = parseEventLogs({
    abi: lmsrMarketAbi,
    eventName: "CreditChanged",
    logs: receipt.logs,
  }).filter(
    (log) =>
      log.address.toLowerCase() === addresses.lmsrMarket.toLowerCase() &&
      log.args.account.toLowerCase() === account.toLowerCase(),
  );
  const last = changed[changed.length - 1];
  if (last !== undefined) return last.args.balance;
  // A sale that paid nothing leaves the credit unchanged and emits no event.
  return creditOf(reader, {
    addresses,
    collateral: await collateral(),
    account,
    blockNumber: receipt.blockNumber,
  });
}

export type DepositParameters = WriteOptions & {
  /** The ERC-20; default: the deployment's demo collateral. */
  collateral?: Address | undefined;
  /** Base units taken from the signer. */
  amount: bigint;
  /** Whose credit it becomes; default: the signer. */
  to?: Address | undefined;
  /** Approve the exact amount first when the allowance is short (default true). */
  approve?: boolean | undefined;
};

/**
 * Deposits `amount` of collateral from the signer as credit for `to` (default: the signer),
 * approving the exact amount first when the market's allowance is short. `credit` is `to`'s
 * credit after it; `approval` the approval, if one was needed.
 */
export async function deposit(
  walletClient: MandateClientLike,
  parameters: DepositParameters,
): Promise<WriteResult<void> & CreditResult & { approval: WriteResult<boolean> | undefined }> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const collateral = parameters.collateral ?? defaultCollateral(addresses.demoCollateral);
  const owner = signerAddress(walletClient, parameters);
  const to = parameters.to ?? owner;
  // Built (and so checked) before anything is sent.
  const call = depositCall(addresses, { collateral, amount: parameters.amount, to });
  const approval =
    parameters.approve === false
      ? undefined
      : await ensureAllowance(walletClient, {
          ...parameters,
          addresses,
          token: collateral,
          spender: addresses.lmsrMarket,
          amount: parameters.amount,
        });
  const sent = await sendCall(walletClient, call, {
    ...parameters,
    errorContext: async () => {
      const units = await tokenUnits(reader, collateral);
      return { collateral: units, token: units };
    },
  }).catch((error: unknown) =>
    explainTransferFailure(error, reader, {
      token: collateral,
      owner,
      spender: addresses.lmsrMarket,
      needed: parameters.amount,
      what: "this deposit",
    }),
  );
  const credit = await creditAfter(reader, addresses, sent.receipt, to, async () => collateral);
  return { ...sent, credit, approval };
}

export type WithdrawParameters = WriteOptions & {
  /** The ERC-20; default: the deployment's demo collateral. */
  collateral?: Address | undefined;
  /** Base units of the signer's credit; default: all of it. */
  amount?: bigint | undefined;
  /** Who receives the tokens; default: the signer. */
  to?: Address | undefined;
};

/**
 * Withdraws `amount` (default: all) of the signer's credit, sent to `to` (default: the signer).
 * `result` is the amount withdrawn; `credit` the signer's credit after it.
 */
export async function withdraw(
  walletClient: MandateClientLike,
  parameters: WithdrawParameters = {},
): Promise<WriteResult<bigint> & CreditResult> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const collateral = parameters.collateral ?? defaultCollateral(addresses.demoCollateral);
  const owner = signerAddress(walletClient, parameters);
  const amount =
    parameters.amount ?? (await creditOf(reader, { addresses, collateral, account: owner }));
  const sent = await sendCall(
    walletClient,
    withdrawCall(addresses, { collateral, amount, to: parameters.to ?? owner }),
    {
      ...parameters,
      errorContext: async () => {
        const units = await tokenUnits(reader, collateral);
        return { collateral: units, token: units };
      },
    },
  );
  const credit = await creditAfter(reader, addresses, sent.receipt, owner, async () => collateral);
  return { ...sent, result: amount, credit };
}

/** The market's collateral, for reading a credit after a trade. */
function marketCollateral(
  reader: MandateClientLike,
  addresses: MandateAddresses,
  marketId: bigint,
) {
  return async () => (await getMarket(reader, { addresses, marketId })).collateral;
}

export type BuyFromCreditParameters = BuyParameters;

/**
 * As {@link buy}, but pays from the signer's credit in the market's collateral (see
 * {@link deposit}) instead of an ERC-20 transfer: exactly `shares` of `outcome` for at most the
 * exact quote plus `slippageBps` (or `maxCost`), before the deadline. `result` is the cost paid,
 * `credit` the signer's credit after it. Too little credit: `InsufficientCredit`.
 */
export async function buyFromCredit(
  walletClient: MandateClientLike,
  parameters: BuyFromCreditParameters,
): Promise<TradeResult<bigint, QuoteBuyResult> & { maxCost: bigint } & CreditResult> {
  const trade = await buyTrade(walletClient, parameters, buyFromCreditCall);
  const sent = await trade.send();
  const credit = await creditAfter(
    trade.reader,
    trade.addresses,
    sent.receipt,
    signerAddress(walletClient, parameters),
    marketCollateral(trade.reader, trade.addresses, parameters.marketId),
  );
  return { ...sent, quote: trade.quote, maxCost: trade.maxCost, deadline: trade.deadline, credit };
}

export type SellToCreditParameters = SellParameters;

/**
 * As {@link sell}, but adds the proceeds to the signer's credit in the market's collateral instead
 * of transferring them: exactly `shares` for at least the quote minus `slippageBps` (or
 * `minProceeds`). `result` is the proceeds, `credit` the signer's credit after the sale.
 */
export async function sellToCredit(
  walletClient: MandateClientLike,
  parameters: SellToCreditParameters,
): Promise<TradeResult<bigint, QuoteSellResult> & { minProceeds: bigint } & CreditResult> {
  const trade = await sellTrade(walletClient, parameters, sellToCreditCall);
  const sent = await trade.send();
  const credit = await creditAfter(
    trade.reader,
    trade.addresses,
    sent.receipt,
    signerAddress(walletClient, parameters),
    marketCollateral(trade.reader, trade.addresses, parameters.marketId),
  );
  return {
    ...sent,
    quote: trade.quote,
    minProceeds: trade.minProceeds,
    deadline: trade.deadline,
    credit,
  };
}

// ── creation ──────────────────────────────────────────────────────────────────────────────────

/** What `createMarket` charges: `ceil(b·ln n)` base units (computed with @mandate/lmsr). */
export function fundingFor(liquidity: bigint, outcomeCount = 2n): bigint {
  try {
    return createMarketFunding(outcomeCount, liquidity).funding;
  } catch (error) {
    throw toMandateError(error);
  }
}

export type CreateMarketParameters = WriteOptions & {
  /** The ERC-20 the market trades in; default: the deployment's demo collateral. */
  collateral?: Address | undefined;
  /** LMSR liquidity b, base units: the creator's worst-case loss is `ceil(b·ln n)`. */
  liquidity: bigint;
  /** 2 to 256 (default 2). */
  outcomeCount?: bigint | undefined;
  /** Who resolves the market; default: the committee resolver. */
  resolver?: Address | undefined;
  /** Unix seconds from which trading stops (must be in the future). */
  closeTime: bigint;
  /** Trading fee, basis points (default 0; at most `MAX_FEE_BPS`, 1000). */
  feeBps?: bigint | undefined;
  /** The metadata document (encoded as a data URI), or its hash and URI. */
  metadata?: MarketMetadata | { hash: Hex; uri: string } | undefined;
  /** Approve the exact funding first when the allowance is short (default true). */
  approve?: boolean | undefined;
};

/**
 * Creates and funds a market; the signer pays `fundingFor(liquidity, outcomeCount)` and becomes
 * its creator. `result` is the new market id; `approval` the funding approval, if one was needed.
 */
export async function createMarket(
  walletClient: MandateClientLike,
  parameters: CreateMarketParameters,
): Promise<WriteResult<bigint> & { funding: bigint; approval: WriteResult<boolean> | undefined }> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  const collateral = parameters.collateral ?? defaultCollateral(addresses.demoCollateral);
  const outcomeCount = parameters.outcomeCount ?? 2n;
  const funding = fundingFor(parameters.liquidity, outcomeCount);
  const approval =
    parameters.approve === false
      ? undefined
      : await ensureAllowance(walletClient, {
          ...parameters,
          addresses,
          token: collateral,
          spender: addresses.lmsrMarket,
          amount: funding,
        });
  const metadata = parameters.metadata;
  const encoded =
    metadata === undefined
      ? { hash: zeroHash, uri: "" }
      : "schema" in metadata
        ? encodeMarketMetadata(metadata)
        : metadata;
  const sent = await sendCall(
    walletClient,
    contractCall(addresses.lmsrMarket, lmsrMarketAbi, "createMarket", [
      {
        collateral,
        liquidity: parameters.liquidity,
        outcomeCount,
        resolver: parameters.resolver ?? addresses.committeeResolver,
        closeTime: parameters.closeTime,
        feeBps: parameters.feeBps ?? 0n,
        metadataHash: encoded.hash,
        metadataURI: encoded.uri,
      },
    ]),
    {
      ...parameters,
      errorContext: async () => ({ collateral: await tokenUnits(reader, collateral) }),
      fromReceipt: (receipt, simulated) =>
        parseEventLogs({ abi: lmsrMarketAbi, eventName: "MarketCreated", logs: receipt.logs }).find(
          (log) => log.address.toLowerCase() === addresses.lmsrMarket.toLowerCase(),
        )?.args.marketId ?? simulated,
    },
  ).catch((error: unknown) =>
    explainTransferFailure(error, reader, {
      token: collateral,
      owner: signerAddress(walletClient, parameters),
      spender: addresses.lmsrMarket,
      needed: funding,
      what: "the funding",
    }),
  );
  return { ...sent, funding, approval };
}

// ── committee resolution ──────────────────────────────────────────────────────────────────────

export type CommitteeVoteParameters = WriteOptions & {
  marketId: bigint;
  /** The winning outcome, or "invalid" to settle the market invalid. */
  outcome: bigint | "invalid";
};

/**
 * A committee member votes how a market resolves; the vote that reaches the threshold settles it.
 * `result` is whether this vote settled the market.
 */
export async function committeeVote(
  walletClient: MandateClientLike,
  parameters: CommitteeVoteParameters,
): Promise<WriteResult<boolean>> {
  const addresses = resolve(walletClient, parameters);
  const reader = parameters.publicClient ?? walletClient;
  let outcome: bigint;
  if (parameters.outcome === "invalid") {
    outcome = await guard(() =>
      readContract(reader, {
        address: addresses.committeeResolver,
        abi: committeeResolverAbi,
        functionName: "INVALID_OUTCOME",
      }),
    );
  } else {
    outcome = parameters.outcome;
  }
  check(outcome >= 0n, "The outcome must not be negative.");
  return sendCall(
    walletClient,
    contractCall(addresses.committeeResolver, committeeResolverAbi, "vote", [
      parameters.marketId,
      outcome,
    ]),
    parameters,
  );
}
