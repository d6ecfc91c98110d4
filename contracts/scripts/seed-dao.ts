/**
 * Seeds a realistic DAO on a local chain where the whole system (ignition/modules/LocalChain.ts) is
 * deployed: governance tokens spread over ten accounts with delegations, two AI delegates with
 * different mandates, four proposals whose text comes from real ENS DAO proposals (CC0, vendored in
 * data/proposals/ens) with matching actions — a treasury transfer, a parameter change, a contract
 * upgrade — a proposal market on each, and a history that takes them through every state:
 *
 *   P1  EP5.11 Fund the Meta-Governance WG (374,000 mUSD + 150,000 MNDT)  → executed, market Yes
 *   P2  EP5.15 Lower the proposal threshold (governor parameter)         → defeated, market No
 *   P3  EP1.5  Upgrade the premium price oracle (ProxyAdmin.upgradeAndCall) → voting, AI voted/asked
 *   P4  EP1.9  Fund the Protocol Guild pilot with 200,000 MNDT            → voting, no AI vote yet
 *
 * ENS amounts are kept; the assets become the demo tokens (USDC → mUSD, ENS → MNDT) and each text
 * gets a short preface saying so and listing the actions this chain executes. Recipients are the
 * real addresses the proposals name.
 *
 * The AI delegates' votes in the history are pre-recorded decisions (`SEED_DECISIONS`: the vote,
 * the mandate rule it follows, a short summary whose keccak256 is the recorded summary hash). Pass
 * `decide` to have a live delegate pipeline make them instead. P4 is left for the running delegate.
 *
 * Deterministic apart from block timestamps. Moves the chain's clock forward by about five days
 * (voting periods and the timelock delay); markets created afterwards are unaffected.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import {
  type Address,
  encodeFunctionData,
  getAddress,
  type Hash,
  type Hex,
  keccak256,
  maxUint256,
  parseUnits,
  toBytes,
} from "viem";
import { encodeMetadata, METADATA_SCHEMA } from "./lib/market-metadata.ts";

const dataDir = fileURLToPath(new URL("../../data/proposals/ens/", import.meta.url));

export interface DaoAddresses {
  market: Address;
  demoCollateral: Address;
  token: Address;
  timelock: Address;
  governor: Address;
  registry: Address;
  governorResolver: Address;
  oracleProxy: Address;
  oracleProxyAdmin: Address;
  oracleV2: Address;
}

/** A mandate as registered on-chain: its hash (see @mandate/mandate) and where to read it. */
export interface RegisteredMandate {
  name: string;
  hash: Hex;
  uri: string;
}

export type DelegateKey = "steward" | "builder";
export type ProposalKey = "P1" | "P2" | "P3" | "P4";

export interface AiDecision {
  /** 0 against, 1 for, 2 abstain; "ask" records a pending decision instead of voting. */
  support: 0 | 1 | 2 | "ask";
  summaryHash: Hex;
  rationale: string;
}

export interface SeededProposal {
  key: ProposalKey;
  proposalId: string;
  source: string;
  title: string;
  kind: "treasury transfer" | "parameter change" | "contract upgrade";
  state: "executed" | "defeated" | "active";
  /** The proposal market on it (GovernorResolver). */
  marketId: number;
}

export interface SeededDelegate {
  key: DelegateKey;
  delegateId: number;
  instance: Address;
  operator: Address;
  name: string;
  mandateHash: Hex;
}

export interface DaoSeedResult {
  proposals: SeededProposal[];
  delegates: SeededDelegate[];
  /** Token holders by dev-account index, and whom each delegated to. */
  holders: { account: Address; balance: string; delegatedTo: Address | null }[];
}

const MNDT = (amount: string) => parseUnits(amount, 18);
const USD = (amount: string) => parseUnits(amount, 6);

