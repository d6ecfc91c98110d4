// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {LMSRMath} from "../../src/libraries/LMSRMath.sol";

/// @notice Exposes LMSRMath's internal functions as external calls, unchanged, for the tests.
contract LMSRMathHarness {
    function ONE() external pure returns (uint256) {
        return LMSRMath.ONE;
    }

    function expNeg(uint256 a) external pure returns (uint256) {
        return LMSRMath.expNeg(a);
    }

    function expNegUp(uint256 a) external pure returns (uint256) {
        return LMSRMath.expNegUp(a);
    }

    function expNegDown(uint256 a) external pure returns (uint256) {
        return LMSRMath.expNegDown(a);
    }

    function ln(uint256 y) external pure returns (int256) {
        return LMSRMath.ln(y);
    }

    function lnUp(uint256 y) external pure returns (int256) {
        return LMSRMath.lnUp(y);
    }

    function lnDown(uint256 y) external pure returns (int256) {
        return LMSRMath.lnDown(y);
    }

    function initialLogSum(uint256 n) external pure returns (uint256) {
        return LMSRMath.initialLogSum(n);
    }

    function priceDown(uint256 logSum, uint256 q, uint256 b) external pure returns (uint256) {
        return LMSRMath.priceDown(logSum, q, b);
    }

    function logSumAfter(uint256 logSum, uint256 q, uint256 qNew, uint256 b) external pure returns (uint256) {
        return LMSRMath.logSumAfter(logSum, q, qNew, b);
    }

    function costOf(uint256 logSum, uint256 newLogSum, uint256 b) external pure returns (uint256) {
        return LMSRMath.costOf(logSum, newLogSum, b);
    }

    function proceedsOf(uint256 logSum, uint256 newLogSum, uint256 b) external pure returns (uint256) {
        return LMSRMath.proceedsOf(logSum, newLogSum, b);
    }

    function sharesForBudget(uint256 logSum, uint256 q, uint256 b, uint256 budget) external pure returns (uint256) {
        return LMSRMath.sharesForBudget(logSum, q, b, budget);
    }
}
