import type { Metadata } from "next";
import Link from "next/link";
import { CreateMarketForm } from "@/components/CreateMarketForm";

export const metadata: Metadata = { title: "Create a market" };

export default function NewMarketPage() {
  return (
    <>
      <p className="small">
        <Link href="/markets">← Markets</Link>
      </p>
      <h1>Create a market</h1>
      <p className="muted">
        You fund the market with b·ln n (its worst-case loss) and receive its surplus after
        resolution.
      </p>
      <CreateMarketForm />
    </>
  );
}
