import { createMarketFunding, quoteBuy, quoteSell } from "@mandate/lmsr";
import { maxCostFor } from "@mandate/sdk";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TradeTicket } from "@/components/TradeTicket";
import { formatUnitsDisplay, MUSD } from "@/lib/format";
import { fakeWallet, mined, withWallet } from "./fake-wallet";

vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh: vi.fn(), push: vi.fn() }) }));

const COLLATERAL = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const b = 2_000_000_000n;
const market = { liquidity: b, logSum: createMarketFunding(2n, b).logSum, feeBps: 100n, pool: 0n };
const fmt = (v: bigint) => formatUnitsDisplay(v, MUSD, { maxFraction: 6, minFraction: 2 });

type State = { market: typeof market; supply: bigint };

/** The app's /api/markets/[id]/state route, answering from `state`; records what was asked. */
function stubStateRoute(state: State) {
  const asked: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) => {
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

function setup(state: State = { market, supply: 0n }) {
  const asked = stubStateRoute(state);
  const buy = vi.fn(async () => mined(11n, quoteBuy(market, 0n, 25_000_000n).cost));
  const sell = vi.fn(async () => mined(11n, 1n));
  const ensureAllowance = vi.fn(async () => undefined);
  const w = fakeWallet({
    markets: { buy, sell, getPosition: vi.fn(async () => 0n) },
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
  return { w, asked, buy, sell, ensureAllowance };
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
