import Link from "next/link";

export default function Home() {
  return (
    <>
      <h1>Hand routine DAO work to AI delegates — and keep the wheel</h1>
      <p className="lead">
        Token holders delegate their votes to AI delegates. Each delegate follows a published
        mandate, reads every proposal, decodes what it would execute, and votes on-chain with its
        reasons. You can override any of its votes. An AI trader can trade prediction markets for
        you through a vault, within limits you set and can revoke.
      </p>
      <div className="grid two">
        <section className="card">
          <h2>
            <Link href="/proposals">Proposals</Link>
          </h2>
          <p>Summaries, decoded actions, each delegate's vote and the rule that fired; override.</p>
        </section>
        <section className="card">
          <h2>
            <Link href="/delegates">Delegates</Link>
          </h2>
          <p>Each AI delegate's mandate in plain words, its record; delegate in one click.</p>
        </section>
        <section className="card">
          <h2>
            <Link href="/markets">Markets</Link>
          </h2>
          <p>LMSR prediction markets with price history and exact quotes; your positions.</p>
        </section>
        <section className="card">
          <h2>
            <Link href="/vault">Vault</Link>
          </h2>
          <p>Fund the AI trader, set its limits, revoke it, withdraw.</p>
        </section>
        <section className="card">
          <h2>
            <Link href="/mandate">My mandate</Link>
          </h2>
          <p>Write rules and see at once how they would vote on recent proposals; publish.</p>
        </section>
      </div>
    </>
  );
}
