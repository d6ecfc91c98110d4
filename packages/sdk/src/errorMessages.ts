/**
 * A sentence a person understands for every custom error of every Mandate contract ABI
 * (`@mandate/abis`), filled in with the error's arguments. The table is typed against the ABIs:
 * adding an error to a contract without a message here fails to compile, and
 * `test/errors.test.ts` checks the same at run time.
 */

import {
  aiDelegateAbi,
  aiDelegateRegistryAbi,
  committeeResolverAbi,
  demoCollateralAbi,
  governanceTokenAbi,
  governorResolverAbi,
  lmsrMarketAbi,
  mandateGovernorAbi,
  marketResolverAbi,
  optimisticResolverAbi,
  premiumPriceOracleAbi,
  proxyAdminAbi,
  timelockControllerAbi,
  tradingVaultAbi,
} from "@mandate/abis";
import {
  type Abi,
  type AbiParameter,
  type AbiParameterToPrimitiveType,
  keccak256,
  toBytes,
  zeroAddress,
} from "viem";
import {
  formatAmount,
  formatDuration,
  formatTimestamp,
  type ProposalStateName,
  proposalStateName,
  proposalStatesFromBitmap,
  TIMELOCK_OPERATION_STATES,
  type TokenUnits,
} from "./format.js";

/** Every ABI `@mandate/abis` exports, by name. */
export const mandateAbis = {
  lmsrMarketAbi,
  marketResolverAbi,
  committeeResolverAbi,
  governorResolverAbi,
  optimisticResolverAbi,
  tradingVaultAbi,
  governanceTokenAbi,
  mandateGovernorAbi,
  aiDelegateRegistryAbi,
  aiDelegateAbi,
  demoCollateralAbi,
  timelockControllerAbi,
  proxyAdminAbi,
  premiumPriceOracleAbi,
} as const;

/** A custom error item of an ABI. */
export type AbiError = Extract<Abi[number], { type: "error" }>;

type AnyMandateAbi = (typeof mandateAbis)[keyof typeof mandateAbis];
type MandateAbiError = Extract<AnyMandateAbi[number], { type: "error" }>;

/** The name of a custom error of some Mandate contract, e.g. "CostAboveMax". */
export type MandateContractErrorName = MandateAbiError["name"];

/** The arguments of the custom error `name`, by parameter name. */
export type MandateContractErrorArgs<name extends MandateContractErrorName> =
  Extract<MandateAbiError, { name: name }> extends infer item
    ? item extends { inputs: readonly AbiParameter[] }
      ? { [p in item["inputs"][number] as p["name"] & string]: AbiParameterToPrimitiveType<p> }
      : never
    : never;

/**
 * Every custom error of every Mandate ABI once (errors several contracts share, such as
 * OpenZeppelin's, appear once). Decoding revert data with it names an error even when it bubbled
 * up from another contract than the one called (a market error inside a vault call).
 */
export const mandateErrorsAbi: readonly AbiError[] = (() => {
  const seen = new Map<string, AbiError>();
  for (const abi of Object.values(mandateAbis) as readonly Abi[]) {
    for (const item of abi)
      if (item.type === "error" && !seen.has(item.name)) seen.set(item.name, item);
  }
  return [...seen.values()];
})();

/** Units and wording the messages use; every field is optional. */
export type ErrorContext = {
  /** The collateral of the market (or vault balance) involved: amounts and shares use its units. */
  collateral?: TokenUnits | undefined;
  /** The governance token: votes and thresholds use its units (default: 18 decimals, "votes"). */
  governanceToken?: TokenUnits | undefined;
  /** The ERC-20 an `ERC20…` error comes from, when known. */
  token?: TokenUnits | undefined;
  /** The optimistic resolver's bond token (default: the collateral's units). */
  bondToken?: TokenUnits | undefined;
  /** The contract function that was called, e.g. "queue" (refines some messages). */
  functionName?: string | undefined;
};

/** Helpers handed to every message: amounts with their units, times, names. */
export type MessageFormatter = {
  context: ErrorContext;
  /** Collateral amount: "12.34 mUSD". */
  collateral(value: bigint): string;
  /** Outcome shares, in the collateral's units: "12.34 shares". */
  shares(value: bigint): string;
  /** Votes: "100,000.00 MNDT" (or "100,000.00 votes"). */
  votes(value: bigint): string;
  /** An amount of the ERC-20 of an `ERC20…` error. */
  token(value: bigint): string;
  /** A bond amount. */
  bond(value: bigint): string;
  time(seconds: bigint | number): string;
  duration(seconds: bigint | number): string;
  /** A proposal state's name, e.g. "Defeated". */
  state(state: number | bigint): string;
  /** A proposal id, shortened for reading: "8979386803…7064". */
  proposal(id: bigint): string;
  /** `(marketId, outcome)` of an ERC-6909 share id. */
  tokenId(id: bigint): { marketId: bigint; outcome: bigint };
};

