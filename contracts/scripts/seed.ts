/**
 * Seeds a local chain where LMSRMarket, a CommitteeResolver and the demo collateral (mUSD) are
 * deployed: funds the dev accounts with mUSD, creates four markets with realistic metadata, plays a
 * fixed trading history on them and settles one through the committee.
 *
 * Deterministic: every step, trader, outcome and size comes from a fixed table and a fixed-seed
 * generator, so a fresh chain always ends in the same state (block timestamps aside; no metadata
 * document contains a time). Used by scripts/chain.ts (`npm run chain`); call `seedDemo` with any
 * viem connection to a chain whose first accounts are unlocked dev accounts.
 *
 * Accounts (indices into the node's accounts):
 * - #0 creates the markets (and is the committee with the default parameters);
 * - #1–#6 trade (funded and approved);
 * - #7–#9 are funded with mUSD but have not approved the market, to try the approval flow in an app
 *   (the DAO seed later approves it for #8, which trades the proposal markets).
 */
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import { type Address, formatUnits, type Hash, type Hex, maxUint256, parseUnits } from "viem";
import { encodeMetadata, type MarketMetadata, METADATA_SCHEMA } from "./lib/market-metadata.ts";

export interface SeedAddresses {
  market: Address;
  committeeResolver: Address;
  demoCollateral: Address;
}

export interface SeededMarket {
  marketId: number;
  question: string;
  outcomes: string[];
  /** LMSR liquidity b, mUSD base units (6 decimals), as a decimal string. */
  liquidity: string;
  feeBps: number;
  /** Days from creation to the close time. */
  closesInDays: number;
  metadataHash: Hex;
  /** Where the seed left the market. */
  state: "open" | "closed" | "resolved" | "invalid";
  /** The winning outcome when `state == "resolved"`. */
  resolvedOutcome?: number;
  /** Buys and sells the seed made on it. */
  trades: number;
}

export interface SeedResult {
  markets: SeededMarket[];
  trades: { total: number; buys: number; sells: number };
  /** Accounts that received mUSD. */
  fundedAccounts: Address[];
  /** Accounts that traded. */
  traders: Address[];
}

const USD = (amount: string) => parseUnits(amount, 6);
const FUNDING_PER_ACCOUNT = USD("100000");
const FUNDED_ACCOUNTS = 10;
const TRADER_INDICES = [1, 2, 3, 4, 5, 6];
/** Quotes are exact on an automining chain; the slippage bound only documents intent. */
const SLIPPAGE_BPS = 100n;

interface MarketSpec {
  metadata: MarketMetadata;
  liquidity: bigint;
  feeBps: bigint;
  closesInDays: number;
  /** How the simulated crowd leans, per outcome (relative weights). */
  lean: number[];
  /** Trades to play on it. */
  trades: number;
  /** Settle it through the committee at the end of the history. */
  settleTo?: number;
}

function metadata(m: Omit<MarketMetadata, "schema">): MarketMetadata {
  return { schema: METADATA_SCHEMA, ...m };
}

