// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title PremiumPriceOracle (local demo only)
/// @notice A stand-in for an ENS-style name-premium oracle, deployed behind an upgradeable proxy
/// that the DAO's timelock administers, so the local chain has a real contract upgrade to propose
/// (seeded from ENS EP1.5, "Change to Exponential Premium Price Oracle"). Not part of the protocol:
/// only the local chain deploys it (ignition/modules/LocalChain.ts).
/// @dev No storage, so every version can sit behind the same proxy.
contract LinearPremiumPriceOracle {
    /// @notice Starting premium of a name released today, in USD with 18 decimals.
    uint256 public constant START_PREMIUM = 100_000e18;
    /// @notice How long the premium lasts, seconds.
    uint256 public constant PREMIUM_PERIOD = 28 days;

    function version() external pure virtual returns (uint256) {
        return 1;
    }

    /// @notice Premium for a name whose grace period ended `elapsed` seconds ago (USD, 18 decimals):
    /// falls linearly from `START_PREMIUM` to 0 over `PREMIUM_PERIOD`.
    function premium(uint256 elapsed) external pure virtual returns (uint256) {
        if (elapsed >= PREMIUM_PERIOD) return 0;
        return START_PREMIUM * (PREMIUM_PERIOD - elapsed) / PREMIUM_PERIOD;
    }
}

/// @title ExponentialPremiumPriceOracle (local demo only)
/// @notice Version 2: the premium halves every day instead of falling linearly.
contract ExponentialPremiumPriceOracle is LinearPremiumPriceOracle {
    function version() external pure override returns (uint256) {
        return 2;
    }

    function premium(uint256 elapsed) external pure override returns (uint256) {
        if (elapsed >= PREMIUM_PERIOD) return 0;
        uint256 halvings = elapsed / 1 days;
        uint256 p = START_PREMIUM >> halvings;
        // Linear between whole days, so the curve has no steps.
        uint256 intoDay = elapsed % 1 days;
        return p - (p / 2) * intoDay / 1 days;
    }
}
