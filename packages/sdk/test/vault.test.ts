/**
 * The trading vault on a real local chain: a user deposits (approving on the way) and appoints an
 * agent under a policy; the agent buys and sells within it; every limit it hits — and a market
 * error that bubbles up through the vault — comes back as a sentence with mUSD amounts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createMandateClient,
  formatAmount,
  getVaultBalances,
  getVaultPolicy,
  MandateError,
  NO_LIMIT,
  quoteBuy,
  revokeVaultAgent,
  setVaultMarketsAllowed,
  setVaultPolicy,
  vaultBuy,
  vaultBuyWithCollateral,
  vaultDeposit,
  vaultSell,
  vaultWithdraw,
} from "../src/index.js";
import { startTestChain, type TestChain } from "./chain.js";

const USD = (n: number) => BigInt(Math.round(n * 1e6));
const mUSD = { symbol: "mUSD", decimals: 6 };
// Not #3 and #12: the local chain seeds a vault for them (contracts/scripts/seed-vault.ts).
const USER = 4;
const AGENT = 13;

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

describe("trading vault", () => {
  const user = () => chain.account(USER).address;

  it("deposits (approving the exact amount first) and sets a policy", async () => {
    const deposited = await vaultDeposit(chain.wallet(USER), { amount: USD(1_000) });
    expect(deposited.approval?.receipt?.status).toBe("success");
    expect(deposited.result).toBe(USD(1_000));

    await setVaultPolicy(chain.wallet(USER), {
      agent: chain.account(AGENT).address,
      expiry: (await chain.now()) + 86_400n,
      maxPerTrade: USD(20),
      maxPerDay: USD(60),
      maxExposurePerMarket: USD(35),
      markets: [5n],
    });
    const policy = await getVaultPolicy(chain.publicClient, { user: user() });
    expect(policy).toMatchObject({
      agent: chain.account(AGENT).address,
      collateral: chain.addresses.demoCollateral,
      maxPerTrade: USD(20),
      allMarkets: false,
      active: true,
      epoch: 1n,
    });
    const balances = await getVaultBalances(chain.publicClient, { user: user(), marketIds: [5n] });
    expect(balances.balance).toBe(USD(1_000));
    expect(balances.spendableToday).toBe(USD(60));
    expect(balances.markets[0]).toMatchObject({ marketId: 5n, exposure: 0n, allowed: true });
  });

  it("lets the agent buy within the limits, for the user", async () => {
    const shares = USD(10);
    const quote = await quoteBuy(chain.publicClient, { marketId: 5n, outcome: 0n, shares });
    const bought = await vaultBuy(chain.wallet(AGENT), {
      user: user(),
      marketId: 5n,
      outcome: 0n,
      shares,
    });
    expect(bought.result).toBe(quote.cost);
    const balances = await getVaultBalances(chain.publicClient, { user: user(), marketIds: [5n] });
    expect(balances.balance).toBe(USD(1_000) - quote.cost);
    expect(balances.markets[0]?.shares).toEqual([shares, 0n]);
    expect(balances.markets[0]?.exposure).toBe(quote.cost);
    expect(balances.dailyWindow.spent).toBe(quote.cost);
    expect(balances.spendableToday).toBe(USD(60) - quote.cost);
  });

  it("maps every limit violation to a sentence", async () => {
    const agent = chain.wallet(AGENT);
    const big = await quoteBuy(chain.publicClient, { marketId: 5n, outcome: 0n, shares: USD(60) });
    const aboveTrade = await catchError(
      vaultBuy(agent, {
        user: user(),
        marketId: 5n,
        outcome: 0n,
        shares: USD(60),
        maxCost: big.cost,
      }),
    );
    expect(aboveTrade.errorName).toBe("VaultTradeAboveLimit");
    expect(aboveTrade.args).toEqual({ cost: big.cost, maxPerTrade: USD(20) });
    expect(aboveTrade.shortMessage).toBe(
      `This trade would cost ${formatAmount(big.cost, mUSD)}, above the agent's per-trade limit of 20.00 mUSD.`,
    );

    const otherMarket = await catchError(
      vaultBuy(agent, { user: user(), marketId: 6n, outcome: 0n, shares: USD(1) }),
    );
    expect(otherMarket.errorName).toBe("VaultMarketNotAllowed");
    expect(otherMarket.shortMessage).toBe("The agent's policy does not allow trading market #6.");

    // Up to the per-market exposure of 35 mUSD: a buy that would pass it by 1 mUSD fails.
    await vaultBuyWithCollateral(agent, {
      user: user(),
      marketId: 5n,
      outcome: 1n,
      collateralIn: USD(15),
    });
    const [position] = (
      await getVaultBalances(chain.publicClient, { user: user(), marketIds: [5n] })
    ).markets;
    const overBy1 = USD(35) - (position?.exposure ?? 0n) + USD(1);
    const exposure = await catchError(
      vaultBuyWithCollateral(agent, {
        user: user(),
        marketId: 5n,
        outcome: 1n,
        collateralIn: overBy1,
      }),
    );
    expect(exposure.errorName).toBe("VaultExposureLimitExceeded");
    expect(exposure.args).toEqual({ marketId: 5n, exposure: USD(36), limit: USD(35) });
    expect(exposure.shortMessage).toBe(
      "This trade would bring the agent's net spending in market #5 to 36.00 mUSD, above the per-market limit of 35.00 mUSD.",
    );

    // A market error bubbles up through the vault and is still named (the vault's ABI lacks it).
    const slipped = await catchError(
      vaultBuy(agent, { user: user(), marketId: 5n, outcome: 0n, shares: USD(2), maxCost: 1n }),
    );
    expect(slipped.errorName).toBe("CostAboveMax");
    expect(slipped.shortMessage).toMatch(
      /^The price moved: this buy now costs [\d.]+ mUSD, above your limit of 0\.000001 mUSD\.$/,
    );

    // The agent cannot take value out: withdrawing takes from the caller's own (empty) balance.
    const steal = await catchError(vaultWithdraw(agent, { amount: USD(1) }));
    expect(steal.errorName).toBe("VaultInsufficientBalance");
    expect(steal.shortMessage).toBe(
      `The vault holds 0.00 mUSD for ${chain.account(AGENT).address}, but this needs 1.00 mUSD.`,
    );
  });

  it("hits the daily limit once other markets are allowed", async () => {
    await setVaultMarketsAllowed(chain.wallet(USER), { markets: [6n, 7n], allowed: true });
    const agent = chain.wallet(AGENT);
    const spendable = async () =>
      (await getVaultBalances(chain.publicClient, { user: user() })).spendableToday;
    for (const marketId of [6n, 7n]) {
      if ((await spendable()) > USD(19)) {
        await vaultBuyWithCollateral(agent, {
          user: user(),
          marketId,
          outcome: 1n,
          collateralIn: USD(19),
        });
      }
    }
    const left = await spendable();
    expect(left).toBeLessThan(USD(19));
    const daily = await catchError(
      vaultBuyWithCollateral(agent, {
        user: user(),
        marketId: 7n,
        outcome: 2n,
        collateralIn: left + 1n,
      }),
    );
    expect(daily.errorName).toBe("VaultDailyLimitExceeded");
    expect(daily.shortMessage).toMatch(
      /^This trade would bring the agent's spending in the current daily window to [\d.]+ mUSD, above the daily limit of 60\.00 mUSD\.$/,
    );
  });

  it("lets the agent sell, and the user revoke and withdraw", async () => {
    const agent = chain.wallet(AGENT);
    const before = await getVaultBalances(chain.publicClient, { user: user(), marketIds: [5n] });
    const sold = await vaultSell(agent, {
      user: user(),
      marketId: 5n,
      outcome: 0n,
      shares: USD(4),
    });
    const after = await getVaultBalances(chain.publicClient, { user: user(), marketIds: [5n] });
    expect(after.balance).toBe(before.balance + sold.result);
    expect(after.markets[0]?.exposure).toBe((before.markets[0]?.exposure ?? 0n) - sold.result);

    await revokeVaultAgent(chain.wallet(USER));
    expect((await getVaultPolicy(chain.publicClient, { user: user() })).active).toBe(false);
    const revoked = await catchError(
      vaultBuy(agent, { user: user(), marketId: 5n, outcome: 0n, shares: USD(1) }),
    );
    expect(revoked.errorName).toBe("VaultNotAgent");
    expect(revoked.shortMessage).toBe(
      `${chain.account(AGENT).address} is not ${user()}'s agent (it may have been revoked or replaced).`,
    );

    // The user trades their own balance without limits, through the bound client.
    const mandate = createMandateClient({
      publicClient: chain.publicClient,
      walletClient: chain.wallet(USER),
      addresses: chain.addresses,
    });
    await mandate.vault.buy({ marketId: 6n, outcome: 0n, shares: USD(100) });
    const { balance } = await mandate.vault.getBalances({ user: user() });
    await mandate.vault.withdraw({ amount: balance });
    expect((await mandate.vault.getBalances({ user: user() })).balance).toBe(0n);
  });

  it("refuses a policy the vault cannot hold", async () => {
    const tooLarge = await catchError(
      setVaultPolicy(chain.wallet(USER), {
        agent: chain.account(AGENT).address,
        expiry: (await chain.now()) + 3_600n,
        maxPerTrade: NO_LIMIT + 1n,
        maxPerDay: NO_LIMIT,
        maxExposurePerMarket: NO_LIMIT,
        allMarkets: true,
      }),
    );
    expect(tooLarge.errorName).toBe("VaultLimitTooLarge");
    const self = await catchError(
      setVaultPolicy(chain.wallet(USER), {
        agent: user(),
        expiry: (await chain.now()) + 3_600n,
        maxPerTrade: 1n,
        maxPerDay: 1n,
        maxExposurePerMarket: 1n,
      }),
    );
    expect(self.shortMessage).toBe(
      `${user()} cannot be the agent: choose an address other than zero and your own.`,
    );
  });
});
