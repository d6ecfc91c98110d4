"use client";
import type { TokenBalance } from "@mandate/sdk";
import Link from "next/link";
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import type { Address, TransactionReceipt } from "viem";
import {
  formatTime,
  formatUnitsDisplay,
  InputError,
  MUSD,
  parseAmount,
  shortAddress,
  type Units,
} from "@/lib/format";
import { indexerGet } from "@/lib/indexer";
import type { CreditResponse } from "@/lib/indexer-types";
import { failureMessage, useRefreshAfter, useTx } from "@/lib/wallet/useTx";
import { TxStatus } from "./TxStatus";
import { useWallet } from "./WalletProvider";

const full = (v: bigint, units: Units) =>
  formatUnitsDisplay(v, units, { maxFraction: units.decimals, minFraction: 2 });

/**
 * Checks an amount typed into a credit form. Throws {@link InputError} naming the field and what
 * is wrong: nothing typed, a negative amount, not a number, zero, more decimals than the token
 * has, or more than `limit.max` (the wallet's balance for a deposit, the credit for a withdrawal)
 * when it is known. With `allowAll`, "all" is returned as is (a withdrawal of the whole credit).
 */
export function parseCreditAmount(
  field: string,
  text: string,
  units: Units,
  limit: { max: bigint | null; of: string },
  { allowAll = false } = {},
): bigint | "all" {
  const typed = text.trim();
  if (allowAll && typed.toLowerCase() === "all") {
    if (limit.max === 0n) throw new InputError(`${field}: there is no credit to withdraw.`);
    return "all";
  }
  if (/^-/.test(typed)) {
    throw new InputError(`${field}: "${typed}" is negative; enter an amount more than zero.`);
  }
  const fraction = /^[0-9,_\s]*\.([0-9]+)$/.exec(typed)?.[1];
  if (fraction !== undefined && fraction.length > units.decimals) {
    throw new InputError(
      `${field}: ${units.symbol} has ${units.decimals} decimals, "${typed}" has ${fraction.length}.`,
    );
  }
  const amount = parseAmount(field, typed, units.decimals);
  if (limit.max !== null && amount > limit.max) {
    throw new InputError(
      `${field}: ${full(amount, units)} is more than ${limit.of} ${full(limit.max, units)}.`,
    );
  }
  return amount;
}

/**
 * The connected account's collateral credit in the market: the balance (read on chain), deposit
 * and withdraw forms, and the deposits and withdrawals the indexer recorded. Credit is collateral
 * deposited into the market once; buys paid from it need no token transfer each.
 */