export const DEMO_MARKETS: readonly MarketSpec[] = [
  {
    metadata: metadata({
      question: "Will ENS DAO's next treasury proposal pass?",
      description:
        "ENS DAO funds its working groups and grants from the DAO treasury through executable proposals. This market asks about the next such proposal to go to an on-chain vote.",
      outcomes: ["Yes", "No"],
      resolution: {
        rules:
          "Resolves Yes if the first executable ENS DAO proposal that moves treasury funds and starts its on-chain vote after this market opens succeeds (is queued or executed by the ENS governor) before the market's close time. Resolves No if that vote is defeated, or if no such proposal succeeds before the close time.",
        invalidIf: "The ENS governor is replaced, or its results cannot be read on-chain.",
        sources: ["https://www.tally.xyz/gov/ens", "https://discuss.ens.domains"],
      },
      tags: ["ENS", "treasury", "governance"],
    }),
    liquidity: USD("2000"),
    feeBps: 100n,
    closesInDays: 7,
    lean: [65, 35],
    trades: 16,
  },
  {
    metadata: metadata({
      question: "How much UNI will vote in Uniswap DAO's next on-chain proposal?",
      description:
        "Turnout is the total UNI voting power cast (for, against and abstain) on the next Uniswap governor proposal to start voting after this market opens.",
      outcomes: ["Under 40M UNI", "40M to 60M UNI", "60M to 80M UNI", "Over 80M UNI"],
      resolution: {
        rules:
          "Resolves to the bucket holding the total votes cast (for + against + abstain) on that proposal, read from the Uniswap governor when its voting period ends. A total exactly on a boundary falls in the higher bucket.",
        invalidIf: "No Uniswap governor proposal starts voting before the market's close time.",
        sources: ["https://www.tally.xyz/gov/uniswap", "https://gov.uniswap.org"],
      },
      tags: ["Uniswap", "turnout", "governance"],
    }),
    liquidity: USD("1500"),
    feeBps: 50n,
    closesInDays: 14,
    lean: [15, 45, 30, 10],
    trades: 13,
  },
  {
    metadata: metadata({
      question: "Which DAO will execute the most on-chain proposals in the next 30 days?",
      description:
        "Counts the proposals executed by each DAO's main on-chain governance between this market's opening and its close time.",
      outcomes: ["Aave", "Arbitrum", "Compound", "ENS", "Gitcoin", "Lido", "Optimism", "Uniswap"],
      resolution: {
        rules:
          "Resolves to the DAO whose main on-chain governance executed the most proposals between the market's opening and its close time, counted from its governance contracts: Aave Governance v3, the Arbitrum Core and Treasury governors, Compound Governor Bravo, the ENS governor, Gitcoin Governor Alpha, Lido Aragon Voting, Optimism's on-chain proposals and the Uniswap governor.",
        invalidIf: "Two or more DAOs tie for the most executed proposals.",
        sources: ["https://www.tally.xyz", "https://vote.lido.fi", "https://vote.optimism.io"],
      },
      tags: ["governance", "multi-DAO"],
    }),
    liquidity: USD("1000"),
    feeBps: 100n,
    closesInDays: 30,
    lean: [18, 20, 12, 6, 4, 10, 16, 14],
    trades: 15,
  },
  {
    metadata: metadata({
      question: "Will Lido DAO's next on-chain vote reach quorum?",
      description:
        "Lido's Aragon votes pass only if the LDO voting for reaches the quorum. This market asks about the next on-chain vote to start after it opens; on the demo chain the committee settles it so that a resolved market can be seen.",
      outcomes: ["Yes", "No"],
      resolution: {
        rules:
          "Resolves Yes as soon as the votes for the next Lido Aragon vote reach its quorum. Resolves No if that vote ends without reaching quorum, or if no vote starts before the market's close time.",
        invalidIf: "Lido changes the quorum rules of a vote while it is running.",
        sources: ["https://vote.lido.fi"],
      },
      tags: ["Lido", "quorum", "governance"],
    }),
    liquidity: USD("1000"),
    feeBps: 100n,
    closesInDays: 3,
    lean: [70, 30],
    trades: 8,
    settleTo: 0,
  },
];

/** `items[i]`, or a thrown error instead of `undefined`. */
function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`index ${i} out of range (length ${items.length})`);
  return item;
}

/** xorshift64*: a fixed-seed generator, identical on every run and machine. */
function generator(seed: bigint) {
  let s = seed;
  return (bound: number): number => {
    s ^= s >> 12n;
    s ^= (s << 25n) & 0xffffffffffffffffn;
    s ^= s >> 27n;
    return Number(((s * 2685821657736338717n) & 0xffffffffffffffffn) % BigInt(bound));
  };
}

