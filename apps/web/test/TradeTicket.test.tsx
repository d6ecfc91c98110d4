import { createMarketFunding, quoteBuy, quoteSell } from "@mandate/lmsr";
import { maxCostFor, minProceedsFor } from "@mandate/sdk";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TradeTicket } from "@/components/TradeTicket";
import { formatUnitsDisplay, MUSD } from "@/lib/format";
import { fakeCredit, fakeWallet, mined, withWallet } from "./fake-wallet";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn(), push: vi.fn() }) }));

const COLLATERAL = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const b = 2_000_000_000n;
const market = { liquidity: b, logSum: createMarketFunding(2n, b).logSum, feeBps: 100n, pool: 0n };
const fmt = (v: bigint) => formatUnitsDisplay(v, MUSD, { maxFraction: 6, minFraction: 2 });

type State = { market: typeof market; supply: bigint };

/**
 * The app's /api/markets/[id]/state route, answering from `state`, and the indexer proxy's
 * /status (caught up); records what was asked.
 */
function stubStateRoute(state: State) {
  const asked: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) => {
      if (url === "/api/indexer/status") {
        return new Response(JSON.stringify({ anvil: { block: { number: 1_000 } } }), {
          status: 200,
        });
      }
      asked.push(url);
      return new Response(
        JSON.stringify({
          liquidity: state.market.liquidity.toString(),
          logSum: state.market.logSum.toString(),
          feeBps: state.market.feeBps.toString(),
          pool: state.market.pool.toString(),
          supply: state.supply.toString(),
          blockNumber: "10",
        }),
        { status: 200, headers: { "content-type": "application/json" } },
      );
    }),
  );
  return asked;
}

function setup(
  state: State = { market, supply: 0n },
  credit: ReturnType<typeof fakeCredit> = fakeCredit(0n),
) {
  const asked = stubStateRoute(state);
  const buy = vi.fn(async () => mined(11n, quoteBuy(market, 0n, 25_000_000n).cost));
  const sell = vi.fn(async () => mined(11n, 1n));
  const ensureAllowance = vi.fn(async () => undefined);
  const w = fakeWallet({
    markets: { ...credit.markets, buy, sell, getPosition: vi.fn(async () => 0n) },
    tokens: {
      ensureAllowance,
      getBalance: vi.fn(async () => ({
        token: COLLATERAL,
        balance: 1_000_000_000n,
        symbol: "mUSD",
        decimals: 6,
      })),
    },
  });
  render(
    withWallet(
      w,
      <TradeTicket marketId="5" outcomes={["Yes", "No"]} collateral={COLLATERAL} open />,
    ),
  );
  return { w, asked, buy, sell, ensureAllowance, credit };
}

afterEach(() => vi.unstubAllGlobals());

