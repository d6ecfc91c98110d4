// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title MisbehavingERC20
/// @notice Test-only collateral that misbehaves on demand: transfers may return `false` without
/// moving anything, or deliver `feeBps` less than sent (a fee-on-transfer token).
contract MisbehavingERC20 is ERC20 {
    bool public returnFalse;
    uint256 public feeBps;

    constructor() ERC20("Misbehaving", "BAD") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setReturnFalse(bool value) external {
        returnFalse = value;
    }

    function setFeeBps(uint256 value) external {
        feeBps = value;
    }

    function transfer(address to, uint256 amount) public override returns (bool) {
        if (returnFalse) return false;
        return super.transfer(to, amount);
    }

    function transferFrom(address from, address to, uint256 amount) public override returns (bool) {
        if (returnFalse) return false;
        return super.transferFrom(from, to, amount);
    }

    function _update(address from, address to, uint256 amount) internal override {
        uint256 fee = (from != address(0) && to != address(0)) ? (amount * feeBps) / 10_000 : 0;
        if (fee != 0) super._update(from, address(0), fee);
        super._update(from, to, amount - fee);
    }
}
