// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {GovernorCountingOverridable} from
    "@openzeppelin/contracts/governance/extensions/GovernorCountingOverridable.sol";
import {GovernanceToken} from "../../src/governance/GovernanceToken.sol";
import {MandateGovernor} from "../../src/governance/MandateGovernor.sol";
import {IMandateGovernor} from "../../src/interfaces/IMandateGovernor.sol";
import {GovernanceFixture} from "./utils/GovernanceFixture.sol";

/// Drives random transfers, delegations, proposals, votes and overrides against the governor,
/// and keeps an independent model of what every proposal's tally must be:
///
///   for each holder h with balance b at the snapshot:
///     h overrode with s           → b counts for s
///     else h's delegate d voted s → b counts for s
///     else                        → b counts nowhere
///
/// Every call predicts its outcome from the model — success with an exact weight, or the exact
/// revert data — and counts a mismatch when the governor disagrees. The tests assert there are
/// none and that every tally equals the model (so nothing is ever counted twice).
contract OverrideHandler is CommonBase, StdCheats, StdUtils {
    uint256 public constant ACTORS = 6;
    uint8 internal constant NONE = type(uint8).max;
    uint256 internal constant MAX_PROPOSALS = 4;
    bytes32 internal constant ACTIVE_ONLY = bytes32(uint256(1) << uint8(IGovernor.ProposalState.Active));

    struct Snapshot {
        uint256[ACTORS] balance;
        uint8[ACTORS] delegateOf; // actor index, or NONE
        uint8[ACTORS] voted; // support + 1, 0 when not voted
        uint8[ACTORS] overrode; // support + 1, 0 when not overridden
    }

    GovernanceToken public immutable token;
    MandateGovernor public immutable governor;
    address public immutable proposer;

    address[ACTORS] public actors;
    uint256[ACTORS] internal _balance;
    uint8[ACTORS] internal _delegateOf;

    uint256[] public proposals;
    mapping(uint256 proposalId => Snapshot) internal _snapshots;

    uint256 public mismatches;
    string public firstMismatch;
    uint256 public votesCounted;
    uint256 public overridesCounted;
    uint256 public rejectedAsExpected;

    constructor(GovernanceToken token_, MandateGovernor governor_, address proposer_, address[ACTORS] memory actors_)
    {
        token = token_;
        governor = governor_;
        proposer = proposer_;
        actors = actors_;
        for (uint256 i; i < ACTORS; ++i) {
            _balance[i] = token_.balanceOf(actors_[i]);
            _delegateOf[i] = _indexOf(token_.delegates(actors_[i]));
        }
    }

    // ------------------------------------------------------------------ actions

    function transfer(uint256 fromSeed, uint256 toSeed, uint256 amount) external {
        uint256 from = fromSeed % ACTORS;
        uint256 to = toSeed % ACTORS;
        amount = _bound(amount, 0, _balance[from]);
        vm.prank(actors[from]);
        token.transfer(actors[to], amount);
        _balance[from] -= amount;
        _balance[to] += amount;
    }

    function delegate(uint256 fromSeed, uint256 toSeed) external {
        uint256 from = fromSeed % ACTORS;
        uint256 to = toSeed % (ACTORS + 1); // ACTORS means "nobody"
        vm.prank(actors[from]);
        token.delegate(to == ACTORS ? address(0) : actors[to]);
        _delegateOf[from] = to == ACTORS ? NONE : uint8(to);
    }

    /// Creates a proposal, records the model at its snapshot, and opens its voting period.
    function propose() external {
        if (proposals.length == MAX_PROPOSALS) return;
        address[] memory targets = new address[](1);
        targets[0] = address(token);
        vm.prank(proposer);
        uint256 id = governor.propose(
            targets, new uint256[](1), new bytes[](1), string.concat("proposal ", vm.toString(proposals.length))
        );
        proposals.push(id);
        Snapshot storage s = _snapshots[id];
        for (uint256 i; i < ACTORS; ++i) {
            s.balance[i] = _balance[i];
            s.delegateOf[i] = _delegateOf[i];
        }
        // Nothing happens between `propose` and the snapshot: the model is exact.
        vm.warp(governor.proposalSnapshot(id) + 1);
    }

    function warp(uint256 secondsSeed) external {
        skip(_bound(secondsSeed, 0, 3 days));
    }

    function castVote(uint256 proposalSeed, uint256 actorSeed, uint256 supportSeed) external {
        if (proposals.length == 0) return;
        uint256 id = proposals[proposalSeed % proposals.length];
        uint256 a = actorSeed % ACTORS;
        uint8 support = _support(supportSeed);
        Snapshot storage s = _snapshots[id];

        bytes memory expectedError;
        if (!_isActive(id)) {
            expectedError = _stateError(id);
        } else if (support > 2) {
            expectedError = abi.encodeWithSelector(IGovernor.GovernorInvalidVoteType.selector);
        } else if (s.voted[a] != 0) {
            expectedError = abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, actors[a]);
        }
        uint256 expectedWeight;
        for (uint256 h; h < ACTORS; ++h) {
            if (s.delegateOf[h] == a && s.overrode[h] == 0) expectedWeight += s.balance[h];
        }

        vm.prank(actors[a]);
        try governor.castVote(id, support) returns (uint256 weight) {
            if (expectedError.length != 0) return _mismatch("castVote succeeded, expected a revert");
            if (weight != expectedWeight) return _mismatch("castVote weight differs from the model");
            s.voted[a] = support + 1;
            ++votesCounted;
        } catch (bytes memory err) {
            _checkRevert(err, expectedError, "castVote");
        }
    }

    function castOverride(uint256 proposalSeed, uint256 actorSeed, uint256 supportSeed) external {
        if (proposals.length == 0) return;
        uint256 id = proposals[proposalSeed % proposals.length];
        uint256 a = actorSeed % ACTORS;
        uint8 support = _support(supportSeed);
        Snapshot storage s = _snapshots[id];
        uint256 snapshot = governor.proposalSnapshot(id);

        bytes memory expectedError;
        if (!_isActive(id)) {
            expectedError = _stateError(id);
        } else if (s.delegateOf[a] == NONE) {
            expectedError = abi.encodeWithSelector(
                IMandateGovernor.MandateGovernorOverrideWithoutDelegate.selector, id, actors[a], snapshot
            );
        } else if (s.balance[a] == 0) {
            expectedError = abi.encodeWithSelector(
                IMandateGovernor.MandateGovernorOverrideWithoutWeight.selector, id, actors[a], snapshot
            );
        } else if (support > 2) {
            expectedError = abi.encodeWithSelector(IGovernor.GovernorInvalidVoteType.selector);
        } else if (s.overrode[a] != 0) {
            expectedError = abi.encodeWithSelector(
                GovernorCountingOverridable.GovernorAlreadyOverriddenVote.selector, actors[a]
            );
        }

        vm.prank(actors[a]);
        try governor.castOverrideVote(id, support, "") returns (uint256 weight) {
            if (expectedError.length != 0) return _mismatch("castOverrideVote succeeded, expected a revert");
            if (weight != s.balance[a]) return _mismatch("override weight differs from the snapshot balance");
            s.overrode[a] = support + 1;
            ++overridesCounted;
        } catch (bytes memory err) {
            _checkRevert(err, expectedError, "castOverrideVote");
        }
    }

    // ------------------------------------------------------------------ model views

    function proposalCount() external view returns (uint256) {
        return proposals.length;
    }

    /// The tally the model expects for `id`: [against, for, abstain].
    function expectedTally(uint256 id) public view returns (uint256[3] memory tally) {
        Snapshot storage s = _snapshots[id];
        for (uint256 h; h < ACTORS; ++h) {
            if (s.overrode[h] != 0) {
                tally[s.overrode[h] - 1] += s.balance[h];
            } else if (s.delegateOf[h] != NONE && s.voted[s.delegateOf[h]] != 0) {
                tally[s.voted[s.delegateOf[h]] - 1] += s.balance[h];
            }
        }
    }

    /// Votes delegated by the actors at the snapshot of `id`: the most the tally may hold.
    function delegatedAtSnapshot(uint256 id) external view returns (uint256 total) {
        Snapshot storage s = _snapshots[id];
        for (uint256 h; h < ACTORS; ++h) {
            if (s.delegateOf[h] != NONE) total += s.balance[h];
        }
    }

    function modelVoted(uint256 id, uint256 a) external view returns (bool) {
        return _snapshots[id].voted[a] != 0;
    }

    function modelOverrode(uint256 id, uint256 a) external view returns (bool) {
        return _snapshots[id].overrode[a] != 0;
    }

    // ------------------------------------------------------------------ internal

    function _support(uint256 seed) internal pure returns (uint8) {
        uint256 r = seed % 10;
        return r == 9 ? 3 : uint8(r % 3); // one call in ten uses an invalid support
    }

    function _isActive(uint256 id) internal view returns (bool) {
        return vm.getBlockTimestamp() <= governor.proposalDeadline(id);
    }

    /// The state error the model expects for a closed proposal: Succeeded when quorum (For +
    /// Abstain ≥ 4% of the snapshot supply) is reached and For > Against, else Defeated.
    function _stateError(uint256 id) internal view returns (bytes memory) {
        uint256[3] memory t = expectedTally(id);
        uint256 quorum = token.getPastTotalSupply(governor.proposalSnapshot(id)) * governor.quorumNumerator() / 100;
        IGovernor.ProposalState expected = (t[1] + t[2] >= quorum && t[1] > t[0])
            ? IGovernor.ProposalState.Succeeded
            : IGovernor.ProposalState.Defeated;
        return abi.encodeWithSelector(IGovernor.GovernorUnexpectedProposalState.selector, id, expected, ACTIVE_ONLY);
    }

    function _checkRevert(bytes memory err, bytes memory expectedError, string memory what) internal {
        if (expectedError.length == 0) return _mismatch(string.concat(what, " reverted, expected success"));
        if (keccak256(err) != keccak256(expectedError)) {
            return _mismatch(string.concat(what, " reverted with another error"));
        }
        ++rejectedAsExpected;
    }

    function _mismatch(string memory what) internal {
        if (mismatches == 0) firstMismatch = what;
        ++mismatches;
    }

    function _indexOf(address account) internal view returns (uint8) {
        for (uint256 i; i < ACTORS; ++i) {
            if (actors[i] == account) return uint8(i);
        }
        return NONE;
    }
}

