// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title LMSRMath
/// @notice Fixed-point arithmetic of the logarithmic market scoring rule with O(1) work per trade.
/// @dev Every value named `x128` is an unsigned fixed-point number with 128 fractional bits
/// (1.0 == 2^128), so one unit in the last place (ulp) is 2^-128 ≈ 2.9e-39.
///
/// The market keeps `L = ln Σ_j exp(q_j / b)` (the "log-sum", X128) next to every outcome's share
/// supply `q_j`. The price of outcome i is `exp(q_i/b − L)`, and a trade that moves one supply
/// from `q` to `q'` moves the log-sum to `L' = L + ln(1 + exp(q'/b − L) − exp(q/b − L))`:
/// it reads one supply and `L`, whatever the number of outcomes.
///
/// Rounding: `exp` and `ln` are evaluated to within a few ulps (measured and bounded in the
/// differential tests of `packages/lmsr`), then widened by `EXP_ERR` / `LN_ERR` ulps in the
/// direction that favours the market. The stored log-sum therefore never falls below the exact
/// `ln Σ exp(q_j/b)`, buys charge `ceil(b·ΔL)` and sells pay `floor(b·|ΔL|)`, which keeps the
/// collateral at or above `b·L ≥ max_j q_j` (every winning share can be paid).
///
/// This file is mirrored operation for operation by `packages/lmsr/src/math.ts`; change both.
library LMSRMath {
    /// @dev 1.0 in X128.
    uint256 internal constant ONE = 1 << 128;
    /// @dev ln 2 with 192 fractional bits, rounded down.
    uint256 internal constant LN2_X192 = 4350955369971217654477563090224794165364344896676135745069;
    /// @dev sqrt 2 in X128, rounded down.
    uint256 internal constant SQRT2_X128 = 481231938336009023090067544955250113854;
    /// @dev exp(-a) < 2^-128 for a ≥ 90: below one ulp.
    uint256 internal constant EXP_ZERO_BOUND = 90 << 128;
    /// @dev Ulps added to or taken from `expNeg` to obtain a certain upper or lower bound.
    uint256 internal constant EXP_ERR = 16;
    /// @dev Ulps added to or taken from `ln` to obtain a certain upper or lower bound.
    uint256 internal constant LN_ERR = 16;
    /// @dev Largest log-sum a market may reach (X128): 50, so q_i/b ≤ 50 for every outcome.
    /// Beyond it the other outcomes' weights, e^(q_j/b − L) ≥ e^-50 ≈ 2e-22, would no longer be
    /// resolved to 1e-15 by the X128 log-sum (one ulp is 2^-128 ≈ e^-88.7), and a trader selling
    /// back from there would pay for the lost precision (measured: a round trip to q/b = 100 and
    /// back loses 14.6·b). Reaching the cap costs about 50·b and prices an outcome at 1 − 1e-21.
    uint256 internal constant MAX_LOG_SUM = 50 << 128;
    // Series lengths, unrolled below: 32 Taylor terms of exp(-r), r ∈ [0, ln 2), and powers of s²
    // up to 26 in atanh, |s| ≤ 0.1716: each truncation error is below 2^-130.
    uint256 private constant ATANH_TERMS = 26;

    /// @notice exp(-a), approximated to within a few ulps (not directed).
    /// @param a Exponent magnitude, X128, any value ≥ 0.
    /// @return Result in X128, in [0, ONE].
    function expNeg(uint256 a) internal pure returns (uint256) {
        if (a >= EXP_ZERO_BOUND) return 0;
        unchecked {
            // a < 90·2^128, so a << 64 < 2^199 and k < 130: no overflow below.
            uint256 a192 = a << 64;
            uint256 k = a192 / LN2_X192;
            // r = a − k·ln2 ∈ [0, ln2), X128, rounded down.
            uint256 r = (a192 - k * LN2_X192) >> 64;
            // Horner form of Σ (−r)^i / i!; acc stays in (0, ONE], so acc·r < 2^256.
            uint256 acc = ONE;
            // Unrolled Horner steps i = 32..1: acc = ONE − (acc·r >> 128) / i.
            /// @solidity memory-safe-assembly
            assembly {
                acc := sub(ONE, div(shr(128, mul(acc, r)), 32))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 31))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 30))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 29))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 28))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 27))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 26))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 25))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 24))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 23))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 22))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 21))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 20))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 19))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 18))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 17))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 16))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 15))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 14))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 13))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 12))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 11))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 10))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 9))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 8))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 7))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 6))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 5))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 4))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 3))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 2))
                acc := sub(ONE, div(shr(128, mul(acc, r)), 1))
            }
            return acc >> k;
        }
    }

    /// @notice An upper bound of exp(-a), never below one ulp and never above ONE.
    function expNegUp(uint256 a) internal pure returns (uint256) {
        uint256 e = expNeg(a) + EXP_ERR;
        return e > ONE ? ONE : e;
    }

    /// @notice A lower bound of exp(-a), never below zero.
    function expNegDown(uint256 a) internal pure returns (uint256) {
        uint256 e = expNeg(a);
        unchecked {
            return e > EXP_ERR ? e - EXP_ERR : 0;
        }
    }

    /// @notice Natural logarithm, approximated to within a few ulps (not directed).
    /// @param y Argument in X128, 0 < y < 2^255.
    /// @return Result in signed X128.
    function ln(uint256 y) internal pure returns (int256) {
        unchecked {
            // Reduce y = 2^k · m with m ∈ [1, 2), then m ∈ [√2/2, √2) through c ∈ {1, 2}.
            int256 k = int256(_log2(y)) - 128;
            uint256 m = k >= 0 ? y >> uint256(k) : y << uint256(-k);
            uint256 c = ONE;
            if (m > SQRT2_X128) {
                c = 2 * ONE;
                ++k;
            }
            // ln(m/c) = 2·atanh(s), s = (m − c) / (m + c), |s| ≤ 0.1716.
            bool negative = m < c;
            uint256 sAbs = ((negative ? c - m : m - c) << 128) / (m + c);
            uint256 s2 = (sAbs * sAbs) >> 128;
            // Unrolled Horner steps j = 26..1: acc = ONE / (2j − 1) + (acc·s² >> 128),
            // starting from ONE / 53; the constants are floor(2^128 / (2j − 1)).
            uint256 acc = ONE / (2 * ATANH_TERMS + 1);
            /// @solidity memory-safe-assembly
            assembly {
                acc := add(6672203272959577714968129557485651205, shr(128, mul(acc, s2))) // ONE / 51
                acc := add(6944538100427315580885196070036085948, shr(128, mul(acc, s2))) // ONE / 49
                acc := add(7240050360019967307731374626207834286, shr(128, mul(acc, s2))) // ONE / 47
                acc := add(7561830376020854743630546831817071365, shr(128, mul(acc, s2))) // ONE / 45
                acc := add(7913543416766010778218014126320190964, shr(128, mul(acc, s2))) // ONE / 43
                acc := add(8299569924900938133253039205652883206, shr(128, mul(acc, s2))) // ONE / 41
                acc := add(8725188895408678550342938652096620806, shr(128, mul(acc, s2))) // ONE / 39
                acc := add(9196820727592931444956070471128870579, shr(128, mul(acc, s2))) // ONE / 37
                acc := add(9722353340598241813239274498050520327, shr(128, mul(acc, s2))) // ONE / 35
                acc := add(10311586876392074650405291134296006407, shr(128, mul(acc, s2))) // ONE / 33
                acc := add(10976850545836724627850793788121555208, shr(128, mul(acc, s2))) // ONE / 31
                acc := add(11733874721411671153909469221785110739, shr(128, mul(acc, s2))) // ONE / 29
                acc := add(12603050626701424572717578053028452276, shr(128, mul(acc, s2))) // ONE / 27
                acc := add(13611294676837538538534984297270728458, shr(128, mul(acc, s2))) // ONE / 25
                acc := add(14794885518301672324494548149207313541, shr(128, mul(acc, s2))) // ONE / 23
                acc := add(16203922234330403022065457496750867212, shr(128, mul(acc, s2))) // ONE / 21
                acc := add(17909598258996761234914453022724642708, shr(128, mul(acc, s2))) // ONE / 19
                acc := add(20016609818878733144904388672456953615, shr(128, mul(acc, s2))) // ONE / 17
                acc := add(22685491128062564230891640495451214097, shr(128, mul(acc, s2))) // ONE / 15
                acc := add(26175566686226035651028815956289862419, shr(128, mul(acc, s2))) // ONE / 13
                acc := add(30934760629176223951215873402888019223, shr(128, mul(acc, s2))) // ONE / 11
                acc := add(37809151880104273718152734159085356828, shr(128, mul(acc, s2))) // ONE / 9
                acc := add(48611766702991209066196372490252601636, shr(128, mul(acc, s2))) // ONE / 7
                acc := add(68056473384187692692674921486353642291, shr(128, mul(acc, s2))) // ONE / 5
                acc := add(113427455640312821154458202477256070485, shr(128, mul(acc, s2))) // ONE / 3
                acc := add(340282366920938463463374607431768211456, shr(128, mul(acc, s2))) // ONE / 1
            }
            // sAbs < 0.18·2^128 and acc < 1.01·2^128: the product fits in 256 bits.
            int256 t = int256((sAbs * acc) >> 127);
            return ((k * int256(LN2_X192)) >> 64) + (negative ? -t : t);
        }
    }

    /// @notice An upper bound of ln(y). Same domain as `ln`.
    function lnUp(uint256 y) internal pure returns (int256) {
        return ln(y) + int256(LN_ERR);
    }

    /// @notice A lower bound of ln(y). Same domain as `ln`.
    function lnDown(uint256 y) internal pure returns (int256) {
        return ln(y) - int256(LN_ERR);
    }

    /// @notice The log-sum of a new market with `n` untraded outcomes: ln n, rounded up.
    function initialLogSum(uint256 n) internal pure returns (uint256) {
        return uint256(lnUp(n << 128));
    }

    /// @notice A lower bound of the price exp(q/b − L) of an outcome with supply `q`.
    /// @param logSum The stored log-sum L, X128.
    /// @param q The outcome's share supply, base units (< 2^128).
    /// @param b Liquidity, base units (> 0).
    /// @return Price in X128, in [0, ONE].
    function priceDown(uint256 logSum, uint256 q, uint256 b) internal pure returns (uint256) {
        uint256 x = (q << 128) / b;
        // The stored log-sum bounds every q/b from above; the guard only protects the subtraction.
        return expNegDown(x < logSum ? logSum - x : 0);
    }

    /// @notice The log-sum after one outcome's supply moves from `q` to `qNew`, rounded up.
    /// @dev Inputs as in `priceDown`; `qNew < 2^128`. Work is O(1): one division pair, two
    /// exponentials and one logarithm.
    function logSumAfter(uint256 logSum, uint256 q, uint256 qNew, uint256 b)
        internal
        pure
        returns (uint256)
    {
        uint256 pDown = priceDown(logSum, q, b);
        uint256 shifted = qNew << 128;
        uint256 xNewUp = _divUp(shifted, b);
        if (xNewUp <= logSum) {
            // L' = L + ln(1 + exp(q'/b − L) − p): y ≥ 1 ulp because expNegUp ≥ 1.
            uint256 y = ONE + expNegUp(logSum - xNewUp) - pDown;
            return uint256(int256(logSum) + lnUp(y));
        }
        // q'/b above L: L' = q'/b + ln(1 + (1 − p)·exp(L − q'/b)), with every factor rounded up.
        uint256 xNewDown = shifted / b;
        uint256 decay = expNegUp(xNewDown > logSum ? xNewDown - logSum : 0);
        uint256 w = _mulUp(ONE - pDown, decay);
        return xNewUp + uint256(lnUp(ONE + w));
    }

    /// @notice Collateral owed for a log-sum increase: ceil(b·(newLogSum − logSum)).
    function costOf(uint256 logSum, uint256 newLogSum, uint256 b) internal pure returns (uint256) {
        return _divUp((newLogSum - logSum) * b, ONE);
    }

    /// @notice Collateral paid for a log-sum decrease: floor(b·(logSum − newLogSum)), zero if the
    /// rounded log-sum did not fall.
    function proceedsOf(uint256 logSum, uint256 newLogSum, uint256 b)
        internal
        pure
        returns (uint256)
    {
        if (newLogSum >= logSum) return 0;
        return ((logSum - newLogSum) * b) >> 128;
    }

    /// @notice Most shares of an outcome that `budget` base units buy before fees, such that the
    /// cost charged through `logSumAfter` and `costOf` never exceeds the budget.
    /// @dev Closed form q'/b = L + ΔL + ln(1 − (1 − p)·exp(−ΔL)) with ΔL = (budget − 1)/b, every
    /// factor rounded so that q' is never overestimated; the one base unit held back absorbs the
    /// ceiling of the cost.
    function sharesForBudget(uint256 logSum, uint256 q, uint256 b, uint256 budget)
        internal
        pure
        returns (uint256)
    {
        if (budget <= 1) return 0;
        uint256 dL = ((budget - 1) << 128) / b;
        if (dL == 0) return 0;
        uint256 pDown = priceDown(logSum, q, b);
        uint256 w = _mulUp(ONE - pDown, expNegUp(dL));
        if (w >= ONE) return 0;
        int256 xNew = int256(logSum + dL) + lnDown(ONE - w);
        if (xNew <= 0) return 0;
        uint256 qNew = (uint256(xNew) * b) >> 128;
        return qNew > q ? qNew - q : 0;
    }

    /// @dev ceil(a·b / ONE) for a, b ≤ ONE; exact when either is ONE (their product would not fit).
    function _mulUp(uint256 a, uint256 b) private pure returns (uint256) {
        if (a == ONE) return b;
        if (b == ONE) return a;
        return _divUp(a * b, ONE);
    }

    /// @dev ceil(a / b) for b > 0.
    function _divUp(uint256 a, uint256 b) private pure returns (uint256) {
        unchecked {
            return a == 0 ? 0 : (a - 1) / b + 1;
        }
    }

    /// @dev floor(log2(x)) for x > 0 (binary search on the highest set bit).
    function _log2(uint256 x) private pure returns (uint256 r) {
        unchecked {
            if (x >> 128 > 0) {
                x >>= 128;
                r += 128;
            }
            if (x >> 64 > 0) {
                x >>= 64;
                r += 64;
            }
            if (x >> 32 > 0) {
                x >>= 32;
                r += 32;
            }
            if (x >> 16 > 0) {
                x >>= 16;
                r += 16;
            }
            if (x >> 8 > 0) {
                x >>= 8;
                r += 8;
            }
            if (x >> 4 > 0) {
                x >>= 4;
                r += 4;
            }
            if (x >> 2 > 0) {
                x >>= 2;
                r += 2;
            }
            if (x >> 1 > 0) r += 1;
        }
    }
}
