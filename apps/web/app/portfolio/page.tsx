import type { Metadata } from "next";
import { Portfolio } from "@/components/Portfolio";

export const metadata: Metadata = { title: "Portfolio" };

export default function PortfolioPage() {
  return (
    <>
      <h1>Portfolio</h1>
      <p className="muted">
        Your market positions: value at today's prices, profit and loss against what you paid, and
        redemption once a market is settled.
      </p>
      <Portfolio />
    </>
  );
}
