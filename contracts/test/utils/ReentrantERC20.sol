// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test-only collateral that, once armed, calls back into a target during its next
/// transfer (either direction) and records how that call ended, then completes the transfer
/// normally. Lets a test prove the re-entrant call was refused by the target itself.
contract ReentrantERC20 is ERC20 {
    address public target;
    bytes public payload;
    bool public attempted;
    bool public reentered;
    bytes public revertData;

    constructor() ERC20("Reentrant", "RE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address t = target;
        if (t == address(0) || from == address(0) || to == address(0)) return;
        target = address(0); // once
        attempted = true;
        (bool ok, bytes memory ret) = t.call(payload);
        reentered = ok;
        revertData = ret;
    }
}
