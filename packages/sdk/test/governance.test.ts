/**
 * Governance on a real local chain with the seeded DAO: a fresh proposal goes propose → holders
 * vote → an AI delegate votes through the registry → a delegator overrides it → its market opens
 * and resolves → queue → execute; the mistakes people make on the way get their messages.
 */
import { governanceTokenAbi, mandateGovernorAbi } from "@mandate/abis";
import { encodeFunctionData, parseEventLogs, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  castDelegateVote,
  castOverrideVote,
  castVote,
  castVoteWithReason,
  createMandateClient,
  createProposalMarket,
  delegate,
  execute,
  formatVoteReason,
  getDecision,
  getDelegate,
  getProposal,
  getProposalMarket,
  getVoteStatus,
  getVotingPower,
  hashProposal,
  listDelegates,
  listProposals,
  MandateError,
  type ProposalAction,
  parseVoteReason,
  propose,
  queue,
  recordPendingDecision,
  resolveProposalMarket,
  summaryHashOf,
  undelegate,
} from "../src/index.js";
import { SEEDED, startTestChain, type TestChain } from "./chain.js";

const MNDT = (n: number) => BigInt(n) * 10n ** 18n;
const DAY = 86_400;

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(async () => {
  await chain?.stop();
});

async function catchError(promise: Promise<unknown>): Promise<MandateError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MandateError);
    return error as MandateError;
  }
  throw new Error("expected the call to fail");
}

const seeded = (key: string) => {
  const p = chain.deployment.dao?.proposals.find((x) => x.key === key);
  if (p === undefined) throw new Error(`no seeded ${key}`);
  return { ...p, proposalId: BigInt(p.proposalId) };
};