/** The 18-decimal default of governance amounts when the token's symbol is unknown. */
const DEFAULT_VOTES: TokenUnits = { symbol: "votes", decimals: 18 };

/** Builds the helpers for a context. */
export function messageFormatter(context: ErrorContext = {}): MessageFormatter {
  const shareUnits =
    context.collateral === undefined
      ? undefined
      : { symbol: "", decimals: context.collateral.decimals };
  return {
    context,
    collateral: (v) => formatAmount(v, context.collateral),
    shares: (v) =>
      shareUnits === undefined
        ? `${formatAmount(v)} of shares`
        : `${formatAmount(v, shareUnits)} shares`,
    votes: (v) => formatAmount(v, context.governanceToken ?? DEFAULT_VOTES),
    token: (v) => formatAmount(v, context.token),
    bond: (v) => formatAmount(v, context.bondToken ?? context.collateral),
    time: formatTimestamp,
    duration: formatDuration,
    state: (s) => proposalStateName(s),
    proposal: shortProposalId,
    tokenId: (id) => ({ marketId: id >> 8n, outcome: id & 0xffn }),
  };
}

/** A proposal id for reading: ids are 256-bit hashes, so keep the first ten and last four digits. */
export function shortProposalId(id: bigint): string {
  const s = id.toString();
  return s.length > 16 ? `${s.slice(0, 10)}…${s.slice(-4)}` : s;
}

const percent = (bps: bigint) => `${(Number(bps) / 100).toString()}%`;
const isZero = (a: string) => a.toLowerCase() === zeroAddress;
const listStates = (states: readonly string[]) =>
  states.length === 0
    ? "no state"
    : states.length === 1
      ? (states[0] ?? "")
      : `${states.slice(0, -1).join(", ")} or ${states[states.length - 1] ?? ""}`;

/** OpenZeppelin role ids of the timelock, by name. */
const ROLE_NAMES = new Map<string, string>(
  ["PROPOSER_ROLE", "EXECUTOR_ROLE", "CANCELLER_ROLE"].map((r) => [keccak256(toBytes(r)), r]),
);
ROLE_NAMES.set(`0x${"00".repeat(32)}`, "DEFAULT_ADMIN_ROLE");

function unexpectedProposalState(
  a: MandateContractErrorArgs<"GovernorUnexpectedProposalState">,
  f: MessageFormatter,
): string {
  const current = f.state(a.current);
  const expected = proposalStatesFromBitmap(a.expectedStates);
  const is = (...states: ProposalStateName[]) =>
    expected.length === states.length && states.every((s) => expected.includes(s));
  if (is("Active")) {
    const hint =
      current === "Pending"
        ? " Voting opens at the proposal's snapshot; try again in a moment."
        : "";
    return `Voting is not open for this proposal (it is ${current}).${hint}`;
  }
  if (is("Succeeded")) {
    return `This proposal cannot be queued: it is ${current}, and only a proposal that succeeded can be queued.`;
  }
  if (is("Succeeded", "Queued")) {
    return `This proposal cannot be executed: it is ${current}. It must have succeeded (and, with a timelock, been queued and waited out the delay).`;
  }
  if (is("Pending")) {
    return `This proposal can only be canceled while it is pending; it is ${current}.`;
  }
  return `This proposal is ${current}; this action needs it to be ${listStates(expected)}.`;
}

function timelockState(a: MandateContractErrorArgs<"TimelockUnexpectedOperationState">): string {
  const bits = BigInt(a.expectedStates);
  const expected = TIMELOCK_OPERATION_STATES.filter((_, i) => (bits >> BigInt(i)) & 1n);
  if (expected.length === 1 && expected[0] === "Ready") {
    return "The timelock delay of this operation has not passed yet (or it was never queued): execute it once the delay is over.";
  }
  if (expected.length === 1 && expected[0] === "Unset") {
    return "This operation is already scheduled in the timelock.";
  }
  return `The timelock operation is not in the state this needs (${listStates(expected)}).`;
}

type Messages = {
  [name in MandateContractErrorName]: (
    args: MandateContractErrorArgs<name>,
    f: MessageFormatter,
  ) => string;
};

