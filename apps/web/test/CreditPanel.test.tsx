import { MandateError } from "@mandate/sdk";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CreditPanel, parseCreditAmount } from "@/components/CreditPanel";
import { MUSD } from "@/lib/format";
import type { CreditResponse } from "@/lib/indexer-types";
import { fakeCredit, fakeWallet, ME, withWallet } from "./fake-wallet";

const refresh = vi.fn();
vi.mock("next/navigation", () => ({ useRouter: () => ({ refresh, push: vi.fn() }) }));

const COLLATERAL = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const OTHER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

const history: CreditResponse = {
  account: ME.toLowerCase() as `0x${string}`,
  balances: [
    {
      account: ME.toLowerCase() as `0x${string}`,
      collateral: COLLATERAL.toLowerCase() as `0x${string}`,
      balance: "120000000",
      deposited: "150000000",
      withdrawn: "30000000",
      updatedBlock: "40",
      updatedTimestamp: "1800000000",
    },
  ],
  transfers: [
    {
      id: "b",
      kind: "withdrawal",
      collateral: COLLATERAL.toLowerCase() as `0x${string}`,
      account: ME.toLowerCase() as `0x${string}`,
      counterparty: OTHER,
      amount: "30000000",
      balanceAfter: "120000000",
      blockNumber: "40",
      logIndex: 1,
      timestamp: "1800000000",
      txHash: `0x${"cd".repeat(32)}`,
    },
    {
      id: "a",
      kind: "deposit",
      collateral: COLLATERAL.toLowerCase() as `0x${string}`,
      account: ME.toLowerCase() as `0x${string}`,
      counterparty: ME.toLowerCase() as `0x${string}`,
      amount: "150000000",
      balanceAfter: "150000000",
      blockNumber: "30",
      logIndex: 0,
      timestamp: "1799990000",
      txHash: `0x${"ef".repeat(32)}`,
    },
  ],
  limit: 50,
  offset: 0,
};

/** The app's indexer proxy: the credit history (or 503: indexer stopped) and /status. */
function stubIndexer({ down = false } = {}) {
  const asked: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) => {
      asked.push(url);
      if (down) {
        return new Response(
          JSON.stringify({ error: "The indexer is unreachable (ECONNREFUSED)." }),
          {
            status: 503,
          },
        );
      }
      if (url === "/api/indexer/status") {
        return new Response(JSON.stringify({ anvil: { block: { number: 1_000 } } }));
      }
      return new Response(JSON.stringify(history), { status: 200 });
    }),
  );
  return asked;
}

function setup(
  credit = fakeCredit(120_000_000n),
  extra: Record<string, unknown> = {},
  { down = false } = {},
) {
  const asked = stubIndexer({ down });
  const getBalance = vi.fn(async () => ({
    token: COLLATERAL,
    balance: 1_000_000_000n,
    symbol: "mUSD",
    decimals: 6,
  }));
  const w = fakeWallet({
    markets: { ...credit.markets, ...extra },
    tokens: { getBalance },
  });
  w.mandate = {
    ...w.mandate,
    addresses: { ...w.mandate?.addresses, demoCollateral: COLLATERAL },
  } as typeof w.mandate;
  render(withWallet(w, <CreditPanel />));
  return { asked, credit, getBalance };
}

const balance = () => screen.getByTestId("credit-balance").textContent;
const depositInput = () => screen.getByLabelText(/^Deposit \(mUSD\)/) as HTMLInputElement;
const withdrawInput = () => screen.getByLabelText(/^Withdraw \(mUSD\)/) as HTMLInputElement;

beforeEach(() => refresh.mockClear());
afterEach(() => vi.unstubAllGlobals());

