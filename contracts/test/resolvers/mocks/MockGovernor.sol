// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

/// @notice Test-only governor: the minimum `GovernorResolver` reads (`state`, `proposalDeadline`,
/// `CLOCK_MODE`), with every proposal's state and deadline set by the test.
contract MockGovernor {
    error MockGovernorUnknownProposal(uint256 proposalId);

    struct Proposal {
        bool exists;
        IGovernor.ProposalState state;
        uint256 deadline;
    }

    mapping(uint256 proposalId => Proposal) private _proposals;

    /// @dev Default: a governor on a timestamp clock (ERC-6372).
    string public CLOCK_MODE = "mode=timestamp";

    function setProposal(uint256 proposalId, IGovernor.ProposalState state_, uint256 deadline) external {
        _proposals[proposalId] = Proposal({exists: true, state: state_, deadline: deadline});
    }

    function setState(uint256 proposalId, IGovernor.ProposalState state_) external {
        _proposals[proposalId].state = state_;
    }

    function setClockMode(string calldata mode) external {
        CLOCK_MODE = mode;
    }

    /// @dev Reverts for unknown proposals, as OpenZeppelin's `Governor.state` does.
    function state(uint256 proposalId) external view returns (IGovernor.ProposalState) {
        Proposal storage p = _proposals[proposalId];
        if (!p.exists) revert MockGovernorUnknownProposal(proposalId);
        return p.state;
    }

    /// @dev 0 for unknown proposals, as OpenZeppelin's `Governor.proposalDeadline` returns.
    function proposalDeadline(uint256 proposalId) external view returns (uint256) {
        return _proposals[proposalId].deadline;
    }
}

/// @notice A pre-ERC-6372 governor: no `CLOCK_MODE` at all.
contract ClocklessGovernor {
    function state(uint256) external pure returns (IGovernor.ProposalState) {
        return IGovernor.ProposalState.Active;
    }

    function proposalDeadline(uint256) external pure returns (uint256) {
        return 0;
    }
}
