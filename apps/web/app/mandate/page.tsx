import { canonicalMandate, EXAMPLE_MANDATES } from "@mandate/mandate";
import type { Metadata } from "next";
import { MandateEditor } from "@/components/MandateEditor";
import { Notices } from "@/components/Notices";
import { serverContext } from "@/lib/server/context";
import { loadDelegates } from "@/lib/server/delegates";
import { loadRecentAnalyses } from "@/lib/server/proposals";

export const metadata: Metadata = { title: "My mandate" };

const pretty = (canonical: string) => `${JSON.stringify(JSON.parse(canonical), null, 2)}\n`;

export default async function MandatePage() {
  const ctx = await serverContext();
  const [{ analyses, notices }, { delegates, notices: delegateNotices }] = await Promise.all([
    loadRecentAnalyses(ctx, 12),
    loadDelegates(ctx),
  ]);
  const starters = [
    ...EXAMPLE_MANDATES.map((e) => ({
      name: `Example: ${e.mandate.name}`,
      json: pretty(canonicalMandate(e.mandate)),
    })),
    ...delegates
      .filter((d) => d.mandateJson !== null)
      .map((d) => ({
        name: `Current: ${d.name} v${d.mandateVersion}`,
        json: `${d.mandateJson}\n`,
      })),
  ];
  return (
    <>
      <h1>My mandate</h1>
      <p className="muted">
        A mandate is an ordered list of rules over the facts decoded from each proposal; the first
        rule that matches decides the vote. Edit it and the preview shows at once how it would vote
        on the recent proposals, decided by the same policy engine the AI delegates run.
      </p>
      <Notices notices={[...notices, ...delegateNotices]} />
      <MandateEditor
        starters={starters}
        proposals={analyses.map((a) => ({
          id: a.id,
          title: a.title,
          state: a.state,
          facts: a.facts,
        }))}
        delegates={delegates.map((d) => ({ id: d.id, name: d.name, owner: d.owner }))}
      />
    </>
  );
}
