/**
 * Markets on a real local chain: quotes from the contract and from @mandate/lmsr agree to the wei,
 * a buy/sell round trip pays exactly the quotes, a moved price turns into the friendly slippage
 * message, and a market goes from creation (with its funding approval) to redemption; the
 * optimistic resolver's propose → dispute / finalize game; collateral credit: deposit, buy from
 * credit at exactly the quote, sell to credit for exactly the proceeds, withdraw, and its errors.
 */
import { quoteBuy as lmsrQuoteBuy, quoteSell as lmsrQuoteSell } from "@mandate/lmsr";
import { type Address, createWalletClient, erc20Abi, http, maxUint256, zeroAddress } from "viem";
import { hardhat } from "viem/chains";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approveCollateral,
  buy,
  buyFromCredit,
  buyWithCollateral,
  committeeVote,
  createMandateClient,
  createMarket,
  creditOf,
  DEFAULT_SLIPPAGE_BPS,
  deposit,
  disputeOutcome,
  finalizeOutcome,
  formatAmount,
  fundingFor,
  getLocalMarketState,
  getMarket,
  getMarketMetadata,
  getOutcomeProposal,
  getPosition,
  getPositions,
  getPrices,
  isMandateError,
  MARKET_METADATA_SCHEMA,
  MandateError,
  type MarketMetadata,
  maxCostFor,
  proposeOutcome,
  quoteBuy,
  quoteBuyWithCollateral,
  quoteSell,
  sell,
  sellToCredit,
  tradeDeadline,
  withdraw,
  withdrawSurplus,
} from "../src/index.js";
import { startTestChain, type TestChain } from "./chain.js";

const USD = (n: number) => BigInt(Math.round(n * 1e6));
const mUSD = { symbol: "mUSD", decimals: 6 };

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(async () => {
  await chain?.stop();
});

async function catchError(promise: Promise<unknown>): Promise<MandateError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MandateError);
    return error as MandateError;
  }
  throw new Error("expected the call to fail");
}

async function usdBalance(index: number): Promise<bigint> {
  return chain.publicClient.readContract({
    address: chain.addresses.demoCollateral ?? "0x",
    abi: erc20Abi,
    functionName: "balanceOf",
    args: [chain.account(index).address],
  });
}

async function approveMarket(index: number) {
  await chain.wallet(index).writeContract({
    address: chain.addresses.demoCollateral ?? "0x",
    abi: erc20Abi,
    functionName: "approve",
    args: [chain.addresses.lmsrMarket, maxUint256],
  });
}

