/**
 * Example mandates, one for each of the two seeded AI delegates. `examples/*.json` are generated
 * from these (see `scripts/generate-schema.ts`), and so is `examples/hashes.json`.
 */
import type { Hex } from "viem";
import { mandateHash } from "./hash.js";
import { type ConditionInput, type Mandate, type MandateInput, parseMandate } from "./mandate.js";

/**
 * Proposals that touch upgrades: an upgrade in the decoded calldata, or an executable proposal
 * that moves no money and whose prose is about upgrades. Prose alone is weak evidence (a grant to
 * core developers talks about "network upgrades"; a social vote on the security council mentions
 * upgrade vetoes), so funding and text-only proposals are judged by their other facts.
 */
const touchesUpgrades: ConditionInput = {
  any: [
    { actionCategory: { anyOf: ["upgrade"] } },
    { all: [{ topic: { anyOf: ["upgrades"] } }, { executable: true }, { hasTransfers: false }] },
  ],
};

/**
 * "Treasury steward": conservative. Against large treasury outflows, asks on upgrades, unknown
 * calldata, mismatches and unpriced outflows, supports low-risk parameter tweaks that move no
 * money, abstains on social matters and elections, and abstains on anything else.
 */
export const treasuryStewardInput: MandateInput = {
  schema: "mandate/v1",
  name: "Treasury steward",
  description:
    "Conservative: protect the treasury. Against outflows above $250k; the holder decides " +
    "upgrades and anything unclear; yes to small, low-risk parameter changes; no opinion on " +
    "social matters and elections.",
  version: 1,
  defaultStance: "abstain",
  // 0.6: text-only (social) proposals, which carry no decoded actions, still get a vote.
  uncertainty: { minConfidence: 0.6, onMismatch: "ask", onUnknownCalldata: "ask" },
  rules: [
    {
      id: "no-large-outflows",
      description: "Vote against anything that moves more than $250k.",
      when: { totalUsd: { gt: 250_000 } },
      then: "against",
    },
    {
      id: "ask-unpriced-outflows",
      description: "Outflows that cannot be priced might be large: ask.",
      when: { unpricedTransfers: true },
      then: "ask",
    },
    {
      id: "ask-on-upgrades",
      description: "Contract upgrades go to the holder.",
      when: touchesUpgrades,
      then: "ask",
    },
    {
      id: "low-risk-parameters",
      description: "Small parameter tweaks that move no money (decoded, not just described).",
      when: {
        actionCategory: { anyOf: ["parameter"] },
        risk: { atMost: "low" },
        hasTransfers: false,
      },
      then: "for",
    },
    {
      id: "abstain-social-elections",
      description: "No opinion on social matters and elections.",
      when: { topic: { anyOf: ["social", "elections"] } },
      then: "abstain",
    },
  ],
};

/**
 * "Builder-friendly": supports grants up to $1M and ecosystem funding up to $5M, opposes upgrades
 * flagged high or critical risk, asks above $5M or when outflows cannot be priced, and votes for
 * anything else.
 */
export const builderFriendlyInput: MandateInput = {
  schema: "mandate/v1",
  name: "Builder-friendly",
  description:
    "Fund the builders: yes to grants up to $1M and ecosystem funding, no to risky upgrades, " +
    "the holder decides anything above $5M. Otherwise yes.",
  version: 1,
  defaultStance: "for",
  uncertainty: { minConfidence: 0.5, onMismatch: "against", onUnknownCalldata: "ask" },
  rules: [
    {
      id: "no-risky-upgrades",
      description: "Upgrades flagged high or critical risk.",
      when: { ...touchesUpgrades, risk: { atLeast: "high" } },
      then: "against",
    },
    {
      id: "ask-above-5m",
      description: "Anything moving more than $5M goes to the holder.",
      when: { totalUsd: { gt: 5_000_000 } },
      then: "ask",
    },
    {
      id: "ask-unpriced-outflows",
      description: "Outflows that cannot be priced might be above $5M: ask.",
      when: { unpricedTransfers: true },
      then: "ask",
    },
    {
      id: "grants-up-to-1m",
      description: "Grants up to $1M.",
      when: { topic: { anyOf: ["grants"] }, totalUsd: { lte: 1_000_000 } },
      then: "for",
    },
    {
      id: "ecosystem-funding",
      description: "Treasury spending on the ecosystem (grants or treasury topics) up to $5M.",
      when: { topic: { anyOf: ["grants", "treasury"] }, hasTransfers: true },
      then: "for",
    },
  ],
};

export const treasurySteward: Mandate = parseMandate(treasuryStewardInput);
export const builderFriendly: Mandate = parseMandate(builderFriendlyInput);

/** Computed when the module loads, from the mandates above: never a hand-written constant. */
export const treasuryStewardHash: Hex = mandateHash(treasurySteward);
export const builderFriendlyHash: Hex = mandateHash(builderFriendly);

export interface ExampleMandate {
  /** File stem in `examples/`, e.g. "treasury-steward". */
  key: string;
  mandate: Mandate;
  hash: Hex;
}

export const EXAMPLE_MANDATES: readonly ExampleMandate[] = [
  { key: "treasury-steward", mandate: treasurySteward, hash: treasuryStewardHash },
  { key: "builder-friendly", mandate: builderFriendly, hash: builderFriendlyHash },
];
