import type { Metadata } from "next";
import { CreditPanel } from "@/components/CreditPanel";
import { Portfolio } from "@/components/Portfolio";

export const metadata: Metadata = { title: "Portfolio" };

export default function PortfolioPage() {
  return (
    <>
      <h1>Portfolio</h1>
      <p className="muted">
        Your market positions: value at today's prices, profit and loss against what you paid, and
        redemption once a market is settled. Below them, your trading credit.
      </p>
      <section aria-labelledby="positions-h">
        <h2 id="positions-h">Positions</h2>
        <Portfolio />
      </section>
      <section className="card" aria-labelledby="credit-h">
        <h2 id="credit-h">Trading credit</h2>
        <CreditPanel />
      </section>
    </>
  );
}
