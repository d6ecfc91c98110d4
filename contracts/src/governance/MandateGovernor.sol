// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {VotesExtended} from "@openzeppelin/contracts/governance/utils/VotesExtended.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorCountingOverridable} from
    "@openzeppelin/contracts/governance/extensions/GovernorCountingOverridable.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from
    "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {IMandateGovernor} from "../interfaces/IMandateGovernor.sol";

/// @title MandateGovernor
/// @notice Mandate's DAO governor: OpenZeppelin's Governor assembled from its standard parts, with
/// overridable delegated votes and a timelock. See `IMandateGovernor` for the override rules.
/// @dev The token must be a `VotesExtended` token with a timestamp clock (`GovernanceToken`).
/// The only behaviour added to the OZ parts is the refusal of empty overrides in
/// `_countOverride`; everything else is resolution of the inheritance graph.
contract MandateGovernor is
    IMandateGovernor,
    Governor,
    GovernorSettings,
    GovernorCountingOverridable,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl
{
    /// @param token_ The votes token; must implement `VotesExtended` (`getPastDelegate`,
    /// `getPastBalanceOf`).
    /// @param timelock_ The OZ `TimelockController` that queues and executes proposals. This
    /// governor needs its PROPOSER_ROLE and CANCELLER_ROLE.
    /// @param votingDelay_ Seconds between `propose` and the snapshot; voting opens one second
    /// after the snapshot.
    /// @param votingPeriod_ Seconds of voting after the snapshot; must be > 0.
    /// @param proposalThreshold_ Votes (token base units) a proposer needs one second before
    /// proposing.
    /// @param quorumNumerator_ Quorum in percent of the total supply at the snapshot, 0–100.
    constructor(
        IVotes token_,
        TimelockController timelock_,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 proposalThreshold_,
        uint256 quorumNumerator_
    )
        Governor("MandateGovernor")
        GovernorSettings(votingDelay_, votingPeriod_, proposalThreshold_)
        GovernorVotes(token_)
        GovernorVotesQuorumFraction(quorumNumerator_)
        GovernorTimelockControl(timelock_)
    {}

    // ---------------------------------------------------------------- override rules

    /// @dev Refuses overrides with nothing to override, then counts as OZ does. The checks run
    /// before OZ's, so an empty override with an invalid support reports the empty override.
    function _countOverride(uint256 proposalId, address account, uint8 support)
        internal
        override
        returns (uint256)
    {
        uint256 snapshot = proposalSnapshot(proposalId);
        VotesExtended votes = VotesExtended(address(token()));
        if (votes.getPastDelegate(account, snapshot) == address(0)) {
            revert MandateGovernorOverrideWithoutDelegate(proposalId, account, snapshot);
        }
        if (votes.getPastBalanceOf(account, snapshot) == 0) {
            revert MandateGovernorOverrideWithoutWeight(proposalId, account, snapshot);
        }
        return super._countOverride(proposalId, account, support);
    }

    // ---------------------------------------------------------------- inheritance resolution

    function votingDelay() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingDelay();
    }

    function votingPeriod() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.votingPeriod();
    }

    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    function quorum(uint256 timepoint) public view override(Governor, GovernorVotesQuorumFraction) returns (uint256) {
        return super.quorum(timepoint);
    }

    function state(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (ProposalState)
    {
        return super.state(proposalId);
    }

    function proposalNeedsQueuing(uint256 proposalId)
        public
        view
        override(Governor, GovernorTimelockControl)
        returns (bool)
    {
        return super.proposalNeedsQueuing(proposalId);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
