// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILMSRMarket} from "./ILMSRMarket.sol";
import {IMarketResolver} from "./IMarketResolver.sol";

/// @title IOptimisticResolver
/// @notice Resolves general markets optimistically: after a market closes, anyone proposes its
/// answer with a bond; if nobody disputes within the challenge window, the answer stands. A dispute
/// (with an equal bond) goes to a DAO vote, executed by the `settler` (the DAO's timelock).
/// @dev Rules, in full:
/// - Scope. Any market of `market` that names this contract as its resolver (created by anyone,
///   directly on the market singleton; the creator keeps the market's surplus). This contract
///   creates no markets.
/// - Proposing. Once the market's close time has passed and while it is unresolved and has no
///   proposal, anyone may `propose` an outcome (an index below the market's outcome count, or
///   `INVALID_OUTCOME` for "settle it invalid") with a bond of at least `minBond` base units of
///   `bondToken` (approve this contract first). The challenge window then runs for
///   `challengeWindow` seconds: [proposedAt, proposedAt + challengeWindow).
/// - Disputing. Within the window, anyone (the proposer too) may `dispute` the proposal by posting
///   a bond equal to the proposer's. A proposal is disputed at most once.
/// - Finalizing. From `proposedAt + challengeWindow` on, anyone may `finalize` an undisputed
///   proposal: the market resolves to the proposed outcome and the proposer's bond is returned.
/// - Settling. Only the `settler` may `settle` a disputed proposal, with the outcome the DAO
///   decided (any valid outcome or `INVALID_OUTCOME`, not necessarily the proposed one), at any
///   time after the dispute. The market resolves to it. If it equals the proposed outcome the
///   proposer wins, otherwise the disputer wins (the proposal was wrong); the winner receives both
///   bonds.
/// - Payments. A bond is paid out by a direct transfer; if that transfer fails (e.g. the winner is
///   blacklisted by the token), the amount is credited instead and its owner takes it with
///   `claim`. Resolution never depends on a payment succeeding.
/// - The bond token must be a plain ERC-20: transfers into this contract that deliver less than
///   the amount sent revert with `OptimisticResolverBondFeeOnTransfer`.
interface IOptimisticResolver is IMarketResolver {
    /// @notice Where a market's proposal is in its life.
    enum Status {
        None,
        Proposed,
        Disputed,
        Finalized,
        Settled
    }

    /// @notice A market's proposal.
    /// @param proposer Who proposed, and posted `bond`.
    /// @param outcome The proposed outcome, or `INVALID_OUTCOME`.
    /// @param bond The proposer's bond, base units of `bondToken`; a disputer posts the same.
    /// @param proposedAt When it was proposed (Unix seconds).
    /// @param disputer Who disputed it (zero if nobody).
    /// @param status Its status.
    struct Proposal {
        address proposer;
        uint256 outcome;
        uint256 bond;
        uint256 proposedAt;
        address disputer;
        Status status;
    }

    /// @notice `proposer` proposed `outcome` for `marketId` with `bond`; disputes are accepted until
    /// `challengeEndsAt` (exclusive, Unix seconds).
    event OutcomeProposed(
        uint256 indexed marketId, address indexed proposer, uint256 outcome, uint256 bond, uint256 challengeEndsAt
    );

    /// @notice `disputer` disputed the proposal for `marketId`, posting `bond`.
    event OutcomeDisputed(uint256 indexed marketId, address indexed disputer, uint256 bond);

    /// @notice The undisputed proposal for `marketId` stood: the market resolved to `outcome` and
    /// `proposer` got back `bond`.
    event ProposalFinalized(uint256 indexed marketId, address indexed proposer, uint256 outcome, uint256 bond);

    /// @notice The settler settled the dispute on `marketId` with `outcome`; `winner` receives
    /// `payout` (both bonds).
    event DisputeSettled(uint256 indexed marketId, uint256 outcome, address indexed winner, uint256 payout);

    /// @notice A payment of `amount` to `account` failed and was credited for `claim`.
    event BondCredited(address indexed account, uint256 amount);

    /// @notice `account` claimed `amount` of credited bonds.
    event BondClaimed(address indexed account, uint256 amount);

