/**
 * Gas of governance and vault actions, for the benchmark (scripts/bench-gas.ts): receipt gasUsed on
 * an in-process Hardhat network, every measured call its own transaction.
 */
import type { HardhatViemHelpers } from "@nomicfoundation/hardhat-viem/types";
import {
  encodeFunctionData,
  erc20Abi,
  type Hash,
  keccak256,
  maxUint256,
  parseUnits,
  toBytes,
} from "viem";

const MNDT = (n: string) => parseUnits(n, 18);

/**
 * - propose: a one-action proposal (an ERC-20 transfer from the treasury).
 * - castVote: a self-delegated holder votes without a reason; the first vote on the proposal, so it
 *   also initialises the tally (later votes cost less: compare castVoteWithReason).
 * - castVoteWithReason: the same with a one-sentence reason.
 * - aiVoteWithRecord: an AI delegate votes through the registry, which records the summary hash,
 *   the mandate version and hash, and the rationale hash, and passes the formatted reason.
 * - recordPendingDecision: an AI delegate records that it asks its holders instead of voting.
 * - overrideAfterDelegate: a delegator overrides after its delegate (the AI) voted.
 * - overrideBeforeDelegate: a delegator overrides before its delegate voted.
 * - queue / execute: the proposal through the timelock.
 */
export interface GovernanceGas {
  propose: bigint;
  castVote: bigint;
  castVoteWithReason: bigint;
  aiVoteWithRecord: bigint;
  recordPendingDecision: bigint;
  overrideAfterDelegate: bigint;
  overrideBeforeDelegate: bigint;
  queue: bigint;
  execute: bigint;
}

