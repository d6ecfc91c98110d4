/**
 * ABIs of the contract families a DAO proposal commonly calls, as human-readable fragments with
 * parameter names (so decoded arguments read well). Each family is decoded by selector, whatever
 * the target; the describers in ./describe.ts give the common ones plain-language wording.
 */
import { type AbiFunction, parseAbi } from "viem";

export const erc20Abi = parseAbi([
  "function transfer(address to, uint256 amount)",
  "function approve(address spender, uint256 amount)",
  "function transferFrom(address from, address to, uint256 amount)",
  "function increaseAllowance(address spender, uint256 addedValue)",
  "function decreaseAllowance(address spender, uint256 subtractedValue)",
  "function mint(address to, uint256 amount)",
  "function burn(uint256 amount)",
  "function delegate(address delegatee)",
]);

export const erc721Abi = parseAbi([
  "function safeTransferFrom(address from, address to, uint256 tokenId)",
  "function safeTransferFrom(address from, address to, uint256 tokenId, bytes data)",
  "function setApprovalForAll(address operator, bool approved)",
]);

export const erc1155Abi = parseAbi([
  "function safeTransferFrom(address from, address to, uint256 id, uint256 amount, bytes data)",
]);

export const wethAbi = parseAbi(["function deposit()", "function withdraw(uint256 wad)"]);

/** ENS token extras: `sweep` sends the token contract's own balance after the airdrop ended. */
export const ensTokenAbi = parseAbi(["function sweep(address dest)"]);

export const ownableAbi = parseAbi([
  "function transferOwnership(address newOwner)",
  "function renounceOwnership()",
  "function acceptOwnership()",
]);

export const accessControlAbi = parseAbi([
  "function grantRole(bytes32 role, address account)",
  "function revokeRole(bytes32 role, address account)",
  "function renounceRole(bytes32 role, address account)",
]);

/** ERC-1967 / UUPS / beacon proxies and OpenZeppelin's ProxyAdmin. */
export const proxyAbi = parseAbi([
  "function upgradeTo(address newImplementation)",
  "function upgradeToAndCall(address newImplementation, bytes data)",
  "function upgrade(address proxy, address implementation)",
  "function upgradeAndCall(address proxy, address implementation, bytes data)",
  "function changeAdmin(address newAdmin)",
  "function changeProxyAdmin(address proxy, address newAdmin)",
]);

/** OpenZeppelin TimelockController. */
export const timelockAbi = parseAbi([
  "function schedule(address target, uint256 value, bytes data, bytes32 predecessor, bytes32 salt, uint256 delay)",
  "function scheduleBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt, uint256 delay)",
  "function execute(address target, uint256 value, bytes payload, bytes32 predecessor, bytes32 salt)",
  "function executeBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt)",
  "function cancel(bytes32 id)",
  "function updateDelay(uint256 newDelay)",
]);

/** OpenZeppelin Governor (v4 and v5 setter widths) and its extensions. */
export const governorAbi = parseAbi([
  "function setVotingDelay(uint48 newVotingDelay)",
  "function setVotingDelay(uint256 newVotingDelay)",
  "function setVotingPeriod(uint32 newVotingPeriod)",
  "function setVotingPeriod(uint256 newVotingPeriod)",
  "function setProposalThreshold(uint256 newProposalThreshold)",
  "function updateQuorumNumerator(uint256 newQuorumNumerator)",
  "function setLateQuorumVoteExtension(uint48 newVoteExtension)",
  "function setLateQuorumVoteExtension(uint64 newVoteExtension)",
  "function relay(address target, uint256 value, bytes data)",
  "function updateTimelock(address newTimelock)",
  "function propose(address[] targets, uint256[] values, bytes[] calldatas, string description)",
  "function queue(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash)",
  "function execute(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash)",
  "function cancel(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash)",
]);

