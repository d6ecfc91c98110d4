"use client";
import { NO_LIMIT, type VaultBalances, type VaultPolicy } from "@mandate/sdk";
import Link from "next/link";
import { type FormEvent, useCallback, useEffect, useId, useState } from "react";
import { type Address, getAddress, isAddress, zeroAddress } from "viem";
import {
  formatTime,
  formatUsd,
  InputError,
  MUSD,
  parseAmount,
  parseInteger,
  shortAddress,
} from "@/lib/format";
import { indexerGet } from "@/lib/indexer";
import type { VaultResponse } from "@/lib/indexer-types";
import { chainTime } from "@/lib/wallet/chain-time";
import { failureMessage, useRefreshAfter, useTx } from "@/lib/wallet/useTx";
import { TxStatus } from "./TxStatus";
import { useWallet } from "./WalletProvider";

export type PolicyDraft = {
  agent: Address;
  expiryDays: number;
  maxPerTrade: bigint;
  maxPerDay: bigint;
  maxExposurePerMarket: bigint;
  allMarkets: boolean;
  markets: bigint[];
};

/** Checks the policy form; throws InputError naming the field. */
export function parsePolicyForm(
  f: {
    agent: string;
    expiryDays: string;
    maxPerTrade: string;
    maxPerDay: string;
    maxExposure: string;
    allMarkets: boolean;
    markets: string;
  },
  user: Address | null,
): PolicyDraft {
  const agent = f.agent.trim();
  if (!isAddress(agent, { strict: false })) {
    throw new InputError(`Agent: "${agent}" is not an address (0x and 40 hex digits).`);
  }
  if (agent.toLowerCase() === zeroAddress)
    throw new InputError("Agent: the zero address cannot trade.");
  if (user !== null && agent.toLowerCase() === user.toLowerCase()) {
    throw new InputError(
      "Agent: must be another account than yours (you already trade your vault).",
    );
  }
  const limit = (field: string, text: string) =>
    text.trim().toLowerCase() === "none" ? NO_LIMIT : parseAmount(field, text, MUSD.decimals);
  const markets = f.allMarkets
    ? []
    : f.markets
        .split(/[\s,]+/)
        .filter((x) => x !== "")
        .map((x) => {
          if (!/^[0-9]+$/.test(x) || x === "0")
            throw new InputError(`Markets: "${x}" is not a market id.`);
          return BigInt(x);
        });
  if (!f.allMarkets && markets.length === 0) {
    throw new InputError("Markets: list at least one market id, or allow every market.");
  }
  return {
    agent: getAddress(agent),
    expiryDays: parseInteger("Expires in (days)", f.expiryDays, 1, 3650),
    maxPerTrade: limit("Per trade", f.maxPerTrade),
    maxPerDay: limit("Per day", f.maxPerDay),
    maxExposurePerMarket: limit("Per market", f.maxExposure),
    allMarkets: f.allMarkets,
    markets,
  };
}

const limitText = (v: bigint) => (v === NO_LIMIT ? "no limit" : formatUsd(v));