/// Counting under random delegations, transfers, votes and overrides in any order: the tally of
/// every proposal equals an independent model, so no token is ever counted twice, and it never
/// exceeds the votes delegated at the snapshot, hence never the total supply at the snapshot.
contract MandateGovernorInvariantTest is GovernanceFixture {
    OverrideHandler internal handler;

    function setUp() public {
        _deployGovernance();
        address[6] memory actors = [
            makeAddr("actor0"),
            makeAddr("actor1"),
            makeAddr("actor2"),
            makeAddr("actor3"),
            makeAddr("actor4"),
            makeAddr("actor5")
        ];
        uint256[6] memory amounts = [uint256(1_000e18), 20_000e18, 3_500e18, 45_000e18, 7_000e18, 0];
        // actor0 → actor1 (self-delegated); actor2 self-delegated; actor3 → actor4, who has not
        // delegated; actor5 holds nothing and delegates to actor2.
        uint8[6] memory delegateTo = [1, 1, 2, 4, type(uint8).max, 2];
        for (uint256 i; i < 6; ++i) {
            if (amounts[i] != 0) _fund(actors[i], amounts[i]);
            if (delegateTo[i] != type(uint8).max) _delegate(actors[i], actors[delegateTo[i]]);
        }
        skip(1);

        handler = new OverrideHandler(token, governor, proposer, actors);
        handler.propose();

        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](6);
        selectors[0] = OverrideHandler.transfer.selector;
        selectors[1] = OverrideHandler.delegate.selector;
        selectors[2] = OverrideHandler.propose.selector;
        selectors[3] = OverrideHandler.warp.selector;
        selectors[4] = OverrideHandler.castVote.selector;
        selectors[5] = OverrideHandler.castOverride.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    // ------------------------------------------------------------------ fuzz

    /// A random sequence of 40 actions, weighted towards votes and overrides.
    function testFuzz_randomSequence_tallyMatchesModel(uint256 seed) public {
        for (uint256 i; i < 40; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 action = r % 12;
            if (action == 0) handler.transfer(r >> 8, r >> 16, r >> 24);
            else if (action == 1) handler.delegate(r >> 8, r >> 16);
            else if (action == 2) handler.propose();
            else if (action == 3) handler.warp(r >> 8);
            else if (action < 8) handler.castVote(r >> 8, r >> 16, r >> 24);
            else handler.castOverride(r >> 8, r >> 16, r >> 24);
        }
        _assertMatchesModel();
        assertGt(handler.votesCounted() + handler.overridesCounted() + handler.rejectedAsExpected(), 0);
    }

    /// Both orders, many holders: every actor overrides after their delegate voted on one
    /// proposal and before it on another; the tallies are equal and match the model.
    function testFuzz_everyoneOverrides_bothOrdersAgree(uint256 seed) public {
        handler.propose();
        uint256 first = handler.proposals(0);
        uint256 second = handler.proposals(1);
        for (uint256 a; a < 6; ++a) {
            uint256 r = uint256(keccak256(abi.encode(seed, a)));
            handler.castVote(0, a, r); // first: delegates vote first
            handler.castOverride(1, a, r >> 8); // second: holders override first
        }
        for (uint256 a; a < 6; ++a) {
            uint256 r = uint256(keccak256(abi.encode(seed, a)));
            handler.castOverride(0, a, r >> 8);
            handler.castVote(1, a, r);
        }
        _assertMatchesModel();
        (uint256 a1, uint256 f1, uint256 s1) = governor.proposalVotes(first);
        (uint256 a2, uint256 f2, uint256 s2) = governor.proposalVotes(second);
        assertEq(a1, a2, "against");
        assertEq(f1, f2, "for");
        assertEq(s1, s2, "abstain");
    }

    // ------------------------------------------------------------------ invariants

    function invariant_tallyMatchesModel() public view {
        _assertMatchesModel();
    }

    function invariant_votesNeverExceedSnapshotSupply() public view {
        for (uint256 i; i < handler.proposalCount(); ++i) {
            uint256 id = handler.proposals(i);
            (uint256 against, uint256 for_, uint256 abstain) = governor.proposalVotes(id);
            uint256 snapshot = governor.proposalSnapshot(id);
            assertLe(against + for_ + abstain, handler.delegatedAtSnapshot(id), "above delegated votes");
            assertLe(against + for_ + abstain, token.getPastTotalSupply(snapshot), "above total supply");
        }
    }

    function invariant_everyCallBehavedAsModelled() public view {
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
    }

    // ------------------------------------------------------------------ helpers

    function _assertMatchesModel() internal view {
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
        for (uint256 i; i < handler.proposalCount(); ++i) {
            uint256 id = handler.proposals(i);
            uint256[3] memory expected = handler.expectedTally(id);
            (uint256 against, uint256 for_, uint256 abstain) = governor.proposalVotes(id);
            assertEq(against, expected[0], "against");
            assertEq(for_, expected[1], "for");
            assertEq(abstain, expected[2], "abstain");
            assertLe(against + for_ + abstain, handler.delegatedAtSnapshot(id), "above delegated votes");
            assertLe(
                against + for_ + abstain,
                token.getPastTotalSupply(governor.proposalSnapshot(id)),
                "above total supply"
            );
            for (uint256 a; a < handler.ACTORS(); ++a) {
                address actor = handler.actors(a);
                assertEq(governor.hasVoted(id, actor), handler.modelVoted(id, a), "hasVoted");
                assertEq(governor.hasVotedOverride(id, actor), handler.modelOverrode(id, a), "hasVotedOverride");
            }
        }
    }
}
