// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILMSRMarket} from "./ILMSRMarket.sol";
import {IMarketResolver} from "./IMarketResolver.sol";

/// @title ICommitteeResolver
/// @notice Resolves markets by a vote of a committee: once `threshold` current members have voted
/// for the same outcome of a market, the resolver settles that market on `ILMSRMarket` (with
/// `resolve`, or `resolveInvalid` when the outcome voted for is `INVALID_OUTCOME`).
/// A committee of one member with a threshold of 1 is the "owner resolver": one key decides.
/// @dev Rules, in full:
/// - Ballots. A member has at most one ballot per market. Voting again for the outcome the ballot
///   already holds reverts with `AlreadyVoted`; voting for a different outcome moves the ballot
///   (`VoteChanged`, then `Voted`), so the member's earlier choice stops counting. There is no
///   abstain: a member who has voted can only move the ballot, never take it back.
/// - Counting. `votesFor(marketId, outcome)` counts the ballots of the *current* members only. A
///   removed member's ballots stop counting at once; a member removed and added again starts with
///   no ballots (their earlier ballots never count again).
/// - Resolution. The vote that brings an outcome to `threshold` settles the market in the same
///   transaction. If the count reaches the threshold some other way (the owner lowers the
///   threshold), anyone may settle with `execute`.
/// - Timing. Votes are accepted whenever the market can still be resolved: while it trades and
///   after its close time, until it is resolved. `ILMSRMarket` lets a resolver settle before the
///   close time, so a committee can settle early when the answer is certain.
/// - Scope. Only markets that name this contract as their resolver can be voted on.
/// - Administration. The owner (two-step transfer) adds and removes members and sets the
///   threshold; `1 ≤ threshold ≤ memberCount ≤ MAX_MEMBERS` always holds. The owner cannot vote
///   unless it is also a member.
interface ICommitteeResolver is IMarketResolver {
    /// @notice `member` voted for `outcome` of `marketId`; `votes` current members now back that
    /// outcome, `threshold` are needed.
    /// @param outcome An outcome index, or `INVALID_OUTCOME` for a vote to settle it invalid.
    event Voted(
        uint256 indexed marketId, address indexed member, uint256 indexed outcome, uint256 votes, uint256 threshold
    );

    /// @notice `member` moved their ballot on `marketId` from `previousOutcome` to `newOutcome`.
    /// Emitted before the `Voted` event of the new choice.
    event VoteChanged(
        uint256 indexed marketId, address indexed member, uint256 previousOutcome, uint256 newOutcome
    );

    /// @notice The committee settled `marketId`: `outcome` won, or the market is invalid
    /// (`outcome == INVALID_OUTCOME` and `invalid`), backed by `votes` members at `threshold`.
    event CommitteeResolved(
        uint256 indexed marketId, uint256 outcome, bool invalid, uint256 votes, uint256 threshold
    );

    /// @notice `member` joined the committee.
    event MemberAdded(address indexed member);

    /// @notice `member` left the committee; their ballots no longer count.
    event MemberRemoved(address indexed member);

    /// @notice The number of matching votes needed to settle a market changed.
    event ThresholdChanged(uint256 previousThreshold, uint256 newThreshold);

    /// @notice `account` is not a member of the committee (to vote, or to be removed).
    error NotMember(address account);
    /// @notice `account` is already a member.
    error AlreadyMember(address account);
    /// @notice `account` cannot be a member (the zero address).
    error InvalidMember(address account);
    /// @notice Adding a member would take the committee past `maxMembers`.
    error TooManyMembers(uint256 members, uint256 maxMembers);
    /// @notice `threshold` is not within [1, `members`] (the committee size it would apply to).
    error InvalidThreshold(uint256 threshold, uint256 members);
    /// @notice `member` already has a ballot for this same outcome of `marketId`.
    error AlreadyVoted(uint256 marketId, address member);
    /// @notice The market contract given at construction holds no code.
    error InvalidMarket(address market);
    /// @notice The market names `resolver`, not this committee, as its resolver.
    error NotMarketResolver(uint256 marketId, address resolver);
    /// @notice The market is already resolved or invalid: there is nothing left to vote on.
    error MarketAlreadySettled(uint256 marketId);
    /// @notice `outcome` is neither below the market's `outcomeCount` nor `INVALID_OUTCOME`.
    error InvalidOutcome(uint256 marketId, uint256 outcome, uint256 outcomeCount);
    /// @notice `execute` was called for an outcome backed by fewer than `threshold` members.
    error ThresholdNotReached(uint256 marketId, uint256 outcome, uint256 votes, uint256 threshold);

    /// @notice The outcome value that stands for "settle the market as invalid".
    function INVALID_OUTCOME() external view returns (uint256);

    /// @notice The largest committee this resolver accepts (counting ballots is O(members)).
    function MAX_MEMBERS() external view returns (uint256);

    /// @notice The market singleton this committee resolves markets on.
    function market() external view returns (ILMSRMarket);

    /// @notice Votes for `outcome` of `marketId` (or `INVALID_OUTCOME`). Settles the market when the
    /// outcome reaches the threshold. Only members; see the contract's rules for changing a vote.
    /// @return resolved Whether this vote settled the market.
    function vote(uint256 marketId, uint256 outcome) external returns (bool resolved);

    /// @notice Settles `marketId` to `outcome` when at least `threshold` current members back it,
    /// e.g. after the owner lowered the threshold. Anyone may call it.
    function execute(uint256 marketId, uint256 outcome) external;

    /// @notice Adds `account` to the committee. Only the owner.
    function addMember(address account) external;

    /// @notice Removes `account` from the committee; its ballots stop counting. Only the owner.
    /// Reverts with `InvalidThreshold` if the committee would become smaller than the threshold:
    /// lower the threshold first.
    function removeMember(address account) external;

    /// @notice Sets the number of matching votes needed to settle a market. Only the owner.
    function setThreshold(uint256 newThreshold) external;

    /// @notice Number of current members backing `outcome` of `marketId`.
    function votesFor(uint256 marketId, uint256 outcome) external view returns (uint256);

    /// @notice The counting ballot of `member` on `marketId`, if any.
    /// @return hasVoted Whether `member` is a current member with a ballot on `marketId`.
    /// @return outcome The outcome it backs (`INVALID_OUTCOME` for invalid); 0 if `!hasVoted`.
    function ballotOf(uint256 marketId, address member) external view returns (bool hasVoted, uint256 outcome);

    /// @notice The number of matching votes needed to settle a market.
    function threshold() external view returns (uint256);

    /// @notice Whether `account` is a current member.
    function isMember(address account) external view returns (bool);

    /// @notice The current members, in no particular order.
    function members() external view returns (address[] memory);

    /// @notice The number of current members.
    function memberCount() external view returns (uint256);
}
