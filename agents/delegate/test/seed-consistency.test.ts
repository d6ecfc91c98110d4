/**
 * The local chain's seeded history holds pre-recorded AI votes (contracts/scripts/seed-dao.ts,
 * SEED_DECISIONS): the seed runs before any agent exists. This test keeps that history honest:
 * the delegate's real pipeline — offline engine, the chain's decode context, the registered
 * example mandates — must reach the same vote on every seeded proposal the seed voted on.
 */
import { fileURLToPath } from "node:url";
import { deployments, mandateGovernorAbi, timelockControllerAbi } from "@mandate/abis";
import {
  builderFriendly,
  builderFriendlyHash,
  decide,
  type Mandate,
  treasurySteward,
  treasuryStewardHash,
} from "@mandate/mandate";
import { type Address, getAddress, type Hex, keccak256, toBytes } from "viem";
import { describe, expect, it } from "vitest";
import { buildDecodeContext } from "../src/agent/chain.js";
import { DEFAULT_MNDT_USD } from "../src/agent/config.js";
import { createOfflineEngine } from "../src/engines/offline/index.js";

// Loaded at run time (vitest transforms it): the contracts' scripts are typechecked in their own
// workspace, with Hardhat's types, not here.
type ProposalKey = "P1" | "P2" | "P3" | "P4";
interface SeedSpec {
  key: ProposalKey;
  source: string;
  kind: string;
  actions: (a: DaoAddresses) => { target: Address; value: bigint; data: Hex }[];
}
type DaoAddresses = Record<
  | "market"
  | "demoCollateral"
  | "token"
  | "timelock"
  | "governor"
  | "registry"
  | "governorResolver"
  | "oracleProxy"
  | "oracleProxyAdmin"
  | "oracleV2",
  Address
>;
const seedDao = fileURLToPath(new URL("../../../contracts/scripts/seed-dao.ts", import.meta.url));
const { SEED_DECISIONS, SEED_PROPOSALS, seededDescription } = (await import(seedDao)) as {
  SEED_PROPOSALS: readonly SeedSpec[];
  SEED_DECISIONS: Record<
    "steward" | "builder",
    Partial<Record<ProposalKey, { support: 0 | 1 | 2 | "ask"; rationale: string }>>
  >;
  seededDescription: (spec: SeedSpec, addresses: DaoAddresses) => string;
};

const local = deployments.localhost;
const c = local.contracts;
const addresses: DaoAddresses = {
  market: c.LMSRMarket.address,
  demoCollateral: c.DemoCollateral.address,
  token: c.GovernanceToken.address,
  timelock: c.TimelockController.address,
  governor: c.MandateGovernor.address,
  registry: c.AIDelegateRegistry.address,
  governorResolver: c.GovernorResolver.address,
  oracleProxy: c.PriceOracleProxy.address,
  // Not in the deployment record; only the calldata's shape matters to the decision.
  oracleProxyAdmin: getAddress(`0x${"ad".repeat(20)}`),
  oracleV2: getAddress(`0x${"b2".repeat(20)}`),
};
const context = buildDecodeContext(
  local.chainId,
  {
    governanceToken: { address: c.GovernanceToken.address, symbol: "MNDT", decimals: 18 },
    stablecoin: { address: c.DemoCollateral.address, symbol: "mUSD", decimals: 6 },
    labels: {
      [c.TimelockController.address]: {
        label: "DAO treasury (timelock)",
        abi: timelockControllerAbi,
      },
      [c.MandateGovernor.address]: { label: "MandateGovernor", abi: mandateGovernorAbi },
    },
  },
  DEFAULT_MNDT_USD,
);
const VOTES = ["against", "for", "abstain"] as const;
const MANDATES: Record<"steward" | "builder", Mandate> = {
  steward: treasurySteward,
  builder: builderFriendly,
};

describe("seeded AI votes agree with the delegate's pipeline", () => {
  const engine = createOfflineEngine();

  it("registers the example mandates' hashes on the seeded delegates", () => {
    const hashes = local.dao?.delegates.map((d) => d.mandateHash);
    expect(hashes).toEqual([treasuryStewardHash, builderFriendlyHash]);
  });

  for (const spec of SEED_PROPOSALS) {
    for (const key of ["steward", "builder"] as const) {
      const seeded = SEED_DECISIONS[key][spec.key];
      if (seeded === undefined) continue;
      const expected = seeded.support === "ask" ? "ask" : VOTES[seeded.support];
      it(`${spec.key} (${spec.source}, ${spec.kind}): ${key} → ${expected}`, async () => {
        const actions = spec.actions(addresses);
        const description = seededDescription(spec, addresses);
        const { facts } = await engine.analyze(
          {
            id: BigInt(keccak256(toBytes(description))).toString(),
            governor: addresses.governor.toLowerCase() as `0x${string}`,
            description,
            targets: actions.map((a) => a.target),
            values: actions.map((a) => a.value),
            calldatas: actions.map((a) => a.data),
            voteEnd: null,
          },
          context,
        );
        const decision = decide(facts, MANDATES[key]);
        expect(decision.vote).toBe(expected);
        // The seed's rationale names the rule that fired.
        if (decision.ruleId !== "default")
          expect(seeded.rationale).toContain(`'${decision.ruleId}'`);
      });
    }
  }
});