describe("CreditPanel", () => {
  it("shows the chain's credit, the wallet's balance and the indexer's history", async () => {
    const { asked, credit } = setup();
    await waitFor(() => expect(balance()).toBe("120.00 mUSD"));
    expect(credit.markets.creditOf).toHaveBeenCalledWith({ account: ME, collateral: COLLATERAL });
    expect(screen.getByTestId("credit-wallet").textContent).toBe("1,000.00 mUSD");
    expect(asked).toContain(`/api/indexer/accounts/${ME}/credit?collateral=${COLLATERAL}`);
    const table = await screen.findByTestId("credit-history");
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      "2027-01-15 08:00 UTCwithdrawal to 0x7099…79c830.00 mUSD120.00 mUSD",
      "2027-01-15 05:13 UTCdeposit from you150.00 mUSD150.00 mUSD",
    ]);
    expect(screen.getByTestId("credit-totals").textContent).toBe(
      "Deposited in total 150.00 mUSD · withdrawn 30.00 mUSD",
    );
    expect(screen.getByText(/need no token transfer each/)).toBeTruthy();
  });

  it("deposits through the SDK (which approves) and shows the new credit", async () => {
    const { credit } = setup();
    await waitFor(() => expect(balance()).toBe("120.00 mUSD"));
    fireEvent.change(depositInput(), { target: { value: "250.5" } });
    fireEvent.click(screen.getByRole("button", { name: "Deposit" }));
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toBe(
        "Deposit 250.50 mUSD as credit: confirmed in block 30.",
      ),
    );
    expect(credit.markets.deposit).toHaveBeenCalledWith({
      collateral: COLLATERAL,
      amount: 250_500_000n,
    });
    await waitFor(() => expect(balance()).toBe("370.50 mUSD"));
    await waitFor(() => expect(refresh).toHaveBeenCalled());
  });

  it.each([
    ["", "Deposit: enter an amount."],
    ["-5", 'Deposit: "-5" is negative; enter an amount more than zero.'],
    ["ten", 'Deposit: "ten" is not a number (use digits and one dot).'],
    ["0", "Deposit: must be more than zero."],
    ["1.1234567", 'Deposit: mUSD has 6 decimals, "1.1234567" has 7.'],
    [
      "1000.000001",
      "Deposit: 1,000.000001 mUSD is more than your wallet's balance of 1,000.00 mUSD.",
    ],
  ])("refuses the deposit %j, naming what is wrong, and sends nothing", async (typed, message) => {
    const { credit } = setup();
    await waitFor(() => expect(screen.getByTestId("credit-wallet").textContent).not.toBe("…"));
    fireEvent.change(depositInput(), { target: { value: typed } });
    fireEvent.click(screen.getByRole("button", { name: "Deposit" }));
    expect((await screen.findByRole("alert")).textContent).toBe(message);
    expect(depositInput().getAttribute("aria-invalid")).toBe("true");
    expect(depositInput().getAttribute("aria-describedby")).toBe(screen.getByRole("alert").id);
    expect(credit.markets.deposit).not.toHaveBeenCalled();
    expect(screen.getByRole("status").dataset.status).toBe("idle");
  });

  it.each([
    ["", "Withdraw: enter an amount."],
    ["-1", 'Withdraw: "-1" is negative; enter an amount more than zero.'],
    ["0.0000001", 'Withdraw: mUSD has 6 decimals, "0.0000001" has 7.'],
    ["120.000001", "Withdraw: 120.000001 mUSD is more than your credit of 120.00 mUSD."],
  ])(
    "refuses the withdrawal %j, naming what is wrong, and sends nothing",
    async (typed, message) => {
      const { credit } = setup();
      await waitFor(() => expect(balance()).toBe("120.00 mUSD"));
      fireEvent.change(withdrawInput(), { target: { value: typed } });
      fireEvent.click(screen.getByRole("button", { name: "Withdraw" }));
      expect((await screen.findByRole("alert")).textContent).toBe(message);
      expect(withdrawInput().getAttribute("aria-invalid")).toBe("true");
      expect(credit.markets.withdraw).not.toHaveBeenCalled();
    },
  );

  it("withdraws an amount, then all of it (the SDK's default), down to zero", async () => {
    const { credit } = setup();
    await waitFor(() => expect(balance()).toBe("120.00 mUSD"));
    fireEvent.change(withdrawInput(), { target: { value: "20" } });
    fireEvent.click(screen.getByRole("button", { name: "Withdraw" }));
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toBe(
        "Withdraw 20.00 mUSD of credit: confirmed in block 31.",
      ),
    );
    expect(credit.markets.withdraw).toHaveBeenLastCalledWith({
      collateral: COLLATERAL,
      amount: 20_000_000n,
    });
    await waitFor(() => expect(balance()).toBe("100.00 mUSD"));
    fireEvent.change(withdrawInput(), { target: { value: " All " } });
    fireEvent.click(screen.getByRole("button", { name: "Withdraw" }));
    await waitFor(() =>
      expect(screen.getByRole("status").textContent).toBe(
        "Withdraw all credit: confirmed in block 31.",
      ),
    );
    expect(credit.markets.withdraw).toHaveBeenLastCalledWith({ collateral: COLLATERAL });
    await waitFor(() => expect(balance()).toBe("0.00 mUSD"));
    // Nothing left: "all" is refused before anything is sent.
    fireEvent.click(screen.getByRole("button", { name: "Withdraw" }));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "Withdraw: there is no credit to withdraw.",
    );
    expect(credit.markets.withdraw).toHaveBeenCalledTimes(2);
  });

  it("shows MandateError's sentence when the SDK refuses", async () => {
    const deposit = vi.fn(async () => {
      throw new MandateError({
        kind: "contract",
        code: "CollateralTransferFailed",
        shortMessage: `The collateral token ${COLLATERAL} refused the transfer. Check the balance, and that the market is approved to spend it.`,
      });
    });
    setup(fakeCredit(0n), { deposit });
    await waitFor(() => expect(balance()).toBe("0.00 mUSD"));
    fireEvent.click(screen.getByRole("button", { name: "Deposit" }));
    await waitFor(() => expect(screen.getByRole("status").dataset.status).toBe("failed"));
    expect(screen.getByRole("status").textContent).toBe(
      `Deposit 100.00 mUSD as credit failed: The collateral token ${COLLATERAL} refused the transfer. Check the balance, and that the market is approved to spend it.`,
    );
    expect(balance()).toBe("0.00 mUSD");
    expect(refresh).not.toHaveBeenCalled();
  });

  it("still shows the chain's credit when the indexer is unreachable", async () => {
    setup(undefined, {}, { down: true });
    await waitFor(() => expect(balance()).toBe("120.00 mUSD"));
    expect((await screen.findByRole("alert")).textContent).toBe(
      "The indexer is unreachable (ECONNREFUSED). The history comes from the indexer; the credit above is read from the chain.",
    );
  });

  it("parses amounts against the token's decimals", () => {
    const units = { symbol: "MNDT", decimals: 18 };
    expect(parseCreditAmount("Deposit", "1.5", units, { max: null, of: "" })).toBe(
      15n * 10n ** 17n,
    );
    expect(() => parseCreditAmount("Deposit", "0.1234567", MUSD, { max: null, of: "" })).toThrow(
      'Deposit: mUSD has 6 decimals, "0.1234567" has 7.',
    );
    expect(() => parseCreditAmount("Withdraw", "all", MUSD, { max: 1n, of: "" })).toThrow(
      'Withdraw: "all" is not a number (use digits and one dot).',
    );
  });
});
