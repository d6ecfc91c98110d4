// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernorCountingOverridable} from
    "@openzeppelin/contracts/governance/extensions/GovernorCountingOverridable.sol";
import {GovernorVotesQuorumFraction} from
    "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {MandateGovernor} from "../../src/governance/MandateGovernor.sol";
import {IMandateGovernor} from "../../src/interfaces/IMandateGovernor.sol";
import {GovernanceFixture} from "./utils/GovernanceFixture.sol";

contract MandateGovernorTest is GovernanceFixture {
    // Holders and who they delegate to (set up before every proposal's snapshot):
    //   alice 10k, bob 20k, carol 30k → delegateA (60k)
    //   dave 40k → delegateB
    //   erin 50k → erin herself; grace 5k → erin (erin has 55k)
    //   frank 7k → nobody; zed 0 → delegateA
    uint256 internal constant ALICE = 10_000e18;
    uint256 internal constant BOB = 20_000e18;
    uint256 internal constant CAROL = 30_000e18;
    uint256 internal constant DAVE = 40_000e18;
    uint256 internal constant ERIN = 50_000e18;
    uint256 internal constant GRACE = 5_000e18;
    uint256 internal constant FRANK = 7_000e18;
    uint256 internal constant DELEGATE_A = ALICE + BOB + CAROL;

    address internal alice;
    uint256 internal aliceKey;
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal dave = makeAddr("dave");
    address internal erin = makeAddr("erin");
    address internal grace = makeAddr("grace");
    address internal frank = makeAddr("frank");
    address internal zed = makeAddr("zed");
    address internal delegateA = makeAddr("delegateA");
    address internal delegateB = makeAddr("delegateB");
    address internal stranger = makeAddr("stranger");

    uint256 internal proposalId;

    function setUp() public {
        (alice, aliceKey) = makeAddrAndKey("alice");
        _deployGovernance();
        _fund(alice, ALICE);
        _fund(bob, BOB);
        _fund(carol, CAROL);
        _fund(dave, DAVE);
        _fund(erin, ERIN);
        _fund(grace, GRACE);
        _fund(frank, FRANK);
        _delegate(alice, delegateA);
        _delegate(bob, delegateA);
        _delegate(carol, delegateA);
        _delegate(zed, delegateA);
        _delegate(dave, delegateB);
        _delegate(erin, erin);
        _delegate(grace, erin);
        skip(1);
        proposalId = _propose();
    }

    // ------------------------------------------------------------------ construction

    function test_constructor_setsParameters() public view {
        assertEq(governor.name(), "MandateGovernor");
        assertEq(governor.version(), "1");
        assertEq(address(governor.token()), address(token));
        assertEq(governor.timelock(), address(timelock));
        assertEq(governor.votingDelay(), VOTING_DELAY);
        assertEq(governor.votingPeriod(), VOTING_PERIOD);
        assertEq(governor.proposalThreshold(), PROPOSAL_THRESHOLD);
        assertEq(governor.quorumNumerator(), QUORUM_NUMERATOR);
        assertEq(governor.quorumDenominator(), 100);
        assertEq(governor.clock(), vm.getBlockTimestamp());
        assertEq(governor.CLOCK_MODE(), "mode=timestamp");
        assertEq(governor.COUNTING_MODE(), "support=bravo,override&quorum=for,abstain&overridable=true");
    }

    function test_constructor_revertsOnZeroVotingPeriod() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidVotingPeriod.selector, 0));
        new MandateGovernor(token, timelock, VOTING_DELAY, 0, PROPOSAL_THRESHOLD, QUORUM_NUMERATOR);
    }

    function test_constructor_revertsOnQuorumAboveHundredPercent() public {
        vm.expectRevert(
            abi.encodeWithSelector(GovernorVotesQuorumFraction.GovernorInvalidQuorumFraction.selector, 101, 100)
        );
        new MandateGovernor(token, timelock, VOTING_DELAY, VOTING_PERIOD, PROPOSAL_THRESHOLD, 101);
    }

    function test_deployment_timelockRolesAndTokenOwner() public view {
        assertTrue(timelock.hasRole(timelock.PROPOSER_ROLE(), address(governor)));
        assertTrue(timelock.hasRole(timelock.CANCELLER_ROLE(), address(governor)));
        assertTrue(timelock.hasRole(timelock.EXECUTOR_ROLE(), address(0)));
        assertTrue(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), address(timelock)));
        assertFalse(timelock.hasRole(timelock.DEFAULT_ADMIN_ROLE(), deployer));
        assertFalse(timelock.hasRole(timelock.PROPOSER_ROLE(), deployer));
        assertEq(timelock.getMinDelay(), TIMELOCK_DELAY);
        assertEq(token.owner(), address(timelock));
    }

    function test_quorum_isPercentOfSupplyAtTimepoint() public view {
        uint256 t = vm.getBlockTimestamp() - 1;
        assertEq(governor.quorum(t), token.getPastTotalSupply(t) * QUORUM_NUMERATOR / 100);
        assertEq(governor.quorum(t), 40_000e18);
    }

    // ------------------------------------------------------------------ proposing

    function test_propose_setsSnapshotAndDeadlineInSeconds() public view {
        uint256 created = START + 2;
        assertEq(governor.proposalSnapshot(proposalId), created + VOTING_DELAY);
        assertEq(governor.proposalDeadline(proposalId), created + VOTING_DELAY + VOTING_PERIOD);
        assertEq(governor.proposalProposer(proposalId), proposer);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Pending));
    }

    function test_propose_revertsBelowThreshold() public {
        _delegate(frank, frank);
        skip(1);
        address[] memory targets = new address[](1);
        targets[0] = address(token);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorInsufficientProposerVotes.selector, stranger, 0, PROPOSAL_THRESHOLD
            )
        );
        vm.prank(stranger);
        governor.propose(targets, new uint256[](1), new bytes[](1), "too small");

        // frank, self-delegated with 7k ≥ the 1k threshold, can propose.
        vm.prank(frank);
        governor.propose(targets, new uint256[](1), new bytes[](1), "big enough");
    }

    // ------------------------------------------------------------------ voting

    function test_castVote_countsDelegatedVotesAtSnapshot() public {
        _activate(proposalId);
        vm.expectEmit(address(governor));
        emit IGovernor.VoteCast(delegateA, proposalId, FOR, DELEGATE_A, "");
        assertEq(_vote(delegateA, proposalId, FOR), DELEGATE_A);
        _assertTally(proposalId, 0, DELEGATE_A, 0);
        assertTrue(governor.hasVoted(proposalId, delegateA));
    }

    function test_castVote_ignoresChangesAfterSnapshot() public {
        _activate(proposalId);
        vm.prank(alice);
        token.transfer(dave, ALICE);
        _delegate(bob, delegateB);
        assertEq(_vote(delegateA, proposalId, FOR), DELEGATE_A);
        assertEq(_vote(delegateB, proposalId, AGAINST), DAVE);
        _assertTally(proposalId, DAVE, DELEGATE_A, 0);
    }

    function test_castVote_holderWhoDelegatedCarriesNoVotes() public {
        _activate(proposalId);
        assertEq(_vote(alice, proposalId, AGAINST), 0);
        _assertTally(proposalId, 0, 0, 0);
        // Voting is not overriding: alice can still override her delegate.
        assertEq(_override(alice, proposalId, AGAINST), ALICE);
        _assertTally(proposalId, ALICE, 0, 0);
    }

    function test_castVote_revertsWhilePending() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                proposalId,
                IGovernor.ProposalState.Pending,
                ACTIVE_ONLY
            )
        );
        _vote(delegateA, proposalId, FOR);

        // The snapshot second itself is still Pending.
        vm.warp(governor.proposalSnapshot(proposalId));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                proposalId,
                IGovernor.ProposalState.Pending,
                ACTIVE_ONLY
            )
        );
        _vote(delegateA, proposalId, FOR);
        _assertTally(proposalId, 0, 0, 0);
        assertFalse(governor.hasVoted(proposalId, delegateA));
    }

    function test_castVote_acceptedUntilDeadlineInclusive() public {
        vm.warp(governor.proposalDeadline(proposalId));
        assertEq(_vote(delegateA, proposalId, FOR), DELEGATE_A);
    }

    function test_castVote_revertsAfterDeadline() public {
        _close(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                proposalId,
                IGovernor.ProposalState.Defeated,
                ACTIVE_ONLY
            )
        );
        _vote(delegateA, proposalId, FOR);
        _assertTally(proposalId, 0, 0, 0);
        assertFalse(governor.hasVoted(proposalId, delegateA));
    }

    function test_castVote_revertsOnSecondVote() public {
        _activate(proposalId);
        _vote(delegateA, proposalId, FOR);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, delegateA));
        _vote(delegateA, proposalId, AGAINST);
        _assertTally(proposalId, 0, DELEGATE_A, 0);
    }

    function test_castVote_revertsOnInvalidSupport() public {
        _activate(proposalId);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidVoteType.selector));
        _vote(delegateA, proposalId, 3);
        _assertTally(proposalId, 0, 0, 0);
        assertFalse(governor.hasVoted(proposalId, delegateA));
    }

    function test_castVote_revertsOnUnknownProposal() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorNonexistentProposal.selector, 42));
        _vote(delegateA, 42, FOR);
    }

    // ------------------------------------------------------------------ overrides: both orders

    function test_castOverride_replacesDelegateVote_delegateVotedFirst() public {
        _activate(proposalId);
        _vote(delegateA, proposalId, FOR);

        vm.expectEmit(address(governor));
        emit GovernorCountingOverridable.VoteReduced(delegateA, proposalId, FOR, ALICE);
        vm.expectEmit(address(governor));
        emit GovernorCountingOverridable.OverrideVoteCast(alice, proposalId, AGAINST, ALICE, "I disagree");
        vm.prank(alice);
        assertEq(governor.castOverrideVote(proposalId, AGAINST, "I disagree"), ALICE);

        _assertTally(proposalId, ALICE, DELEGATE_A - ALICE, 0);
        assertTrue(governor.hasVotedOverride(proposalId, alice));
        assertFalse(governor.hasVoted(proposalId, alice));
    }

    function test_castOverride_replacesDelegateVote_holderOverrodeFirst() public {
        _activate(proposalId);

        vm.expectEmit(address(governor));
        emit GovernorCountingOverridable.OverrideVoteCast(alice, proposalId, AGAINST, ALICE, "");
        assertEq(_override(alice, proposalId, AGAINST), ALICE);
        _assertTally(proposalId, ALICE, 0, 0);

        // The delegate's vote counts its snapshot votes minus what alice already took back.
        vm.expectEmit(address(governor));
        emit IGovernor.VoteCast(delegateA, proposalId, FOR, DELEGATE_A - ALICE, "");
        assertEq(_vote(delegateA, proposalId, FOR), DELEGATE_A - ALICE);

        _assertTally(proposalId, ALICE, DELEGATE_A - ALICE, 0);
    }

    function test_castOverride_bothOrdersEndInTheSameTally() public {
        uint256 second = _propose();
        _activate(second);

        // Proposal 1: delegate, then two holders.
        _vote(delegateA, proposalId, FOR);
        _override(alice, proposalId, AGAINST);
        _override(carol, proposalId, ABSTAIN);
        // Proposal 2: the holders, then the delegate.
        _override(carol, second, ABSTAIN);
        _override(alice, second, AGAINST);
        _vote(delegateA, second, FOR);

        _assertTally(proposalId, ALICE, BOB, CAROL);
        _assertTally(second, ALICE, BOB, CAROL);
    }

    function test_castOverride_sameSupportAsDelegateKeepsTally() public {
        _activate(proposalId);
        _vote(delegateA, proposalId, FOR);
        assertEq(_override(bob, proposalId, FOR), BOB);
        _assertTally(proposalId, 0, DELEGATE_A, 0);
    }

    function test_castOverride_everyDelegatorOverrides_delegateCountsNothing() public {
        _activate(proposalId);
        _override(alice, proposalId, AGAINST);
        _override(bob, proposalId, AGAINST);
        _override(carol, proposalId, ABSTAIN);
        assertEq(_vote(delegateA, proposalId, FOR), 0);
        _assertTally(proposalId, ALICE + BOB, 0, CAROL);
    }

    function test_castOverride_delegateNeverVotes_overrideStillCounts() public {
        _activate(proposalId);
        _override(bob, proposalId, FOR);
        _close(proposalId);
        _assertTally(proposalId, 0, BOB, 0);
    }

    function test_castOverride_selfDelegatedHolderMovesOnlyOwnBalance() public {
        _activate(proposalId);
        assertEq(_vote(erin, proposalId, FOR), ERIN + GRACE);
        vm.expectEmit(address(governor));
        emit GovernorCountingOverridable.VoteReduced(erin, proposalId, FOR, ERIN);
        assertEq(_override(erin, proposalId, AGAINST), ERIN);
        _assertTally(proposalId, ERIN, GRACE, 0);
        assertTrue(governor.hasVoted(proposalId, erin));
        assertTrue(governor.hasVotedOverride(proposalId, erin));
    }

    function test_castOverride_usesSnapshotBalanceAndDelegate() public {
        _activate(proposalId);
        // After the snapshot alice gives everything away and moves to delegateB: irrelevant.
        vm.prank(alice);
        token.transfer(bob, ALICE);
        _delegate(alice, delegateB);

        _vote(delegateA, proposalId, FOR);
        _vote(delegateB, proposalId, FOR);
        vm.expectEmit(address(governor));
        emit GovernorCountingOverridable.VoteReduced(delegateA, proposalId, FOR, ALICE);
        assertEq(_override(alice, proposalId, AGAINST), ALICE);
        _assertTally(proposalId, ALICE, DELEGATE_A - ALICE + DAVE, 0);
    }

    function test_castOverride_canDefeatTheDelegate() public {
        _activate(proposalId);
        _vote(delegateA, proposalId, FOR);
        _override(bob, proposalId, AGAINST);
        _override(carol, proposalId, AGAINST);
        _close(proposalId);
        _assertTally(proposalId, BOB + CAROL, ALICE, 0);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_castOverrideBySig_replacesDelegateVote() public {
        _activate(proposalId);
        _vote(delegateA, proposalId, FOR);
        bytes memory signature = _signOverride(aliceKey, proposalId, AGAINST, alice, 0, "by signature");
        vm.prank(stranger); // anyone can relay
        assertEq(governor.castOverrideVoteBySig(proposalId, AGAINST, alice, "by signature", signature), ALICE);
        _assertTally(proposalId, ALICE, DELEGATE_A - ALICE, 0);
        assertEq(governor.nonces(alice), 1);
    }

    function test_castOverrideBySig_revertsOnWrongSigner() public {
        _activate(proposalId);
        bytes memory signature = _signOverride(aliceKey, proposalId, AGAINST, bob, 0, "");
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidSignature.selector, bob));
        governor.castOverrideVoteBySig(proposalId, AGAINST, bob, "", signature);
        assertFalse(governor.hasVotedOverride(proposalId, bob));
        assertEq(governor.nonces(bob), 0);
    }

    // ------------------------------------------------------------------ overrides: reverts

    function test_castOverride_revertsOnSecondOverride() public {
        _activate(proposalId);
        _vote(delegateA, proposalId, FOR);
        _override(alice, proposalId, AGAINST);
        vm.expectRevert(
            abi.encodeWithSelector(GovernorCountingOverridable.GovernorAlreadyOverriddenVote.selector, alice)
        );
        _override(alice, proposalId, ABSTAIN);
        vm.expectRevert(
            abi.encodeWithSelector(GovernorCountingOverridable.GovernorAlreadyOverriddenVote.selector, alice)
        );
        _override(alice, proposalId, AGAINST);
        _assertTally(proposalId, ALICE, DELEGATE_A - ALICE, 0);
    }

    function test_castOverride_revertsAfterDelegateVotedAgain_noDoubleCount() public {
        _activate(proposalId);
        _override(alice, proposalId, AGAINST);
        _vote(delegateA, proposalId, FOR);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, delegateA));
        _vote(delegateA, proposalId, FOR);
        _assertTally(proposalId, ALICE, DELEGATE_A - ALICE, 0);
    }

    function test_castOverride_revertsWithoutDelegate() public {
        _activate(proposalId);
        uint256 snapshot = governor.proposalSnapshot(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMandateGovernor.MandateGovernorOverrideWithoutDelegate.selector, proposalId, frank, snapshot
            )
        );
        _override(frank, proposalId, FOR);
        _assertTally(proposalId, 0, 0, 0);
        assertFalse(governor.hasVotedOverride(proposalId, frank));
    }

    function test_castOverride_revertsWhenDelegatedOnlyAfterSnapshot() public {
        _activate(proposalId);
        _delegate(frank, delegateA);
        uint256 snapshot = governor.proposalSnapshot(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMandateGovernor.MandateGovernorOverrideWithoutDelegate.selector, proposalId, frank, snapshot
            )
        );
        _override(frank, proposalId, FOR);
    }

    function test_castOverride_revertsWithoutWeight() public {
        _activate(proposalId);
        uint256 snapshot = governor.proposalSnapshot(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMandateGovernor.MandateGovernorOverrideWithoutWeight.selector, proposalId, zed, snapshot
            )
        );
        _override(zed, proposalId, FOR);
        // A stranger never held tokens nor delegated: the delegate check comes first.
        vm.expectRevert(
            abi.encodeWithSelector(
                IMandateGovernor.MandateGovernorOverrideWithoutDelegate.selector, proposalId, stranger, snapshot
            )
        );
        _override(stranger, proposalId, FOR);
        _assertTally(proposalId, 0, 0, 0);
        assertFalse(governor.hasVotedOverride(proposalId, zed));
    }

    function test_castOverride_revertsWhenTokensArrivedAfterSnapshot() public {
        _activate(proposalId);
        _fund(zed, 1_000e18);
        uint256 snapshot = governor.proposalSnapshot(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IMandateGovernor.MandateGovernorOverrideWithoutWeight.selector, proposalId, zed, snapshot
            )
        );
        _override(zed, proposalId, FOR);
    }

    function test_castOverride_revertsWhilePending() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                proposalId,
                IGovernor.ProposalState.Pending,
                ACTIVE_ONLY
            )
        );
        _override(alice, proposalId, AGAINST);
        assertFalse(governor.hasVotedOverride(proposalId, alice));
    }

    function test_castOverride_revertsAfterDeadline() public {
        _activate(proposalId);
        _vote(delegateA, proposalId, FOR);
        _close(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernor.GovernorUnexpectedProposalState.selector,
                proposalId,
                IGovernor.ProposalState.Succeeded,
                ACTIVE_ONLY
            )
        );
        _override(alice, proposalId, AGAINST);
        _assertTally(proposalId, 0, DELEGATE_A, 0);
    }

    function test_castOverride_revertsOnInvalidSupport() public {
        _activate(proposalId);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidVoteType.selector));
        _override(alice, proposalId, 3);
        assertFalse(governor.hasVotedOverride(proposalId, alice));
    }

    function test_castOverride_revertsOnUnknownProposal() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorNonexistentProposal.selector, 42));
        _override(alice, 42, FOR);
    }

    // ------------------------------------------------------------------ lifecycle and settings

    function test_lifecycle_queuesAndExecutesThroughTimelock() public {
        _activate(proposalId);
        _vote(delegateA, proposalId, FOR); // 60k ≥ quorum 40k
        _override(alice, proposalId, AGAINST);
        _close(proposalId);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Succeeded));

        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _proposalActions();
        bytes32 descriptionHash = keccak256(bytes(_description(1)));
        governor.queue(targets, values, calldatas, descriptionHash);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Queued));
        assertEq(governor.proposalEta(proposalId), vm.getBlockTimestamp() + TIMELOCK_DELAY);

        skip(TIMELOCK_DELAY);
        uint256 supplyBefore = token.totalSupply();
        vm.prank(stranger);
        governor.execute(targets, values, calldatas, descriptionHash);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Executed));
        assertEq(token.totalSupply(), supplyBefore + 1e18);
    }

    function test_quorum_countsForAndAbstainOnly() public {
        _activate(proposalId);
        _vote(delegateB, proposalId, FOR); // 40k = quorum exactly: reached
        _close(proposalId);
        assertEq(uint8(governor.state(proposalId)), uint8(IGovernor.ProposalState.Succeeded));

        uint256 second = _propose();
        _activate(second);
        _vote(erin, second, FOR); // 55k, then erin's own 50k moves to Abstain: quorum counts it
        _override(erin, second, ABSTAIN);
        _override(dave, second, FOR); // dave delegated to B, who never votes: 40k For
        _close(second);
        _assertTally(second, 0, GRACE + DAVE, ERIN);
        assertEq(uint8(governor.state(second)), uint8(IGovernor.ProposalState.Succeeded));

        uint256 third = _propose();
        _activate(third);
        _override(alice, third, FOR); // 10k < 40k quorum
        _close(third);
        assertEq(uint8(governor.state(third)), uint8(IGovernor.ProposalState.Defeated));
    }

    function test_settings_onlyThroughGovernance() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, stranger));
        vm.prank(stranger);
        governor.setVotingPeriod(1 days);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorOnlyExecutor.selector, address(governor)));
        vm.prank(address(governor));
        governor.updateQuorumNumerator(1);
        assertEq(governor.votingPeriod(), VOTING_PERIOD);
        assertEq(governor.quorumNumerator(), QUORUM_NUMERATOR);
    }

    // ------------------------------------------------------------------ fuzz

    /// For any pair of choices, "delegate then holder" and "holder then delegate" end in the same
    /// tally, and the holder's weight is counted exactly once.
    function testFuzz_castOverride_orderDoesNotMatter(uint8 delegateSupport, uint8 holderSupport) public {
        delegateSupport = uint8(bound(delegateSupport, 0, 2));
        holderSupport = uint8(bound(holderSupport, 0, 2));
        uint256 second = _propose();
        _activate(second);

        _vote(delegateA, proposalId, delegateSupport);
        _override(bob, proposalId, holderSupport);
        _override(bob, second, holderSupport);
        _vote(delegateA, second, delegateSupport);

        uint256[3] memory expected;
        expected[delegateSupport] += DELEGATE_A - BOB;
        expected[holderSupport] += BOB;
        _assertTally(proposalId, expected[0], expected[1], expected[2]);
        _assertTally(second, expected[0], expected[1], expected[2]);
    }

    function _signOverride(
        uint256 key,
        uint256 id,
        uint8 support,
        address voter,
        uint256 nonce,
        string memory reason
    ) internal view returns (bytes memory) {
        bytes32 structHash = keccak256(
            abi.encode(governor.OVERRIDE_BALLOT_TYPEHASH(), id, support, voter, nonce, keccak256(bytes(reason)))
        );
        bytes32 domainSeparator = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("MandateGovernor"),
                keccak256("1"),
                block.chainid,
                address(governor)
            )
        );
        (uint8 v, bytes32 r, bytes32 s) =
            vm.sign(key, keccak256(abi.encodePacked("\x19\x01", domainSeparator, structHash)));
        return abi.encodePacked(r, s, v);
    }
}
