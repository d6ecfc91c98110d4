// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IMandateGovernor
/// @notice What `MandateGovernor` adds to OpenZeppelin's Governor: the rules under which a token
/// holder who delegated can override their delegate's vote. Every other function, event and
/// error is OpenZeppelin's, from these parts:
/// - `Governor` (`IGovernor`): propose, vote (`castVote*`), queue, execute, cancel.
/// - `GovernorSettings`: `votingDelay` and `votingPeriod` in seconds, `proposalThreshold` in
///   token base units; changed only by governance (`GovernorOnlyExecutor`).
/// - `GovernorCountingOverridable`: Bravo counting (0 = Against, 1 = For, 2 = Abstain; quorum
///   counts For + Abstain; a proposal passes when For > Against) plus `castOverrideVote`,
///   `castOverrideVoteBySig`, `hasVotedOverride`, `proposalVotes` and the events
///   `OverrideVoteCast` and `VoteReduced`.
/// - `GovernorVotes`: votes are the token's `getPastVotes` at the proposal snapshot; the clock is
///   the token's (timestamps, `"mode=timestamp"`).
/// - `GovernorVotesQuorumFraction`: quorum is `quorumNumerator / 100` of the token's total
///   supply at the snapshot.
/// - `GovernorTimelockControl`: successful proposals are queued in and executed by an OZ
///   `TimelockController`, which is the executor of every governance action.
/// @dev Override rules, in full (all read at the proposal snapshot `s`, a Unix time in seconds):
/// - A holder's override weight is `token.getPastBalanceOf(holder, s)`, and it is taken from
///   the delegate `token.getPastDelegate(holder, s)`. Whatever happens to the tokens or the
///   delegation after `s` does not change either number.
/// - Delegate first, then holder: the holder's weight moves from the delegate's choice to the
///   holder's (`VoteReduced` is emitted for the delegate).
/// - Holder first, then delegate: the delegate's vote counts its snapshot votes minus every
///   weight already overridden by its delegators.
/// - Either way a token is counted at most once: For + Against + Abstain never exceeds the
///   votes delegated at `s`, hence never exceeds `token.getPastTotalSupply(s)`.
/// - A holder overrides at most once per proposal (`GovernorAlreadyOverriddenVote`), only while
///   the proposal is Active (`GovernorUnexpectedProposalState`), only with a support of 0, 1 or 2
///   (`GovernorInvalidVoteType`).
/// - Unlike plain OpenZeppelin, an override is refused when there is nothing to override: the
///   holder had no delegate at `s` (`MandateGovernorOverrideWithoutDelegate`), or held no tokens
///   at `s` (`MandateGovernorOverrideWithoutWeight`). Plain OZ would let an undelegated holder
///   vote their balance through `castOverrideVote`; in Mandate votes come from delegation only,
///   and a holder who wants to vote directly delegates to themselves before the snapshot.
/// - A self-delegated holder may both vote (with everything delegated to them) and override
///   (their own balance): the override moves only their own balance.
interface IMandateGovernor {
    /// @notice `account` had no delegate at `snapshot`, the snapshot of `proposalId`: there is no
    /// delegated vote to override.
    /// @param snapshot Unix time in seconds.
    error MandateGovernorOverrideWithoutDelegate(uint256 proposalId, address account, uint256 snapshot);

    /// @notice `account` held no tokens at `snapshot`, the snapshot of `proposalId`: an override
    /// would carry no weight.
    /// @param snapshot Unix time in seconds.
    error MandateGovernorOverrideWithoutWeight(uint256 proposalId, address account, uint256 snapshot);
}
