// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {GovernorCountingOverridable} from
    "@openzeppelin/contracts/governance/extensions/GovernorCountingOverridable.sol";
import {AIDelegate} from "../../src/governance/AIDelegate.sol";
import {AIDelegateRegistry} from "../../src/governance/AIDelegateRegistry.sol";
import {IAIDelegate} from "../../src/interfaces/IAIDelegate.sol";
import {IAIDelegateRegistry} from "../../src/interfaces/IAIDelegateRegistry.sol";
import {GovernanceFixture} from "./utils/GovernanceFixture.sol";

contract AIDelegateRegistryTest is GovernanceFixture {
    uint256 internal constant ALICE = 10_000e18;
    uint256 internal constant BOB = 20_000e18;
    uint256 internal constant CAROL = 30_000e18;
    uint256 internal constant DELEGATED = ALICE + BOB + CAROL;

    bytes32 internal constant MANDATE_1 = keccak256("mandate v1: vote against treasury spends above 5%");
    bytes32 internal constant MANDATE_2 = keccak256("mandate v2: abstain on grants");
    bytes32 internal constant SUMMARY = keccak256("summary: mints 1 MNDT to the treasury");
    string internal constant URI_1 = "ipfs://bafy-mandate-1";
    string internal constant URI_2 = "ipfs://bafy-mandate-2";
    string internal constant RATIONALE = "Small mint to the treasury; within the mandate's limits.";

    AIDelegateRegistry internal registry;

    address internal owner = makeAddr("owner");
    address internal operator = makeAddr("operator");
    address internal newOperator = makeAddr("newOperator");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal stranger = makeAddr("stranger");

    uint256 internal delegateId;
    address internal instance;
    uint256 internal proposalId;

    function setUp() public {
        _deployGovernance();
        registry = new AIDelegateRegistry(governor);
        (delegateId, instance) = _register(owner, operator);

        _fund(alice, ALICE);
        _fund(bob, BOB);
        _fund(carol, CAROL);
        _delegate(alice, instance);
        _delegate(bob, instance);
        _delegate(carol, instance);
        skip(1);
        proposalId = _propose();
    }

    // ------------------------------------------------------------------ construction

    function test_constructor_deploysImplementationBoundToGovernor() public view {
        assertEq(address(registry.governor()), address(governor));
        assertEq(registry.delegateCount(), 1);
        AIDelegate implementation = AIDelegate(registry.implementation());
        assertGt(address(implementation).code.length, 0);
        assertEq(implementation.registry(), address(registry));
        assertEq(address(implementation.governor()), address(governor));
        assertEq(implementation.delegateId(), 0);
        assertEq(registry.delegateIdOf(address(implementation)), 0);
    }

    function test_constructor_revertsOnGovernorWithoutCode() public {
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryInvalidGovernor.selector, stranger));
        new AIDelegateRegistry(IGovernor(stranger));
    }

    // ------------------------------------------------------------------ register

    function test_register_deploysCloneAndRecordsEverything() public view {
        assertEq(delegateId, 1);
        // EIP-1167 clone (45 bytes) followed by the 32-byte delegate id.
        assertEq(instance.code.length, 45 + 32);
        assertEq(IAIDelegate(instance).delegateId(), 1);
        assertEq(IAIDelegate(instance).registry(), address(registry));
        assertEq(address(IAIDelegate(instance).governor()), address(governor));
        assertEq(registry.delegateIdOf(instance), 1);

        IAIDelegateRegistry.DelegateInfo memory info = registry.delegateInfo(delegateId);
        assertEq(info.instance, instance);
        assertEq(info.owner, owner);
        assertEq(info.operator, operator);
        assertEq(info.latestMandateVersion, 1);
        assertEq(info.registeredAt, START + 1);
        assertEq(info.name, "Treasury Hawk");
        assertEq(info.metadataURI, "ipfs://bafy-profile");
        assertEq(info.model, "offline-extractive-v1");

        IAIDelegateRegistry.Mandate memory m = registry.mandate(delegateId, 1);
        assertEq(m.mandateHash, MANDATE_1);
        assertEq(m.mandateURI, URI_1);
        assertEq(m.publishedAt, START + 1);
    }

    function test_register_emitsRegisteredThenMandatePublished() public {
        address predicted = vm.computeCreateAddress(address(registry), vm.getNonce(address(registry)));
        vm.expectEmit(address(registry));
        emit IAIDelegateRegistry.DelegateRegistered(
            2, predicted, stranger, newOperator, "Treasury Hawk", "ipfs://bafy-profile", "offline-extractive-v1"
        );
        vm.expectEmit(address(registry));
        emit IAIDelegateRegistry.MandatePublished(2, 1, MANDATE_1, URI_1);
        (uint256 id, address second) = _register(stranger, newOperator);
        assertEq(id, 2);
        assertEq(second, predicted);
        assertTrue(second != instance);
        assertEq(registry.delegateCount(), 2);
        assertEq(IAIDelegate(second).delegateId(), 2);
    }

    function test_register_revertsOnEmptyMandateHash() public {
        IAIDelegateRegistry.RegisterParams memory params = _params(operator);
        params.mandateHash = bytes32(0);
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryEmptyMandateHash.selector, 2));
        vm.prank(owner);
        registry.register(params);
        assertEq(registry.delegateCount(), 1);
    }

    function test_register_withoutOperatorIsPaused() public {
        (uint256 id,) = _register(owner, address(0));
        assertEq(registry.delegateInfo(id).operator, address(0));
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryNotOperator.selector, id, owner));
        vm.prank(owner);
        registry.castVote(id, proposalId, FOR, SUMMARY, 1, RATIONALE);
    }

    // ------------------------------------------------------------------ owner: operator

    function test_setOperator_ownerReplacesOperator() public {
        vm.expectEmit(address(registry));
        emit IAIDelegateRegistry.OperatorChanged(delegateId, operator, newOperator);
        vm.prank(owner);
        registry.setOperator(delegateId, newOperator);
        assertEq(registry.delegateInfo(delegateId).operator, newOperator);

        _activate(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(IAIDelegateRegistry.RegistryNotOperator.selector, delegateId, operator)
        );
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE);

        vm.prank(newOperator);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE);
        assertEq(registry.voteRecord(delegateId, proposalId).operator, newOperator);
    }

    function test_setOperator_zeroPausesTheDelegate() public {
        vm.prank(owner);
        registry.setOperator(delegateId, address(0));
        _activate(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(IAIDelegateRegistry.RegistryNotOperator.selector, delegateId, operator)
        );
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE);
        assertFalse(governor.hasVoted(proposalId, instance));
    }

    function test_setOperator_revertsForOperatorAndStrangers() public {
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryNotOwner.selector, delegateId, operator));
        vm.prank(operator);
        registry.setOperator(delegateId, operator);
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryNotOwner.selector, delegateId, stranger));
        vm.prank(stranger);
        registry.setOperator(delegateId, stranger);
        assertEq(registry.delegateInfo(delegateId).operator, operator);
    }

    function test_setOperator_revertsOnUnknownDelegate() public {
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownDelegate.selector, 0));
        vm.prank(owner);
        registry.setOperator(0, newOperator);
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownDelegate.selector, 2));
        vm.prank(owner);
        registry.setOperator(2, newOperator);
    }

    // ------------------------------------------------------------------ owner: profile

    function test_updateProfile_ownerReplacesProfile() public {
        vm.expectEmit(address(registry));
        emit IAIDelegateRegistry.ProfileUpdated(delegateId, "Hawk II", "ipfs://bafy-profile-2", "openai:gpt-4o-mini");
        vm.prank(owner);
        registry.updateProfile(delegateId, "Hawk II", "ipfs://bafy-profile-2", "openai:gpt-4o-mini");
        IAIDelegateRegistry.DelegateInfo memory info = registry.delegateInfo(delegateId);
        assertEq(info.name, "Hawk II");
        assertEq(info.metadataURI, "ipfs://bafy-profile-2");
        assertEq(info.model, "openai:gpt-4o-mini");
        assertEq(info.operator, operator);
    }

    function test_updateProfile_revertsForNonOwnerAndUnknownDelegate() public {
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryNotOwner.selector, delegateId, operator));
        vm.prank(operator);
        registry.updateProfile(delegateId, "x", "y", "z");
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownDelegate.selector, 7));
        vm.prank(owner);
        registry.updateProfile(7, "x", "y", "z");
        assertEq(registry.delegateInfo(delegateId).name, "Treasury Hawk");
    }

    // ------------------------------------------------------------------ owner: mandate

    function test_publishMandate_appendsVersion() public {
        skip(100);
        vm.expectEmit(address(registry));
        emit IAIDelegateRegistry.MandatePublished(delegateId, 2, MANDATE_2, URI_2);
        vm.prank(owner);
        assertEq(registry.publishMandate(delegateId, MANDATE_2, URI_2), 2);

        assertEq(registry.delegateInfo(delegateId).latestMandateVersion, 2);
        IAIDelegateRegistry.Mandate memory m2 = registry.mandate(delegateId, 2);
        assertEq(m2.mandateHash, MANDATE_2);
        assertEq(m2.mandateURI, URI_2);
        assertEq(m2.publishedAt, vm.getBlockTimestamp());
        IAIDelegateRegistry.Mandate memory m1 = registry.mandate(delegateId, 1);
        assertEq(m1.mandateHash, MANDATE_1);
        assertEq(m1.publishedAt, START + 1);
    }

    function test_publishMandate_revertsForOperator() public {
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryNotOwner.selector, delegateId, operator));
        vm.prank(operator);
        registry.publishMandate(delegateId, MANDATE_2, URI_2);
        assertEq(registry.delegateInfo(delegateId).latestMandateVersion, 1);
    }

    function test_publishMandate_revertsOnEmptyHash() public {
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryEmptyMandateHash.selector, delegateId));
        vm.prank(owner);
        registry.publishMandate(delegateId, bytes32(0), URI_2);
        assertEq(registry.delegateInfo(delegateId).latestMandateVersion, 1);
    }

    function test_publishMandate_revertsOnUnknownDelegate() public {
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownDelegate.selector, 2));
        vm.prank(owner);
        registry.publishMandate(2, MANDATE_2, URI_2);
    }

    function test_mandate_revertsOnUnknownVersionOrDelegate() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownMandateVersion.selector, delegateId, 0, 1)
        );
        registry.mandate(delegateId, 0);
        vm.expectRevert(
            abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownMandateVersion.selector, delegateId, 2, 1)
        );
        registry.mandate(delegateId, 2);
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownDelegate.selector, 2));
        registry.mandate(2, 1);
    }

    // ------------------------------------------------------------------ operator: vote

    function test_castVote_votesOnGovernorWithParseableReason() public {
        _activate(proposalId);
        string memory reason = string.concat(
            RATIONALE,
            "\n\n#mandate-vote v1 summary=",
            vm.toString(SUMMARY),
            " mandate=",
            vm.toString(MANDATE_1),
            " version=1"
        );
        vm.expectEmit(address(governor));
        emit IGovernor.VoteCast(instance, proposalId, FOR, DELEGATED, reason);
        vm.expectEmit(address(registry));
        emit IAIDelegateRegistry.DelegateVoteRecorded(
            delegateId, proposalId, instance, operator, FOR, DELEGATED, SUMMARY, 1, MANDATE_1, RATIONALE
        );
        vm.prank(operator);
        assertEq(registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE), DELEGATED);

        assertTrue(governor.hasVoted(proposalId, instance));
        _assertTally(proposalId, 0, DELEGATED, 0);
    }

    function test_castVote_storesDecisionRecord() public {
        _activate(proposalId);
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, AGAINST, SUMMARY, 1, RATIONALE);

        IAIDelegateRegistry.VoteRecord memory r = registry.voteRecord(delegateId, proposalId);
        assertEq(r.proposalId, proposalId);
        assertEq(r.support, AGAINST);
        assertEq(r.summaryHash, SUMMARY);
        assertEq(r.mandateVersion, 1);
        assertEq(r.mandateHash, MANDATE_1);
        assertEq(r.rationaleHash, keccak256(bytes(RATIONALE)));
        assertEq(r.operator, operator);
        assertEq(r.timestamp, vm.getBlockTimestamp());
    }

    function test_castVote_underSupersededMandateVersionIsRecordedAsSuch() public {
        vm.prank(owner);
        registry.publishMandate(delegateId, MANDATE_2, URI_2);
        _activate(proposalId);
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, ABSTAIN, SUMMARY, 1, "decided before v2");
        IAIDelegateRegistry.VoteRecord memory r = registry.voteRecord(delegateId, proposalId);
        assertEq(r.mandateVersion, 1);
        assertEq(r.mandateHash, MANDATE_1);
    }

    function test_castVote_uriAsRationale() public {
        _activate(proposalId);
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, "ipfs://bafy-rationale");
        assertEq(registry.voteRecord(delegateId, proposalId).rationaleHash, keccak256("ipfs://bafy-rationale"));
    }

    function test_castVote_revertsForNonOperator() public {
        _activate(proposalId);
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryNotOperator.selector, delegateId, owner));
        vm.prank(owner);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE);
        vm.expectRevert(
            abi.encodeWithSelector(IAIDelegateRegistry.RegistryNotOperator.selector, delegateId, stranger)
        );
        vm.prank(stranger);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE);
        _assertNoVote();
    }

    function test_castVote_revertsOnUnknownDelegate() public {
        _activate(proposalId);
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownDelegate.selector, 2));
        vm.prank(operator);
        registry.castVote(2, proposalId, FOR, SUMMARY, 1, RATIONALE);
    }

    function test_castVote_revertsOnUnknownMandateVersion() public {
        _activate(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownMandateVersion.selector, delegateId, 0, 1)
        );
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 0, RATIONALE);
        vm.expectRevert(
            abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownMandateVersion.selector, delegateId, 2, 1)
        );
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 2, RATIONALE);
        _assertNoVote();
    }

    function test_castVote_revertsOnEmptySummaryHash() public {
        _activate(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(IAIDelegateRegistry.RegistryEmptySummaryHash.selector, delegateId, proposalId)
        );
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, FOR, bytes32(0), 1, RATIONALE);
        _assertNoVote();
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
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE);
        _assertNoVote();
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
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE);
        _assertNoVote();
    }

    function test_castVote_revertsOnSecondVote() public {
        _activate(proposalId);
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE);
        uint256 recordedAt = vm.getBlockTimestamp();
        skip(1 hours);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorAlreadyCastVote.selector, instance));
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, AGAINST, SUMMARY, 1, "changed my mind");

        IAIDelegateRegistry.VoteRecord memory r = registry.voteRecord(delegateId, proposalId);
        assertEq(r.support, FOR);
        assertEq(r.timestamp, recordedAt);
        _assertTally(proposalId, 0, DELEGATED, 0);
    }

    function test_castVote_revertsOnInvalidSupport() public {
        _activate(proposalId);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorInvalidVoteType.selector));
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, 3, SUMMARY, 1, RATIONALE);
        _assertNoVote();
    }

    function test_castVote_revertsOnUnknownProposal() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorNonexistentProposal.selector, 42));
        vm.prank(operator);
        registry.castVote(delegateId, 42, FOR, SUMMARY, 1, RATIONALE);
    }

    // ------------------------------------------------------------------ holders override the AI

    function test_castOverride_replacesAIVote_aiVotedFirst() public {
        _activate(proposalId);
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE);

        vm.expectEmit(address(governor));
        emit GovernorCountingOverridable.VoteReduced(instance, proposalId, FOR, BOB);
        assertEq(_override(bob, proposalId, AGAINST), BOB);
        _assertTally(proposalId, BOB, ALICE + CAROL, 0);
    }

    function test_castOverride_replacesAIVote_holderOverrodeFirst() public {
        _activate(proposalId);
        _override(bob, proposalId, AGAINST);
        vm.expectEmit(address(registry));
        emit IAIDelegateRegistry.DelegateVoteRecorded(
            delegateId, proposalId, instance, operator, FOR, ALICE + CAROL, SUMMARY, 1, MANDATE_1, RATIONALE
        );
        vm.prank(operator);
        assertEq(registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE), ALICE + CAROL);
        _assertTally(proposalId, BOB, ALICE + CAROL, 0);
    }

    // ------------------------------------------------------------------ the instance itself

    function test_aiDelegate_castVote_revertsUnlessRegistry() public {
        _activate(proposalId);
        address[3] memory callers = [operator, owner, stranger];
        for (uint256 i; i < 3; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IAIDelegate.AIDelegateOnlyRegistry.selector, callers[i]));
            vm.prank(callers[i]);
            IAIDelegate(instance).castVote(proposalId, FOR, "direct");
        }
        _assertNoVote();
    }

    function test_aiDelegate_operatorCannotMoveTokens() public {
        _fund(instance, 1_000e18); // sent by mistake: it stays there
        bytes[4] memory calls = [
            abi.encodeCall(IERC20.transfer, (operator, 1_000e18)),
            abi.encodeCall(IERC20.approve, (operator, type(uint256).max)),
            abi.encodeCall(IERC20.transferFrom, (instance, operator, 1_000e18)),
            abi.encodeCall(IVotes.delegate, (operator))
        ];
        for (uint256 i; i < calls.length; ++i) {
            vm.prank(operator);
            (bool ok,) = instance.call(calls[i]);
            assertFalse(ok);
        }
        vm.deal(operator, 1 ether);
        vm.prank(operator);
        (bool sent,) = instance.call{value: 1 ether}("");
        assertFalse(sent);

        assertEq(token.balanceOf(instance), 1_000e18);
        assertEq(token.allowance(instance, operator), 0);
        assertEq(token.delegates(instance), address(0));
        assertEq(token.getVotes(instance), DELEGATED);
    }

    function test_aiDelegate_implementationCannotVote() public {
        _activate(proposalId);
        address implementation = registry.implementation();
        vm.expectRevert(abi.encodeWithSelector(IAIDelegate.AIDelegateOnlyRegistry.selector, operator));
        vm.prank(operator);
        IAIDelegate(implementation).castVote(proposalId, FOR, "");
    }

    // ------------------------------------------------------------------ operator: pending decisions

    function test_recordPendingDecision_recordsWhilePending() public {
        vm.expectEmit(address(registry));
        emit IAIDelegateRegistry.PendingDecisionRecorded(
            delegateId, proposalId, instance, operator, 0, SUMMARY, 1, MANDATE_1, "asked the holders"
        );
        vm.prank(operator);
        registry.recordPendingDecision(delegateId, proposalId, 0, SUMMARY, 1, "asked the holders");

        IAIDelegateRegistry.PendingDecision memory p = registry.pendingDecision(delegateId, proposalId);
        assertEq(p.proposalId, proposalId);
        assertEq(p.reasonCode, 0);
        assertEq(p.summaryHash, SUMMARY);
        assertEq(p.mandateVersion, 1);
        assertEq(p.mandateHash, MANDATE_1);
        assertEq(p.noteHash, keccak256("asked the holders"));
        assertEq(p.operator, operator);
        assertEq(p.timestamp, vm.getBlockTimestamp());
        _assertNoVote();
    }

    function test_recordPendingDecision_laterRecordReplacesThenVoteAllowed() public {
        vm.prank(operator);
        registry.recordPendingDecision(delegateId, proposalId, 0, SUMMARY, 1, "asked the holders");
        vm.prank(owner);
        registry.publishMandate(delegateId, MANDATE_2, URI_2);
        _activate(proposalId);
        bytes32 newSummary = keccak256("summary v2");
        vm.prank(operator);
        registry.recordPendingDecision(delegateId, proposalId, 3, newSummary, 2, "text does not match actions");

        IAIDelegateRegistry.PendingDecision memory p = registry.pendingDecision(delegateId, proposalId);
        assertEq(p.reasonCode, 3);
        assertEq(p.summaryHash, newSummary);
        assertEq(p.mandateVersion, 2);
        assertEq(p.mandateHash, MANDATE_2);
        assertEq(p.timestamp, vm.getBlockTimestamp());

        vm.prank(operator);
        registry.castVote(delegateId, proposalId, AGAINST, newSummary, 2, "holders answered: against");
        assertEq(registry.voteRecord(delegateId, proposalId).support, AGAINST);
    }

    function test_recordPendingDecision_revertsAfterVote() public {
        _activate(proposalId);
        vm.prank(operator);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE);
        vm.expectRevert(
            abi.encodeWithSelector(IAIDelegateRegistry.RegistryAlreadyVoted.selector, delegateId, proposalId)
        );
        vm.prank(operator);
        registry.recordPendingDecision(delegateId, proposalId, 0, SUMMARY, 1, "");
        assertEq(registry.pendingDecision(delegateId, proposalId).timestamp, 0);
    }

    function test_recordPendingDecision_revertsOnClosedProposal() public {
        _close(proposalId);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAIDelegateRegistry.RegistryProposalNotOpen.selector, proposalId, IGovernor.ProposalState.Defeated
            )
        );
        vm.prank(operator);
        registry.recordPendingDecision(delegateId, proposalId, 0, SUMMARY, 1, "");
        assertEq(registry.pendingDecision(delegateId, proposalId).timestamp, 0);
    }

    function test_recordPendingDecision_revertsOnUnknownProposal() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorNonexistentProposal.selector, 42));
        vm.prank(operator);
        registry.recordPendingDecision(delegateId, 42, 0, SUMMARY, 1, "");
    }

    function test_recordPendingDecision_revertsOnAccessAndInputErrors() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAIDelegateRegistry.RegistryNotOperator.selector, delegateId, owner)
        );
        vm.prank(owner);
        registry.recordPendingDecision(delegateId, proposalId, 0, SUMMARY, 1, "");

        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownDelegate.selector, 9));
        vm.prank(operator);
        registry.recordPendingDecision(9, proposalId, 0, SUMMARY, 1, "");

        vm.expectRevert(
            abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownMandateVersion.selector, delegateId, 2, 1)
        );
        vm.prank(operator);
        registry.recordPendingDecision(delegateId, proposalId, 0, SUMMARY, 2, "");

        vm.expectRevert(
            abi.encodeWithSelector(IAIDelegateRegistry.RegistryEmptySummaryHash.selector, delegateId, proposalId)
        );
        vm.prank(operator);
        registry.recordPendingDecision(delegateId, proposalId, 0, bytes32(0), 1, "");

        assertEq(registry.pendingDecision(delegateId, proposalId).timestamp, 0);
    }

    // ------------------------------------------------------------------ views

    function test_views_emptyRecordsAndUnknownDelegates() public {
        assertEq(registry.voteRecord(delegateId, proposalId).timestamp, 0);
        assertEq(registry.voteRecord(delegateId, proposalId).proposalId, 0);
        assertEq(registry.pendingDecision(delegateId, proposalId).timestamp, 0);
        assertEq(registry.delegateIdOf(stranger), 0);

        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownDelegate.selector, 2));
        registry.delegateInfo(2);
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownDelegate.selector, 2));
        registry.voteRecord(2, proposalId);
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryUnknownDelegate.selector, 2));
        registry.pendingDecision(2, proposalId);
    }

    function test_formatVoteReason_v1Layout() public view {
        assertEq(
            registry.formatVoteReason("Fits the mandate.", bytes32(uint256(1)), bytes32(type(uint256).max), 12),
            "Fits the mandate.\n\n#mandate-vote v1 summary=0x0000000000000000000000000000000000000000000000000000000000000001 mandate=0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff version=12"
        );
        assertEq(
            registry.formatVoteReason("", bytes32(0), bytes32(0), 0),
            "\n\n#mandate-vote v1 summary=0x0000000000000000000000000000000000000000000000000000000000000000 mandate=0x0000000000000000000000000000000000000000000000000000000000000000 version=0"
        );
    }

    // ------------------------------------------------------------------ fuzz

    /// The reason is the rationale followed by a trailer built exactly as the cheatcodes format
    /// hashes (lowercase 0x-hex, 64 digits) and numbers (decimal).
    function testFuzz_formatVoteReason_matchesReference(
        string calldata rationale,
        bytes32 summaryHash,
        bytes32 mandateHash,
        uint256 version
    ) public view {
        string memory expected = string.concat(
            rationale,
            "\n\n#mandate-vote v1 summary=",
            vm.toLowercase(vm.toString(summaryHash)),
            " mandate=",
            vm.toLowercase(vm.toString(mandateHash)),
            " version=",
            vm.toString(version)
        );
        string memory reason = registry.formatVoteReason(rationale, summaryHash, mandateHash, version);
        assertEq(reason, expected);
        // Fixed-width trailer: 27 + 66 + 9 + 66 + 9 characters before the version digits.
        assertEq(bytes(reason).length, bytes(rationale).length + 177 + bytes(vm.toString(version)).length);
    }

    /// Only the current operator can vote, whoever else calls.
    function testFuzz_castVote_onlyOperator(address caller) public {
        vm.assume(caller != operator);
        _activate(proposalId);
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryNotOperator.selector, delegateId, caller));
        vm.prank(caller);
        registry.castVote(delegateId, proposalId, FOR, SUMMARY, 1, RATIONALE);
        _assertNoVote();
    }

    /// Only the owner can publish, and versions count up from 2 without gaps.
    function testFuzz_publishMandate_onlyOwnerAppends(address caller, uint8 count) public {
        vm.assume(caller != owner);
        vm.expectRevert(abi.encodeWithSelector(IAIDelegateRegistry.RegistryNotOwner.selector, delegateId, caller));
        vm.prank(caller);
        registry.publishMandate(delegateId, MANDATE_2, URI_2);

        count = uint8(bound(count, 1, 20));
        for (uint256 i; i < count; ++i) {
            vm.prank(owner);
            assertEq(registry.publishMandate(delegateId, keccak256(abi.encode(i)), URI_2), i + 2);
        }
        assertEq(registry.delegateInfo(delegateId).latestMandateVersion, uint256(count) + 1);
        assertEq(registry.mandate(delegateId, uint256(count) + 1).mandateHash, keccak256(abi.encode(count - 1)));
    }

    // ------------------------------------------------------------------ helpers

    function _params(address operator_) internal pure returns (IAIDelegateRegistry.RegisterParams memory) {
        return IAIDelegateRegistry.RegisterParams({
            operator: operator_,
            name: "Treasury Hawk",
            metadataURI: "ipfs://bafy-profile",
            model: "offline-extractive-v1",
            mandateHash: MANDATE_1,
            mandateURI: URI_1
        });
    }

    function _register(address owner_, address operator_) internal returns (uint256 id, address instance_) {
        vm.prank(owner_);
        return registry.register(_params(operator_));
    }

    function _assertNoVote() internal view {
        assertFalse(governor.hasVoted(proposalId, instance));
        assertEq(registry.voteRecord(delegateId, proposalId).timestamp, 0);
        _assertTally(proposalId, 0, 0, 0);
    }
}