/** The holder's trading vault: funds, the AI trader's limits, revocation, activity. */
export function VaultPanel() {
  const w = useWallet();
  const tx = useTx();
  const refresh = useRefreshAfter(w.config.indexerPath);
  const ids = {
    dep: useId(),
    wd: useId(),
    agent: useId(),
    exp: useId(),
    pt: useId(),
    pd: useId(),
    pm: useId(),
    all: useId(),
    mk: useId(),
  };
  const [policy, setPolicy] = useState<VaultPolicy | null>(null);
  const [balances, setBalances] = useState<VaultBalances | null>(null);
  const [activity, setActivity] = useState<VaultResponse | null>(null);
  const [activityError, setActivityError] = useState<string | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [deposit, setDeposit] = useState("100");
  const [withdraw, setWithdraw] = useState("");
  const [form, setForm] = useState({
    agent: "",
    expiryDays: "30",
    maxPerTrade: "100",
    maxPerDay: "500",
    maxExposure: "300",
    allMarkets: true,
    markets: "",
  });
  const [formError, setFormError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const m = w.mandate;
    if (m === null || w.address === null) return;
    try {
      setReadError(null);
      const [p, b] = await Promise.all([
        m.vault.getPolicy({ user: w.address }),
        m.vault.getBalances({ user: w.address }),
      ]);
      setPolicy(p);
      setBalances(b);
      if (p.agent !== zeroAddress) {
        setForm((f) => ({
          ...f,
          agent: f.agent === "" ? p.agent : f.agent,
        }));
      }
    } catch (e) {
      setReadError(failureMessage(e));
    }
    const res = await indexerGet<VaultResponse>(w.config.indexerPath, `/vaults/${w.address}`);
    if (res.ok) {
      setActivity(res.data);
      setActivityError(null);
    } else {
      setActivity(null);
      setActivityError(res.message);
    }
  }, [w.mandate, w.address, w.config.indexerPath]);

  useEffect(() => {
    void load();
  }, [load]);

  if (w.address === null) {
    return <p>Connect a wallet or pick a dev account to manage your vault.</p>;
  }
  const m = w.mandate;
  if (m === null) return null;
  const done = async (r: { receipt?: Parameters<typeof refresh>[0] } | null) => {
    if (r) {
      await load();
      await refresh(r.receipt);
    }
  };

  const onDeposit = async (e: FormEvent) => {
    e.preventDefault();
    let amount: bigint;
    try {
      amount = parseAmount("Deposit", deposit, MUSD.decimals);
    } catch (err) {
      tx.fail("Deposit", (err as Error).message);
      return;
    }
    await done(await tx.run(`Deposit ${formatUsd(amount)}`, () => m.vault.deposit({ amount })));
  };
  const onWithdraw = async (e: FormEvent) => {
    e.preventDefault();
    let amount: bigint;
    try {
      amount = parseAmount("Withdraw", withdraw, MUSD.decimals);
    } catch (err) {
      tx.fail("Withdraw", (err as Error).message);
      return;
    }
    await done(await tx.run(`Withdraw ${formatUsd(amount)}`, () => m.vault.withdraw({ amount })));
  };
  const onPolicy = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    let draft: PolicyDraft;
    try {
      draft = parsePolicyForm(form, w.address);
    } catch (err) {
      setFormError((err as Error).message);
      return;
    }
    if (w.publicClient === null) return;
    const now = await chainTime(w.publicClient);
    await done(
      await tx.run("Set the agent's limits", () =>
        m.vault.setPolicy({
          agent: draft.agent,
          expiry: now + BigInt(draft.expiryDays) * 86_400n,
          maxPerTrade: draft.maxPerTrade,
          maxPerDay: draft.maxPerDay,
          maxExposurePerMarket: draft.maxExposurePerMarket,
          allMarkets: draft.allMarkets,
          markets: draft.markets,
        }),
      ),
    );
  };
  const onRevoke = async () => {
    await done(await tx.run("Revoke the agent", () => m.vault.revokeAgent()));
  };

  const hasAgent = policy !== null && policy.agent !== zeroAddress;
  return (
    <>
      {readError ? (
        <p className="error-text" role="alert">
          {readError}
        </p>
      ) : null}
      <TxStatus state={tx.state} />
      <div className="grid two">
        <section className="card" aria-labelledby="funds-h">
          <h2 id="funds-h">Funds</h2>
          <p data-testid="vault-balance">
            In the vault: <strong>{balances ? formatUsd(balances.balance) : "…"}</strong>
            {balances && hasAgent ? (
              <span className="small muted">
                {" "}
                (the agent may still spend {formatUsd(balances.spendableToday)} today)
              </span>
            ) : null}
          </p>
          <form onSubmit={onDeposit} className="row">
            <div className="field">
              <label htmlFor={ids.dep}>Deposit (mUSD)</label>
              <input
                id={ids.dep}
                inputMode="decimal"
                value={deposit}
                onChange={(e) => setDeposit(e.target.value)}
              />
            </div>
            <button
              type="submit"
              className="button"
              disabled={tx.pending || w.walletClient === null}
            >
              Deposit
            </button>
          </form>
          <form onSubmit={onWithdraw} className="row">
            <div className="field">
              <label htmlFor={ids.wd}>Withdraw (mUSD)</label>
              <input
                id={ids.wd}
                inputMode="decimal"
                value={withdraw}
                onChange={(e) => setWithdraw(e.target.value)}
              />
            </div>
            <button
              type="submit"
              className="button secondary"
              disabled={tx.pending || w.walletClient === null}
            >
              Withdraw
            </button>
          </form>
        </section>
        <section className="card" aria-labelledby="agent-h">
          <h2 id="agent-h">The AI trader's limits</h2>
          {policy === null ? (
            <p className="muted">Reading…</p>
          ) : hasAgent ? (
            <dl className="facts small" data-testid="vault-policy">
              <dt>Agent</dt>
              <dd className="mono">{shortAddress(policy.agent)}</dd>
              <dt>Status</dt>
              <dd>
                {policy.active ? "active" : "expired"}, until {formatTime(policy.expiry)}
              </dd>
              <dt>Per trade</dt>
              <dd>{limitText(policy.maxPerTrade)}</dd>
              <dt>Per day</dt>
              <dd>{limitText(policy.maxPerDay)}</dd>
              <dt>Per market</dt>
              <dd>{limitText(policy.maxExposurePerMarket)}</dd>
              <dt>Markets</dt>
              <dd>{policy.allMarkets ? "every market" : "the listed markets only"}</dd>
            </dl>
          ) : (
            <p data-testid="vault-policy">No agent may trade your vault.</p>
          )}
          {hasAgent ? (
            <button
              type="button"
              className="button danger"
              onClick={() => void onRevoke()}
              disabled={tx.pending || w.walletClient === null}
            >
              Revoke the agent now
            </button>
          ) : null}
        </section>
      </div>
      <section className="card" aria-labelledby="policy-h">
        <h2 id="policy-h">{hasAgent ? "Change the limits" : "Appoint an AI trader"}</h2>
        <form onSubmit={onPolicy} noValidate>
          <div className="field">
            <label htmlFor={ids.agent}>Agent address</label>
            <input
              id={ids.agent}
              value={form.agent}
              spellCheck={false}
              autoComplete="off"
              onChange={(e) => setForm({ ...form, agent: e.target.value })}
            />
          </div>
          <div className="grid two">
            <div className="field">
              <label htmlFor={ids.exp}>Expires in (days)</label>
              <input
                id={ids.exp}
                inputMode="numeric"
                value={form.expiryDays}
                onChange={(e) => setForm({ ...form, expiryDays: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.pt}>
                Per trade (mUSD) <span className="hint">or "none"</span>
              </label>
              <input
                id={ids.pt}
                value={form.maxPerTrade}
                onChange={(e) => setForm({ ...form, maxPerTrade: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.pd}>Per day (mUSD)</label>
              <input
                id={ids.pd}
                value={form.maxPerDay}
                onChange={(e) => setForm({ ...form, maxPerDay: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={ids.pm}>Per market (mUSD)</label>
              <input
                id={ids.pm}
                value={form.maxExposure}
                onChange={(e) => setForm({ ...form, maxExposure: e.target.value })}
              />
            </div>
          </div>
          <div className="radio-row">
            <label htmlFor={ids.all}>
              <input
                id={ids.all}
                type="checkbox"
                checked={form.allMarkets}
                onChange={(e) => setForm({ ...form, allMarkets: e.target.checked })}
              />
              Every market
            </label>
          </div>
          {form.allMarkets ? null : (
            <div className="field">
              <label htmlFor={ids.mk}>Market ids (comma-separated)</label>
              <input
                id={ids.mk}
                value={form.markets}
                onChange={(e) => setForm({ ...form, markets: e.target.value })}
              />
            </div>
          )}
          {formError ? (
            <p className="error-text" role="alert">
              {formError}
            </p>
          ) : null}
          <button type="submit" className="button" disabled={tx.pending || w.walletClient === null}>
            Save limits
          </button>
        </form>
      </section>
      <section className="card" aria-labelledby="activity-h">
        <h2 id="activity-h">Activity</h2>
        {activityError ? (
          <p className="notice notice-indexer" role="alert">
            {activityError} The activity log comes from the indexer; balances and limits above are
            read from the chain.
          </p>
        ) : activity === null ? (
          <p className="muted">Reading…</p>
        ) : activity.trades.length === 0 ? (
          <p className="muted">No trades through your vault yet.</p>
        ) : (
          <div className="table-wrap">
            <table data-testid="vault-activity">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">By</th>
                  <th scope="col">Trade</th>
                  <th scope="col" className="num">
                    Collateral
                  </th>
                </tr>
              </thead>
              <tbody>
                {activity.trades.map((t) => (
                  <tr key={t.id}>
                    <td>{formatTime(t.timestamp)}</td>
                    <td>{t.byAgent ? `agent ${shortAddress(t.operator)}` : "you"}</td>
                    <td>
                      {t.isBuy ? "buy" : "sell"} outcome {t.outcome} in{" "}
                      <Link href={`/markets/${t.marketId}`}>market #{t.marketId}</Link>
                    </td>
                    <td className="num">{formatUsd(BigInt(t.collateral))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