describe("a fresh proposal, end to end", () => {
  const description = `# Grant 1,000 MNDT to the SDK test\n\nCreated by packages/sdk/test/governance.test.ts at ${Date.now()}.`;
  let actions: ProposalAction[];
  let proposalId: bigint;

  it("proposes, with the id computed by hashProposal (equal to the governor's)", async () => {
    const recipient = chain.account(SEEDED.undelegated).address;
    actions = [
      {
        target: chain.addresses.governanceToken,
        data: encodeFunctionData({
          abi: governanceTokenAbi,
          functionName: "transfer",
          args: [recipient, MNDT(1_000)],
        }),
      },
    ];
    const sent = await propose(chain.wallet(SEEDED.deployer), { actions, description });
    proposalId = sent.result;
    expect(proposalId).toBe(hashProposal({ actions, description }));
    const onChain = await chain.publicClient.readContract({
      address: chain.addresses.mandateGovernor,
      abi: mandateGovernorAbi,
      functionName: "hashProposal",
      args: [
        actions.map((a) => a.target),
        actions.map(() => 0n),
        actions.map((a) => a.data),
        (await import("../src/index.js")).hashDescription(description),
      ],
    });
    expect(onChain).toBe(proposalId);
    const [created] = parseEventLogs({
      abi: mandateGovernorAbi,
      eventName: "ProposalCreated",
      logs: sent.receipt?.logs ?? [],
    });
    expect(created?.args.proposalId).toBe(proposalId);

    const view = await getProposal(chain.publicClient, { proposalId });
    expect(view.stateName).toBe("Pending");
    expect(view.title).toBe("Grant 1,000 MNDT to the SDK test");
    expect(view.description).toBe(description);
    expect(view.actions).toEqual([{ ...actions[0], value: 0n }]);
    expect(view.proposer).toBe(chain.account(SEEDED.deployer).address);
    expect(view.quorum).toBeNull();
  });

  it("refuses votes before voting opens, and a proposer without enough votes", async () => {
    // Votes open one second after the snapshot; the block that mined the proposal is the snapshot - 1.
    const early = await catchError(
      castVote(chain.wallet(SEEDED.selfDelegated), { proposalId, support: "for" }),
    );
    expect(early.errorName).toBe("GovernorUnexpectedProposalState");
    expect(early.shortMessage).toBe(
      "Voting is not open for this proposal (it is Pending). Voting opens at the proposal's snapshot; try again in a moment.",
    );
    const poor = await catchError(
      propose(chain.wallet(SEEDED.undelegated), { actions, description: `${description} (again)` }),
    );
    expect(poor.errorName).toBe("GovernorInsufficientProposerVotes");
    expect(poor.shortMessage).toBe(
      `${chain.account(SEEDED.undelegated).address} has 0.00 MNDT of voting power, but proposing takes 100,000.00 MNDT.`,
    );
  });

  it("opens its market while voting is open", async () => {
    const opened = await createProposalMarket(chain.wallet(SEEDED.deployer), {
      proposalId,
      liquidity: 200_000_000n,
    });
    const market = await getProposalMarket(chain.publicClient, { proposalId });
    expect(market.marketId).toBe(opened.result);
    expect(market.funder).toBe(chain.account(SEEDED.deployer).address);
    expect(market.isFinal).toBe(false);
    const again = await catchError(
      createProposalMarket(chain.wallet(SEEDED.deployer), { proposalId, liquidity: 200_000_000n }),
    );
    expect(again.errorName).toBe("GovernorResolverMarketExists");
    expect(again.shortMessage).toBe(`This proposal already has its market, #${opened.result}.`);
  });

  it("counts holders' votes, an AI delegate's recorded vote, and a delegator's override", async () => {
    await chain.advance(2);
    const self = await castVote(chain.wallet(SEEDED.selfDelegated), {
      proposalId,
      support: "for",
    });
    expect(self.result).toBe(MNDT(400_000));
    const reasoned = await castVoteWithReason(chain.wallet(SEEDED.selfDelegated2), {
      proposalId,
      support: 0,
      reason: "Not this quarter.",
    });
    expect(reasoned.result).toBe(MNDT(550_000));

    // The Treasury Steward (AI delegate #1) votes Against through the registry.
    const steward = await getDelegate(chain.publicClient, { delegateId: 1n });
    expect(steward.operator).toBe(chain.account(SEEDED.stewardOperator).address);
    expect(steward.votes).toBe(MNDT(1_800_000));
    const summary = "Transfers 1,000 MNDT from the treasury to a test account.";
    const aiVote = await castDelegateVote(chain.wallet(SEEDED.stewardOperator), {
      delegateId: 1n,
      proposalId,
      support: "against",
      summary,
      rationale: "Unbudgeted treasury spend.",
    });
    expect(aiVote.result).toBe(MNDT(1_800_000));
    const [voteCast] = parseEventLogs({
      abi: mandateGovernorAbi,
      eventName: "VoteCast",
      logs: aiVote.receipt?.logs ?? [],
    });
    const reason = voteCast?.args.reason ?? "";
    expect(reason).toBe(
      formatVoteReason(
        "Unbudgeted treasury spend.",
        summaryHashOf(summary),
        steward.mandate.mandateHash,
        1n,
      ),
    );
    expect(parseVoteReason(reason)).toEqual({
      rationale: "Unbudgeted treasury spend.",
      summaryHash: summaryHashOf(summary),
      mandateHash: steward.mandate.mandateHash,
      mandateVersion: 1n,
    });
    const decision = await getDecision(chain.publicClient, { delegateId: 1n, proposalId });
    expect(decision.vote).toMatchObject({
      support: 0,
      supportName: "Against",
      summaryHash: summaryHashOf(summary),
      rationale: "Unbudgeted treasury spend.",
      weight: MNDT(1_800_000),
    });
    expect(decision.pending).toBeNull();

    const before = await getProposal(chain.publicClient, { proposalId });
    expect(before.votes).toEqual({
      against: MNDT(550_000 + 1_800_000),
      for: MNDT(400_000),
      abstain: 0n,
    });

    // A holder who delegated to the Steward takes their 1.2M back for this proposal.
    const holder = chain.account(SEEDED.stewardHolder).address;
    const status = await getVoteStatus(chain.publicClient, { proposalId, account: holder });
    expect(status).toMatchObject({
      hasOverridden: false,
      delegateAtSnapshot: steward.instance,
      balanceAtSnapshot: MNDT(1_200_000),
      canOverride: true,
    });
    const override = await castOverrideVote(chain.wallet(SEEDED.stewardHolder), {
      proposalId,
      support: "for",
      reason: "I want this.",
    });
    expect(override.result).toBe(MNDT(1_200_000));
    const after = await getProposal(chain.publicClient, { proposalId });
    expect(after.votes).toEqual({
      against: MNDT(550_000 + 600_000),
      for: MNDT(400_000 + 1_200_000),
      abstain: 0n,
    });
    expect(after.quorum).toBe(MNDT(400_000));
  });

  it("explains the votes the rules refuse", async () => {
    const twice = await catchError(
      castOverrideVote(chain.wallet(SEEDED.stewardHolder), { proposalId, support: "against" }),
    );
    expect(twice.errorName).toBe("GovernorAlreadyOverriddenVote");
    expect(twice.shortMessage).toBe(
      `${chain.account(SEEDED.stewardHolder).address} has already overridden its delegate's vote on this proposal.`,
    );

    const noDelegate = await catchError(
      castOverrideVote(chain.wallet(SEEDED.undelegated), { proposalId, support: "for" }),
    );
    expect(noDelegate.errorName).toBe("MandateGovernorOverrideWithoutDelegate");
    expect(noDelegate.shortMessage).toMatch(
      /had not delegated its votes at this proposal's snapshot \(.* UTC\), so there is no delegate vote to override\./,
    );

    const again = await catchError(
      castVote(chain.wallet(SEEDED.selfDelegated), { proposalId, support: "against" }),
    );
    expect(again.errorName).toBe("GovernorAlreadyCastVote");

    const defeated = await catchError(
      castVote(chain.wallet(SEEDED.selfDelegated), {
        proposalId: seeded("P2").proposalId,
        support: 1,
      }),
    );
    expect(defeated.errorName).toBe("GovernorUnexpectedProposalState");
    expect(defeated.shortMessage).toBe("Voting is not open for this proposal (it is Defeated).");

    const notOperator = await catchError(
      castDelegateVote(chain.wallet(SEEDED.stewardHolder), {
        delegateId: 2n,
        proposalId,
        support: "for",
        summary: "x",
        rationale: "x",
      }),
    );
    expect(notOperator.errorName).toBe("RegistryNotOperator");
    expect(notOperator.shortMessage).toBe(
      `${chain.account(SEEDED.stewardHolder).address} is not the operator of AI delegate #2: only its operator key can act for it.`,
    );

    const unknownVersion = await catchError(
      castDelegateVote(chain.wallet(SEEDED.builderOperator), {
        delegateId: 2n,
        proposalId,
        support: "for",
        summary: "x",
        rationale: "x",
        mandateVersion: 7n,
      }),
    );
    expect(unknownVersion.shortMessage).toBe(
      "AI delegate #2 has no mandate version 7: versions 1 to 1 exist.",
    );
  });

  it("records an AI delegate's pending decision (ask the holders)", async () => {
    await recordPendingDecision(chain.wallet(SEEDED.builderOperator), {
      delegateId: 2n,
      proposalId,
      reasonCode: "askHuman",
      summary: "Transfers 1,000 MNDT.",
      note: "My mandate leaves grants to my holders: please vote.",
    });
    const decision = await getDecision(chain.publicClient, { delegateId: 2n, proposalId });
    expect(decision.vote).toBeNull();
    expect(decision.pending).toMatchObject({
      reasonCode: 0,
      reasonName: "askHuman",
      note: "My mandate leaves grants to my holders: please vote.",
      operator: chain.account(SEEDED.builderOperator).address,
    });
  });

  it("cannot resolve its market or queue before voting ends; then queues, waits, executes", async () => {
    const notFinal = await catchError(
      resolveProposalMarket(chain.wallet(SEEDED.smallHolder), { proposalId }),
    );
    expect(notFinal.errorName).toBe("GovernorResolverNotFinal");
    expect(notFinal.shortMessage).toBe(
      "The proposal market cannot resolve yet: the proposal is still Active.",
    );
    const notYet = await catchError(queue(chain.wallet(SEEDED.smallHolder), { proposalId }));
    expect(notYet.shortMessage).toBe(
      "This proposal cannot be queued: it is Active, and only a proposal that succeeded can be queued.",
    );

    await chain.advance(3 * DAY + 1);
    expect((await getProposal(chain.publicClient, { proposalId })).stateName).toBe("Succeeded");
    const resolved = await resolveProposalMarket(chain.wallet(SEEDED.smallHolder), { proposalId });
    expect(resolved.result).toBe(1n);

    const queued = await queue(chain.wallet(SEEDED.smallHolder), { proposalId });
    expect(queued.eta).toBeGreaterThan(0n);
    const early = await catchError(execute(chain.wallet(SEEDED.smallHolder), { proposalId }));
    expect(early.errorName).toBe("TimelockUnexpectedOperationState");
    expect(early.shortMessage).toBe(
      "The timelock delay of this operation has not passed yet (or it was never queued): execute it once the delay is over.",
    );

    await chain.advance(DAY + 1);
    const recipient = chain.account(SEEDED.undelegated).address;
    const before = await getVotingPower(chain.publicClient, { account: recipient });
    await execute(chain.wallet(SEEDED.smallHolder), { actions, description });
    const after = await getVotingPower(chain.publicClient, { account: recipient });
    expect(after.balance - before.balance).toBe(MNDT(1_000));
    expect((await getProposal(chain.publicClient, { proposalId })).stateName).toBe("Executed");
  });
});

