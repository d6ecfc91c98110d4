import type { Metadata } from "next";
import Link from "next/link";
import { CreateProposalForm } from "@/components/CreateProposalForm";

export const metadata: Metadata = { title: "New proposal" };

export default function NewProposalPage() {
  return (
    <>
      <p className="small">
        <Link href="/proposals">← Proposals</Link>
      </p>
      <h1>New proposal</h1>
      <p className="muted">
        A treasury transfer. The AI delegates read it, decode the transfer and vote within seconds;
        holders who delegated can override them on the proposal's page.
      </p>
      <CreateProposalForm />
    </>
  );
}
