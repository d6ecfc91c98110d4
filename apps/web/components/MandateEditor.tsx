"use client";
import { type Facts, STANCES, type Stance } from "@mandate/mandate";
import Link from "next/link";
import { type FormEvent, useId, useMemo, useState } from "react";
import { type Address, isAddress } from "viem";
import { encodeMandateURI, STANCE_WORDS } from "@/lib/mandate";
import {
  analyzeDraft,
  bumpVersion,
  moveRule,
  previewVotes,
  removeRule,
  setRuleStance,
} from "@/lib/mandate-editor";
import { useTx } from "@/lib/wallet/useTx";
import { TxStatus } from "./TxStatus";
import { useWallet } from "./WalletProvider";

export type EditorProposal = { id: string; title: string; state: string | null; facts: Facts };
export type EditorDelegate = { id: string; name: string; owner: string };

const VOTE_LABEL: Record<Stance, string> = {
  for: "For",
  against: "Against",
  abstain: "Abstain",
  ask: "Ask",
};

const VOTE_CLASS: Record<Stance, string> = {
  for: "for",
  against: "against",
  abstain: "abstain",
  ask: "ask",
};

/**
 * Write a mandate and see at once how it would vote on recent proposals (the policy engine's
 * `decide` on each proposal's decoded facts), its canonical hash, and publish it.
 */