describe("reads of the seeded DAO", () => {
  it("lists proposals with their states and titles, and the delegates", async () => {
    const proposals = await listProposals(chain.publicClient);
    expect(proposals.length).toBeGreaterThanOrEqual(4);
    const byId = new Map(proposals.map((p) => [p.proposalId, p]));
    expect(byId.get(seeded("P1").proposalId)?.stateName).toBe("Executed");
    expect(byId.get(seeded("P2").proposalId)?.stateName).toBe("Defeated");
    expect(byId.get(seeded("P3").proposalId)?.title).toContain("Exponential Premium Price Oracle");

    const delegates = await listDelegates(chain.publicClient);
    expect(delegates.map((d) => d.name)).toEqual(["Treasury steward", "Builder-friendly"]);
    const byInstance = await getDelegate(chain.publicClient, {
      instance: delegates[1]?.instance ?? zeroAddress,
    });
    expect(byInstance.delegateId).toBe(2n);

    // P3: the Steward asked its holders, the Builder voted Against.
    const p3 = seeded("P3").proposalId;
    const steward = await getDecision(chain.publicClient, { delegateId: 1n, proposalId: p3 });
    expect(steward.vote).toBeNull();
    expect(steward.pending?.reasonName).toBe("askHuman");
    const builder = await getDecision(chain.publicClient, { delegateId: 2n, proposalId: p3 });
    expect(builder.vote?.supportName).toBe("Against");
    expect(builder.vote?.rationale?.length).toBeGreaterThan(0);
  });
});

