// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IAIDelegate} from "../interfaces/IAIDelegate.sol";

/// @title AIDelegate
/// @notice The voting address of one AI delegate. See `IAIDelegate`.
/// @dev Deployed once by the registry as the implementation; each delegate is an EIP-1167 clone
/// of it with `abi.encode(delegateId)` appended to the clone's code (OZ `Clones` immutable
/// args). The registry and governor are immutables of the implementation, so every clone shares
/// them and a clone has no storage at all.
contract AIDelegate is IAIDelegate {
    /// @inheritdoc IAIDelegate
    address public immutable registry;

    /// @inheritdoc IAIDelegate
    IGovernor public immutable governor;

    /// @dev The implementation's own address: clones run its code at another address.
    address private immutable _implementation;

    /// @param governor_ The governor every clone votes on. The deployer becomes the registry.
    constructor(IGovernor governor_) {
        registry = msg.sender;
        governor = governor_;
        _implementation = address(this);
    }

    /// @inheritdoc IAIDelegate
    /// @dev 0 on the implementation itself, which is no delegate (ids start at 1).
    function delegateId() external view returns (uint256) {
        if (address(this) == _implementation) return 0;
        return abi.decode(Clones.fetchCloneArgs(address(this)), (uint256));
    }

    /// @inheritdoc IAIDelegate
    function castVote(uint256 proposalId, uint8 support, string calldata reason) external returns (uint256 weight) {
        if (msg.sender != registry) revert AIDelegateOnlyRegistry(msg.sender);
        return governor.castVoteWithReason(proposalId, support, reason);
    }
}
