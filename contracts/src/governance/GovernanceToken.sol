// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20Votes} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Votes.sol";
import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {VotesExtended} from "@openzeppelin/contracts/governance/utils/VotesExtended.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IERC6372} from "@openzeppelin/contracts/interfaces/IERC6372.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {Time} from "@openzeppelin/contracts/utils/types/Time.sol";
import {IGovernanceToken} from "../interfaces/IGovernanceToken.sol";

/// @title GovernanceToken
/// @notice Mandate's ERC-20 votes token with a timestamp clock and checkpointed delegations and
/// balances. See `IGovernanceToken`.
/// @dev Composition: `ERC20Votes` moves votes after every balance change, and `VotesExtended`
/// checkpoints each account's delegate and balance (it runs after `ERC20._update` has written
/// the balances, as `VotesExtended` requires). `ERC20Permit` shares its nonces with
/// `delegateBySig`.
contract GovernanceToken is ERC20, ERC20Permit, ERC20Votes, VotesExtended, Ownable, IGovernanceToken {
    /// @param name_ ERC-20 name; also the EIP-712 domain name of permits and delegation signatures.
    /// @param symbol_ ERC-20 symbol.
    /// @param initialOwner The only account allowed to `mint`; transfer it to the timelock.
    /// @param initialRecipient Receives `initialSupply`; it holds no votes until it delegates. Must
    /// not be zero (`ERC20InvalidReceiver`), even when `initialSupply` is.
    /// @param initialSupply Base units minted at deployment; may be zero.
    constructor(
        string memory name_,
        string memory symbol_,
        address initialOwner,
        address initialRecipient,
        uint256 initialSupply
    ) ERC20(name_, symbol_) ERC20Permit(name_) Ownable(initialOwner) {
        _mint(initialRecipient, initialSupply);
    }

    /// @inheritdoc IGovernanceToken
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice The current timepoint: `block.timestamp` in seconds (ERC-6372).
    function clock() public view override(IERC6372, Votes) returns (uint48) {
        return Time.timestamp();
    }

    /// @notice Always `"mode=timestamp"` (ERC-6372).
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override(IERC6372, Votes) returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc IGovernanceToken
    function getPastDelegate(address account, uint256 timepoint)
        public
        view
        override(IGovernanceToken, VotesExtended)
        returns (address)
    {
        return super.getPastDelegate(account, timepoint);
    }

    /// @inheritdoc IGovernanceToken
    function getPastBalanceOf(address account, uint256 timepoint)
        public
        view
        override(IGovernanceToken, VotesExtended)
        returns (uint256)
    {
        return super.getPastBalanceOf(account, timepoint);
    }

    /// @notice The next nonce of `owner`, shared by `permit` and `delegateBySig`.
    function nonces(address owner) public view override(IERC20Permit, ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20Votes) {
        super._update(from, to, value);
    }

    function _delegate(address account, address delegatee) internal override(Votes, VotesExtended) {
        super._delegate(account, delegatee);
    }

    function _transferVotingUnits(address from, address to, uint256 amount)
        internal
        override(Votes, VotesExtended)
    {
        super._transferVotingUnits(from, to, amount);
    }
}
