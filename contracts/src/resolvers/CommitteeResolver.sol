// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {ILMSRMarket} from "../interfaces/ILMSRMarket.sol";
import {ICommitteeResolver} from "../interfaces/ICommitteeResolver.sol";
import {IMarketResolver} from "../interfaces/IMarketResolver.sol";

/// @title CommitteeResolver
/// @notice A committee that resolves `LMSRMarket` markets by a threshold of matching votes. See
/// `ICommitteeResolver` for the rules (ballots, vote changes, counting, timing).
/// @dev Ballots are counted by iterating over the current members (at most `MAX_MEMBERS`), which is
/// what lets a removal take a member's ballots out of every open market at once. Each admission
/// of a member starts a new "term"; a ballot counts only while its term is the member's current
/// one, so a member removed and added again does not bring old ballots back.
contract CommitteeResolver is ICommitteeResolver, Ownable2Step {
    using EnumerableSet for EnumerableSet.AddressSet;

    /// @inheritdoc ICommitteeResolver
    uint256 public constant INVALID_OUTCOME = type(uint256).max;

    /// @inheritdoc ICommitteeResolver
    uint256 public constant MAX_MEMBERS = 32;

    /// @dev `ILMSRMarket` markets have at most this many outcomes.
    uint256 private constant MAX_OUTCOMES = 256;

    /// @dev Stored choice for `INVALID_OUTCOME`; outcome `i` is stored as `i + 1`, 0 means none.
    uint16 private constant CHOICE_INVALID = type(uint16).max;

    /// @dev One member's ballot on one market.
    struct Ballot {
        uint64 term;
        uint16 choice;
    }

    /// @inheritdoc ICommitteeResolver
    ILMSRMarket public immutable market;

    /// @inheritdoc ICommitteeResolver
    uint256 public threshold;

    EnumerableSet.AddressSet private _members;

    /// @dev The member's current term, incremented on every admission (0: never a member).
    mapping(address account => uint64) private _terms;

    mapping(uint256 marketId => mapping(address member => Ballot)) private _ballots;

    /// @param market_ The market singleton whose markets name this contract as resolver.
    /// @param initialMembers The first committee, without duplicates or the zero address.
    /// @param initialThreshold Matching votes needed, 1 ≤ threshold ≤ `initialMembers.length`.
    /// @param initialOwner Who administers the committee (need not be a member).
    constructor(ILMSRMarket market_, address[] memory initialMembers, uint256 initialThreshold, address initialOwner)
        Ownable(initialOwner)
    {
        if (address(market_).code.length == 0) revert InvalidMarket(address(market_));
        market = market_;
        for (uint256 i; i < initialMembers.length; ++i) {
            _addMember(initialMembers[i]);
        }
        _setThreshold(initialThreshold);
    }

    // ---------------------------------------------------------------- voting

    /// @inheritdoc ICommitteeResolver
    function vote(uint256 marketId, uint256 outcome) external returns (bool resolved) {
        if (!_members.contains(msg.sender)) revert NotMember(msg.sender);
        _checkVotable(marketId, outcome);

        Ballot storage ballot = _ballots[marketId][msg.sender];
        uint64 term = _terms[msg.sender];
        uint16 choice = _encode(outcome);
        if (ballot.term == term && ballot.choice != 0) {
            if (ballot.choice == choice) revert AlreadyVoted(marketId, msg.sender);
            emit VoteChanged(marketId, msg.sender, _decode(ballot.choice), outcome);
        }
        ballot.term = term;
        ballot.choice = choice;

        uint256 votes = _count(marketId, choice);
        uint256 needed = threshold;
        emit Voted(marketId, msg.sender, outcome, votes, needed);
        if (votes >= needed) {
            _settle(marketId, outcome, votes, needed);
            resolved = true;
        }
    }

    /// @inheritdoc ICommitteeResolver
    function execute(uint256 marketId, uint256 outcome) external {
        _checkVotable(marketId, outcome);
        uint256 votes = _count(marketId, _encode(outcome));
        uint256 needed = threshold;
        if (votes < needed) revert ThresholdNotReached(marketId, outcome, votes, needed);
        _settle(marketId, outcome, votes, needed);
    }

    // ---------------------------------------------------------------- administration

    /// @inheritdoc ICommitteeResolver
    function addMember(address account) external onlyOwner {
        _addMember(account);
    }

    /// @inheritdoc ICommitteeResolver
    function removeMember(address account) external onlyOwner {
        if (!_members.remove(account)) revert NotMember(account);
        uint256 remaining = _members.length();
        if (threshold > remaining) revert InvalidThreshold(threshold, remaining);
        emit MemberRemoved(account);
    }

    /// @inheritdoc ICommitteeResolver
    function setThreshold(uint256 newThreshold) external onlyOwner {
        _setThreshold(newThreshold);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IMarketResolver
    function describe() external view returns (string memory) {
        return string.concat(
            "committee ", Strings.toString(threshold), "-of-", Strings.toString(_members.length())
        );
    }

    /// @inheritdoc ICommitteeResolver
    function votesFor(uint256 marketId, uint256 outcome) external view returns (uint256) {
        if (outcome != INVALID_OUTCOME && outcome >= MAX_OUTCOMES) return 0;
        return _count(marketId, _encode(outcome));
    }

    /// @inheritdoc ICommitteeResolver
    function ballotOf(uint256 marketId, address member) external view returns (bool hasVoted, uint256 outcome) {
        if (!_members.contains(member)) return (false, 0);
        Ballot storage ballot = _ballots[marketId][member];
        if (ballot.choice == 0 || ballot.term != _terms[member]) return (false, 0);
        return (true, _decode(ballot.choice));
    }

    /// @inheritdoc ICommitteeResolver
    function isMember(address account) external view returns (bool) {
        return _members.contains(account);
    }

    /// @inheritdoc ICommitteeResolver
    function members() external view returns (address[] memory) {
        return _members.values();
    }

    /// @inheritdoc ICommitteeResolver
    function memberCount() external view returns (uint256) {
        return _members.length();
    }

    // ---------------------------------------------------------------- internal

    function _addMember(address account) private {
        if (account == address(0)) revert InvalidMember(account);
        if (_members.contains(account)) revert AlreadyMember(account);
        uint256 size = _members.length() + 1;
        if (size > MAX_MEMBERS) revert TooManyMembers(size, MAX_MEMBERS);
        _members.add(account);
        ++_terms[account];
        emit MemberAdded(account);
    }

    function _setThreshold(uint256 newThreshold) private {
        uint256 size = _members.length();
        if (newThreshold == 0 || newThreshold > size) revert InvalidThreshold(newThreshold, size);
        emit ThresholdChanged(threshold, newThreshold);
        threshold = newThreshold;
    }

    /// @dev Reverts unless `marketId` names this resolver, is not settled yet, and `outcome` is one
    /// of its outcomes or `INVALID_OUTCOME`.
    function _checkVotable(uint256 marketId, uint256 outcome) private view {
        ILMSRMarket.MarketInfo memory info = market.getMarket(marketId);
        if (info.resolver != address(this)) revert NotMarketResolver(marketId, info.resolver);
        if (info.state == ILMSRMarket.MarketState.Resolved || info.state == ILMSRMarket.MarketState.Invalid) {
            revert MarketAlreadySettled(marketId);
        }
        if (outcome != INVALID_OUTCOME && outcome >= info.outcomeCount) {
            revert InvalidOutcome(marketId, outcome, info.outcomeCount);
        }
    }

    function _settle(uint256 marketId, uint256 outcome, uint256 votes, uint256 needed) private {
        bool invalid = outcome == INVALID_OUTCOME;
        emit CommitteeResolved(marketId, outcome, invalid, votes, needed);
        if (invalid) market.resolveInvalid(marketId);
        else market.resolve(marketId, outcome);
    }

    /// @dev Ballots of current members, in their current term, holding `choice`.
    function _count(uint256 marketId, uint16 choice) private view returns (uint256 votes) {
        mapping(address => Ballot) storage ballots = _ballots[marketId];
        uint256 size = _members.length();
        for (uint256 i; i < size; ++i) {
            address member = _members.at(i);
            Ballot storage ballot = ballots[member];
            if (ballot.choice == choice && ballot.term == _terms[member]) ++votes;
        }
    }

    /// @dev Callers pass an outcome below the market's outcome count (≤ 256) or `INVALID_OUTCOME`.
    function _encode(uint256 outcome) private pure returns (uint16) {
        return outcome == INVALID_OUTCOME ? CHOICE_INVALID : uint16(outcome + 1);
    }

    function _decode(uint16 choice) private pure returns (uint256) {
        return choice == CHOICE_INVALID ? INVALID_OUTCOME : uint256(choice) - 1;
    }
}