/** Dev-account index → MNDT. The timelock (treasury) gets TREASURY_MNDT; #0 keeps the rest. */
const HOLDINGS: Record<number, string> = {
  1: "1200000",
  2: "800000",
  3: "600000",
  4: "500000",
  5: "400000",
  6: "300000",
  7: "250000",
  8: "150000",
  9: "100000",
};
const TREASURY_MNDT = MNDT("4000000");
const TREASURY_MUSD = USD("5000000");
/** Operators (dev-account indices) of the two AI delegates. */
const OPERATORS: Record<DelegateKey, number> = { steward: 10, builder: 11 };
/** Who delegates to whom: an AI delegate, another account (index), or themselves ("self"). */
const DELEGATIONS: Record<number, DelegateKey | number | "self" | null> = {
  0: "self",
  1: "steward",
  2: "builder",
  3: "steward",
  4: "builder",
  5: "self",
  6: "self",
  7: 6,
  8: "self",
  9: null,
};
const PROPOSAL_MARKET_LIQUIDITY = USD("1000");

interface ProposalSpec {
  key: ProposalKey;
  source: string;
  kind: SeededProposal["kind"];
  actions: (a: DaoAddresses) => { target: Address; value: bigint; data: Hex; words: string }[];
  /** Short summary the pre-recorded AI decisions were made from. */
  summary: string;
}

const MG_WG = getAddress("0x91c32893216dE3eA0a55ABb9851f581d4503d39b"); // main.mg.wg.ens.eth
const PROTOCOL_GUILD_VESTING = getAddress("0xF29Ff96aaEa6C9A1fBa851f74737f3c069d4f1a9");

const erc20Transfer = [
  {
    type: "function",
    name: "transfer",
    stateMutability: "nonpayable",
    inputs: [
      { name: "to", type: "address" },
      { name: "amount", type: "uint256" },
    ],
    outputs: [{ type: "bool" }],
  },
] as const;

export const SEED_PROPOSALS: readonly ProposalSpec[] = [
  {
    key: "P1",
    source: "5.11.mdx",
    kind: "treasury transfer",
    actions: (a) => [
      {
        target: a.demoCollateral,
        value: 0n,
        data: encodeFunctionData({
          abi: erc20Transfer,
          functionName: "transfer",
          args: [MG_WG, USD("374000")],
        }),
        words: "transfer 374,000 mUSD to main.mg.wg.ens.eth (0x91c3…d39b)",
      },
      {
        target: a.token,
        value: 0n,
        data: encodeFunctionData({
          abi: erc20Transfer,
          functionName: "transfer",
          args: [MG_WG, MNDT("150000")],
        }),
        words: "transfer 150,000 MNDT to main.mg.wg.ens.eth (0x91c3…d39b)",
      },
    ],
    summary:
      "Transfers 374,000 mUSD and 150,000 MNDT from the treasury to the Meta-Governance working group's multisig.",
  },
  {
    key: "P2",
    source: "5.15.mdx",
    kind: "parameter change",
    actions: (a) => [
      {
        target: a.governor,
        value: 0n,
        data: encodeFunctionData({
          abi: [
            {
              type: "function",
              name: "setProposalThreshold",
              stateMutability: "nonpayable",
              inputs: [{ name: "newProposalThreshold", type: "uint256" }],
              outputs: [],
            },
          ],
          functionName: "setProposalThreshold",
          args: [MNDT("1000")],
        }),
        words: "set the governor's proposal threshold to 1,000 MNDT (from 100,000 MNDT)",
      },
    ],
    summary: "Lowers the governor's proposal threshold from 100,000 MNDT to 1,000 MNDT.",
  },
  {
    key: "P3",
    source: "1.5.mdx",
    kind: "contract upgrade",
    actions: (a) => [
      {
        target: a.oracleProxyAdmin,
        value: 0n,
        data: encodeFunctionData({
          abi: [
            {
              type: "function",
              name: "upgradeAndCall",
              stateMutability: "payable",
              inputs: [
                { name: "proxy", type: "address" },
                { name: "implementation", type: "address" },
                { name: "data", type: "bytes" },
              ],
              outputs: [],
            },
          ],
          functionName: "upgradeAndCall",
          args: [a.oracleProxy, a.oracleV2, "0x"],
        }),
        words: `upgrade the premium price oracle proxy (${a.oracleProxy}) to ExponentialPremiumPriceOracle (${a.oracleV2})`,
      },
    ],
    summary:
      "Upgrades the premium price oracle proxy from the linear to the exponential premium implementation.",
  },
  {
    key: "P4",
    source: "1.9.mdx",
    kind: "treasury transfer",
    actions: (a) => [
      {
        target: a.token,
        value: 0n,
        data: encodeFunctionData({
          abi: erc20Transfer,
          functionName: "transfer",
          args: [PROTOCOL_GUILD_VESTING, MNDT("200000")],
        }),
        words: "transfer 200,000 MNDT to the Protocol Guild vesting contract (0xF29F…f1a9)",
      },
    ],
    summary: "Transfers 200,000 MNDT to the Protocol Guild pilot's vesting contract.",
  },
];