/** The message of every custom error, by name. */
export const errorMessages: Messages = {
  // ── LMSRMarket ────────────────────────────────────────────────────────────────────────────
  InvalidOutcomeCount: (a) =>
    `A market needs between 2 and 256 outcomes; ${a.outcomeCount.toString()} were given.`,
  InvalidLiquidity: (a, f) =>
    `The liquidity must be at least one base unit and below 2^96; ${f.collateral(a.liquidity)} is not.`,
  InvalidCloseTime: (a, f) =>
    `The close time ${f.time(a.closeTime)} is not in the future (the chain's time is ${f.time(a.nowTimestamp)}).`,
  FeeTooHigh: (a) =>
    `The trading fee of ${percent(a.feeBps)} is above the maximum of ${percent(a.maxFeeBps)}.`,
  InvalidResolver: () => "A market needs a resolver: the zero address was given.",
  InvalidCollateral: (a) =>
    `The collateral ${a.collateral} is not a token contract (it has no code on this chain).`,
  MarketNotFound: (a) => `There is no market #${a.marketId.toString()}.`,
  MarketClosed: (a, f) =>
    `Market #${a.marketId.toString()} closed for trading at ${f.time(a.closeTime)}.`,
  MarketAlreadyResolved: (a) => `Market #${a.marketId.toString()} is already resolved.`,
  MarketNotResolved: (a) =>
    `Market #${a.marketId.toString()} is not resolved yet: its shares can be redeemed once it is.`,
  OutcomeOutOfRange: (a) =>
    `Market #${a.marketId.toString()} has ${a.outcomeCount.toString()} outcomes (0 to ${(a.outcomeCount - 1n).toString()}); outcome ${a.outcome.toString()} does not exist.`,
  ZeroAmount: () => "The amount must be greater than zero.",
  DeadlinePassed: (a, f) =>
    `The transaction's deadline (${f.time(a.deadline)}) passed before it was mined (the chain's time is ${f.time(a.nowTimestamp)}). Try again.`,
  CostAboveMax: (a, f) =>
    `The price moved: this buy now costs ${f.collateral(a.cost)}, above your limit of ${f.collateral(a.maxCost)}.`,
  ProceedsBelowMin: (a, f) =>
    `The price moved: this sale now pays ${f.collateral(a.proceeds)}, below your minimum of ${f.collateral(a.minProceeds)}.`,
  SharesBelowMin: (a, f) =>
    a.shares === 0n
      ? "This amount is too small to buy a single share."
      : `The price moved: this amount now buys ${f.shares(a.shares)}, fewer than your minimum of ${f.shares(a.minShares)}.`,
  LogSumOutOfRange: () =>
    "This trade is too large for the market: it would push one outcome's price beyond what the market supports. Trade a smaller amount.",
  SharesOutOfRange: (a, f) =>
    `The amount is too large for the market to hold (${f.shares(a.shares)}).`,
  NotResolver: (a) =>
    `Only the resolver of market #${a.marketId.toString()} can resolve it; ${a.caller} is not its resolver.`,
  NotCreator: (a) =>
    `Only the creator of market #${a.marketId.toString()} can withdraw its surplus; ${a.caller} is not its creator.`,
  NoPayout: (a) =>
    `Outcome ${a.outcome.toString()} of market #${a.marketId.toString()} lost: its shares pay nothing.`,
  NothingToWithdraw: (a) =>
    `Market #${a.marketId.toString()} has no surplus to withdraw: what it holds is owed to share holders, or was already withdrawn.`,
  CollateralTransferFailed: (a) =>
    `The collateral token ${a.collateral} refused the transfer. Check the balance, and that the market is approved to spend it.`,
  CollateralFeeOnTransfer: (a, f) =>
    `The collateral token ${a.collateral} delivered ${f.collateral(a.received)} instead of ${f.collateral(a.expected)}: tokens that take a fee on transfer cannot be used as collateral.`,
  InsufficientCredit: (a, f) => {
    const has = `${a.account} has ${f.collateral(a.available)} of credit in the market (collateral ${a.collateral})`;
    if (f.context.functionName === "withdraw")
      return `${has}: it cannot withdraw ${f.collateral(a.needed)}.`;
    if (f.context.functionName === "buyFromCredit")
      return `${has}, but this buy costs ${f.collateral(a.needed)}: deposit more first (deposit), or pay by transfer (buy).`;
    return `${has}, but this needs ${f.collateral(a.needed)}.`;
  },
  InvalidCreditAccount: () =>
    "Credit cannot be deposited for, or withdrawn to, the zero address: give a recipient (`to`).",
  ERC6909InsufficientBalance: (a, f) => {
    const { marketId, outcome } = f.tokenId(a.id);
    const what = `outcome ${outcome.toString()} of market #${marketId.toString()}`;
    return isZero(a.sender)
      ? `Only ${f.shares(a.balance)} of ${what} exist; this needs ${f.shares(a.needed)}.`
      : `${a.sender} holds ${f.shares(a.balance)} of ${what}, but this needs ${f.shares(a.needed)}.`;
  },
  ERC6909InsufficientAllowance: (a, f) => {
    const { marketId, outcome } = f.tokenId(a.id);
    return `${a.spender} may move ${f.shares(a.allowance)} of outcome ${outcome.toString()} of market #${marketId.toString()}, but this needs ${f.shares(a.needed)}.`;
  },
  ERC6909InvalidApprover: (a) => `${a.approver} cannot approve share transfers.`,
  ERC6909InvalidReceiver: (a) => `Outcome shares cannot be sent to ${a.receiver}.`,
  ERC6909InvalidSender: (a) => `Outcome shares cannot be sent from ${a.sender}.`,
  ERC6909InvalidSpender: (a) => `${a.spender} cannot be approved to move outcome shares.`,
  ReentrancyGuardReentrantCall: () =>
    "The contract refused a re-entrant call (a call back into it while it was busy).",

  // ── CommitteeResolver ─────────────────────────────────────────────────────────────────────
  NotMember: (a) => `${a.account} is not a member of the resolution committee.`,
  AlreadyMember: (a) => `${a.account} is already a member of the committee.`,
  InvalidMember: (a) => `${a.account} cannot be a committee member.`,
  TooManyMembers: (a) =>
    `The committee would have ${a.members.toString()} members; it can have at most ${a.maxMembers.toString()}.`,
  InvalidThreshold: (a) =>
    `A threshold of ${a.threshold.toString()} is not possible for a committee of ${a.members.toString()}: it must be between 1 and the number of members.`,
  AlreadyVoted: (a) =>
    `${a.member} already voted for this outcome of market #${a.marketId.toString()}.`,
  InvalidMarket: (a) => `The market contract ${a.market} has no code on this chain.`,
  NotMarketResolver: (a) =>
    `Market #${a.marketId.toString()} is resolved by ${a.resolver}, not by this committee.`,
  MarketAlreadySettled: (a) =>
    `Market #${a.marketId.toString()} is already settled: there is nothing left to vote on.`,
  InvalidOutcome: (a) =>
    `Outcome ${a.outcome.toString()} does not exist in market #${a.marketId.toString()}, which has ${a.outcomeCount.toString()} outcomes (vote the invalid outcome to settle it invalid).`,
  ThresholdNotReached: (a) =>
    `Outcome ${a.outcome.toString()} of market #${a.marketId.toString()} has ${a.votes.toString()} committee vote(s); ${a.threshold.toString()} are needed.`,
  OwnableUnauthorizedAccount: (a) => `${a.account} is not the owner of this contract.`,
  OwnableInvalidOwner: (a) => `${a.owner} cannot be the owner of this contract.`,

  // ── GovernorResolver (proposal markets) ───────────────────────────────────────────────────
  GovernorResolverInvalidMarket: (a) =>
    `The proposal-market resolver was deployed with a market address without code (${a.market}).`,
  GovernorResolverInvalidGovernor: (a) =>
    `The proposal-market resolver was deployed with a governor address without code (${a.governor}).`,
  GovernorResolverUnsupportedClock: (a) =>
    `Proposal markets need a governor that counts time in seconds; this one's clock is "${a.mode}".`,
  GovernorResolverInvalidCollateral: (a) =>
    `The proposal-market resolver was deployed with a collateral address without code (${a.collateral}).`,
  GovernorResolverInvalidFee: (a) =>
    `A proposal-market fee of ${percent(a.feeBps)} is above the market's maximum of ${percent(a.maxFeeBps)}.`,
  GovernorResolverInvalidMinLiquidity: (a, f) =>
    `A minimum liquidity of ${f.collateral(a.minLiquidity)} is not allowed (it must be positive and below 2^96).`,
  GovernorResolverInvalidLiquidity: (a, f) =>
    a.liquidity < a.minLiquidity
      ? `A proposal market needs a liquidity of at least ${f.collateral(a.minLiquidity)}; ${f.collateral(a.liquidity)} is too little.`
      : `A proposal market's liquidity can be at most ${f.collateral(a.maxLiquidity)}; ${f.collateral(a.liquidity)} is too much.`,
  GovernorResolverMarketExists: (a) =>
    `This proposal already has its market, #${a.marketId.toString()}.`,
  GovernorResolverProposalNotOpen: (a, f) =>
    `A proposal market can only be opened while the proposal is Pending or Active; it is ${f.state(a.state)}.`,
  GovernorResolverVotingEnded: (a, f) =>
    `Voting on this proposal ends at ${f.time(a.deadline)}: it is too late to open its market.`,
  GovernorResolverNoMarket: (a, f) => `Proposal ${f.proposal(a.proposalId)} has no market.`,
  GovernorResolverNotFinal: (a, f) =>
    `The proposal market cannot resolve yet: the proposal is still ${f.state(a.state)}.`,
  GovernorResolverAlreadyResolved: (a) =>
    `The market of this proposal (#${a.marketId.toString()}) is already resolved.`,
  SafeERC20FailedOperation: (a) =>
    `The token ${a.token} refused a transfer. Check the balance and the allowance.`,
  StringsInsufficientHexLength: (a) =>
    `Internal formatting error: a value did not fit in ${a.length.toString()} hex digits.`,

  // ── OptimisticResolver ────────────────────────────────────────────────────────────────────
  OptimisticResolverInvalidMarket: (a) =>
    `The optimistic resolver was deployed with a market address without code (${a.market}).`,
  OptimisticResolverInvalidBondToken: (a) =>
    `The optimistic resolver was deployed with a bond token without code (${a.bondToken}).`,
  OptimisticResolverInvalidMinBond: () =>
    "The optimistic resolver's minimum bond must be positive.",
  OptimisticResolverInvalidChallengeWindow: (a, f) =>
    `A challenge window of ${f.duration(a.challengeWindow)} is not allowed (at most ${f.duration(a.maxWindow)}, at least one second).`,
  OptimisticResolverInvalidSettler: () =>
    "The optimistic resolver needs a settler (the DAO's timelock): the zero address was given.",
  OptimisticResolverNotMarketResolver: (a) =>
    `Market #${a.marketId.toString()} is resolved by ${a.resolver}, not by the optimistic resolver.`,
  OptimisticResolverMarketNotClosed: (a, f) =>
    `Market #${a.marketId.toString()} trades until ${f.time(a.closeTime)}: an answer can be proposed once it closes (in ${f.duration(a.closeTime - a.nowTimestamp)}).`,
  OptimisticResolverMarketSettled: (a) => `Market #${a.marketId.toString()} is already settled.`,
  OptimisticResolverInvalidOutcome: (a) =>
    `Outcome ${a.outcome.toString()} does not exist in market #${a.marketId.toString()}, which has ${a.outcomeCount.toString()} outcomes (propose the invalid outcome to settle it invalid).`,
  OptimisticResolverBondTooLow: (a, f) =>
    `A bond of ${f.bond(a.bond)} is below the minimum of ${f.bond(a.minBond)}.`,
  OptimisticResolverProposalExists: (a) =>
    `An answer for market #${a.marketId.toString()} was already proposed by ${a.proposer}: dispute it if it is wrong.`,
  OptimisticResolverNoProposal: (a) =>
    `Nobody has proposed an answer for market #${a.marketId.toString()} yet.`,
  OptimisticResolverChallengeWindowOver: (a, f) =>
    `The challenge window of market #${a.marketId.toString()} ended at ${f.time(a.challengeEndsAt)}: its answer can no longer be disputed.`,
  OptimisticResolverChallengeWindowOpen: (a, f) =>
    `The answer for market #${a.marketId.toString()} can be disputed until ${f.time(a.challengeEndsAt)} (${f.duration(a.challengeEndsAt - a.nowTimestamp)} from now); it can be finalized after that.`,
  OptimisticResolverAlreadyDisputed: (a) =>
    `The answer for market #${a.marketId.toString()} was already disputed by ${a.disputer}; the DAO will settle it.`,
  OptimisticResolverNotDisputed: (a) =>
    `The answer for market #${a.marketId.toString()} is not disputed: there is nothing for the DAO to settle.`,
  OptimisticResolverDisputed: (a) =>
    `The answer for market #${a.marketId.toString()} is disputed: only the DAO (through its timelock) can settle it now.`,
  OptimisticResolverNotSettler: (a) =>
    `Only the DAO's timelock can settle disputes; ${a.caller} is not it.`,
  OptimisticResolverNothingToClaim: (a) => `${a.account} has no bonds to claim.`,
  OptimisticResolverBondFeeOnTransfer: (a, f) =>
    `The bond token delivered ${f.bond(a.received)} instead of ${f.bond(a.expected)}: tokens that take a fee on transfer cannot be used for bonds.`,
  OptimisticResolverBondTransferFailed: (a) =>
    `The bond token ${a.bondToken} refused the transfer. Check the balance, and that the resolver is approved to spend it.`,

  // ── TradingVault ──────────────────────────────────────────────────────────────────────────
  VaultInvalidMarket: (a) =>
    `The vault was deployed with a market address without code (${a.market}).`,
  VaultInvalidCollateral: (a) =>
    `${a.token} is not a token contract (it has no code on this chain).`,
  VaultZeroAmount: () => "The amount must be greater than zero.",
  VaultTransferFailed: (a) =>
    `The token ${a.token} refused the transfer. Check the balance, and that the vault is approved to spend it.`,
  VaultInsufficientBalance: (a, f) =>
    `The vault holds ${f.collateral(a.balance)} for ${a.user}, but this needs ${f.collateral(a.needed)}.`,
  VaultBalanceOverflow: (a, f) =>
    `This would take ${a.user}'s vault balance to ${f.collateral(a.balance)}, more than the vault can record.`,
  VaultInsufficientShares: (a, f) => {
    const { marketId, outcome } = f.tokenId(a.tokenId);
    return `The vault holds ${f.shares(a.held)} of outcome ${outcome.toString()} of market #${marketId.toString()} for ${a.user}, but this needs ${f.shares(a.needed)}.`;
  },
  VaultInvalidAgent: (a) =>
    `${a.agent} cannot be the agent: choose an address other than zero and your own.`,
  VaultInvalidExpiry: (a, f) =>
    `The agent's expiry (${f.time(a.expiry)}) must be in the future (the chain's time is ${f.time(a.nowTimestamp)}) and before the year 2106.`,
  VaultLimitTooLarge: (a, f) =>
    `A limit of ${f.collateral(a.limit)} is too large; the largest is ${f.collateral(a.maxLimit)}, which means "no limit".`,
  VaultNoAgent: (a) => `${a.user} has no agent in the vault: set a policy first.`,
  VaultNotAgent: (a) =>
    `${a.caller} is not ${a.user}'s agent (it may have been revoked or replaced).`,
  VaultAgentExpired: (a, f) => `The agent's permission expired at ${f.time(a.expiry)}.`,
  VaultMarketNotAllowed: (a) =>
    `The agent's policy does not allow trading market #${a.marketId.toString()}.`,
  VaultCollateralNotAllowed: (a) =>
    `Market #${a.marketId.toString()} trades ${a.collateral}, but the agent may only trade markets in ${a.policyCollateral}.`,
  VaultTradeAboveLimit: (a, f) =>
    `This trade would cost ${f.collateral(a.cost)}, above the agent's per-trade limit of ${f.collateral(a.maxPerTrade)}.`,
  VaultDailyLimitExceeded: (a, f) =>
    `This trade would bring the agent's spending in the current daily window to ${f.collateral(a.spent)}, above the daily limit of ${f.collateral(a.limit)}.`,
  VaultExposureLimitExceeded: (a, f) =>
    `This trade would bring the agent's net spending in market #${a.marketId.toString()} to ${f.collateral(a.exposure)}, above the per-market limit of ${f.collateral(a.limit)}.`,

  // ── GovernanceToken, DemoCollateral (OpenZeppelin ERC-20, permit, votes) ─────────────────
  CheckpointUnorderedInsertion: () => "Internal error: a vote checkpoint was written out of order.",
  ECDSAInvalidSignature: () => "The signature is invalid.",
  ECDSAInvalidSignatureLength: (a) =>
    `The signature is ${a.length.toString()} bytes long; 65 are expected.`,
  ECDSAInvalidSignatureS: () => "The signature is malformed (its s value is out of range).",
  ERC20ExceededSafeSupply: (a, f) =>
    `Minting would take the supply to ${f.token(a.increasedSupply)}, above the cap of ${f.token(a.cap)}.`,
  ERC20InsufficientAllowance: (a, f) =>
    `${a.spender} may spend ${f.token(a.allowance)} of these tokens, but this needs ${f.token(a.needed)}: approve it first.`,
  ERC20InsufficientBalance: (a, f) =>
    `Not enough tokens: ${a.sender} holds ${f.token(a.balance)}, but this needs ${f.token(a.needed)}.`,
  ERC20InvalidApprover: (a) => `${a.approver} cannot approve token transfers.`,
  ERC20InvalidReceiver: (a) => `Tokens cannot be sent to ${a.receiver}.`,
  ERC20InvalidSender: (a) => `Tokens cannot be sent from ${a.sender}.`,
  ERC20InvalidSpender: (a) => `${a.spender} cannot be approved to spend tokens.`,
  ERC2612ExpiredSignature: (a, f) => `The permit signature expired at ${f.time(a.deadline)}.`,
  ERC2612InvalidSigner: (a) =>
    `The permit was signed by ${a.signer}, not by the token owner ${a.owner}.`,
  ERC5805FutureLookup: (a, f) =>
    `Votes at ${f.time(a.timepoint)} are not known yet (the chain's time is ${f.time(a.clock)}): only past times can be looked up.`,
  InvalidAccountNonce: (a) =>
    `The signature uses a stale nonce for ${a.account} (the current nonce is ${a.currentNonce.toString()}): sign again.`,
  InvalidShortString: () => "A name or symbol is too long.",
  StringTooLong: (a) => `The text "${a.str}" is too long.`,
  SafeCastOverflowedUintDowncast: (a) =>
    `The value ${a.value.toString()} does not fit in ${a.bits.toString()} bits.`,
  VotesExpiredSignature: (a, f) => `The delegation signature expired at ${f.time(a.expiry)}.`,

  // ── MandateGovernor (OpenZeppelin Governor + overrides) ───────────────────────────────────
  ERC6372InconsistentClock: () => "The governor's clock does not match its token's clock.",
  FailedCall: () =>
    "A call failed without giving a reason (for example, one of the proposal's actions reverted).",
  GovernorAlreadyCastVote: (a) => `${a.voter} has already voted on this proposal.`,
  GovernorAlreadyOverriddenVote: (a) =>
    `${a.account} has already overridden its delegate's vote on this proposal.`,
  GovernorAlreadyQueuedProposal: (a, f) =>
    `Proposal ${f.proposal(a.proposalId)} is already queued.`,
  GovernorDisabledDeposit: () => "The governor does not accept deposits of ether or tokens.",
  GovernorInsufficientProposerVotes: (a, f) =>
    `${a.proposer} has ${f.votes(a.votes)} of voting power, but proposing takes ${f.votes(a.threshold)}.`,
  GovernorInvalidProposalLength: (a) =>
    `The proposal's actions do not line up: ${a.targets.toString()} targets, ${a.calldatas.toString()} calldatas and ${a.values.toString()} values (they must be equal, and at least one).`,
  GovernorInvalidQuorumFraction: (a) =>
    `A quorum of ${a.quorumNumerator.toString()}/${a.quorumDenominator.toString()} is not possible.`,
  GovernorInvalidSignature: (a) => `The vote signature is not valid for ${a.voter}.`,
  GovernorInvalidVoteParams: () => "The vote's extra parameters are not valid.",
  GovernorInvalidVoteType: () =>
    "Invalid vote: the support must be 0 (Against), 1 (For) or 2 (Abstain).",
  GovernorInvalidVotingPeriod: (a, f) =>
    `A voting period of ${f.duration(a.votingPeriod)} is not allowed.`,
  GovernorNonexistentProposal: (a, f) => `There is no proposal ${f.proposal(a.proposalId)}.`,
  GovernorOnlyExecutor: (a) =>
    `Only the DAO itself (through an executed proposal) can do this; ${a.account} cannot.`,
  GovernorProposalQueueingFailed: (a, f) =>
    `The timelock refused to queue proposal ${f.proposal(a.proposalId)}.`,
  GovernorProposalQueueingNotRequired: (a, f) =>
    `Proposal ${f.proposal(a.proposalId)} does not need to be queued: execute it directly.`,
  GovernorRestrictedProposer: (a) =>
    `${a.proposer} may not submit this proposal: its description restricts who can propose it.`,
  GovernorUnableToCancel: (a, f) =>
    `${a.account} cannot cancel proposal ${f.proposal(a.proposalId)}: only its proposer can, while it is pending.`,
  GovernorUnexpectedProposalState: unexpectedProposalState,
  MandateGovernorOverrideWithoutDelegate: (a, f) =>
    `${a.account} had not delegated its votes at this proposal's snapshot (${f.time(a.snapshot)}), so there is no delegate vote to override. To vote directly, delegate to yourself before a proposal's snapshot.`,
  MandateGovernorOverrideWithoutWeight: (a, f) =>
    `${a.account} held no tokens at this proposal's snapshot (${f.time(a.snapshot)}): an override would carry no weight.`,

  // ── AIDelegateRegistry, AIDelegate ────────────────────────────────────────────────────────
  AIDelegateOnlyRegistry: (a) =>
    `Only the AI delegate registry can make this delegate vote; ${a.caller} cannot.`,
  CloneArgumentsTooLong: () => "Internal error: the delegate's clone arguments are too long.",
  FailedDeployment: () => "Deploying the delegate's voting contract failed.",
  InsufficientBalance: (a) =>
    `Not enough ether for this deployment: ${a.balance.toString()} wei, ${a.needed.toString()} needed.`,
  RegistryInvalidGovernor: (a) =>
    `The registry was deployed with a governor address without code (${a.governor}).`,
  RegistryUnknownDelegate: (a) => `There is no AI delegate #${a.delegateId.toString()}.`,
  RegistryNotOperator: (a) =>
    `${a.caller} is not the operator of AI delegate #${a.delegateId.toString()}: only its operator key can act for it.`,
  RegistryNotOwner: (a) =>
    `${a.caller} is not the owner of AI delegate #${a.delegateId.toString()}: only the owner changes its operator, profile and mandate.`,
  RegistryUnknownMandateVersion: (a) =>
    `AI delegate #${a.delegateId.toString()} has no mandate version ${a.version.toString()}: versions 1 to ${a.latestVersion.toString()} exist.`,
  RegistryEmptyMandateHash: (a) =>
    `A mandate needs the hash of its document; zero was given for AI delegate #${a.delegateId.toString()}.`,
  RegistryEmptySummaryHash: (a) =>
    `Every decision of AI delegate #${a.delegateId.toString()} must name the summary it was made from: the summary hash is zero.`,
  RegistryProposalNotOpen: (a, f) =>
    `A decision can only be recorded while the proposal is Pending or Active; it is ${f.state(a.state)}.`,
  RegistryAlreadyVoted: (a) =>
    `AI delegate #${a.delegateId.toString()} already voted on this proposal: a pending decision can no longer be recorded.`,

  // ── TimelockController ────────────────────────────────────────────────────────────────────
  AccessControlBadConfirmation: () => "The account to renounce the role for must be the caller.",
  AccessControlUnauthorizedAccount: (a) =>
    `${a.account} does not have the ${ROLE_NAMES.get(a.neededRole.toLowerCase()) ?? `role ${a.neededRole}`} this needs.`,
  TimelockInsufficientDelay: (a, f) =>
    `A delay of ${f.duration(a.delay)} is shorter than the timelock's minimum of ${f.duration(a.minDelay)}.`,
  TimelockInvalidOperationLength: (a) =>
    `The operation's lists do not line up: ${a.targets.toString()} targets, ${a.payloads.toString()} payloads and ${a.values.toString()} values.`,
  TimelockUnauthorizedCaller: (a) => `Only the timelock itself can do this; ${a.caller} cannot.`,
  TimelockUnexecutedPredecessor: (a) =>
    `An operation this one depends on (${a.predecessorId}) has not been executed yet.`,
  TimelockUnexpectedOperationState: timelockState,
};

