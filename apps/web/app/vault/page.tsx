import type { Metadata } from "next";
import { VaultPanel } from "@/components/VaultPanel";

export const metadata: Metadata = { title: "Vault" };

export default function VaultPage() {
  return (
    <>
      <h1>Trading vault</h1>
      <p className="muted">
        Deposit collateral and let one AI trader trade it within the limits you set: per trade, per
        day, per market, until an expiry. It can never withdraw; you can revoke it at any moment.
      </p>
      <VaultPanel />
    </>
  );
}
