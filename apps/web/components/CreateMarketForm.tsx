"use client";
import { fundingFor, MARKET_METADATA_SCHEMA } from "@mandate/sdk";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { formatUsd, InputError, MUSD, parseAmount, parseInteger } from "@/lib/format";
import { chainTime } from "@/lib/wallet/chain-time";
import { useTx, waitForIndexer } from "@/lib/wallet/useTx";
import { TxStatus } from "./TxStatus";
import { useWallet } from "./WalletProvider";

export type MarketDraft = {
  question: string;
  description: string;
  outcomes: string[];
  liquidity: bigint;
  closeInDays: number;
  feeBps: number;
  rules: string;
};

/** Checks the form; throws InputError naming the field and the problem. */
export function parseMarketForm(f: {
  question: string;
  description: string;
  outcomes: string;
  liquidity: string;
  closeInDays: string;
  feeBps: string;
  rules: string;
}): MarketDraft {
  const question = f.question.trim();
  if (question.length < 5)
    throw new InputError("Question: write the question (at least 5 characters).");
  if (question.length > 200) throw new InputError("Question: at most 200 characters.");
  const outcomes = f.outcomes
    .split("\n")
    .map((o) => o.trim())
    .filter((o) => o !== "");
  if (outcomes.length < 2) throw new InputError("Outcomes: at least two, one per line.");
  if (outcomes.length > 256) throw new InputError("Outcomes: at most 256.");
  if (new Set(outcomes).size !== outcomes.length)
    throw new InputError("Outcomes: each must be different.");
  const rules = f.rules.trim();
  if (rules.length < 5)
    throw new InputError("Resolution rules: say how the answer will be decided.");
  return {
    question,
    description: f.description.trim(),
    outcomes,
    liquidity: parseAmount("Liquidity", f.liquidity, MUSD.decimals),
    closeInDays: parseInteger("Closes in (days)", f.closeInDays, 1, 3650),
    feeBps: parseInteger("Fee (basis points)", f.feeBps, 0, 1000),
    rules,
  };
}

export function CreateMarketForm() {
  const w = useWallet();
  const tx = useTx();
  const router = useRouter();
  const ids = {
    q: useId(),
    d: useId(),
    o: useId(),
    l: useId(),
    c: useId(),
    f: useId(),
    r: useId(),
  };
  const [form, setForm] = useState({
    question: "",
    description: "",
    outcomes: "Yes\nNo",
    liquidity: "1000",
    closeInDays: "7",
    feeBps: "100",
    rules: "",
  });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  let funding: string | null = null;
  try {
    const n = form.outcomes.split("\n").filter((o) => o.trim() !== "").length;
    if (n >= 2)
      funding = formatUsd(fundingFor(parseAmount("Liquidity", form.liquidity, 6), BigInt(n)));
  } catch {
    funding = null;
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    let draft: MarketDraft;
    try {
      draft = parseMarketForm(form);
    } catch (err) {
      setError((err as Error).message);
      return;
    }
    const m = w.mandate;
    if (m === null) return;
    if (w.publicClient === null) return;
    const now = await chainTime(w.publicClient);
    const closeTime = now + BigInt(draft.closeInDays) * 86_400n;
    const result = await tx.run("Create market", () =>
      m.markets.create({
        liquidity: draft.liquidity,
        outcomeCount: BigInt(draft.outcomes.length),
        closeTime,
        feeBps: BigInt(draft.feeBps),
        resolver: m.addresses.committeeResolver,
        metadata: {
          schema: MARKET_METADATA_SCHEMA,
          question: draft.question,
          description: draft.description,
          outcomes: draft.outcomes,
          resolution: {
            rules: draft.rules,
            invalidIf: "The committee finds the question cannot be answered.",
            sources: [],
          },
          tags: [],
        },
      }),
    );
    if (result) {
      if (result.receipt) await waitForIndexer(w.config.indexerPath, result.receipt.blockNumber);
      router.push(`/markets/${result.result}`);
    }
  };

  return (
    <form onSubmit={submit} className="card" noValidate>
      <div className="field">
        <label htmlFor={ids.q}>Question</label>
        <input id={ids.q} value={form.question} onChange={set("question")} required />
      </div>
      <div className="field">
        <label htmlFor={ids.d}>Description</label>
        <input id={ids.d} value={form.description} onChange={set("description")} />
      </div>
      <div className="field">
        <label htmlFor={ids.o}>
          Outcomes <span className="hint">(one per line)</span>
        </label>
        <textarea id={ids.o} rows={4} value={form.outcomes} onChange={set("outcomes")} />
      </div>
      <div className="field">
        <label htmlFor={ids.r}>Resolution rules</label>
        <input id={ids.r} value={form.rules} onChange={set("rules")} required />
      </div>
      <div className="grid two">
        <div className="field">
          <label htmlFor={ids.l}>
            Liquidity b <span className="hint">(mUSD; deeper = prices move less)</span>
          </label>
          <input
            id={ids.l}
            inputMode="decimal"
            value={form.liquidity}
            onChange={set("liquidity")}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.c}>Closes in (days)</label>
          <input
            id={ids.c}
            inputMode="numeric"
            value={form.closeInDays}
            onChange={set("closeInDays")}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.f}>Fee (basis points)</label>
          <input id={ids.f} inputMode="numeric" value={form.feeBps} onChange={set("feeBps")} />
        </div>
      </div>
      <p className="small">
        Funding needed (b·ln n, the most the market can lose): <strong>{funding ?? "—"}</strong>.
        Resolved by the committee resolver.
      </p>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={tx.pending || w.walletClient === null}>
        Create market
      </button>
      {w.address === null ? (
        <p className="muted small">Connect or pick a dev account first.</p>
      ) : null}
      <TxStatus state={tx.state} />
    </form>
  );
}