export async function measureGovernanceGas(viem: HardhatViemHelpers): Promise<GovernanceGas> {
  const publicClient = await viem.getPublicClient();
  const testClient = await viem.getTestClient();
  const [deployer, voter1, voter2, alice, bob, operator, operator2, carol] =
    await viem.getWalletClients();
  if (!deployer || !voter1 || !voter2 || !alice || !bob || !operator || !operator2 || !carol)
    throw new Error("the benchmark needs eight accounts");
  const used = async (hash: Promise<Hash>) => {
    const r = await publicClient.waitForTransactionReceipt({ hash: await hash });
    if (r.status !== "success")
      throw new Error(`benchmark transaction ${r.transactionHash} reverted`);
    return r.gasUsed;
  };
  const now = async () => (await publicClient.getBlock()).timestamp;
  const travelTo = async (t: bigint) => {
    const current = await now();
    await testClient.setNextBlockTimestamp({ timestamp: t > current ? t : current + 1n });
    await testClient.mine({ blocks: 1 });
  };

  const token = await viem.deployContract("GovernanceToken", [
    "Mandate",
    "MNDT",
    deployer.account.address,
    deployer.account.address,
    MNDT("10000000"),
  ]);
  const timelock = await viem.deployContract("TimelockController", [
    3_600n,
    [],
    [],
    deployer.account.address,
  ]);
  const governor = await viem.deployContract("MandateGovernor", [
    token.address,
    timelock.address,
    1,
    86_400,
    MNDT("1000"),
    4n,
  ]);
  const role = (name: string) => keccak256(toBytes(name));
  await used(timelock.write.grantRole([role("PROPOSER_ROLE"), governor.address]));
  await used(timelock.write.grantRole([role("EXECUTOR_ROLE"), governor.address]));
  const registry = await viem.deployContract("AIDelegateRegistry", [governor.address]);

  const instances: `0x${string}`[] = [];
  for (const op of [operator, operator2]) {
    const params = {
      operator: op.account.address,
      name: "Delegate",
      metadataURI: "ipfs://delegate",
      model: "offline/textrank-1",
      mandateHash: keccak256(toBytes("mandate")),
      mandateURI: "ipfs://mandate",
    };
    const { result } = await registry.simulate.register([params], { account: op.account.address });
    await used(registry.write.register([params], { account: op.account }));
    instances.push(result[1]);
  }
  const [ai1, ai2] = instances as [`0x${string}`, `0x${string}`];
  await used(token.write.transfer([timelock.address, MNDT("1000000")]));
  for (const [w, to] of [
    [voter1, voter1.account.address],
    [voter2, voter2.account.address],
    [alice, ai1],
    [bob, ai2],
    [carol, ai1],
  ] as const) {
    await used(token.write.transfer([w.account.address, MNDT("500000")]));
    await used(token.write.delegate([to], { account: w.account }));
  }
  await used(token.write.delegate([deployer.account.address]));
  await testClient.mine({ blocks: 1 });

  const calldata = encodeFunctionData({
    abi: erc20Abi,
    functionName: "transfer",
    args: [carol.account.address, MNDT("1000")],
  });
  const description = "# Benchmark grant\n\nTransfer 1,000 MNDT to carol.";
  const args = [[token.address], [0n], [calldata], description] as const;
  const { result: proposalId } = await governor.simulate.propose(args, {
    account: deployer.account.address,
  });
  const propose = await used(governor.write.propose(args));
  await travelTo((await governor.read.proposalSnapshot([proposalId])) + 1n);

  const castVote = await used(
    governor.write.castVote([proposalId, 1], { account: voter1.account }),
  );
  const castVoteWithReason = await used(
    governor.write.castVoteWithReason(
      [proposalId, 1, "Funds a team that delivered on its last grant."],
      {
        account: voter2.account,
      },
    ),
  );
  const summaryHash = keccak256(toBytes("summary"));
  const aiVoteWithRecord = await used(
    registry.write.castVote(
      [
        1n,
        proposalId,
        0,
        summaryHash,
        1n,
        "Rule 'no-large-treasury-outflows' fired: $1.2M > $250k.",
      ],
      { account: operator.account },
    ),
  );
  const recordPendingDecision = await used(
    registry.write.recordPendingDecision(
      [2n, proposalId, 0, summaryHash, 1n, "Rule 'ask-on-upgrades' fired: asking the holders."],
      { account: operator2.account },
    ),
  );
  const overrideAfterDelegate = await used(
    governor.write.castOverrideVote([proposalId, 1, ""], { account: alice.account }),
  );
  const overrideBeforeDelegate = await used(
    governor.write.castOverrideVote([proposalId, 1, ""], { account: bob.account }),
  );
  await used(governor.write.castVote([proposalId, 1]));
  await travelTo((await governor.read.proposalDeadline([proposalId])) + 1n);
  const batch = [[token.address], [0n], [calldata], keccak256(toBytes(description))] as const;
  const queue = await used(governor.write.queue(batch));
  await travelTo((await governor.read.proposalEta([proposalId])) + 1n);
  const execute = await used(governor.write.execute(batch));
  return {
    propose,
    castVote,
    castVoteWithReason,
    aiVoteWithRecord,
    recordPendingDecision,
    overrideAfterDelegate,
    overrideBeforeDelegate,
    queue,
    execute,
  };
}

/** A vault-mediated trade against the same direct trade: gas of each and the difference. */
export interface VaultGasRow {
  direct: bigint;
  vault: bigint;
  overhead: bigint;
}

/**
 * Same market, outcome and size; the direct trader and the vault user are in the same position
 * before each pair of measurements.
 * - firstBuy (agent): the trader holds none of the outcome (its supply is already non-zero; the
 *   vault already holds it for another user).
 * - repeatBuy (agent): both already hold shares of the outcome and buy again — the steady state
 *   of an agent trading. Target: overhead ≤ 30,000 gas.
 * - repeatBuy (user): the vault's owner trades herself.
 * - buyWithCollateral (agent), sell (agent): repeat positions.
 */