/**
 * The pre-recorded AI decisions, following the example mandates of @mandate/mandate ("Treasury
 * steward" and "Builder-friendly"; the rule ids named in the rationales are theirs). P4 has none:
 * the running delegate decides it.
 */
export const SEED_DECISIONS: Record<
  DelegateKey,
  Partial<Record<ProposalKey, { support: AiDecision["support"]; rationale: string }>>
> = {
  steward: {
    P1: {
      support: 0,
      rationale:
        "Rule 'no-large-outflows' fired: the transfers (374,000 mUSD and 150,000 MNDT) exceed $250,000.",
    },
    P2: {
      support: "ask",
      rationale:
        "Rule 'ask-on-upgrades' fired: the text proposes a governor upgrade (proposal bonds); the holders decide.",
    },
    P3: {
      support: "ask",
      rationale: "Rule 'ask-on-upgrades' fired: contract upgrades go to the holders.",
    },
  },
  builder: {
    P1: {
      support: 1,
      rationale: "Rule 'ecosystem-funding' fired: treasury funding for a working group.",
    },
    P2: { support: 1, rationale: "No rule matched; the default stance is For." },
    P3: {
      support: 0,
      rationale: "Rule 'no-risky-upgrades' fired: a proxy upgrade, high risk.",
    },
  },
};

function at<T>(items: readonly T[], i: number): T {
  const item = items[i];
  if (item === undefined) throw new Error(`index ${i} out of range (length ${items.length})`);
  return item;
}

