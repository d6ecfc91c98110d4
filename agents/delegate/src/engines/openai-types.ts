/**
 * Shapes the OpenAI-compatible engine shares with the decoder. `DecodedProposal` mirrors the
 * decoder's output (src/decode) exactly; it is declared here so the engine takes the decoder as an
 * injected function instead of importing it.
 */
import type { ActionFact, RiskLevel, TransferFact } from "@mandate/mandate";
import type { DecodeContext, ProposalInput } from "../types.js";

/** What a proposal's actions will actually do, decoded from calldata: the authoritative facts. */
export interface DecodedProposal {
  actions: ActionFact[];
  transfers: TransferFact[];
  targets: `0x${string}`[];
  addresses: `0x${string}`[];
  unknownCalldata: boolean;
  totalUsd: number | null;
  /** Optional extras a decoder may add; when present they only make the result more cautious. */
  /** Risk from the actions alone: the final risk is never below it. */
  risk?: RiskLevel;
  /** One line per risk driver; listed first in summary.risks. */
  riskReasons?: string[];
  /** Oddities worth a flag (array length mismatches, trailing calldata); added to summary.flags. */
  warnings?: string[];
}

export type DecodeFn = (p: ProposalInput, ctx: DecodeContext) => DecodedProposal;

/** Injectable timing, so tests can run retries without waiting. */
export interface RetryClock {
  sleep(ms: number): Promise<void>;
  /** Uniform in [0, 1). */
  random(): number;
}