function weightedPick(random: (bound: number) => number, weights: number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = random(total);
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** Share sizes (mUSD units) of exact-share buys, and budgets of exact-collateral buys. */
const SHARE_SIZES = ["12", "25", "40", "75", "120", "180", "250", "400"].map(USD);
const BUDGETS = ["20", "35", "60", "90", "150", "220"].map(USD);

export async function seedDemo(
  viem: HardhatViemHelpers,
  addresses: SeedAddresses,
  { log = () => {} }: { log?: (line: string) => void } = {},
): Promise<SeedResult> {
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  if (wallets.length < FUNDED_ACCOUNTS) {
    throw new Error(
      `The seed needs ${FUNDED_ACCOUNTS} unlocked dev accounts; the chain exposes ${wallets.length}.`,
    );
  }
  const creator = at(wallets, 0);
  const traders = TRADER_INDICES.map((i) => at(wallets, i));

  const market = await viem.getContractAt("LMSRMarket", addresses.market);
  const usd = await viem.getContractAt("MockERC20", addresses.demoCollateral);
  const committee = await viem.getContractAt("CommitteeResolver", addresses.committeeResolver);

  const confirm = async (hash: Promise<Hash>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success")
      throw new Error(`Seed transaction ${receipt.transactionHash} reverted`);
    return receipt;
  };
  const deadline = async () => (await publicClient.getBlock()).timestamp + 3600n;

  // 1. Fund the dev accounts; the creator and the traders approve the market once.
  log(
    `funding ${FUNDED_ACCOUNTS} dev accounts with ${formatUnits(FUNDING_PER_ACCOUNT, 6)} mUSD each`,
  );
  const funded = wallets.slice(0, FUNDED_ACCOUNTS);
  for (const w of funded) await confirm(usd.write.mint([w.account.address, FUNDING_PER_ACCOUNT]));
  for (const w of [creator, ...traders]) {
    await confirm(usd.write.approve([addresses.market, maxUint256], { account: w.account }));
  }

  // 2. Create the markets.
  const created: { id: bigint; spec: MarketSpec; trades: number }[] = [];
  for (const spec of DEMO_MARKETS) {
    const now = (await publicClient.getBlock()).timestamp;
    const { hash, uri } = encodeMetadata(spec.metadata);
    const id = (await market.read.marketCount()) + 1n;
    await confirm(
      market.write.createMarket(
        [
          {
            collateral: addresses.demoCollateral,
            liquidity: spec.liquidity,
            outcomeCount: BigInt(spec.metadata.outcomes.length),
            resolver: addresses.committeeResolver,
            closeTime: now + BigInt(spec.closesInDays) * 86_400n,
            feeBps: spec.feeBps,
            metadataHash: hash,
            metadataURI: uri,
          },
        ],
        { account: creator.account },
      ),
    );
    created.push({ id, spec, trades: 0 });
    log(`market #${id}: ${spec.metadata.question} (${spec.metadata.outcomes.length} outcomes)`);
  }

  // 3. The trading history: a fixed interleaving of the markets; fixed-seed traders and sizes.
  const random = generator(0x6d616e646174652dn); // "mandate-"
  const schedule: number[] = [];
  const remaining = created.map((c) => c.spec.trades);
  while (remaining.some((r) => r > 0)) {
    const i = weightedPick(random, remaining);
    remaining[i] = (remaining[i] ?? 0) - 1;
    schedule.push(i);
  }
  // held[trader][market][outcome] = shares
  const held = traders.map(() => created.map((c) => c.spec.metadata.outcomes.map(() => 0n)));
  const positionOf = (t: number, m: number) => at(at(held, t), m);
  let buys = 0;
  let sells = 0;
  for (const m of schedule) {
    const entry = at(created, m);
    const { id, spec } = entry;
    const t = random(traders.length);
    const as = { account: at(traders, t).account };
    const position = positionOf(t, m);
    // The trader believes the market's lean, tilted by a fixed personal bias of up to ±20 %; they
    // buy what looks cheap to them and take profits on what looks dear, so prices drift towards
    // the lean with some disagreement. Prices and beliefs in whole basis points.
    const prices = (await market.read.prices([id])).map((p) => Number(p / 10n ** 14n));
    const leanTotal = spec.lean.reduce((a, b) => a + b, 0);
    const edge = spec.lean.map((w, o) => {
      const belief = Math.floor((w * 10_000 * (80 + ((t * 7 + o * 13) % 41))) / (leanTotal * 100));
      return belief - (prices[o] ?? 0);
    });
    let dearest = -1;
    for (let o = 0; o < position.length; o++) {
      if (
        (position[o] ?? 0n) > 0n &&
        (edge[o] ?? 0) < -100 &&
        (dearest < 0 || (edge[o] ?? 0) < (edge[dearest] ?? 0))
      ) {
        dearest = o;
      }
    }
    const roll = random(10);
    if (dearest < 0 && roll === 0) {
      // Now and then a trader takes profit (or cuts losses) on their largest position anyway.
      const largest = position.reduce((best, q, o) => (q > (position[best] ?? 0n) ? o : best), 0);
      if ((position[largest] ?? 0n) > 0n) dearest = largest;
    }
    if (dearest >= 0 && roll < 7) {
      // Sell 30–70 % of that position, in whole cents.
      const fraction = BigInt(30 + random(41));
      const shares = (((position[dearest] ?? 0n) * fraction) / 100n / 10_000n) * 10_000n;
      if (shares > 0n) {
        const [proceeds] = await market.read.quoteSell([id, BigInt(dearest), shares]);
        const minProceeds = (proceeds * (10_000n - SLIPPAGE_BPS)) / 10_000n;
        await confirm(
          market.write.sell([id, BigInt(dearest), shares, minProceeds, await deadline()], as),
        );
        position[dearest] = (position[dearest] ?? 0n) - shares;
        sells++;
        entry.trades++;
        continue;
      }
    }
    const outcome = weightedPick(
      random,
      edge.map((e) => Math.max(Math.round(e), 60)),
    );
    // The cheaper it looks, the bigger the order.
    const conviction = Math.min(Math.floor(Math.max(edge[outcome] ?? 0, 0) / 400), 3);
    if (roll >= 7) {
      const budget = at(BUDGETS, Math.min(conviction + random(3), BUDGETS.length - 1));
      const shares = await market.read.quoteBuyWithCollateral([id, BigInt(outcome), budget]);
      await confirm(
        market.write.buyWithCollateral([id, BigInt(outcome), budget, shares, await deadline()], as),
      );
      position[outcome] = (position[outcome] ?? 0n) + shares;
    } else {
      const shares = at(SHARE_SIZES, Math.min(conviction + random(5), SHARE_SIZES.length - 1));
      const [cost] = await market.read.quoteBuy([id, BigInt(outcome), shares]);
      const maxCost = (cost * (10_000n + SLIPPAGE_BPS)) / 10_000n;
      await confirm(market.write.buy([id, BigInt(outcome), shares, maxCost, await deadline()], as));
      position[outcome] = (position[outcome] ?? 0n) + shares;
    }
    buys++;
    entry.trades++;
  }
  log(
    `trading history: ${buys + sells} trades (${buys} buys, ${sells} sells) by ${traders.length} accounts`,
  );

  // 4. Settle the markets meant to be settled, if the dev accounts can reach the threshold.
  const members = new Set((await committee.read.members()).map((a) => a.toLowerCase()));
  const threshold = Number(await committee.read.threshold());
  const voters = wallets
    .filter((w) => members.has(w.account.address.toLowerCase()))
    .slice(0, threshold);
  for (const [m, { id, spec }] of created.entries()) {
    const { settleTo } = spec;
    if (settleTo === undefined) continue;
    if (voters.length < threshold) {
      log(
        `market #${id} left open: the committee needs ${threshold} votes, the dev accounts hold ${voters.length}`,
      );
      continue;
    }
    for (const v of voters) {
      await confirm(committee.write.vote([id, BigInt(settleTo)], { account: v.account }));
    }
    log(
      `market #${id} settled by the committee (${threshold} vote${threshold === 1 ? "" : "s"}): ${spec.metadata.outcomes[settleTo]}`,
    );
    // The biggest winner redeems, so the history also holds a redemption.
    const won = traders.map((_, t) => at(positionOf(t, m), settleTo));
    const winner = won.reduce((best, q, t) => (q > at(won, best) ? t : best), 0);
    const shares = at(won, winner);
    if (shares > 0n) {
      const account = at(traders, winner).account;
      await confirm(market.write.redeem([id, BigInt(settleTo), shares], { account }));
      positionOf(winner, m)[settleTo] = 0n;
    }
  }

  const markets: SeededMarket[] = [];
  for (const { id, spec, trades } of created) {
    const info = await market.read.getMarket([id]);
    const state =
      (["open", "open", "closed", "resolved", "invalid"] as const)[info.state] ?? "open";
    markets.push({
      marketId: Number(id),
      question: spec.metadata.question,
      outcomes: spec.metadata.outcomes,
      liquidity: spec.liquidity.toString(),
      feeBps: Number(spec.feeBps),
      closesInDays: spec.closesInDays,
      metadataHash: encodeMetadata(spec.metadata).hash,
      state,
      ...(state === "resolved" ? { resolvedOutcome: Number(info.resolvedOutcome) } : {}),
      trades,
    });
  }
  return {
    markets,
    trades: { total: buys + sells, buys, sells },
    fundedAccounts: funded.map((w) => w.account.address),
    traders: traders.map((w) => w.account.address),
  };
}