/** The ENS text with the demo assets, prefaced with the actions this chain executes. */
export function seededDescription(spec: ProposalSpec, addresses: DaoAddresses): string {
  const raw = readFileSync(`${dataDir}${spec.source}`, "utf8");
  // Drop the MDX frontmatter and the `::authors` directive; keep the proposal's own Markdown.
  const body = raw
    .replace(/^---\n[\s\S]*?\n---\n/, "")
    .replace(/^::authors\s*$/m, "")
    .trim();
  // On this chain every seeded proposal executes actions: a "[Social]" tag in the source title
  // would contradict them (and the delegate rightly flags such titles), so it becomes
  // "[Executable]".
  const demoAssets = body
    .replace(/^(#\s.*)\[Social\]/m, "$1[Executable]")
    .replace(/(\d[\d,.]*(?:\s*(?:k|K|mm|M))?)\s*USDC\b/g, "$1 mUSD")
    .replace(
      /(\d[\d,.]*(?:\s*(?:k|K|mm|M))?)\s*\$?ENS\b(?!\s+(?:DAO|Labs|Foundation|community))/g,
      "$1 MNDT",
    )
    .replace(/\$ENS\b/g, "$MNDT");
  const actions = spec
    .actions(addresses)
    .map((x, i) => `${i + 1}. ${x.words}`)
    .join("\n");
  return [
    demoAssets,
    "",
    "---",
    "",
    `_Seeded on the local Mandate chain from ENS DAO proposal ${spec.source.replace(/\.mdx$/, "")} (CC0-1.0, ensdomains/docs). Amounts are the proposal's; the assets are the demo tokens (USDC → mUSD, ENS → MNDT)._`,
    "",
    "On this chain the proposal executes:",
    actions,
  ].join("\n");
}

export async function seedDao(
  viem: HardhatViemHelpers,
  addresses: DaoAddresses,
  mandates: Record<DelegateKey, RegisteredMandate>,
  {
    log = () => {},
    decide,
  }: {
    log?: (line: string) => void;
    /** Makes the AI delegates' decisions; default: the pre-recorded `SEED_DECISIONS`. */
    decide?: (
      delegate: DelegateKey,
      proposal: { key: ProposalKey; proposalId: bigint; description: string },
    ) => Promise<AiDecision | null>;
  } = {},
): Promise<DaoSeedResult> {
  const publicClient = await viem.getPublicClient();
  const testClient = await viem.getTestClient();
  const wallets = await viem.getWalletClients();
  const needed = Math.max(...Object.values(OPERATORS)) + 1;
  if (wallets.length < needed) {
    throw new Error(
      `The DAO seed needs ${needed} unlocked dev accounts; the chain exposes ${wallets.length}.`,
    );
  }
  const account = (i: number) => at(wallets, i).account;
  const confirm = async (hash: Promise<Hash>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (receipt.status !== "success")
      throw new Error(`Seed transaction ${receipt.transactionHash} reverted`);
    return receipt;
  };
  const now = async () => (await publicClient.getBlock()).timestamp;
  const travelTo = async (timestamp: bigint) => {
    const t = await now();
    if (timestamp > t) await testClient.increaseTime({ seconds: Number(timestamp - t) });
    await testClient.mine({ blocks: 1 });
  };

  const token = await viem.getContractAt("GovernanceToken", addresses.token);
  const usd = await viem.getContractAt("MockERC20", addresses.demoCollateral);
  const governor = await viem.getContractAt("MandateGovernor", addresses.governor);
  const registry = await viem.getContractAt("AIDelegateRegistry", addresses.registry);
  const resolver = await viem.getContractAt("GovernorResolver", addresses.governorResolver);
  const market = await viem.getContractAt("LMSRMarket", addresses.market);

  // 1. Treasury and holders.
  log("treasury: 4,000,000 MNDT and 5,000,000 mUSD to the timelock");
  await confirm(token.write.transfer([addresses.timelock, TREASURY_MNDT], { account: account(0) }));
  await confirm(usd.write.mint([addresses.timelock, TREASURY_MUSD]));
  for (const [i, amount] of Object.entries(HOLDINGS)) {
    await confirm(
      token.write.transfer([account(Number(i)).address, MNDT(amount)], { account: account(0) }),
    );
  }

  // 2. The AI delegates.
  const delegates: SeededDelegate[] = [];
  for (const key of ["steward", "builder"] as const) {
    const operator = account(OPERATORS[key]);
    const mandate = mandates[key];
    const params = {
      operator: operator.address,
      name: mandate.name,
      metadataURI: `mandate://local/delegates/${key}`,
      model: "offline/textrank-1",
      mandateHash: mandate.hash,
      mandateURI: mandate.uri,
    };
    const { result } = await registry.simulate.register([params], { account: operator.address });
    await confirm(registry.write.register([params], { account: operator }));
    const [delegateId, instance] = result;
    delegates.push({
      key,
      delegateId: Number(delegateId),
      instance,
      operator: getAddress(operator.address),
      name: mandate.name,
      mandateHash: mandate.hash,
    });
    log(
      `AI delegate #${delegateId} "${mandate.name}" at ${instance}, operator ${operator.address}`,
    );
  }
  const delegateOf = (key: DelegateKey) => {
    const d = delegates.find((x) => x.key === key);
    if (d === undefined) throw new Error(`no delegate ${key}`);
    return d;
  };

  // 3. Delegations.
  const holders: DaoSeedResult["holders"] = [];
  for (const [i, target] of Object.entries(DELEGATIONS)) {
    const holder = account(Number(i));
    let to: Address | null = null;
    if (target === "self") to = holder.address;
    else if (target === "steward" || target === "builder") to = delegateOf(target).instance;
    else if (typeof target === "number") to = account(target).address;
    if (to !== null) await confirm(token.write.delegate([to], { account: holder }));
    holders.push({
      account: getAddress(holder.address),
      balance: (await token.read.balanceOf([holder.address])).toString(),
      delegatedTo: to === null ? null : getAddress(to),
    });
  }
  await testClient.mine({ blocks: 1 });

  // 4. Proposal markets need funding: the proposer approves the resolver once.
  await confirm(usd.write.mint([account(0).address, USD("10000")]));
  await confirm(
    usd.write.approve([addresses.governorResolver, maxUint256], { account: account(0) }),
  );
  const traders = [1, 5, 6, 8].map(account);
  for (const t of traders) {
    await confirm(usd.write.mint([t.address, USD("20000")]));
    await confirm(usd.write.approve([addresses.market, maxUint256], { account: t }));
  }

  const aiDecision = async (
    key: DelegateKey,
    p: { key: ProposalKey; proposalId: bigint; description: string },
  ) => {
    if (decide !== undefined) return decide(key, p);
    const pre = SEED_DECISIONS[key][p.key];
    if (pre === undefined) return null;
    const spec = SEED_PROPOSALS.find((s) => s.key === p.key);
    return { ...pre, summaryHash: keccak256(toBytes(spec?.summary ?? p.description)) };
  };

  const propose = async (spec: ProposalSpec) => {
    const actions = spec.actions(addresses);
    const description = seededDescription(spec, addresses);
    const args = [
      actions.map((x) => x.target),
      actions.map((x) => x.value),
      actions.map((x) => x.data),
      description,
    ] as const;
    const { result: proposalId } = await governor.simulate.propose(args, {
      account: account(0).address,
    });
    await confirm(governor.write.propose(args, { account: account(0) }));
    const title = description.match(/^#\s+(.+)$/m)?.[1]?.trim() ?? spec.source;
    const { hash, uri } = encodeMetadata({
      schema: METADATA_SCHEMA,
      question: `Will "${title}" pass?`,
      description: `Resolves from the Mandate governor's state of proposal ${proposalId}.`,
      outcomes: ["No", "Yes"],
      resolution: {
        rules:
          "Yes if the proposal is Succeeded, Queued or Executed; No if it is Defeated, Expired or Canceled. Anyone can trigger resolution through the GovernorResolver once the state is final.",
        invalidIf: "Never: the governor's state always settles it.",
        sources: [`governor:${addresses.governor}`],
      },
      tags: ["proposal", spec.kind],
    });
    const marketId = await resolver.simulate
      .createMarket([proposalId, PROPOSAL_MARKET_LIQUIDITY, hash, uri], {
        account: account(0).address,
      })
      .then((r) => r.result);
    await confirm(
      resolver.write.createMarket([proposalId, PROPOSAL_MARKET_LIQUIDITY, hash, uri], {
        account: account(0),
      }),
    );
    log(
      `${spec.key} proposal ${String(proposalId).slice(0, 12)}… "${title}" with market #${marketId}`,
    );
    return { proposalId, description, title, marketId };
  };

  const trade = async (marketId: bigint, trader: number, outcome: 0n | 1n, shares: string) => {
    const t = at(traders, trader);
    const [cost] = await market.read.quoteBuy([marketId, outcome, USD(shares)]);
    await confirm(
      market.write.buy([marketId, outcome, USD(shares), cost, (await now()) + 3600n], {
        account: t,
      }),
    );
  };

  const aiVote = async (
    key: DelegateKey,
    p: { key: ProposalKey; proposalId: bigint; description: string },
  ) => {
    const decision = await aiDecision(key, p);
    if (decision === null) return;
    const d = delegateOf(key);
    const operator = account(OPERATORS[key]);
    if (decision.support === "ask") {
      await confirm(
        registry.write.recordPendingDecision(
          [BigInt(d.delegateId), p.proposalId, 0, decision.summaryHash, 1n, decision.rationale],
          { account: operator },
        ),
      );
    } else {
      await confirm(
        registry.write.castVote(
          [
            BigInt(d.delegateId),
            p.proposalId,
            decision.support,
            decision.summaryHash,
            1n,
            decision.rationale,
          ],
          { account: operator },
        ),
      );
    }
    log(
      `  ${d.name} ${decision.support === "ask" ? "asked its holders" : ["voted Against", "voted For", "abstained"][decision.support]}`,
    );
  };

  const vote = (holder: number, proposalId: bigint, support: 0 | 1 | 2) =>
    confirm(governor.write.castVote([proposalId, support], { account: account(holder) }));
  const override = (holder: number, proposalId: bigint, support: 0 | 1 | 2, reason: string) =>
    confirm(
      governor.write.castOverrideVote([proposalId, support, reason], { account: account(holder) }),
    );

  const spec = (key: ProposalKey) => {
    const s = SEED_PROPOSALS.find((x) => x.key === key);
    if (s === undefined) throw new Error(`no proposal ${key}`);
    return s;
  };
  const proposals: SeededProposal[] = [];

  // 5. P1 and P2 run in parallel: proposed together, voted, closed; P1 is queued and executed.
  const p1 = await propose(spec("P1"));
  const p2 = await propose(spec("P2"));
  await travelTo((await governor.read.proposalSnapshot([p1.proposalId])) + 1n);
  await trade(p1.marketId, 0, 1n, "300");
  await trade(p2.marketId, 1, 0n, "200");
  for (const key of ["steward", "builder"] as const) {
    await aiVote(key, { key: "P1", ...p1 });
    await aiVote(key, { key: "P2", ...p2 });
  }
  // P1: the proposer and a small holder vote For; a Steward delegator overrides its Against.
  await vote(0, p1.proposalId, 1);
  await vote(5, p1.proposalId, 1);
  await override(
    1,
    p1.proposalId,
    1,
    "The working groups need this runway; I disagree with my delegate here.",
  );
  await trade(p1.marketId, 2, 1n, "250");
  // P2: holders reject lowering the threshold; two Builder delegators override its For.
  await vote(0, p2.proposalId, 0);
  await vote(5, p2.proposalId, 0);
  await vote(6, p2.proposalId, 0);
  await override(2, p2.proposalId, 0, "A 1,000 MNDT threshold invites spam proposals.");
  await override(4, p2.proposalId, 0, "");
  await trade(p2.marketId, 3, 0n, "150");

  await travelTo((await governor.read.proposalDeadline([p1.proposalId])) + 1n);
  const p1Actions = spec("P1").actions(addresses);
  const batch = [
    p1Actions.map((x) => x.target),
    p1Actions.map((x) => x.value),
    p1Actions.map((x) => x.data),
    keccak256(toBytes(p1.description)),
  ] as const;
  await confirm(governor.write.queue(batch, { account: account(0) }));
  await confirm(resolver.write.resolve([p2.proposalId], { account: account(8) }));
  log("  P2 defeated; its market resolved No");
  await travelTo((await governor.read.proposalEta([p1.proposalId])) + 1n);
  await confirm(governor.write.execute(batch, { account: account(8) }));
  await confirm(resolver.write.resolve([p1.proposalId], { account: account(8) }));
  log("  P1 executed (374,000 mUSD and 150,000 MNDT moved); its market resolved Yes");
  // A winner of each market redeems.
  for (const [p, outcome, trader] of [
    [p1, 1n, 0],
    [p2, 0n, 1],
  ] as const) {
    const t = at(traders, trader);
    const shares = await market.read.balanceOf([
      t.address,
      await market.read.tokenId([p.marketId, outcome]),
    ]);
    if (shares > 0n)
      await confirm(market.write.redeem([p.marketId, outcome, shares], { account: t }));
  }
  proposals.push(
    {
      key: "P1",
      proposalId: p1.proposalId.toString(),
      source: spec("P1").source,
      title: p1.title,
      kind: spec("P1").kind,
      state: "executed",
      marketId: Number(p1.marketId),
    },
    {
      key: "P2",
      proposalId: p2.proposalId.toString(),
      source: spec("P2").source,
      title: p2.title,
      kind: spec("P2").kind,
      state: "defeated",
      marketId: Number(p2.marketId),
    },
  );

  // 6. P3 and P4 are voting now.
  const p3 = await propose(spec("P3"));
  const p4 = await propose(spec("P4"));
  await travelTo((await governor.read.proposalSnapshot([p4.proposalId])) + 1n);
  for (const key of ["steward", "builder"] as const) await aiVote(key, { key: "P3", ...p3 });
  await vote(0, p3.proposalId, 1);
  await trade(p3.marketId, 2, 1n, "120");
  await trade(p4.marketId, 0, 1n, "200");
  await trade(p4.marketId, 3, 0n, "90");
  proposals.push(
    {
      key: "P3",
      proposalId: p3.proposalId.toString(),
      source: spec("P3").source,
      title: p3.title,
      kind: spec("P3").kind,
      state: "active",
      marketId: Number(p3.marketId),
    },
    {
      key: "P4",
      proposalId: p4.proposalId.toString(),
      source: spec("P4").source,
      title: p4.title,
      kind: spec("P4").kind,
      state: "active",
      marketId: Number(p4.marketId),
    },
  );

  // No timestamps: the deployment record must not change between two runs of the same code.
  return { proposals, delegates, holders };
}