    /// @notice The market given at construction holds no code.
    error OptimisticResolverInvalidMarket(address market);
    /// @notice The bond token given at construction holds no code.
    error OptimisticResolverInvalidBondToken(address bondToken);
    /// @notice The minimum bond given at construction is zero.
    error OptimisticResolverInvalidMinBond();
    /// @notice The challenge window given at construction is zero or longer than `maxWindow`.
    error OptimisticResolverInvalidChallengeWindow(uint256 challengeWindow, uint256 maxWindow);
    /// @notice The settler given at construction is the zero address.
    error OptimisticResolverInvalidSettler();
    /// @notice The market names `resolver`, not this contract, as its resolver.
    error OptimisticResolverNotMarketResolver(uint256 marketId, address resolver);
    /// @notice The market trades until `closeTime`; it is `nowTimestamp`.
    error OptimisticResolverMarketNotClosed(uint256 marketId, uint256 closeTime, uint256 nowTimestamp);
    /// @notice The proposal for `marketId` was already finalized or settled: the market is resolved.
    error OptimisticResolverMarketSettled(uint256 marketId);
    /// @notice `outcome` is neither below `outcomeCount` nor `INVALID_OUTCOME`.
    error OptimisticResolverInvalidOutcome(uint256 marketId, uint256 outcome, uint256 outcomeCount);
    /// @notice The bond `bond` is below `minBond`.
    error OptimisticResolverBondTooLow(uint256 bond, uint256 minBond);
    /// @notice `marketId` already has a proposal, by `proposer`.
    error OptimisticResolverProposalExists(uint256 marketId, address proposer);
    /// @notice `marketId` has no proposal.
    error OptimisticResolverNoProposal(uint256 marketId);
    /// @notice The challenge window of `marketId` ended at `challengeEndsAt`; it is `nowTimestamp`.
    error OptimisticResolverChallengeWindowOver(uint256 marketId, uint256 challengeEndsAt, uint256 nowTimestamp);
    /// @notice The challenge window of `marketId` runs until `challengeEndsAt`; it is `nowTimestamp`.
    error OptimisticResolverChallengeWindowOpen(uint256 marketId, uint256 challengeEndsAt, uint256 nowTimestamp);
    /// @notice The proposal for `marketId` is already disputed, by `disputer`.
    error OptimisticResolverAlreadyDisputed(uint256 marketId, address disputer);
    /// @notice The proposal for `marketId` is not disputed (or is already settled or finalized).
    error OptimisticResolverNotDisputed(uint256 marketId);
    /// @notice The proposal for `marketId` is disputed: only the settler can settle it.
    error OptimisticResolverDisputed(uint256 marketId);
    /// @notice Only the settler may settle disputes; `caller` is not it.
    error OptimisticResolverNotSettler(address caller);
    /// @notice `account` has no credited bonds.
    error OptimisticResolverNothingToClaim(address account);
    /// @notice The bond token delivered `received` instead of `expected` base units.
    error OptimisticResolverBondFeeOnTransfer(uint256 expected, uint256 received);
    /// @notice The bond token reported failure (returned false or reverted) on a transfer in, or on
    /// the transfer out of a `claim`.
    error OptimisticResolverBondTransferFailed(address bondToken);

    /// @notice The outcome value that stands for "settle the market as invalid".
    function INVALID_OUTCOME() external view returns (uint256);

    /// @notice The longest challenge window accepted at construction: 30 days.
    function MAX_CHALLENGE_WINDOW() external view returns (uint256);

    /// @notice The market singleton.
    function market() external view returns (ILMSRMarket);

    /// @notice The ERC-20 bonds are posted in.
    function bondToken() external view returns (address);

    /// @notice The least bond a proposal needs, base units of `bondToken`.
    function minBond() external view returns (uint256);

    /// @notice How long a proposal can be disputed, seconds.
    function challengeWindow() external view returns (uint256);

    /// @notice The only address that may settle disputes (the DAO's timelock).
    function settler() external view returns (address);

    /// @notice Proposes `outcome` (or `INVALID_OUTCOME`) for the closed market `marketId`, posting
    /// `bond` (≥ `minBond`) from the caller.
    function propose(uint256 marketId, uint256 outcome, uint256 bond) external;

    /// @notice Disputes the proposal for `marketId` within its window, posting an equal bond.
    function dispute(uint256 marketId) external;

    /// @notice Resolves `marketId` to its undisputed proposal once the window is over, and returns
    /// the proposer's bond. Anyone may call it.
    function finalize(uint256 marketId) external;

    /// @notice Settles the disputed `marketId` with `outcome` (or `INVALID_OUTCOME`) and pays both
    /// bonds to the winner. Only the settler.
    function settle(uint256 marketId, uint256 outcome) external;

    /// @notice Pays the caller their credited bonds (payments that failed).
    /// @return amount Base units paid.
    function claim() external returns (uint256 amount);

    /// @notice The proposal for `marketId` (all zero if none).
    function proposalOf(uint256 marketId) external view returns (Proposal memory);

    /// @notice When the challenge window of `marketId`'s proposal ends (exclusive), 0 if none.
    function challengeEndsAt(uint256 marketId) external view returns (uint256);

    /// @notice Bonds credited to `account` after a failed payment, base units.
    function claimable(address account) external view returns (uint256);
}
