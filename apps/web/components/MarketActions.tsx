"use client";
import { useState } from "react";
import type { Address } from "viem";
import { PositionPanel } from "./PositionPanel";
import { ResolvePanel } from "./ResolvePanel";
import { TradeTicket } from "./TradeTicket";

/** The market page's interactive side: trade ticket, your position, resolution. */
export function MarketActions({
  marketId,
  outcomes,
  collateral,
  state,
  resolvedOutcome,
  resolver,
  proposalId,
}: {
  marketId: string;
  outcomes: string[];
  collateral: Address;
  state: string;
  resolvedOutcome: number | null;
  resolver: Address;
  proposalId: string | null;
}) {
  const [version, setVersion] = useState(0);
  const settled = state === "resolved" || state === "invalid";
  return (
    <>
      <section className="card" aria-labelledby="trade-h">
        <h2 id="trade-h">Trade</h2>
        <TradeTicket
          marketId={marketId}
          outcomes={outcomes}
          collateral={collateral}
          open={state === "open"}
          onTraded={() => setVersion((v) => v + 1)}
        />
      </section>
      <section className="card" aria-labelledby="position-h">
        <h2 id="position-h">Your position</h2>
        <PositionPanel
          marketId={marketId}
          outcomes={outcomes}
          state={state}
          resolvedOutcome={resolvedOutcome}
          version={version}
        />
      </section>
      {settled ? null : (
        <section className="card" aria-labelledby="resolve-h">
          <h2 id="resolve-h">Resolution</h2>
          <ResolvePanel
            marketId={marketId}
            resolver={resolver}
            outcomes={outcomes}
            proposalId={proposalId}
          />
        </section>
      )}
    </>
  );
}