export function CreditPanel({ collateral: collateralProp }: { collateral?: Address } = {}) {
  const w = useWallet();
  const tx = useTx();
  const refresh = useRefreshAfter(w.config.indexerPath);
  const ids = { dep: useId(), wd: useId() };
  const collateral = collateralProp ?? w.mandate?.addresses.demoCollateral;
  const [credit, setCredit] = useState<bigint | null>(null);
  const [wallet, setWallet] = useState<TokenBalance | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [history, setHistory] = useState<CreditResponse | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [depositText, setDepositText] = useState("100");
  const [withdrawText, setWithdrawText] = useState("");
  const [depositError, setDepositError] = useState<string | null>(null);
  const [withdrawError, setWithdrawError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const m = w.mandate;
    if (m === null || w.address === null || collateral === undefined) return;
    try {
      const [c, b] = await Promise.all([
        m.markets.creditOf({ account: w.address, collateral }),
        m.tokens.getBalance({ token: collateral, account: w.address }),
      ]);
      setCredit(c);
      setWallet(b);
      setReadError(null);
    } catch (e) {
      setReadError(failureMessage(e));
    }
    const res = await indexerGet<CreditResponse>(
      w.config.indexerPath,
      `/accounts/${w.address}/credit?collateral=${collateral}`,
    );
    if (res.ok) {
      setHistory(res.data);
      setHistoryError(null);
    } else {
      setHistory(null);
      setHistoryError(res.message);
    }
  }, [w.mandate, w.address, w.config.indexerPath, collateral]);

  useEffect(() => {
    void load();
  }, [load]);

  if (w.address === null) {
    return <p>Connect a wallet or pick a dev account to see your credit.</p>;
  }
  const m = w.mandate;
  if (m === null) return null;
  if (collateral === undefined) {
    return <p className="muted">This chain's deployment names no collateral for credit.</p>;
  }
  const units: Units = wallet ? { symbol: wallet.symbol, decimals: wallet.decimals } : MUSD;
  const fmt = (v: bigint) => full(v, units);
  const me = w.address.toLowerCase();

  const done = async (r: { credit: bigint | undefined; receipt?: TransactionReceipt } | null) => {
    if (r === null) return;
    if (r.credit !== undefined) setCredit(r.credit);
    await refresh(r.receipt);
    await load();
  };

  const onDeposit = async (e: FormEvent) => {
    e.preventDefault();
    setDepositError(null);
    let amount: bigint;
    try {
      amount = parseCreditAmount("Deposit", depositText, units, {
        max: wallet?.balance ?? null,
        of: "your wallet's balance of",
      }) as bigint;
    } catch (err) {
      setDepositError((err as Error).message);
      return;
    }
    // The SDK approves exactly this amount first when the market's allowance is short.
    await done(
      await tx.run(`Deposit ${fmt(amount)} as credit`, () =>
        m.markets.deposit({ collateral, amount }),
      ),
    );
  };

  const onWithdraw = async (e: FormEvent) => {
    e.preventDefault();
    setWithdrawError(null);
    let amount: bigint | "all";
    try {
      amount = parseCreditAmount(
        "Withdraw",
        withdrawText,
        units,
        { max: credit, of: "your credit of" },
        { allowAll: true },
      );
    } catch (err) {
      setWithdrawError((err as Error).message);
      return;
    }
    await done(
      await tx.run(
        amount === "all" ? "Withdraw all credit" : `Withdraw ${fmt(amount)} of credit`,
        () =>
          // Without an amount the SDK withdraws the whole credit as it is when sent.
          m.markets.withdraw(amount === "all" ? { collateral } : { collateral, amount }),
      ),
    );
  };

  const totals = history?.balances.find(
    (b) => b.collateral.toLowerCase() === collateral.toLowerCase(),
  );
  return (
    <div data-testid="credit-panel">
      <p className="small">
        Credit is {units.symbol} you deposit into the market contract once. Buys paid from it (
        <strong>Pay from: Credit</strong> on a market's trade ticket) need no token transfer each,
        so every trade costs less gas; sales can go to it too. It pays in every market with this
        collateral, and you can withdraw it at any time.
      </p>
      {readError ? (
        <p className="error-text" role="alert">
          {readError}
        </p>
      ) : null}
      <dl className="facts">
        <dt>Your credit</dt>
        <dd data-testid="credit-balance">{credit === null ? "…" : fmt(credit)}</dd>
        <dt>In your wallet</dt>
        <dd data-testid="credit-wallet">{wallet === null ? "…" : fmt(wallet.balance)}</dd>
      </dl>
      <div className="grid two">
        <form onSubmit={onDeposit} noValidate>
          <div className="field">
            <label htmlFor={ids.dep}>
              Deposit ({units.symbol}){" "}
              <span className="hint">approved for exactly this amount first if needed</span>
            </label>
            <input
              id={ids.dep}
              inputMode="decimal"
              autoComplete="off"
              value={depositText}
              onChange={(e) => setDepositText(e.target.value)}
              aria-invalid={depositError !== null}
              aria-describedby={depositError ? `${ids.dep}-err` : undefined}
            />
          </div>
          {depositError ? (
            <p id={`${ids.dep}-err`} className="error-text" role="alert">
              {depositError}
            </p>
          ) : null}
          <button type="submit" className="button" disabled={tx.pending || w.walletClient === null}>
            Deposit
          </button>
        </form>
        <form onSubmit={onWithdraw} noValidate>
          <div className="field">
            <label htmlFor={ids.wd}>
              Withdraw ({units.symbol}) <span className="hint">or "all"</span>
            </label>
            <input
              id={ids.wd}
              inputMode="decimal"
              autoComplete="off"
              value={withdrawText}
              onChange={(e) => setWithdrawText(e.target.value)}
              aria-invalid={withdrawError !== null}
              aria-describedby={withdrawError ? `${ids.wd}-err` : undefined}
            />
          </div>
          {withdrawError ? (
            <p id={`${ids.wd}-err`} className="error-text" role="alert">
              {withdrawError}
            </p>
          ) : null}
          <button
            type="submit"
            className="button secondary"
            disabled={tx.pending || w.walletClient === null}
          >
            Withdraw
          </button>
        </form>
      </div>
      <TxStatus state={tx.state} />
      <h3>Deposits and withdrawals</h3>
      {historyError ? (
        <p className="notice notice-indexer" role="alert">
          {historyError} The history comes from the indexer; the credit above is read from the
          chain.
        </p>
      ) : history === null ? (
        <p className="muted">Reading…</p>
      ) : (
        <>
          {totals ? (
            <p className="small" data-testid="credit-totals">
              Deposited in total {fmt(BigInt(totals.deposited))} · withdrawn{" "}
              {fmt(BigInt(totals.withdrawn))}
            </p>
          ) : null}
          {history.transfers.length === 0 ? (
            <p className="muted">
              No deposits or withdrawals yet. <Link href="/markets">Find a market</Link> to trade.
            </p>
          ) : (
            <div className="table-wrap">
              <table data-testid="credit-history">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">What</th>
                    <th scope="col" className="num">
                      Amount
                    </th>
                    <th scope="col" className="num">
                      Credit after
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {history.transfers.map((t) => {
                    const who =
                      t.counterparty.toLowerCase() === me ? "you" : shortAddress(t.counterparty);
                    return (
                      <tr key={t.id}>
                        <td>{formatTime(t.timestamp)}</td>
                        <td>
                          {t.kind === "deposit" ? `deposit from ${who}` : `withdrawal to ${who}`}
                        </td>
                        <td className="num">{fmt(BigInt(t.amount))}</td>
                        <td className="num">{fmt(BigInt(t.balanceAfter))}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
