// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

/// @title IAIDelegate
/// @notice The address token holders delegate their votes to when they choose an AI delegate.
/// One instance per delegate, deployed by `IAIDelegateRegistry.register` as a minimal clone.
/// @dev The instance can do one thing: cast a vote with a reason on the registry's governor, and
/// only when the registry asks. It has no function that moves tokens, ether or approvals, no
/// fallback and no receive, and it is not upgradeable: an operator key can vote with the
/// delegated weight and can never move anyone's tokens. Tokens sent to an instance by mistake
/// stay there forever (they carry no votes, since the instance never delegates).
interface IAIDelegate {
    /// @notice `caller` is not the registry that deployed this delegate.
    error AIDelegateOnlyRegistry(address caller);

    /// @notice The registry that deployed this delegate; the only caller of `castVote`.
    function registry() external view returns (address);

    /// @notice The governor this delegate votes on.
    function governor() external view returns (IGovernor);

    /// @notice The delegate's id in the registry (stored in the clone's code); 0 on the
    /// implementation, which is no delegate.
    function delegateId() external view returns (uint256);

    /// @notice Casts this delegate's vote on `proposalId` with `reason`, through
    /// `governor.castVoteWithReason`. Only the registry; governor errors bubble up unchanged.
    /// @param support 0 = Against, 1 = For, 2 = Abstain.
    /// @return weight The weight counted, token base units (see `IGovernor.castVote`).
    function castVote(uint256 proposalId, uint8 support, string calldata reason) external returns (uint256 weight);
}