/** Safe (Gnosis Safe) wallet: a proposal can make the DAO sign as an owner of a Safe. */
export const safeAbi = parseAbi([
  "function execTransaction(address to, uint256 value, bytes data, uint8 operation, uint256 safeTxGas, uint256 baseGas, uint256 gasPrice, address gasToken, address refundReceiver, bytes signatures)",
  "function addOwnerWithThreshold(address owner, uint256 threshold)",
  "function removeOwner(address prevOwner, address owner, uint256 threshold)",
  "function swapOwner(address prevOwner, address oldOwner, address newOwner)",
  "function changeThreshold(uint256 threshold)",
  "function enableModule(address module)",
  "function disableModule(address prevModule, address module)",
  "function setGuard(address guard)",
]);

/** ENS registry, root, .eth registrar, controllers, reverse registrar, resolvers, NameWrapper, DNSSEC. */
export const ensAbi = parseAbi([
  // ENSRegistry
  "function setOwner(bytes32 node, address owner)",
  "function setResolver(bytes32 node, address resolver)",
  "function setSubnodeOwner(bytes32 node, bytes32 label, address owner)",
  "function setSubnodeRecord(bytes32 node, bytes32 label, address owner, address resolver, uint64 ttl)",
  "function setRecord(bytes32 node, address owner, address resolver, uint64 ttl)",
  "function setTTL(bytes32 node, uint64 ttl)",
  // Root
  "function setSubnodeOwner(bytes32 label, address owner)",
  "function setController(address controller, bool enabled)",
  "function lock(bytes32 label)",
  // BaseRegistrarImplementation (registrar.ens.eth)
  "function addController(address controller)",
  "function removeController(address controller)",
  "function register(uint256 id, address owner, uint256 duration)",
  "function setResolver(address resolver)",
  "function reclaim(uint256 id, address owner)",
  // ETHRegistrarController
  "function setPriceOracle(address prices)",
  "function setCommitmentAges(uint256 minCommitmentAge, uint256 maxCommitmentAge)",
  "function withdraw()",
  // ReverseRegistrar
  "function setName(string name)",
  "function setNameForAddr(address addr, address owner, address resolver, string name)",
  "function setDefaultResolver(address resolver)",
  // Resolvers
  "function setInterface(bytes32 node, bytes4 interfaceID, address implementer)",
  "function setAddr(bytes32 node, address a)",
  "function setText(bytes32 node, string key, string value)",
  "function setContenthash(bytes32 node, bytes hash)",
  // NameWrapper
  "function setMetadataService(address metadataService)",
  "function setUpgradeContract(address upgradeAddress)",
  // DNSSEC oracle
  "function setAlgorithm(uint8 id, address algo)",
  "function setDigest(uint8 id, address digest)",
]);

/** Superfluid streaming: SuperToken wrapping, the CFAv1 forwarder, and the auto-wrap manager. */
export const superfluidAbi = parseAbi([
  "function upgrade(uint256 amount)",
  "function downgrade(uint256 amount)",
  "function setFlowrate(address token, address receiver, int96 flowrate)",
  "function createFlow(address token, address sender, address receiver, int96 flowrate, bytes userData)",
  "function updateFlow(address token, address sender, address receiver, int96 flowrate, bytes userData)",
  "function deleteFlow(address token, address sender, address receiver, bytes userData)",
  "function createWrapSchedule(address superToken, address strategy, address liquidityToken, uint64 expiry, uint64 lowerLimit, uint64 upperLimit)",
]);

/** Milkman (CoW Protocol) swap requests, as used by ENS EP3.3. */
export const milkmanAbi = parseAbi([
  "function requestSwapExactTokensForTokens(uint256 amountIn, address fromToken, address toToken, address to, address priceChecker, bytes priceCheckerData)",
]);

/** Every known family, in lookup order. */
export const KNOWN_ABIS: readonly (readonly AbiFunction[])[] = [
  erc20Abi,
  erc721Abi,
  erc1155Abi,
  wethAbi,
  ensTokenAbi,
  ownableAbi,
  accessControlAbi,
  proxyAbi,
  timelockAbi,
  governorAbi,
  safeAbi,
  ensAbi,
  superfluidAbi,
  milkmanAbi,
];
