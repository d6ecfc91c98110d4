/**
 * Mandate's governance: the votes token, the timelock that owns the treasury, the governor with
 * overridable delegation, and the AI delegate registry.
 *
 * Order (each step depends on the one before):
 *   1. GovernanceToken   minted to `initialRecipient` (default: the deployer, who distributes it)
 *   2. TimelockController(minDelay, proposers = [], executors = [], admin = deployer)
 *   3. MandateGovernor(token, timelock, votingDelay, votingPeriod, proposalThreshold, quorum %)
 *   4. timelock roles: PROPOSER and CANCELLER to the governor, EXECUTOR to anyone (address 0)
 *   5. the deployer renounces the timelock admin role: from here only proposals change roles
 *   6. token ownership (minting) to the timelock
 *   7. AIDelegateRegistry(governor)
 *
 * Parameters (module id "Governance"); units are the token's base units and seconds (the token's
 * clock is a timestamp, ERC-6372):
 * - `tokenName` / `tokenSymbol`  default "Mandate Governance" / "MNDT"
 * - `initialSupply`              default 10,000,000e18
 * - `initialRecipient`           default the deployer
 * - `votingDelay`                default 1 day
 * - `votingPeriod`               default 7 days
 * - `proposalThreshold`          default 1,000e18
 * - `quorumNumerator`            percent of the supply at the snapshot, default 4
 * - `timelockDelay`              default 2 days
 */
import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import { keccak256, toBytes, zeroAddress, zeroHash } from "viem";

export const TIMELOCK_ROLES = {
  DEFAULT_ADMIN_ROLE: zeroHash,
  PROPOSER_ROLE: keccak256(toBytes("PROPOSER_ROLE")),
  EXECUTOR_ROLE: keccak256(toBytes("EXECUTOR_ROLE")),
  CANCELLER_ROLE: keccak256(toBytes("CANCELLER_ROLE")),
} as const;

export default buildModule("Governance", (m) => {
  const deployer = m.getAccount(0);

  const token = m.contract("GovernanceToken", [
    m.getParameter("tokenName", "Mandate Governance"),
    m.getParameter("tokenSymbol", "MNDT"),
    deployer,
    m.getParameter("initialRecipient", deployer),
    m.getParameter("initialSupply", 10_000_000n * 10n ** 18n),
  ]);

  const timelock = m.contract("TimelockController", [
    m.getParameter("timelockDelay", 2n * 86_400n),
    [],
    [],
    deployer,
  ]);

  const governor = m.contract("MandateGovernor", [
    token,
    timelock,
    m.getParameter("votingDelay", 86_400n),
    m.getParameter("votingPeriod", 7n * 86_400n),
    m.getParameter("proposalThreshold", 1_000n * 10n ** 18n),
    m.getParameter("quorumNumerator", 4n),
  ]);

  const grantProposer = m.call(timelock, "grantRole", [TIMELOCK_ROLES.PROPOSER_ROLE, governor], {
    id: "GrantProposerToGovernor",
  });
  const grantCanceller = m.call(timelock, "grantRole", [TIMELOCK_ROLES.CANCELLER_ROLE, governor], {
    id: "GrantCancellerToGovernor",
  });
  const grantExecutor = m.call(timelock, "grantRole", [TIMELOCK_ROLES.EXECUTOR_ROLE, zeroAddress], {
    id: "GrantExecutorToAnyone",
  });
  m.call(timelock, "renounceRole", [TIMELOCK_ROLES.DEFAULT_ADMIN_ROLE, deployer], {
    id: "RenounceTimelockAdmin",
    after: [grantProposer, grantCanceller, grantExecutor],
  });
  m.call(token, "transferOwnership", [timelock], { id: "TokenOwnershipToTimelock" });

  const registry = m.contract("AIDelegateRegistry", [governor]);

  return { token, timelock, governor, registry };
});
