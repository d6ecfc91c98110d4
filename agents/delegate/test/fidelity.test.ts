/**
 * Mandate fidelity: (mandate, real proposal, expected vote) cases. The offline engine reads each
 * real ENS DAO proposal (with the actions its text describes, see fixtures/proposals.ts), and the
 * policy engine applies the mandate; the vote and the rule that decided it must be the expected
 * ones.
 *
 * The expectations were written by reading each proposal and each mandate ("Treasury steward" and
 * "Builder-friendly", packages/mandate/examples) and asking what the holder who wrote the mandate
 * would want — not by recording the engine's output. Where they first disagreed, the mandates were
 * made to say what they mean (e.g. "upgrades" judged from decoded actions, not from prose that
 * mentions network upgrades), never the expectation bent to the output.
 */
import { builderFriendly, decide, type Mandate, treasurySteward } from "@mandate/mandate";
import { describe, expect, it } from "vitest";
import { createOfflineEngine } from "../src/engines/offline/index.js";
import { ensFixture, mainnetContext } from "./fixtures/proposals.js";

type Vote = "for" | "against" | "abstain" | "ask";
/** [EP, steward vote, steward rule, builder vote, builder rule, why] */
type Case = readonly [string, Vote, string, Vote, string, string];

const CASES: readonly Case[] = [
  // Treasury outflows: the steward opposes anything above $250k; the builder funds builders up to
  // $5M and asks above.
  [
    "1.4",
    "against",
    "no-large-outflows",
    "for",
    "ecosystem-funding",
    "reimburse True Names ~$1.3M",
  ],
  ["1.9", "against", "no-large-outflows", "for", "ecosystem-funding", "200k ENS to Protocol Guild"],
  [
    "3.2",
    "against",
    "no-large-outflows",
    "for",
    "ecosystem-funding",
    "working-group funding ~$2.9M",
  ],
  [
    "4.6",
    "against",
    "no-large-outflows",
    "for",
    "ecosystem-funding",
    "working-group funding ~$2.3M",
  ],
  [
    "5.11",
    "against",
    "no-large-outflows",
    "for",
    "ecosystem-funding",
    "Meta-Gov 374k USDC + 150k ENS",
  ],
  ["5.16", "against", "no-large-outflows", "for", "ecosystem-funding", "legal fees ~$1.2M"],
  ["5.25", "against", "no-large-outflows", "for", "ecosystem-funding", "collective WG funding"],
  ["6.11", "against", "no-large-outflows", "for", "ecosystem-funding", "collective WG funding"],
  [
    "6.29",
    "against",
    "no-large-outflows",
    "for",
    "ecosystem-funding",
    "collective WG funding ~$1M",
  ],
  [
    "6.32",
    "against",
    "no-large-outflows",
    "for",
    "ecosystem-funding",
    "$2.5M USDC to the DAO wallet",
  ],
  [
    "6.48",
    "against",
    "no-large-outflows",
    "for",
    "ecosystem-funding",
    "delegation incentives ~$1.8M",
  ],
  ["4.3", "against", "no-large-outflows", "for", "grants-up-to-1m", "refunds ~$351k"],
  ["6.37", "against", "no-large-outflows", "for", "grants-up-to-1m", "900k USDC to the DAO wallet"],
  // Small outflows: below the steward's limit (it has no opinion), within the builder's grants.
  ["5.28", "abstain", "default", "for", "grants-up-to-1m", "eth.limo legal fees ~$241k"],
  ["6.20", "abstain", "default", "for", "grants-up-to-1m", "eth.limo legal fees ~$110k"],
  // Ending airdrops: the remainder is swept back to the treasury and an allowance revoked; no
  // value leaves, so no funding rule applies.
  ["1.7", "abstain", "default", "for", "default", "end the airdrops: sweep back, revoke"],
  // Very large moves: the builder's mandate sends anything above $5M to its holder.
  ["3.4", "against", "no-large-outflows", "ask", "ask-above-5m", "endowment tranche ~$48M"],
  ["3.3", "against", "no-large-outflows", "ask", "ask-above-5m", "sell ETH for USDC"],
  ["6.1", "against", "no-large-outflows", "ask", "ask-above-5m", "convert 6,000 ETH"],
  ["5.2", "against", "no-large-outflows", "ask", "ask-above-5m", "service-provider streams"],
  ["6.13", "against", "no-large-outflows", "ask", "ask-above-5m", "SPP2 streams"],
  // Upgrades and contract swaps: the steward asks its holder; the builder opposes risky ones.
  ["1.5", "ask", "ask-on-upgrades", "against", "no-risky-upgrades", "swap the price oracle"],
  ["3.5", "ask", "ask-on-upgrades", "against", "no-risky-upgrades", "new .eth controller"],
  ["5.1", "ask", "ask-on-upgrades", "against", "no-risky-upgrades", "upgrade DNSSEC support"],
  ["6.34", "ask", "ask-on-upgrades", "against", "no-risky-upgrades", "register on.eth, resolver"],
  ["5.13", "ask", "ask-on-upgrades", "against", "no-risky-upgrades", "security council powers"],
  ["5.27", "ask", "ask-on-upgrades", "against", "no-risky-upgrades", "revoke wrapper upgrades"],
  // Low-risk parameter changes that move no money.
  ["6.21", "for", "low-risk-parameters", "for", "default", "primary names for DAO addresses"],
  // Registry and role changes that are not upgrades: neither mandate has a rule for them.
  ["6.7", "abstain", "default", "for", "default", ".ceo TLD to the DNSSEC registrar"],
  ["6.8", "abstain", "default", "for", "default", "TLD ownership change"],
  ["6.12", "abstain", "default", "for", "default", "set the .ceo resolver"],
  ["6.33", "abstain", "default", "for", "default", "root/registrar security controllers"],
  // Social proposals (no actions): the steward abstains; the builder supports, funding asks first.
  [
    "1.2.2",
    "abstain",
    "abstain-social-elections",
    "for",
    "default",
    "foundation director election",
  ],
  ["3.7", "abstain", "abstain-social-elections", "for", "default", "ENSIP-15 normalization"],
  ["5.10", "abstain", "abstain-social-elections", "for", "default", "confirm council members"],
  [
    "4.4.1",
    "abstain",
    "abstain-social-elections",
    "for",
    "grants-up-to-1m",
    "ecosystem WG request",
  ],
  ["4.8", "abstain", "abstain-social-elections", "for", "grants-up-to-1m", "WG rules, full year"],
  ["5.3", "abstain", "abstain-social-elections", "for", "grants-up-to-1m", "eth.link settlement"],
  [
    "6.45",
    "abstain",
    "abstain-social-elections",
    "for",
    "grants-up-to-1m",
    "renew security council",
  ],
];

const MANDATES: readonly [string, Mandate, 1 | 3][] = [
  ["Treasury steward", treasurySteward, 1],
  ["Builder-friendly", builderFriendly, 3],
];

describe("mandate fidelity on real ENS proposals (offline engine)", () => {
  const engine = createOfflineEngine();

  it("has at least 40 cases over at least 30 distinct proposals", () => {
    expect(CASES.length * MANDATES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c[0])).size).toBeGreaterThanOrEqual(30);
  });

  for (const [name, mandate, column] of MANDATES) {
    describe(name, () => {
      for (const c of CASES) {
        const [ep, why] = [c[0], c[5]];
        const vote = c[column] as Vote;
        const rule = c[column + 1] as string;
        it(`EP${ep} (${why}) → ${vote} by ${rule}`, async () => {
          const { facts } = await engine.analyze(ensFixture(ep).proposal, mainnetContext);
          const decision = decide(facts, mandate);
          expect([decision.vote, decision.ruleId]).toEqual([vote, rule]);
          expect(decision.rationale.length).toBeGreaterThan(0);
        });
      }
    });
  }
});