describe("quotes", () => {
  it("agree between the contract and @mandate/lmsr, to the wei, on seeded markets", async () => {
    const client = chain.publicClient;
    let compared = 0;
    for (const { marketId, outcomes } of chain.deployment.seededMarkets) {
      const info = await getMarket(client, { marketId: BigInt(marketId) });
      if (info.stateName !== "Open") continue;
      for (let o = 0; o < outcomes.length; o++) {
        const outcome = BigInt(o);
        for (const shares of [1n, USD(0.5), USD(37.25), USD(1234.567891)]) {
          const q = await quoteBuy(client, {
            marketId: info.marketId,
            outcome,
            shares,
            source: "both",
          });
          expect(q.local?.cost).toBe(q.cost);
          expect(q.local?.fee).toBe(q.fee);
          compared++;
        }
        const state = await getLocalMarketState(client, { marketId: info.marketId, outcome });
        if (state.supply > 0n) {
          const shares = state.supply / 3n + 1n;
          const q = await quoteSell(client, {
            marketId: info.marketId,
            outcome,
            shares,
            source: "both",
          });
          expect(q.proceeds).toBe(lmsrQuoteSell(state.market, state.supply, shares).proceeds);
          compared++;
        }
        const c = await quoteBuyWithCollateral(client, {
          marketId: info.marketId,
          outcome,
          collateralIn: USD(42.42),
          source: "both",
        });
        expect(c.shares).toBeGreaterThan(0n);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it("reports prices as wad and as numbers", async () => {
    const prices = await getPrices(chain.publicClient, { marketId: 7n });
    expect(prices.wad).toHaveLength(8);
    const sum = prices.wad.reduce((a, b) => a + b, 0n);
    expect(sum).toBeLessThanOrEqual(10n ** 18n);
    expect(10n ** 18n - sum).toBeLessThan(1_000n);
    expect(prices.numbers.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });
});

describe("trading", () => {
  it("counts the default deadline from the next block, not an idle chain's last one", async () => {
    const latest = (await chain.publicClient.getBlock()).timestamp;
    // Time passes with no block: the latest block's time now lags the chain's clock by 10 min.
    await chain.testClient.increaseTime({ seconds: 600 });
    const deadline = await tradeDeadline(chain.publicClient, { deadlineSeconds: 60 });
    expect(deadline).toBeGreaterThanOrEqual(latest + 600n + 60n);
    expect(await tradeDeadline(chain.publicClient, { deadline: 5n })).toBe(5n);
  });

  it("buys and sells back: costs and proceeds equal the local quotes to the wei", async () => {
    const trader = 4;
    await approveMarket(trader);
    const wallet = chain.wallet(trader);
    const me = chain.account(trader).address;
    const marketId = 6n;
    const outcome = 2n;
    const shares = USD(25);

    const before = await getLocalMarketState(chain.publicClient, { marketId, outcome });
    const expectedCost = lmsrQuoteBuy(before.market, before.supply, shares).cost;
    const usdBefore = await usdBalance(trader);
    const held = await getPosition(chain.publicClient, { marketId, outcome, account: me });

    const bought = await buy(wallet, { marketId, outcome, shares, slippageBps: 100 });
    expect(bought.receipt?.status).toBe("success");
    expect(bought.result).toBe(expectedCost);
    expect(bought.quote?.cost).toBe(expectedCost);
    expect(bought.maxCost).toBe(maxCostFor(expectedCost, 100));
    expect(await getPosition(chain.publicClient, { marketId, outcome, account: me })).toBe(
      held + shares,
    );

    const middle = await getLocalMarketState(chain.publicClient, { marketId, outcome });
    const expectedProceeds = lmsrQuoteSell(middle.market, middle.supply, shares).proceeds;
    const sold = await sell(wallet, { marketId, outcome, shares });
    expect(sold.result).toBe(expectedProceeds);
    expect(sold.minProceeds).toBeLessThanOrEqual(expectedProceeds);

    expect(await usdBalance(trader)).toBe(usdBefore - expectedCost + expectedProceeds);
    expect(await getPosition(chain.publicClient, { marketId, outcome, account: me })).toBe(held);
    // The round trip pays the fee twice and LMSR's rounding: the trader ends a little poorer.
    expect(expectedProceeds).toBeLessThan(expectedCost);
  });

  it("buys with a collateral budget for at least the quoted shares minus slippage", async () => {
    const trader = 4;
    const before = await quoteBuyWithCollateral(chain.publicClient, {
      marketId: 5n,
      outcome: 0n,
      collateralIn: USD(10),
      source: "both",
    });
    const result = await buyWithCollateral(chain.wallet(trader), {
      marketId: 5n,
      outcome: 0n,
      collateralIn: USD(10),
    });
    expect(result.result).toBe(before.shares);
    expect(result.minShares).toBeLessThan(before.shares);
  });

  it("signs through the node with a JSON-RPC account (as an injected wallet does), and can skip waiting", async () => {
    // Account 9 holds mUSD but never approved the market (seed.ts), like a fresh user.
    const wallet = createWalletClient({
      chain: hardhat,
      transport: http(chain.rpcUrl),
      account: chain.account(9).address,
    });
    const missing = await catchError(buy(wallet, { marketId: 5n, outcome: 0n, shares: USD(3) }));
    expect(missing.errorName).toBe("CollateralTransferFailed");
    expect(missing.shortMessage).toMatch(
      new RegExp(
        `^${chain.addresses.lmsrMarket} may spend 0\\.00 mUSD of ${chain.account(9).address}'s mUSD, but this buy needs up to [\\d.]+ mUSD: approve it first \\(approveCollateral\\)\\.$`,
      ),
    );
    const approval = await approveCollateral(wallet, { amount: USD(100) });
    expect(approval.receipt?.status).toBe("success");
    const sent = await buy(wallet, {
      publicClient: chain.publicClient,
      marketId: 5n,
      outcome: 0n,
      shares: USD(3),
      wait: false,
    });
    expect(sent.receipt).toBeUndefined();
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash: sent.hash });
    expect(receipt.status).toBe("success");
    expect(sent.result).toBe(sent.quote?.cost);
  });

  it("explains a moved price: CostAboveMax becomes 'The price moved…' with mUSD amounts", async () => {
    const alice = 5;
    const bob = 6;
    await approveMarket(alice);
    await approveMarket(bob);
    const marketId = 5n;
    const outcome = 1n;
    const shares = USD(40);
    // Alice quotes, Bob moves the price, Alice sends her stale quote as the limit.
    const stale = await quoteBuy(chain.publicClient, { marketId, outcome, shares });
    await buy(chain.wallet(bob), { marketId, outcome, shares: USD(300) });
    const fresh = await quoteBuy(chain.publicClient, { marketId, outcome, shares });
    expect(fresh.cost).toBeGreaterThan(stale.cost);

    const error = await catchError(
      buy(chain.wallet(alice), { marketId, outcome, shares, maxCost: stale.cost }),
    );
    expect(error.kind).toBe("contract");
    expect(error.errorName).toBe("CostAboveMax");
    expect(error.args).toEqual({ cost: fresh.cost, maxCost: stale.cost });
    expect(error.functionName).toBe("buy");
    expect(error.shortMessage).toBe(
      `The price moved: this buy now costs ${formatAmount(fresh.cost, mUSD)}, above your limit of ${formatAmount(stale.cost, mUSD)}.`,
    );
    expect(error.shortMessage).toMatch(
      /^The price moved: this buy now costs [\d,]+\.\d{2,6} mUSD, above your limit of [\d,]+\.\d{2,6} mUSD\.$/,
    );
    expect(error.message).toContain("Contract error: CostAboveMax(cost: ");
    expect(isMandateError(error, "CostAboveMax")).toBe(true);
  });

  it("explains a too-low minimum on a sale and an expired deadline", async () => {
    const trader = 4;
    const wallet = chain.wallet(trader);
    await buy(wallet, { marketId: 7n, outcome: 3n, shares: USD(5) });
    const tooGreedy = await catchError(
      sell(wallet, { marketId: 7n, outcome: 3n, shares: USD(5), minProceeds: USD(1_000) }),
    );
    expect(tooGreedy.errorName).toBe("ProceedsBelowMin");
    expect(tooGreedy.shortMessage).toMatch(
      /^The price moved: this sale now pays [\d.]+ mUSD, below your minimum of 1,000\.00 mUSD\.$/,
    );
    const late = await catchError(
      buy(wallet, { marketId: 7n, outcome: 3n, shares: USD(5), deadline: 1n }),
    );
    expect(late.errorName).toBe("DeadlinePassed");
    expect(late.shortMessage).toMatch(
      /^The transaction's deadline \(1970-01-01 00:00:01 UTC\) passed/,
    );
    const unknown = await catchError(getMarket(chain.publicClient, { marketId: 999n }));
    expect(unknown.errorName).toBe("MarketNotFound");
    expect(unknown.shortMessage).toBe("There is no market #999.");
  });
});

describe("collateral credit", () => {
  // Accounts no other test in this file uses: #8 holds mUSD and approved the market for its
  // trades (seed.ts, seed-dao.ts); #15 and #16 hold no mUSD.
  const trader = 8;
  const friend = 15;
  const recipient = 16;
  const credit = (index: number) =>
    creditOf(chain.publicClient, { account: chain.account(index).address });

  it("deposits (approving the exact amount), buys from credit at exactly the quote, sells to credit for exactly the proceeds, withdraws it all", async () => {
    const wallet = chain.wallet(trader);
    const me = chain.account(trader).address;
    const marketId = 6n;
    const outcome = 1n;
    const shares = USD(50);
    const usdBefore = await usdBalance(trader);
    expect(await credit(trader)).toBe(0n);

    // A fresh allowance of zero, so that deposit has to approve the exact amount.
    await wallet.writeContract({
      address: chain.addresses.demoCollateral ?? "0x",
      abi: erc20Abi,
      functionName: "approve",
      args: [chain.addresses.lmsrMarket, 0n],
    });
    const deposited = await deposit(wallet, { amount: USD(200) });
    expect(deposited.receipt?.status).toBe("success");
    expect(deposited.approval?.receipt?.status).toBe("success");
    expect(deposited.credit).toBe(USD(200));
    expect(await credit(trader)).toBe(USD(200));
    expect(await usdBalance(trader)).toBe(usdBefore - USD(200));

    // Buy: the exact quote (fee included) comes out of the credit, no token moves.
    const before = await getLocalMarketState(chain.publicClient, { marketId, outcome });
    const expectedCost = lmsrQuoteBuy(before.market, before.supply, shares).cost;
    const bought = await buyFromCredit(wallet, { marketId, outcome, shares });
    expect(bought.receipt?.status).toBe("success");
    expect(bought.result).toBe(expectedCost);
    expect(bought.quote?.cost).toBe(expectedCost);
    expect(bought.maxCost).toBe(maxCostFor(expectedCost, DEFAULT_SLIPPAGE_BPS));
    expect(bought.credit).toBe(USD(200) - expectedCost);
    expect(await credit(trader)).toBe(USD(200) - expectedCost);
    expect(await usdBalance(trader)).toBe(usdBefore - USD(200));
    expect(await getPosition(chain.publicClient, { marketId, outcome, account: me })).toBe(shares);

    // Sell: exactly the proceeds go back to the credit.
    const middle = await getLocalMarketState(chain.publicClient, { marketId, outcome });
    const expectedProceeds = lmsrQuoteSell(middle.market, middle.supply, shares).proceeds;
    const sold = await sellToCredit(wallet, { marketId, outcome, shares });
    expect(sold.result).toBe(expectedProceeds);
    expect(sold.quote?.proceeds).toBe(expectedProceeds);
    const left = USD(200) - expectedCost + expectedProceeds;
    expect(sold.credit).toBe(left);
    expect(await credit(trader)).toBe(left);
    expect(await usdBalance(trader)).toBe(usdBefore - USD(200));
    expect(await getPosition(chain.publicClient, { marketId, outcome, account: me })).toBe(0n);

    // Withdraw (default: all of it) through the bound client: the tokens come back.
    const client = createMandateClient({
      publicClient: chain.publicClient,
      walletClient: wallet,
      addresses: chain.addresses,
    });
    const withdrawn = await client.markets.withdraw();
    expect(withdrawn.result).toBe(left);
    expect(withdrawn.credit).toBe(0n);
    expect(await client.markets.creditOf({ account: me })).toBe(0n);
    expect(await usdBalance(trader)).toBe(usdBefore - expectedCost + expectedProceeds);
  });

  it("deposits for another account, which withdraws to a third", async () => {
    const friendAddress = chain.account(friend).address;
    const deposited = await deposit(chain.wallet(trader), { amount: USD(30), to: friendAddress });
    expect(deposited.credit).toBe(USD(30));
    expect(await credit(friend)).toBe(USD(30));
    expect(await credit(trader)).toBe(0n);

    const recipientBefore = await usdBalance(recipient);
    const friendBefore = await usdBalance(friend);
    const withdrawn = await withdraw(chain.wallet(friend), {
      amount: USD(10),
      to: chain.account(recipient).address,
    });
    expect(withdrawn.result).toBe(USD(10));
    expect(withdrawn.credit).toBe(USD(20));
    expect(await credit(friend)).toBe(USD(20));
    expect(await usdBalance(recipient)).toBe(recipientBefore + USD(10));
    expect(await usdBalance(friend)).toBe(friendBefore);
  });

  it("explains too little credit (InsufficientCredit with the amounts) and the zero address (InvalidCreditAccount)", async () => {
    const wallet = chain.wallet(trader);
    const me = chain.account(trader).address;
    const demo = chain.addresses.demoCollateral;
    await deposit(wallet, { amount: USD(1) });
    expect(await credit(trader)).toBe(USD(1));

    const shares = USD(100);
    const quote = await quoteBuy(chain.publicClient, { marketId: 5n, outcome: 0n, shares });
    expect(quote.cost).toBeGreaterThan(USD(1));
    const short = await catchError(buyFromCredit(wallet, { marketId: 5n, outcome: 0n, shares }));
    expect(short.kind).toBe("contract");
    expect(short.errorName).toBe("InsufficientCredit");
    expect(short.functionName).toBe("buyFromCredit");
    expect(short.args).toEqual({
      collateral: demo,
      account: me,
      available: USD(1),
      needed: quote.cost,
    });
    expect(short.shortMessage).toBe(
      `${me} has 1.00 mUSD of credit in the market (collateral ${demo}), but this buy costs ${formatAmount(quote.cost, mUSD)}: deposit more first (deposit), or pay by transfer (buy).`,
    );
    expect(isMandateError(short, "InsufficientCredit")).toBe(true);

    const tooMuch = await catchError(withdraw(wallet, { amount: USD(5) }));
    expect(tooMuch.errorName).toBe("InsufficientCredit");
    expect(tooMuch.args).toMatchObject({ available: USD(1), needed: USD(5) });
    expect(tooMuch.shortMessage).toBe(
      `${me} has 1.00 mUSD of credit in the market (collateral ${demo}): it cannot withdraw 5.00 mUSD.`,
    );

    const message =
      "Credit cannot be deposited for, or withdrawn to, the zero address: give a recipient (`to`).";
    const depositToZero = await catchError(deposit(wallet, { amount: USD(1), to: zeroAddress }));
    expect(depositToZero.errorName).toBe("InvalidCreditAccount");
    expect(depositToZero.functionName).toBe("deposit");
    expect(depositToZero.shortMessage).toBe(message);
    const withdrawToZero = await catchError(withdraw(wallet, { amount: USD(1), to: zeroAddress }));
    expect(withdrawToZero.errorName).toBe("InvalidCreditAccount");
    expect(withdrawToZero.shortMessage).toBe(message);
    expect(await credit(trader)).toBe(USD(1));

    // Bad arguments are caught before anything is sent, naming the argument.
    const negative = await catchError(deposit(wallet, { amount: -1n }));
    expect(negative.kind).toBe("invalidArgument");
    expect(negative.shortMessage).toBe(
      "`amount` must be a non-negative bigint (base units); -1 was given.",
    );
    const badTo = await catchError(withdraw(wallet, { amount: 1n, to: "0x1234" as Address }));
    expect(badTo.kind).toBe("invalidArgument");
    expect(badTo.shortMessage).toBe('`to` must be a 20-byte 0x-hex address; "0x1234" was given.');
  });
});

describe("a market's life", () => {
  const metadata: MarketMetadata = {
    schema: MARKET_METADATA_SCHEMA,
    question: "Will the SDK test pass?",
    description: "Created by packages/sdk/test/markets.test.ts.",
    outcomes: ["No", "Yes", "Maybe"],
    resolution: { rules: "The committee decides.", invalidIf: "Never.", sources: ["vitest"] },
    tags: ["test"],
  };

  it("creates (approving the funding), trades, resolves by committee, redeems, withdraws surplus", async () => {
    const creator = 0;
    const trader = 7;
    const wallet = chain.wallet(creator);
    const liquidity = USD(500);
    const now = await chain.now();

    // A fresh allowance of zero, so that createMarket has to approve the funding.
    await wallet.writeContract({
      address: chain.addresses.demoCollateral ?? "0x",
      abi: erc20Abi,
      functionName: "approve",
      args: [chain.addresses.lmsrMarket, 0n],
    });
    const created = await createMarket(wallet, {
      liquidity,
      outcomeCount: 3n,
      closeTime: now + 86_400n,
      feeBps: 100n,
      metadata,
    });
    expect(created.approval?.receipt?.status).toBe("success");
    expect(created.funding).toBe(fundingFor(liquidity, 3n));
    const marketId = created.result;
    const info = await getMarket(chain.publicClient, { marketId });
    expect(info).toMatchObject({
      collateral: chain.addresses.demoCollateral,
      resolver: chain.addresses.committeeResolver,
      creator: chain.account(creator).address,
      liquidity,
      outcomeCount: 3n,
      feeBps: 100n,
      pool: created.funding,
      stateName: "Open",
    });
    const read = await getMarketMetadata(chain.publicClient, { marketId });
    expect(read.metadata).toEqual(metadata);

    await approveMarket(trader);
    const client = createMandateClient({
      publicClient: chain.publicClient,
      walletClient: chain.wallet(trader),
      addresses: chain.addresses,
    });
    await client.markets.buy({ marketId, outcome: 1n, shares: USD(100) });
    await client.markets.buy({ marketId, outcome: 2n, shares: USD(30) });
    const positions = await getPositions(chain.publicClient, {
      marketId,
      account: chain.account(trader).address,
    });
    expect(positions.map((p) => p.shares)).toEqual([0n, USD(100), USD(30)]);
    expect(positions[1]?.priceWad).toBeGreaterThan(positions[0]?.priceWad ?? 0n);

    const early = await catchError(client.markets.redeem({ marketId, outcome: 1n }));
    expect(early.errorName).toBe("MarketNotResolved");

    const resolved = await committeeVote(wallet, { marketId, outcome: 1n });
    expect(resolved.result).toBe(true);
    expect((await getMarket(chain.publicClient, { marketId })).stateName).toBe("Resolved");

    const loser = await catchError(client.markets.redeem({ marketId, outcome: 2n }));
    expect(loser.errorName).toBe("NoPayout");
    expect(loser.shortMessage).toBe(
      `Outcome 2 of market #${marketId} lost: its shares pay nothing.`,
    );

    const before = await usdBalance(trader);
    const payout = await client.markets.redeem({ marketId, outcome: 1n });
    expect(payout.result).toBe(USD(100));
    expect(await usdBalance(trader)).toBe(before + USD(100));

    const notCreator = await catchError(client.markets.withdrawSurplus({ marketId }));
    expect(notCreator.errorName).toBe("NotCreator");
    const surplus = await withdrawSurplus(wallet, { marketId });
    expect(surplus.result).toBeGreaterThan(0n);
  });

  it("runs the optimistic resolver: propose, finalize too early, dispute, finalize", async () => {
    const creator = 0;
    const proposer = 13;
    const disputer = 14;
    const now = await chain.now();
    const make = () =>
      createMarket(chain.wallet(creator), {
        liquidity: USD(100),
        resolver: chain.addresses.optimisticResolver,
        closeTime: now + 3_600n,
      });
    const a = (await make()).result;
    const b = (await make()).result;

    // Dev accounts 13 and 14 hold no mUSD: anyone may mint the demo collateral.
    for (const who of [proposer, disputer]) {
      await chain.wallet(who).writeContract({
        address: chain.addresses.demoCollateral ?? "0x",
        abi: [
          {
            type: "function",
            name: "mint",
            stateMutability: "nonpayable",
            inputs: [
              { name: "to", type: "address" },
              { name: "amount", type: "uint256" },
            ],
            outputs: [],
          },
        ],
        functionName: "mint",
        args: [chain.account(who).address, USD(5_000)],
      });
    }

    const tooEarly = await catchError(
      proposeOutcome(chain.wallet(proposer), { marketId: a, outcome: 1n }),
    );
    expect(tooEarly.errorName).toBe("OptimisticResolverMarketNotClosed");
    expect(tooEarly.shortMessage).toMatch(
      /can be proposed once it closes \(in \d+ (minutes?|hour)/,
    );

    await chain.advance(3_601);
    const proposedA = await proposeOutcome(chain.wallet(proposer), { marketId: a, outcome: 1n });
    expect(proposedA.result).toBe(USD(500));
    // The failed attempt above had already approved the bond (approvals come before the call).
    expect(proposedA.approval).toBeUndefined();
    const proposedB = await proposeOutcome(chain.wallet(proposer), {
      marketId: b,
      outcome: "invalid",
    });
    expect(proposedB.challengeEndsAt).toBeGreaterThan(0n);
    expect((await getOutcomeProposal(chain.publicClient, { marketId: b })).invalid).toBe(true);

    const early = await catchError(finalizeOutcome(chain.wallet(disputer), { marketId: a }));
    expect(early.errorName).toBe("OptimisticResolverChallengeWindowOpen");
    expect(early.shortMessage).toMatch(/can be disputed until .* UTC \(1 day 23 hours from now\)/);

    const disputed = await disputeOutcome(chain.wallet(disputer), { marketId: b });
    expect(disputed.result).toBe(USD(500));
    const twice = await catchError(disputeOutcome(chain.wallet(creator), { marketId: b }));
    expect(twice.errorName).toBe("OptimisticResolverAlreadyDisputed");

    await chain.advance(2 * 86_400);
    await finalizeOutcome(chain.wallet(disputer), { marketId: a });
    const view = await getOutcomeProposal(chain.publicClient, { marketId: a });
    expect(view.statusName).toBe("Finalized");
    expect((await getMarket(chain.publicClient, { marketId: a })).resolvedOutcome).toBe(1n);

    const stuck = await catchError(finalizeOutcome(chain.wallet(disputer), { marketId: b }));
    expect(stuck.errorName).toBe("OptimisticResolverDisputed");
    expect(stuck.shortMessage).toBe(
      `The answer for market #${b} is disputed: only the DAO (through its timelock) can settle it now.`,
    );
    const late = await catchError(
      buy(chain.wallet(4), { marketId: b, outcome: 0n, shares: USD(1) }),
    );
    expect(["MarketClosed", "DeadlinePassed"]).toContain(late.errorName);
  });
});
