"use client";
import Link from "next/link";
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import type { Address } from "viem";
import {
  formatPercentWad,
  formatUnitsDisplay,
  InputError,
  MUSD,
  parseAmount,
  type Units,
} from "@/lib/format";
import { computeQuote, parseSlippage, quoteStateFromJson, type TicketQuote } from "@/lib/quote";
import { tradeDeadlineFromNow } from "@/lib/wallet/chain-time";
import { failureMessage, useRefreshAfter, useTx } from "@/lib/wallet/useTx";
import { TxStatus } from "./TxStatus";
import { useWallet } from "./WalletProvider";

const SLIPPAGE_CHOICES = ["0.5", "1", "2"] as const;

/** Where a buy's collateral comes from, or where a sale's proceeds go. */
export type Funds = "wallet" | "credit";

/**
 * Buy or sell shares of one outcome. The quote is @mandate/lmsr on the state read from the chain,
 * so it is what the contract will charge; the slippage tolerance bounds what may be paid if
 * someone trades first. A buy is paid from the wallet (an ERC-20 transfer, approved first when
 * short) or from the trader's collateral credit in the market (`buyFromCredit`, no transfer); a
 * sale's proceeds go to the wallet or to the credit (`sellToCredit`).
 */
export function TradeTicket({
  marketId,
  outcomes,
  collateral,
  open,
  units = MUSD,
  onTraded,
}: {
  marketId: string;
  outcomes: string[];
  collateral: Address;
  open: boolean;
  units?: Units;
  onTraded?: () => void;
}) {
  const w = useWallet();
  const tx = useTx();
  const refresh = useRefreshAfter(w.config.indexerPath);
  const ids = { shares: useId(), slip: useId(), custom: useId(), funds: useId() };
  const [outcome, setOutcome] = useState(0);
  const [side, setSide] = useState<"buy" | "sell">("buy");
  const [sharesText, setSharesText] = useState("10");
  const [slipChoice, setSlipChoice] = useState<string>("0.5");
  const [customSlip, setCustomSlip] = useState("0.5");
  const [quote, setQuote] = useState<TicketQuote | null>(null);
  const [quoteError, setQuoteError] = useState<string | null>(null);
  const [holding, setHolding] = useState<{ shares: bigint; balance: bigint } | null>(null);
  const [payFrom, setPayFrom] = useState<Funds>("wallet");
  const [receiveTo, setReceiveTo] = useState<Funds>("wallet");
  /** The account's credit in the market's collateral (read on chain); null until read. */
  const [credit, setCredit] = useState<bigint | null>(null);
  const [creditError, setCreditError] = useState<string | null>(null);
  const [lastTrade, setLastTrade] = useState<string | null>(null);
  const seq = useRef(0);

  const slippageText = slipChoice === "custom" ? customSlip : slipChoice;

  const requote = useCallback(async () => {
    const mine = ++seq.current;
    setQuoteError(null);
    let shares: bigint;
    let slippageBps: number;
    try {
      shares = parseAmount("Shares", sharesText, units.decimals);
      slippageBps = parseSlippage(slippageText);
    } catch (e) {
      setQuote(null);
      setQuoteError((e as Error).message);
      return;
    }
    try {
      const res = await fetch(`/api/markets/${marketId}/state?outcome=${outcome}`, {
        cache: "no-store",
      });
      const body = (await res.json()) as Parameters<typeof quoteStateFromJson>[0] & {
        error?: string;
      };
      if (mine !== seq.current) return;
      if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
      setQuote(computeQuote(quoteStateFromJson(body), side, shares, slippageBps));
    } catch (e) {
      if (mine !== seq.current) return;
      setQuote(null);
      setQuoteError(e instanceof InputError ? e.message : `No quote: ${failureMessage(e)}`);
    }
  }, [sharesText, slippageText, units.decimals, marketId, outcome, side]);

  useEffect(() => {
    const t = window.setTimeout(() => void requote(), 200);
    return () => window.clearTimeout(t);
  }, [requote]);

  const loadHolding = useCallback(async () => {
    const m = w.mandate;
    if (m === null || w.address === null) {
      setHolding(null);
      return;
    }
    try {
      const [pos, bal] = await Promise.all([
        m.markets.getPosition({
          marketId: BigInt(marketId),
          outcome: BigInt(outcome),
          account: w.address,
        }),
        m.tokens.getBalance({ token: collateral, account: w.address }),
      ]);
      setHolding({ shares: pos, balance: bal.balance });
    } catch {
      setHolding(null);
    }
  }, [w.mandate, w.address, marketId, outcome, collateral]);

  useEffect(() => {
    void loadHolding();
  }, [loadHolding]);

  const loadCredit = useCallback(async () => {
    const m = w.mandate;
    if (m === null || w.address === null) {
      setCredit(null);
      setCreditError(null);
      return;
    }
    try {
      setCredit(await m.markets.creditOf({ account: w.address, collateral }));
      setCreditError(null);
    } catch (e) {
      setCredit(null);
      setCreditError(failureMessage(e));
    }
  }, [w.mandate, w.address, collateral]);

  useEffect(() => {
    void loadCredit();
  }, [loadCredit]);

  const fmt = (v: bigint) =>
    formatUnitsDisplay(v, units, { maxFraction: units.decimals, minFraction: 2 });

  const funds = side === "buy" ? payFrom : receiveTo;
  /** Credit chosen for a buy and known to be below its quoted cost: nothing is sent. */
  const creditShort =
    side === "buy" &&
    payFrom === "credit" &&
    quote !== null &&
    quote.side === "buy" &&
    credit !== null &&
    credit < quote.amount;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const m = w.mandate;
    const reader = w.publicClient;
    if (m === null || reader === null || quote === null || creditShort) return;
    const id = BigInt(marketId);
    const label = `${side === "buy" ? "Buy" : "Sell"} ${formatUnitsDisplay(quote.shares, units, { maxFraction: units.decimals, symbol: false })} ${outcomes[outcome] ?? `outcome ${outcome}`}${funds === "credit" ? (side === "buy" ? " from credit" : " to credit") : ""}`;
    if (side === "buy" && payFrom === "credit") {
      // No transfer and no approval: the market debits the credit by the cost (≤ maxCost).
      const result = await tx.run(label, async () =>
        m.markets.buyFromCredit({
          marketId: id,
          outcome: BigInt(outcome),
          shares: quote.shares,
          maxCost: quote.limit,
          deadline: await tradeDeadlineFromNow(reader),
        }),
      );
      if (result) {
        if (result.credit !== undefined) setCredit(result.credit);
        setLastTrade(`Paid ${fmt(result.result)} from credit (quoted ${fmt(quote.amount)}).`);
        await afterTrade(result.receipt);
      }
    } else if (side === "sell" && receiveTo === "credit") {
      const result = await tx.run(label, async () =>
        m.markets.sellToCredit({
          marketId: id,
          outcome: BigInt(outcome),
          shares: quote.shares,
          minProceeds: quote.limit,
          deadline: await tradeDeadlineFromNow(reader),
        }),
      );
      if (result) {
        if (result.credit !== undefined) setCredit(result.credit);
        setLastTrade(`Received ${fmt(result.result)} to credit (quoted ${fmt(quote.amount)}).`);
        await afterTrade(result.receipt);
      }
    } else if (side === "buy") {
      const result = await tx.run(label, async () => {
        // The market pulls the collateral: approve exactly the limit first when short.
        await m.tokens.ensureAllowance({
          token: collateral,
          spender: m.addresses.lmsrMarket,
          amount: quote.limit,
        });
        return m.markets.buy({
          marketId: id,
          outcome: BigInt(outcome),
          shares: quote.shares,
          maxCost: quote.limit,
          deadline: await tradeDeadlineFromNow(reader),
        });
      });
      if (result) {
        setLastTrade(`Paid ${fmt(result.result)} (quoted ${fmt(quote.amount)}).`);
        await afterTrade(result.receipt);
      }
    } else {
      const result = await tx.run(label, async () =>
        m.markets.sell({
          marketId: id,
          outcome: BigInt(outcome),
          shares: quote.shares,
          minProceeds: quote.limit,
          deadline: await tradeDeadlineFromNow(reader),
        }),
      );
      if (result) {
        setLastTrade(`Received ${fmt(result.result)} (quoted ${fmt(quote.amount)}).`);
        await afterTrade(result.receipt);
      }
    }
  };

  const afterTrade = async (receipt: Parameters<typeof refresh>[0]) => {
    await Promise.all([loadHolding(), loadCredit(), requote()]);
    onTraded?.();
    await refresh(receipt);
  };

  if (!open) {
    return <p className="muted">This market no longer trades.</p>;
  }
  return (
    <form onSubmit={submit} className="quote" data-testid="trade-ticket">
      <fieldset>
        <legend>Outcome</legend>
        <div className="radio-row">
          {outcomes.map((o, i) => (
            <label key={o}>
              <input
                type="radio"
                name={`outcome-${marketId}`}
                checked={outcome === i}
                onChange={() => setOutcome(i)}
              />
              {o}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Side</legend>
        <div className="radio-row">
          {(["buy", "sell"] as const).map((s) => (
            <label key={s}>
              <input
                type="radio"
                name={`side-${marketId}`}
                checked={side === s}
                onChange={() => setSide(s)}
              />
              {s === "buy" ? "Buy" : "Sell"}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset aria-describedby={ids.funds}>
        <legend>{side === "buy" ? "Pay from" : "Receive to"}</legend>
        <div className="radio-row">
          {(["wallet", "credit"] as const).map((f) => (
            <label key={f}>
              <input
                type="radio"
                name={`funds-${marketId}`}
                checked={funds === f}
                onChange={() => (side === "buy" ? setPayFrom(f) : setReceiveTo(f))}
              />
              {f === "wallet" ? "Wallet" : "Credit"}
            </label>
          ))}
        </div>
        <p id={ids.funds} className="hint" data-testid="credit">
          {w.address === null ? null : creditError ? (
            <>Your credit could not be read: {creditError} </>
          ) : (
            <>
              Your credit:{" "}
              <strong data-testid="credit-amount">{credit === null ? "…" : fmt(credit)}</strong>.{" "}
            </>
          )}
          Credit is {units.symbol} you deposit into the market once (on your{" "}
          <Link href="/portfolio">portfolio</Link>); trading from it saves a token transfer on every
          trade.
        </p>
      </fieldset>
      <div className="field">
        <label htmlFor={ids.shares}>
          Shares <span className="hint">(each pays 1 {units.symbol} if the outcome wins)</span>
        </label>
        <input
          id={ids.shares}
          inputMode="decimal"
          value={sharesText}
          onChange={(e) => setSharesText(e.target.value)}
          aria-describedby={quoteError ? `${ids.shares}-err` : undefined}
          aria-invalid={quoteError !== null}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.slip}>Slippage tolerance</label>
        <select id={ids.slip} value={slipChoice} onChange={(e) => setSlipChoice(e.target.value)}>
          {SLIPPAGE_CHOICES.map((c) => (
            <option key={c} value={c}>
              {c}%
            </option>
          ))}
          <option value="custom">custom…</option>
        </select>
        {slipChoice === "custom" ? (
          <>
            <label htmlFor={ids.custom}>Custom slippage, %</label>
            <input
              id={ids.custom}
              inputMode="decimal"
              value={customSlip}
              onChange={(e) => setCustomSlip(e.target.value)}
            />
          </>
        ) : null}
      </div>
      {quoteError ? (
        <p id={`${ids.shares}-err`} className="error-text" role="alert">
          {quoteError}
        </p>
      ) : null}
      {quote ? (
        <dl className="facts" data-testid="quote" data-shares={quote.shares.toString()}>
          <dt>{quote.side === "buy" ? "Cost" : "You receive"}</dt>
          <dd data-testid="quote-amount">{fmt(quote.amount)}</dd>
          <dt>of which fee</dt>
          <dd>{fmt(quote.fee)}</dd>
          <dt>Average price</dt>
          <dd>{formatPercentWad(quote.averagePriceWad)}</dd>
          <dt>Price</dt>
          <dd data-testid="quote-impact">
            {formatPercentWad(quote.priceBeforeWad)} → {formatPercentWad(quote.priceAfterWad)}{" "}
            (impact {quote.impactWad >= 0n ? "+" : "−"}
            {formatPercentWad(quote.impactWad >= 0n ? quote.impactWad : -quote.impactWad, 2)})
          </dd>
          <dt>{quote.side === "buy" ? "Pays at most" : "Receives at least"}</dt>
          <dd>{fmt(quote.limit)}</dd>
        </dl>
      ) : null}
      {creditShort && quote !== null && credit !== null ? (
        <div data-testid="credit-short">
          <p className="error-text" role="alert">
            Your credit is {fmt(credit)}, less than this buy's cost of {fmt(quote.amount)}: deposit
            more on your portfolio, or pay from your wallet.
          </p>
          <button type="button" className="button secondary" onClick={() => setPayFrom("wallet")}>
            Pay from wallet instead
          </button>
        </div>
      ) : null}
      {holding ? (
        <p className="small" data-testid="holding">
          You hold{" "}
          {formatUnitsDisplay(holding.shares, units, {
            maxFraction: units.decimals,
            symbol: false,
          })}{" "}
          {outcomes[outcome]} shares and {fmt(holding.balance)} in your wallet.
        </p>
      ) : null}
      {w.address === null ? (
        <p className="muted small">Connect a wallet or pick a dev account to trade.</p>
      ) : null}
      <button
        type="submit"
        className="button"
        disabled={quote === null || creditShort || tx.pending || w.walletClient === null}
      >
        {side === "buy" ? "Buy" : "Sell"} {outcomes[outcome]}
      </button>
      <TxStatus state={tx.state} />
      {lastTrade && tx.state.status === "confirmed" ? (
        <p className="small" data-testid="last-trade">
          {lastTrade}
        </p>
      ) : null}
    </form>
  );
}