export async function measureVaultGas(
  viem: HardhatViemHelpers,
): Promise<Record<string, VaultGasRow>> {
  const publicClient = await viem.getPublicClient();
  const [deployer, direct, user, agent, direct2, user2] = await viem.getWalletClients();
  if (!deployer || !direct || !user || !agent || !direct2 || !user2)
    throw new Error("need six accounts");
  const used = async (hash: Promise<Hash>) =>
    (await publicClient.waitForTransactionReceipt({ hash: await hash })).gasUsed;

  const market = await viem.deployContract("LMSRMarket");
  const vault = await viem.deployContract("TradingVault", [market.address]);
  const usd = await viem.deployContract("MockERC20", ["Test USD", "USD", 6]);
  for (const w of [deployer, direct, direct2]) {
    await usd.write.mint([w.account.address, parseUnits("1000000", 6)]);
    await usd.write.approve([market.address, maxUint256], { account: w.account });
  }
  for (const w of [user, user2]) {
    await usd.write.mint([w.account.address, parseUnits("1000000", 6)]);
    await usd.write.approve([vault.address, maxUint256], { account: w.account });
    await vault.write.deposit([usd.address, parseUnits("100000", 6)], { account: w.account });
  }
  const now = (await publicClient.getBlock()).timestamp;
  const marketId = (await market.read.marketCount()) + 1n;
  await market.write.createMarket([
    {
      collateral: usd.address,
      liquidity: parseUnits("1000", 6),
      outcomeCount: 2n,
      resolver: deployer.account.address,
      closeTime: now + 30n * 86_400n,
      feeBps: 100n,
      metadataHash: `0x${"11".repeat(32)}`,
      metadataURI: "ipfs://bafy-gas-market",
    },
  ]);
  const policy = {
    agent: agent.account.address,
    collateral: usd.address,
    expiry: now + 365n * 86_400n,
    maxPerTrade: parseUnits("10000", 6),
    maxPerDay: parseUnits("50000", 6),
    maxExposurePerMarket: parseUnits("50000", 6),
    allMarkets: false,
  };
  await vault.write.setPolicy([policy, [marketId]], { account: user.account });
  await vault.write.setPolicy([policy, [marketId]], { account: user2.account });

  const outcome = 1n;
  const shares = parseUnits("10", 6);
  const deadline = maxUint256;
  const d = { account: direct.account };
  const a = { account: agent.account };
  const rows: Record<string, VaultGasRow> = {};
  const record = (name: string, directGas: bigint, vaultGas: bigint) => {
    rows[name] = { direct: directGas, vault: vaultGas, overhead: vaultGas - directGas };
  };
  const vaultBuy = (account: typeof a) =>
    vault.write.buy(
      [user.account.address, marketId, outcome, shares, maxUint256, deadline],
      account,
    );
  const directBuy = () => market.write.buy([marketId, outcome, shares, maxUint256, deadline], d);

  await market.write.buy([marketId, outcome, shares, maxUint256, deadline], {
    account: direct2.account,
  });
  await vault.write.buy(
    [user2.account.address, marketId, outcome, shares, maxUint256, deadline],
    a,
  );
  record("firstBuy (agent)", await used(directBuy()), await used(vaultBuy(a)));
  record("repeatBuy (agent)", await used(directBuy()), await used(vaultBuy(a)));
  record(
    "repeatBuy (user)",
    await used(directBuy()),
    await used(vaultBuy({ account: user.account })),
  );
  const collateralIn = parseUnits("5", 6);
  record(
    "buyWithCollateral (agent)",
    await used(market.write.buyWithCollateral([marketId, outcome, collateralIn, 0n, deadline], d)),
    await used(
      vault.write.buyWithCollateral(
        [user.account.address, marketId, outcome, collateralIn, 0n, deadline],
        a,
      ),
    ),
  );
  record(
    "sell (agent)",
    await used(market.write.sell([marketId, outcome, shares / 2n, 0n, deadline], d)),
    await used(
      vault.write.sell([user.account.address, marketId, outcome, shares / 2n, 0n, deadline], a),
    ),
  );
  return rows;
}
