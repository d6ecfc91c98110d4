"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useId, useState } from "react";
import { type Address, encodeFunctionData, erc20Abi, getAddress, isAddress } from "viem";
import { InputError, MNDT, MUSD, parseAmount } from "@/lib/format";
import { useTx, waitForIndexer } from "@/lib/wallet/useTx";
import { TxStatus } from "./TxStatus";
import { useWallet } from "./WalletProvider";

export type ProposalDraft = {
  token: "mUSD" | "MNDT";
  recipient: Address;
  amount: bigint;
  title: string;
  body: string;
};

/** Checks the form; throws InputError naming the field. */
export function parseProposalForm(f: {
  token: string;
  recipient: string;
  amount: string;
  title: string;
  body: string;
}): ProposalDraft {
  const title = f.title.trim();
  if (title.length < 5) throw new InputError("Title: at least 5 characters.");
  if (title.length > 200) throw new InputError("Title: at most 200 characters.");
  if (f.token !== "mUSD" && f.token !== "MNDT") throw new InputError("Token: choose mUSD or MNDT.");
  const recipient = f.recipient.trim();
  if (!isAddress(recipient, { strict: false })) {
    throw new InputError(`Recipient: "${recipient}" is not an address (0x and 40 hex digits).`);
  }
  const units = f.token === "mUSD" ? MUSD : MNDT;
  return {
    token: f.token,
    recipient: getAddress(recipient),
    amount: parseAmount("Amount", f.amount, units.decimals),
    title,
    body: f.body.trim(),
  };
}

/** The proposal's description: a markdown title, then the body (the governor stores it as is). */
export function proposalDescription(d: ProposalDraft): string {
  return `# ${d.title}\n\n${d.body}`.trimEnd();
}

/** A treasury transfer proposal (the timelock sends tokens), proposed through the SDK. */
export function CreateProposalForm() {
  const w = useWallet();
  const tx = useTx();
  const router = useRouter();
  const ids = { token: useId(), to: useId(), amount: useId(), title: useId(), body: useId() };
  const [form, setForm] = useState({
    token: "mUSD",
    recipient: "",
    amount: "",
    title: "",
    body: "",
  });
  const [error, setError] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const m = w.mandate;
    if (m === null) return;
    let draft: ProposalDraft;
    try {
      draft = parseProposalForm(form);
    } catch (err) {
      setError((err as Error).message);
      return;
    }
    const token = draft.token === "mUSD" ? m.addresses.demoCollateral : m.addresses.governanceToken;
    if (token === undefined) {
      setError("Token: this chain has no mUSD (demo collateral) deployment.");
      return;
    }
    const data = encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [draft.recipient, draft.amount],
    });
    const result = await tx.run("Propose", () =>
      m.governance.propose({
        actions: [{ target: token, value: 0n, data }],
        description: proposalDescription(draft),
      }),
    );
    if (result) {
      if (result.receipt) await waitForIndexer(w.config.indexerPath, result.receipt.blockNumber);
      router.push(`/proposals/${result.result}`);
    }
  };

  return (
    <form onSubmit={submit} className="card" noValidate>
      <div className="field">
        <label htmlFor={ids.title}>Title</label>
        <input id={ids.title} value={form.title} onChange={set("title")} required />
      </div>
      <div className="field">
        <label htmlFor={ids.body}>
          Description{" "}
          <span className="hint">(markdown; say what the transfer is for and to whom)</span>
        </label>
        <textarea id={ids.body} rows={6} value={form.body} onChange={set("body")} />
      </div>
      <fieldset>
        <legend>Action: the treasury transfers</legend>
        <div className="grid two">
          <div className="field">
            <label htmlFor={ids.token}>Token</label>
            <select id={ids.token} value={form.token} onChange={set("token")}>
              <option value="mUSD">mUSD</option>
              <option value="MNDT">MNDT</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.amount}>Amount</label>
            <input
              id={ids.amount}
              inputMode="decimal"
              value={form.amount}
              onChange={set("amount")}
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor={ids.to}>Recipient</label>
          <input
            id={ids.to}
            value={form.recipient}
            onChange={set("recipient")}
            placeholder="0x…"
            spellCheck={false}
            autoComplete="off"
          />
        </div>
      </fieldset>
      {error ? (
        <p className="error-text" role="alert">
          {error}
        </p>
      ) : null}
      <p className="small muted">
        Proposing needs the governor's proposal threshold in votes (100,000 MNDT on the local chain;
        dev account #0 has it).
      </p>
      <button type="submit" className="button" disabled={tx.pending || w.walletClient === null}>
        Propose
      </button>
      <TxStatus state={tx.state} />
    </form>
  );
}