export function MandateEditor({
  starters,
  proposals,
  delegates,
}: {
  /** name → JSON text. */
  starters: { name: string; json: string }[];
  proposals: EditorProposal[];
  delegates: EditorDelegate[];
}) {
  const w = useWallet();
  const tx = useTx();
  const ids = { text: useId(), start: useId(), target: useId(), op: useId(), name: useId() };
  const [text, setText] = useState(starters[0]?.json ?? "");
  const [editError, setEditError] = useState<string | null>(null);
  const [target, setTarget] = useState<string>("");
  const [operator, setOperator] = useState("");
  const [newName, setNewName] = useState("");
  const draft = useMemo(() => analyzeDraft(text), [text]);
  const preview = useMemo(
    () => (draft.ok ? previewVotes(draft.mandate, proposals) : []),
    [draft, proposals],
  );

  const apply = (f: (t: string) => string) => {
    try {
      setEditError(null);
      setText(f(text));
    } catch (e) {
      setEditError((e as Error).message);
    }
  };

  const owned = delegates.filter(
    (d) => w.address !== null && d.owner.toLowerCase() === w.address.toLowerCase(),
  );

  const publish = async (e: FormEvent) => {
    e.preventDefault();
    const m = w.mandate;
    if (m === null || !draft.ok) return;
    const mandateURI = encodeMandateURI(draft.mandate);
    if (target === "new") {
      const op = operator.trim() === "" ? w.address : operator.trim();
      if (op === null || !isAddress(op, { strict: false })) {
        tx.fail("Register", `Operator: "${operator}" is not an address.`);
        return;
      }
      if (newName.trim() === "") {
        tx.fail("Register", "Name: give the new delegate a name.");
        return;
      }
      await tx.run(`Register "${newName.trim()}"`, () =>
        m.delegates.register({
          operator: op as Address,
          name: newName.trim(),
          model: "offline/textrank-1",
          mandateHash: draft.hash,
          mandateURI,
        }),
      );
      return;
    }
    const delegate = owned.find((d) => d.id === target);
    if (delegate === undefined) {
      tx.fail("Publish", "choose one of your delegates, or register a new one.");
      return;
    }
    await tx.run(`Publish version ${draft.mandate.version} for ${delegate.name}`, () =>
      m.delegates.publishMandate({
        delegateId: BigInt(delegate.id),
        mandateHash: draft.hash,
        mandateURI,
      }),
    );
  };

  return (
    <div className="grid two">
      <section className="card" aria-labelledby="draft-h">
        <h2 id="draft-h">Rules</h2>
        <div className="field">
          <label htmlFor={ids.start}>Start from</label>
          <select
            id={ids.start}
            onChange={(e) => {
              const s = starters.find((x) => x.name === e.target.value);
              if (s) setText(s.json);
            }}
          >
            {starters.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        {draft.ok ? (
          <ol className="list-plain small" data-testid="rule-list">
            {draft.mandate.rules.map((r, i) => (
              <li key={r.id} className="rule-line">
                <div className="row">
                  <code>{r.id}</code>
                  <select
                    aria-label={`Stance of rule ${r.id}`}
                    value={r.then}
                    onChange={(e) => apply((t) => setRuleStance(t, i, e.target.value as Stance))}
                  >
                    {STANCES.map((s) => (
                      <option key={s} value={s}>
                        {STANCE_WORDS[s]}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="button link"
                    aria-label={`Move ${r.id} up`}
                    disabled={i === 0}
                    onClick={() => apply((t) => moveRule(t, i, -1))}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button link"
                    aria-label={`Move ${r.id} down`}
                    disabled={i === draft.mandate.rules.length - 1}
                    onClick={() => apply((t) => moveRule(t, i, 1))}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button link"
                    aria-label={`Remove ${r.id}`}
                    onClick={() => apply((t) => removeRule(t, i))}
                  >
                    remove
                  </button>
                </div>
                <p className="small">{draft.lines.find((l) => l.id === r.id)?.text}</p>
              </li>
            ))}
          </ol>
        ) : null}
        <div className="row">
          <button type="button" className="button secondary" onClick={() => apply(bumpVersion)}>
            Bump version
          </button>
        </div>
        {editError ? (
          <p className="error-text" role="alert">
            {editError}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor={ids.text}>
            The mandate document <span className="hint">(mandate/v1 JSON; edit freely)</span>
          </label>
          <textarea
            id={ids.text}
            rows={18}
            value={text}
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={!draft.ok}
            aria-describedby={`${ids.text}-status`}
          />
        </div>
        <div id={`${ids.text}-status`} aria-live="polite">
          {draft.ok ? (
            <p className="small" data-testid="mandate-hash">
              Valid. Canonical hash <code>{draft.hash}</code>
            </p>
          ) : (
            <div className="error-text small" role="alert" data-testid="mandate-issues">
              <p>
                Invalid mandate ({draft.issues.length} problem{draft.issues.length === 1 ? "" : "s"}
                ):
              </p>
              <ul>
                {draft.issues.map((i) => (
                  <li key={`${i.path}:${i.message}`}>
                    <code>{i.path}</code>: {i.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </section>
      <div>
        <section className="card" aria-labelledby="preview-h">
          <h2 id="preview-h">How it would vote on recent proposals</h2>
          {!draft.ok ? (
            <p className="muted">Fix the mandate to see the preview.</p>
          ) : proposals.length === 0 ? (
            <p className="muted">No proposals to preview (none analysed).</p>
          ) : (
            <div className="table-wrap">
              <table className="preview-table" data-testid="preview">
                <thead>
                  <tr>
                    <th scope="col">Proposal</th>
                    <th scope="col">Vote</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.map((row) => (
                    <tr key={row.id} data-testid="preview-row">
                      <td>
                        <Link href={`/proposals/${row.id}`}>{row.title}</Link>
                      </td>
                      <td>
                        <span className={`badge ${VOTE_CLASS[row.decision.vote]}`}>
                          {VOTE_LABEL[row.decision.vote]}
                        </span>
                      </td>
                      <td className="small">
                        <code>{row.decision.ruleId}</code> {row.decision.rationale}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <section className="card" aria-labelledby="publish-h">
          <h2 id="publish-h">Publish</h2>
          <p className="small muted">
            The registry records the hash and the document (as a data: URI). Only a delegate's owner
            publishes its mandate; its operator must then run the agent with this document.
          </p>
          <form onSubmit={publish}>
            <div className="field">
              <label htmlFor={ids.target}>Publish for</label>
              <select id={ids.target} value={target} onChange={(e) => setTarget(e.target.value)}>
                <option value="">choose…</option>
                {owned.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name} (#{d.id}): new version
                  </option>
                ))}
                <option value="new">a new AI delegate (register)</option>
              </select>
            </div>
            {target === "new" ? (
              <>
                <div className="field">
                  <label htmlFor={ids.name}>Delegate name</label>
                  <input
                    id={ids.name}
                    value={newName}
                    onChange={(e) => setNewName(e.target.value)}
                  />
                </div>
                <div className="field">
                  <label htmlFor={ids.op}>
                    Operator address{" "}
                    <span className="hint">(the key that runs the agent; default: you)</span>
                  </label>
                  <input
                    id={ids.op}
                    value={operator}
                    onChange={(e) => setOperator(e.target.value)}
                  />
                </div>
              </>
            ) : null}
            {w.address !== null && owned.length === 0 ? (
              <p className="small muted">
                You own no AI delegate. On the local chain, dev account #10 owns the Treasury
                steward and #11 the Builder-friendly delegate.
              </p>
            ) : null}
            <button
              type="submit"
              className="button"
              disabled={!draft.ok || target === "" || tx.pending || w.walletClient === null}
            >
              Publish
            </button>
            <TxStatus state={tx.state} />
          </form>
        </section>
      </div>
    </div>
  );
}