/**
 * The message of the custom error `errorName` with `args` (an array in ABI order, or an object by
 * parameter name), or `undefined` when no Mandate contract has such an error.
 */
export function describeContractError(
  errorName: string,
  args: readonly unknown[] | Record<string, unknown> | undefined,
  context: ErrorContext = {},
): string | undefined {
  if (!Object.hasOwn(errorMessages, errorName)) return undefined;
  const format = errorMessages[errorName as MandateContractErrorName] as (
    args: Record<string, unknown>,
    f: MessageFormatter,
  ) => string;
  return format(namedErrorArgs(errorName, args), messageFormatter(context));
}

/**
 * The arguments of `errorName` as an object by parameter name (from an array in ABI order). The
 * names come from `inputs`, else from the Mandate ABIs; unnamed ones become `arg0`, `arg1`, ….
 */
export function namedErrorArgs(
  errorName: string,
  args: readonly unknown[] | Record<string, unknown> | undefined,
  inputs?: readonly { name?: string | undefined }[] | undefined,
): Record<string, unknown> {
  if (args === undefined) return {};
  if (!Array.isArray(args)) return args as Record<string, unknown>;
  const names = inputs ?? mandateErrorsAbi.find((e) => e.name === errorName)?.inputs ?? [];
  const named: Record<string, unknown> = {};
  args.forEach((value, i) => {
    named[names[i]?.name || `arg${i}`] = value;
  });
  return named;
}
