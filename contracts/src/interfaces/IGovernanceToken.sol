// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC5805} from "@openzeppelin/contracts/interfaces/IERC5805.sol";

/// @title IGovernanceToken
/// @notice Mandate's governance token: an ERC-20 with EIP-2612 permits and ERC-5805 votes, whose
/// past delegations and past balances are readable so that `MandateGovernor` can let a holder
/// override the vote of the delegate they chose.
/// @dev Units: token amounts and votes are base units (18 decimals); one token base unit is one
/// vote once delegated. Undelegated tokens carry no votes (delegate to yourself to vote directly).
/// Total supply is capped at 2^208 − 1 (OZ `ERC20Votes`; exceeding it reverts with
/// `ERC20ExceededSafeSupply`).
///
/// Clock (ERC-6372): timestamps. `clock()` is `block.timestamp` (as uint48) and `CLOCK_MODE()` is
/// `"mode=timestamp"`; every "timepoint" below is a Unix time in seconds. A lookup at timepoint
/// `t` returns the value at the end of second `t` and requires `t < clock()` (otherwise
/// `ERC5805FutureLookup(t, clock())`).
///
/// Supply: the constructor mints an initial supply to one recipient; afterwards only the owner
/// (`Ownable`, one-step transfer) can mint. The owner is meant to be the DAO's timelock, so new
/// tokens are issued only by an executed governance proposal. Nobody can burn another account's
/// tokens or move them without an allowance or permit.
interface IGovernanceToken is IERC20, IERC20Metadata, IERC20Permit, IERC5805 {
    /// @notice Mints `amount` base units to `to`. Only the owner (the timelock, in production).
    /// @dev Reverts with `OwnableUnauthorizedAccount(caller)` for anyone else,
    /// `ERC20InvalidReceiver(address(0))` when `to` is zero, and `ERC20ExceededSafeSupply` when the
    /// total supply would exceed 2^208 − 1. The minted votes go to `to`'s current delegate.
    /// @param to Recipient of the new tokens.
    /// @param amount Base units to mint.
    function mint(address to, uint256 amount) external;

    /// @notice The delegate `account` had at the end of second `timepoint`; `address(0)` when it
    /// had not delegated (or had delegated to `address(0)`).
    /// @param timepoint Unix time in seconds, strictly before `clock()`.
    function getPastDelegate(address account, uint256 timepoint) external view returns (address);

    /// @notice The token balance of `account` at the end of second `timepoint`, base units.
    /// @param timepoint Unix time in seconds, strictly before `clock()`.
    function getPastBalanceOf(address account, uint256 timepoint) external view returns (uint256);
}