describe("TradeTicket", () => {
  it("quotes with @mandate/lmsr on the chain's state and buys within the slippage limit", async () => {
    const { asked, buy, ensureAllowance } = setup();
    fireEvent.change(screen.getByLabelText(/^Shares/), { target: { value: "25" } });
    const expected = quoteBuy(market, 0n, 25_000_000n);
    await waitFor(() =>
      expect(screen.getByTestId("quote-amount").textContent).toBe(fmt(expected.cost)),
    );
    expect(asked.at(-1)).toBe("/api/markets/5/state?outcome=0");
    expect(screen.getByTestId("quote-impact").textContent).toMatch(
      /^50\.0% → 50\.\d% \(impact \+0\.\d\d%\)$/,
    );
    fireEvent.click(screen.getByRole("button", { name: "Buy Yes" }));
    await waitFor(() => expect(screen.getByRole("status").dataset.status).toBe("confirmed"));
    const limit = maxCostFor(expected.cost, 50);
    expect(ensureAllowance).toHaveBeenCalledWith({
      token: COLLATERAL,
      spender: "0x5FC8d32690cc91D4c39d9d3abcBD16989F875707",
      amount: limit,
    });
    // Deadline: ten minutes after the chain's pending block time (the fake's getBlock).
    expect(buy).toHaveBeenCalledWith({
      marketId: 5n,
      outcome: 0n,
      shares: 25_000_000n,
      maxCost: limit,
      deadline: 1_800_000_600n,
    });
    expect(screen.getByTestId("last-trade").textContent).toBe(
      `Paid ${fmt(expected.cost)} (quoted ${fmt(expected.cost)}).`,
    );
  });

  it("applies the chosen slippage and quotes sells", async () => {
    const { sell } = setup({
      market: { ...market, logSum: quoteBuy(market, 0n, 50_000_000n).newLogSum },
      supply: 50_000_000n,
    });
    fireEvent.click(screen.getByLabelText("Sell"));
    fireEvent.change(screen.getByLabelText("Slippage tolerance"), { target: { value: "2" } });
    const afterBuy = { ...market, logSum: quoteBuy(market, 0n, 50_000_000n).newLogSum };
    const expected = quoteSell(afterBuy, 50_000_000n, 10_000_000n);
    await waitFor(() =>
      expect(screen.getByTestId("quote-amount").textContent).toBe(fmt(expected.proceeds)),
    );
    expect(screen.getByText("Receives at least")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Sell Yes" }));
    await waitFor(() => expect(sell).toHaveBeenCalled());
    expect(sell).toHaveBeenCalledWith(
      expect.objectContaining({
        shares: 10_000_000n,
        minProceeds: (expected.proceeds * 9_800n) / 10_000n,
      }),
    );
  });

  it("pays from credit: buyFromCredit with the quoted max cost, no approval, credit shown drops", async () => {
    const cost = quoteBuy(market, 0n, 25_000_000n).cost;
    const { buy, ensureAllowance, credit } = setup(undefined, fakeCredit(100_000_000n, { cost }));
    // The credit is read on chain in the market's collateral, and the ticket says why it exists.
    await waitFor(() =>
      expect(screen.getByTestId("credit-amount").textContent).toBe("100.00 mUSD"),
    );
    expect(credit.markets.creditOf).toHaveBeenCalledWith({
      account: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
      collateral: COLLATERAL,
    });
    expect(screen.getByTestId("credit").textContent).toContain(
      "saves a token transfer on every trade",
    );
    fireEvent.click(screen.getByLabelText("Credit"));
    fireEvent.change(screen.getByLabelText(/^Shares/), { target: { value: "25" } });
    await waitFor(() => expect(screen.getByTestId("quote-amount").textContent).toBe(fmt(cost)));
    fireEvent.click(screen.getByRole("button", { name: "Buy Yes" }));
    await waitFor(() => expect(screen.getByRole("status").dataset.status).toBe("confirmed"));
    expect(screen.getByRole("status").textContent).toBe(
      "Buy 25 Yes from credit: confirmed in block 32.",
    );
    expect(credit.markets.buyFromCredit).toHaveBeenCalledWith({
      marketId: 5n,
      outcome: 0n,
      shares: 25_000_000n,
      maxCost: maxCostFor(cost, 50),
      deadline: 1_800_000_600n,
    });
    expect(buy).not.toHaveBeenCalled();
    expect(ensureAllowance).not.toHaveBeenCalled();
    expect(screen.getByTestId("last-trade").textContent).toBe(
      `Paid ${fmt(cost)} from credit (quoted ${fmt(cost)}).`,
    );
    await waitFor(() =>
      expect(screen.getByTestId("credit-amount").textContent).toBe(fmt(100_000_000n - cost)),
    );
  });

  it("names both amounts when the credit is below the cost, sends nothing, offers the wallet", async () => {
    const cost = quoteBuy(market, 0n, 25_000_000n).cost;
    const { buy, credit } = setup(undefined, fakeCredit(5_000_000n));
    await waitFor(() => expect(screen.getByTestId("credit-amount").textContent).toBe("5.00 mUSD"));
    fireEvent.change(screen.getByLabelText(/^Shares/), { target: { value: "25" } });
    await waitFor(() => expect(screen.getByTestId("quote-amount").textContent).toBe(fmt(cost)));
    fireEvent.click(screen.getByLabelText("Credit"));
    expect(screen.getByRole("alert").textContent).toBe(
      `Your credit is 5.00 mUSD, less than this buy's cost of ${fmt(cost)}: deposit more on your portfolio, or pay from your wallet.`,
    );
    const submit = screen.getByRole("button", { name: "Buy Yes" }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    fireEvent.submit(screen.getByTestId("trade-ticket"));
    await new Promise((r) => setTimeout(r, 50));
    expect(credit.markets.buyFromCredit).not.toHaveBeenCalled();
    expect(screen.getByRole("status").dataset.status).toBe("idle");
    // The offer: pay from the wallet instead, which buys by transfer.
    fireEvent.click(screen.getByRole("button", { name: "Pay from wallet instead" }));
    expect((screen.getByLabelText("Wallet") as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole("alert")).toBeNull();
    expect(submit.disabled).toBe(false);
    fireEvent.click(submit);
    await waitFor(() => expect(buy).toHaveBeenCalled());
    expect(credit.markets.buyFromCredit).not.toHaveBeenCalled();
  });

  it("sells to credit: sellToCredit with the minimum proceeds, credit shown grows", async () => {
    const afterBuy = { ...market, logSum: quoteBuy(market, 0n, 50_000_000n).newLogSum };
    const proceeds = quoteSell(afterBuy, 50_000_000n, 10_000_000n).proceeds;
    const { sell, credit } = setup(
      { market: afterBuy, supply: 50_000_000n },
      fakeCredit(1_000_000n, { proceeds }),
    );
    fireEvent.click(screen.getByLabelText("Sell"));
    expect(screen.getByRole("group", { name: "Receive to" })).toBeTruthy();
    fireEvent.click(screen.getByLabelText("Credit"));
    await waitFor(() => expect(screen.getByTestId("quote-amount").textContent).toBe(fmt(proceeds)));
    fireEvent.click(screen.getByRole("button", { name: "Sell Yes" }));
    await waitFor(() => expect(screen.getByRole("status").dataset.status).toBe("confirmed"));
    expect(credit.markets.sellToCredit).toHaveBeenCalledWith({
      marketId: 5n,
      outcome: 0n,
      shares: 10_000_000n,
      minProceeds: minProceedsFor(proceeds, 50),
      deadline: 1_800_000_600n,
    });
    expect(sell).not.toHaveBeenCalled();
    expect(screen.getByTestId("last-trade").textContent).toBe(
      `Received ${fmt(proceeds)} to credit (quoted ${fmt(proceeds)}).`,
    );
    expect(screen.getByTestId("credit-amount").textContent).toBe(fmt(1_000_000n + proceeds));
  });

  it("names a bad amount and does not trade", async () => {
    const { buy } = setup();
    fireEvent.change(screen.getByLabelText(/^Shares/), { target: { value: "ten" } });
    expect((await screen.findByRole("alert")).textContent).toBe(
      'Shares: "ten" is not a number (use digits and one dot).',
    );
    expect((screen.getByRole("button", { name: "Buy Yes" }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(buy).not.toHaveBeenCalled();
  });

  it("says why there is no quote when the chain cannot be read", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(
        async () =>
          new Response(JSON.stringify({ error: "There is no market #5." }), { status: 404 }),
      ),
    );
    render(
      withWallet(
        fakeWallet({}),
        <TradeTicket marketId="5" outcomes={["Yes", "No"]} collateral={COLLATERAL} open />,
      ),
    );
    expect((await screen.findByRole("alert")).textContent).toBe("No quote: There is no market #5.");
  });

  it("says when the market no longer trades", () => {
    render(
      withWallet(
        fakeWallet({}),
        <TradeTicket marketId="8" outcomes={["Yes", "No"]} collateral={COLLATERAL} open={false} />,
      ),
    );
    expect(screen.getByText("This market no longer trades.")).toBeTruthy();
  });
});
