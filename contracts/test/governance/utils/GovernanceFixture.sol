// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {GovernanceToken} from "../../../src/governance/GovernanceToken.sol";
import {MandateGovernor} from "../../../src/governance/MandateGovernor.sol";

/// Deploys the governance stack in the production order: token → timelock → governor → timelock
/// roles (governor proposes and cancels, anyone executes, the deployer renounces admin) → token
/// ownership to the timelock. Registry tests add the registry last.
abstract contract GovernanceFixture is Test {
    uint48 internal constant VOTING_DELAY = 1 days;
    uint32 internal constant VOTING_PERIOD = 7 days;
    uint256 internal constant PROPOSAL_THRESHOLD = 1_000e18;
    uint256 internal constant QUORUM_NUMERATOR = 4;
    uint256 internal constant TIMELOCK_DELAY = 2 days;
    uint256 internal constant INITIAL_SUPPLY = 1_000_000e18;
    uint256 internal constant START = 1_700_000_000;

    /// `GovernorUnexpectedProposalState`'s expected-states bitmap for "Active only".
    bytes32 internal constant ACTIVE_ONLY = bytes32(uint256(1) << uint8(IGovernor.ProposalState.Active));

    uint8 internal constant AGAINST = 0;
    uint8 internal constant FOR = 1;
    uint8 internal constant ABSTAIN = 2;

    GovernanceToken internal token;
    TimelockController internal timelock;
    MandateGovernor internal governor;

    address internal deployer = makeAddr("deployer");
    address internal treasury = makeAddr("treasury");
    address internal proposer = makeAddr("proposer");

    uint256 private _proposalNonce;

    function _deployGovernance() internal {
        vm.warp(START);
        vm.startPrank(deployer);
        token = new GovernanceToken("Mandate", "MNDT", deployer, treasury, INITIAL_SUPPLY);
        timelock = new TimelockController(TIMELOCK_DELAY, new address[](0), new address[](0), deployer);
        governor = new MandateGovernor(
            token, timelock, VOTING_DELAY, VOTING_PERIOD, PROPOSAL_THRESHOLD, QUORUM_NUMERATOR
        );
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.grantRole(timelock.CANCELLER_ROLE(), address(governor));
        timelock.grantRole(timelock.EXECUTOR_ROLE(), address(0));
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), deployer);
        token.transferOwnership(address(timelock));
        vm.stopPrank();

        _fund(proposer, PROPOSAL_THRESHOLD);
        _delegate(proposer, proposer);
        skip(1);
    }

    function _fund(address to, uint256 amount) internal {
        vm.prank(treasury);
        token.transfer(to, amount);
    }

    function _delegate(address holder, address to) internal {
        vm.prank(holder);
        token.delegate(to);
    }

    /// A proposal that mints 1 token to the treasury; each call makes a distinct proposal.
    function _proposalActions()
        internal
        view
        returns (address[] memory targets, uint256[] memory values, bytes[] memory calldatas)
    {
        targets = new address[](1);
        values = new uint256[](1);
        calldatas = new bytes[](1);
        targets[0] = address(token);
        calldatas[0] = abi.encodeCall(GovernanceToken.mint, (treasury, 1e18));
    }

    function _propose() internal returns (uint256 proposalId) {
        (address[] memory targets, uint256[] memory values, bytes[] memory calldatas) = _proposalActions();
        vm.prank(proposer);
        proposalId = governor.propose(targets, values, calldatas, _description(++_proposalNonce));
    }

    /// The description of the `nonce`-th proposal made by `_propose` (from 1).
    function _description(uint256 nonce) internal pure returns (string memory) {
        return string.concat("Mint 1 MNDT #", vm.toString(nonce));
    }

    /// Moves time to the first second in which `proposalId` accepts votes.
    function _activate(uint256 proposalId) internal {
        vm.warp(governor.proposalSnapshot(proposalId) + 1);
    }

    /// Moves time past the deadline of `proposalId`.
    function _close(uint256 proposalId) internal {
        vm.warp(governor.proposalDeadline(proposalId) + 1);
    }

    function _vote(address voter, uint256 proposalId, uint8 support) internal returns (uint256) {
        vm.prank(voter);
        return governor.castVote(proposalId, support);
    }

    function _override(address holder, uint256 proposalId, uint8 support) internal returns (uint256) {
        vm.prank(holder);
        return governor.castOverrideVote(proposalId, support, "");
    }

    function _tally(uint256 proposalId) internal view returns (uint256 against, uint256 for_, uint256 abstain) {
        return governor.proposalVotes(proposalId);
    }

    function _assertTally(uint256 proposalId, uint256 against, uint256 for_, uint256 abstain) internal view {
        (uint256 a, uint256 f, uint256 s) = governor.proposalVotes(proposalId);
        assertEq(a, against, "against");
        assertEq(f, for_, "for");
        assertEq(s, abstain, "abstain");
    }
}