describe("delegation", () => {
  it("delegates to an AI delegate, then undelegates back to the holder (self-delegation)", async () => {
    const holder = chain.account(SEEDED.smallHolder).address;
    const builder = await getDelegate(chain.publicClient, { delegateId: 2n });
    const client = createMandateClient({
      publicClient: chain.publicClient,
      walletClient: chain.wallet(SEEDED.smallHolder),
      addresses: chain.addresses,
    });
    await client.governance.delegate({ delegatee: builder.instance });
    const delegated = await getVotingPower(chain.publicClient, { account: holder });
    expect(delegated.delegate).toBe(builder.instance);
    expect(delegated.votes).toBe(0n);
    expect((await getDelegate(chain.publicClient, { delegateId: 2n })).votes).toBe(
      builder.votes + delegated.balance,
    );

    await client.governance.undelegate();
    const back = await getVotingPower(chain.publicClient, { account: holder });
    expect(back.delegate).toBe(holder);
    expect(back.votes).toBe(back.balance);

    await delegate(chain.wallet(SEEDED.smallHolder), { delegatee: zeroAddress });
    expect((await getVotingPower(chain.publicClient, { account: holder })).votes).toBe(0n);
    await undelegate(chain.wallet(SEEDED.smallHolder));
    expect((await getVotingPower(chain.publicClient, { account: holder })).votes).toBe(
      back.balance,
    );
  });
});
