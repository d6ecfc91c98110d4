/**
 * The whole governance lifecycle on an in-process Hardhat network, deployed by the public
 * whole-system Ignition module (ignition/modules/Mandate.ts):
 *
 *   propose → a proposal market opens → the AI delegate votes with a recorded decision →
 *   a delegator overrides it → the vote closes → queue → execute → the market resolves from the
 *   governor's state → holders redeem.
 *
 *   npx hardhat test nodejs test/lifecycle.test.ts
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { network } from "hardhat";
import {
  encodeFunctionData,
  getAddress,
  erc20Abi,
  type Hash,
  keccak256,
  maxUint256,
  parseEventLogs,
  parseUnits,
  toBytes,
  zeroAddress,
} from "viem";
import MandateModule from "../ignition/modules/Mandate.ts";
import { TIMELOCK_ROLES } from "../ignition/modules/Governance.ts";

const MNDT = (n: string) => parseUnits(n, 18);
const USD = (n: string) => parseUnits(n, 6);
const AGAINST = 0;
const FOR = 1;
const ProposalState = { Pending: 0, Active: 1, Defeated: 3, Succeeded: 4, Queued: 5, Executed: 7 };

describe("governance lifecycle (Mandate.ts module, in-process network)", async () => {
  const { viem, ignition } = await network.create();
  const publicClient = await viem.getPublicClient();
  const testClient = await viem.getTestClient();
  const [deployer, alice, bob, carol, operator, trader, recipient] = await viem.getWalletClients();
  if (!deployer || !alice || !bob || !carol || !operator || !trader || !recipient)
    throw new Error("need seven accounts");
  const confirm = async (hash: Promise<Hash>) => {
    const receipt = await publicClient.waitForTransactionReceipt({ hash: await hash });
    assert.equal(receipt.status, "success");
    return receipt;
  };
  const now = async () => (await publicClient.getBlock()).timestamp;
  const travelTo = async (t: bigint) => {
    const current = await now();
    await testClient.setNextBlockTimestamp({ timestamp: t > current ? t : current + 1n });
    await testClient.mine({ blocks: 1 });
  };
  const sameAddress = (a: string, b: string, message?: string) =>
    assert.equal(getAddress(a), getAddress(b), message);

  const usd = await viem.deployContract("MockERC20", ["Test USD", "tUSD", 6]);
  const deployed = await ignition.deploy(MandateModule, {
    parameters: {
      Markets: { members: [deployer.account.address] },
      Governance: { votingDelay: 1n, votingPeriod: 86_400n, timelockDelay: 3_600n },
      Mandate: { collateral: usd.address },
    },
  });
  const { token, timelock, governor, registry, governorResolver, market } = deployed;

  it("wires the system: timelock roles, token ownership, resolvers and vault", async () => {
    sameAddress(await governor.read.timelock(), timelock.address);
    sameAddress(await governor.read.token(), token.address);
    sameAddress(await token.read.owner(), timelock.address);
    assert.equal(await timelock.read.hasRole([TIMELOCK_ROLES.PROPOSER_ROLE, governor.address]), true);
    assert.equal(await timelock.read.hasRole([TIMELOCK_ROLES.CANCELLER_ROLE, governor.address]), true);
    assert.equal(await timelock.read.hasRole([TIMELOCK_ROLES.EXECUTOR_ROLE, zeroAddress]), true);
    assert.equal(
      await timelock.read.hasRole([TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer.account.address]),
      false,
      "the deployer gave up the timelock admin role",
    );
    sameAddress(await registry.read.governor(), governor.address);
    sameAddress(await governorResolver.read.collateral(), usd.address);
    sameAddress(await deployed.optimisticResolver.read.settler(), timelock.address);
    sameAddress(await deployed.vault.read.market(), market.address);
  });

  it("runs propose → AI vote → override → queue → execute → resolve → redeem", async () => {
    // Holders: alice and bob delegate to the AI delegate; carol votes herself; the treasury
    // (timelock) holds tokens the proposal transfers.
    const mandateHash = keccak256(toBytes('{"schema":"mandate/v1","name":"test"}'));
    const params = {
      operator: operator.account.address,
      name: "Steward",
      metadataURI: "ipfs://delegate",
      model: "offline/textrank-1",
      mandateHash,
      mandateURI: "ipfs://mandate",
    };
    const { result } = await registry.simulate.register([params], {
      account: operator.account.address,
    });
    await confirm(registry.write.register([params], { account: operator.account }));
    const [delegateId, instance] = result;

    await confirm(token.write.transfer([timelock.address, MNDT("1000000")]));
    await confirm(token.write.transfer([alice.account.address, MNDT("600000")]));
    await confirm(token.write.transfer([bob.account.address, MNDT("500000")]));
    await confirm(token.write.transfer([carol.account.address, MNDT("300000")]));
    await confirm(token.write.delegate([deployer.account.address]));
    await confirm(token.write.delegate([instance], { account: alice.account }));
    await confirm(token.write.delegate([instance], { account: bob.account }));
    await confirm(token.write.delegate([carol.account.address], { account: carol.account }));
    await testClient.mine({ blocks: 1 });

    // Propose a treasury transfer of 250,000 MNDT.
    const calldata = encodeFunctionData({
      abi: erc20Abi,
      functionName: "transfer",
      args: [recipient.account.address, MNDT("250000")],
    });
    const description = "# Grant 250,000 MNDT to the recipient\n\nA test grant.";
    const args = [[token.address], [0n], [calldata], description] as const;
    const { result: proposalId } = await governor.simulate.propose(args, {
      account: deployer.account.address,
    });
    await confirm(governor.write.propose(args));
    assert.equal(await governor.read.state([proposalId]), ProposalState.Pending);

    // A proposal market, funded by its opener; it closes when the vote does.
    await confirm(usd.write.mint([deployer.account.address, USD("10000")]));
    await confirm(usd.write.approve([governorResolver.address, maxUint256]));
    const liquidity = USD("1000");
    const { result: marketId } = await governorResolver.simulate.createMarket(
      [proposalId, liquidity, keccak256(toBytes("meta")), "ipfs://meta"],
      { account: deployer.account.address },
    );
    await confirm(
      governorResolver.write.createMarket([
        proposalId,
        liquidity,
        keccak256(toBytes("meta")),
        "ipfs://meta",
      ]),
    );
    const info = await market.read.getMarket([marketId]);
    assert.equal(info.closeTime, await governor.read.proposalDeadline([proposalId]));

    // The trader bets Yes, carol bets No.
    await travelTo((await governor.read.proposalSnapshot([proposalId])) + 1n);
    assert.equal(await governor.read.state([proposalId]), ProposalState.Active);
    for (const w of [trader, carol]) {
      await confirm(usd.write.mint([w.account.address, USD("5000")]));
      await confirm(usd.write.approve([market.address, maxUint256], { account: w.account }));
    }
    const deadline = (await now()) + 3_600n;
    const [yesCost] = await market.read.quoteBuy([marketId, 1n, USD("400")]);
    await confirm(
      market.write.buy([marketId, 1n, USD("400"), yesCost, deadline], { account: trader.account }),
    );
    const [noCost] = await market.read.quoteBuy([marketId, 0n, USD("150")]);
    await confirm(
      market.write.buy([marketId, 0n, USD("150"), noCost, deadline], { account: carol.account }),
    );

    // The AI delegate votes Against, with its decision recorded.
    const summaryHash = keccak256(toBytes("summary: transfers 250,000 MNDT"));
    const rationale = "Rule 'no-large-treasury-outflows' fired: 250,000 MNDT > 100,000 MNDT";
    const voteReceipt = await confirm(
      registry.write.castVote([delegateId, proposalId, AGAINST, summaryHash, 1n, rationale], {
        account: operator.account,
      }),
    );
    const [recorded] = parseEventLogs({
      abi: registry.abi,
      logs: voteReceipt.logs,
      eventName: "DelegateVoteRecorded",
    });
    assert.ok(recorded);
    assert.equal(recorded.args.proposalId, proposalId);
    assert.equal(recorded.args.support, AGAINST);
    assert.equal(recorded.args.weight, MNDT("1100000"));
    const [voteCast] = parseEventLogs({
      abi: governor.abi,
      logs: voteReceipt.logs,
      eventName: "VoteCast",
    });
    assert.ok(voteCast);
    sameAddress(voteCast.args.voter, instance);
    assert.equal(
      voteCast.args.reason,
      await registry.read.formatVoteReason([rationale, summaryHash, mandateHash, 1n]),
    );
    const record = await registry.read.voteRecord([delegateId, proposalId]);
    assert.equal(record.summaryHash, summaryHash);
    assert.equal(record.mandateHash, mandateHash);
    assert.equal(record.rationaleHash, keccak256(toBytes(rationale)));
    sameAddress(record.operator, operator.account.address);

    // Carol votes For; so far Against 1.1M (AI), For 0.3M.
    await confirm(governor.write.castVote([proposalId, FOR], { account: carol.account }));
    let [against, for_] = await governor.read.proposalVotes([proposalId]);
    assert.equal(against, MNDT("1100000"));
    assert.equal(for_, MNDT("300000"));

    // Alice overrides her delegate: her 600,000 move from Against to For, counted once.
    await confirm(
      governor.write.castOverrideVote([proposalId, FOR, "I back this grant."], {
        account: alice.account,
      }),
    );
    [against, for_] = await governor.read.proposalVotes([proposalId]);
    assert.equal(against, MNDT("500000"));
    assert.equal(for_, MNDT("900000"));
    // The deployer (8.6M, self-delegated) votes For, and the vote closes.
    await confirm(governor.write.castVote([proposalId, FOR]));
    await travelTo((await governor.read.proposalDeadline([proposalId])) + 1n);
    assert.equal(await governor.read.state([proposalId]), ProposalState.Succeeded);

    // Queue and execute through the timelock.
    const descriptionHash = keccak256(toBytes(description));
    const batch = [[token.address], [0n], [calldata], descriptionHash] as const;
    await confirm(governor.write.queue(batch));
    assert.equal(await governor.read.state([proposalId]), ProposalState.Queued);
    await travelTo((await governor.read.proposalEta([proposalId])) + 1n);
    await confirm(governor.write.execute(batch, { account: carol.account }));
    assert.equal(await governor.read.state([proposalId]), ProposalState.Executed);
    assert.equal(await token.read.balanceOf([recipient.account.address]), MNDT("250000"));
    assert.equal(await token.read.balanceOf([timelock.address]), MNDT("750000"));

    // Anyone resolves the market from the governor's state: Yes.
    await confirm(governorResolver.write.resolve([proposalId], { account: carol.account }));
    const resolved = await market.read.getMarket([marketId]);
    assert.equal(resolved.state, 3);
    assert.equal(resolved.resolvedOutcome, 1n);

    // The Yes holder redeems one collateral unit per share; the No holder gets nothing.
    const yesId = await market.read.tokenId([marketId, 1n]);
    const shares = await market.read.balanceOf([trader.account.address, yesId]);
    assert.equal(shares, USD("400"));
    const before = await usd.read.balanceOf([trader.account.address]);
    await confirm(market.write.redeem([marketId, 1n, shares], { account: trader.account }));
    assert.equal(await usd.read.balanceOf([trader.account.address]), before + shares);
    assert.equal(await market.read.balanceOf([trader.account.address, yesId]), 0n);
    await assert.rejects(
      market.simulate.redeem([marketId, 0n, USD("150")], { account: carol.account.address }),
      /NoPayout/,
    );
  });
});
