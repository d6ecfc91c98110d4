// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {LMSRMarket} from "../../src/LMSRMarket.sol";
import {ILMSRMarket} from "../../src/interfaces/ILMSRMarket.sol";
import {ITradingVault} from "../../src/interfaces/ITradingVault.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {TradingVault} from "../../src/vault/TradingVault.sol";

/// @notice Shared deployment for the TradingVault tests: one market singleton, a 6-decimal (USDC)
/// and an 18-decimal (DAI) collateral, three markets, a vault, and a user (alice) who deposited both
/// tokens and appointed `agent` under `_defaultPolicy()` for markets `idA` and `idB`.
abstract contract TradingVaultFixture is Test {
    LMSRMarket internal market;
    TradingVault internal vault;
    MockERC20 internal usdc; // 6 decimals
    MockERC20 internal dai; // 18 decimals

    address internal creator = makeAddr("creator");
    address internal resolver = makeAddr("resolver");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal agent = makeAddr("agent");
    address internal agent2 = makeAddr("agent2");
    address internal outsider = makeAddr("outsider");

    uint256 internal constant START = 1_700_000_000;
    uint256 internal constant DURATION = 30 days;
    uint256 internal constant FEE_BPS = 100;
    uint256 internal constant B6 = 1_000e6;
    uint256 internal constant B18 = 1_000e18;
    uint256 internal constant DEPOSIT6 = 10_000e6;
    uint256 internal constant DEPOSIT18 = 10_000e18;
    uint256 internal constant MAX_PER_TRADE = 100e6;
    uint256 internal constant MAX_PER_DAY = 250e6;
    uint256 internal constant MAX_EXPOSURE = 200e6;
    /// The agent outlives the markets (they close at START + DURATION).
    uint256 internal constant EXPIRY = START + 60 days;

    /// USDC binary market on alice's list.
    uint256 internal idA;
    /// USDC three-outcome market on alice's list.
    uint256 internal idB;
    /// USDC binary market not on alice's list.
    uint256 internal idC;
    /// DAI binary market on alice's list only in some tests.
    uint256 internal idDai;

    /// @dev Everything a failed call must leave untouched, for one user, market and outcome.
    struct Snapshot {
        uint256 userUsdc;
        uint256 userDai;
        uint256 userShares;
        uint256 exposure;
        uint256 windowStart;
        uint256 windowSpent;
        uint256 epoch;
        bytes32 policyHash;
        uint256 vaultUsdc;
        uint256 vaultDai;
        uint256 vaultShares;
        uint256 walletUsdc;
        uint256 walletDai;
        uint256 agentUsdc;
        uint256 agentDai;
        uint256 agentShares;
        uint256 supply;
        uint256 pool;
    }

    function setUp() public virtual {
        vm.warp(START);
        market = new LMSRMarket();
        vault = new TradingVault(market);
        usdc = new MockERC20("USD Coin", "USDC", 6);
        dai = new MockERC20("Dai Stablecoin", "DAI", 18);

        vm.startPrank(creator);
        usdc.approve(address(market), type(uint256).max);
        dai.approve(address(market), type(uint256).max);
        vm.stopPrank();
        usdc.mint(creator, 1e15);
        dai.mint(creator, 1e27);
        idA = _createMarket(address(usdc), B6, 2);
        idB = _createMarket(address(usdc), B6, 3);
        idC = _createMarket(address(usdc), B6, 2);
        idDai = _createMarket(address(dai), B18, 2);

        address[3] memory users = [alice, bob, agent];
        for (uint256 i; i < users.length; ++i) {
            usdc.mint(users[i], DEPOSIT6);
            dai.mint(users[i], DEPOSIT18);
            vm.startPrank(users[i]);
            usdc.approve(address(vault), type(uint256).max);
            dai.approve(address(vault), type(uint256).max);
            vm.stopPrank();
        }
        vm.startPrank(alice);
        vault.deposit(address(usdc), DEPOSIT6);
        vault.deposit(address(dai), DEPOSIT18);
        vault.setPolicy(_defaultPolicy(), _list(idA, idB));
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ setup helpers

    function _createMarket(address collateral, uint256 liquidity, uint256 outcomes) internal returns (uint256) {
        vm.prank(creator);
        return market.createMarket(
            ILMSRMarket.CreateParams({
                collateral: collateral,
                liquidity: liquidity,
                outcomeCount: outcomes,
                resolver: resolver,
                closeTime: START + DURATION,
                feeBps: FEE_BPS,
                metadataHash: keccak256("vault test market"),
                metadataURI: "ipfs://vault-test"
            })
        );
    }

    function _defaultPolicy() internal view returns (ITradingVault.Policy memory) {
        return ITradingVault.Policy({
            agent: agent,
            collateral: address(usdc),
            expiry: EXPIRY,
            maxPerTrade: MAX_PER_TRADE,
            maxPerDay: MAX_PER_DAY,
            maxExposurePerMarket: MAX_EXPOSURE,
            allMarkets: false
        });
    }

    function _setPolicy(address user, ITradingVault.Policy memory policy, uint256[] memory markets) internal {
        vm.prank(user);
        vault.setPolicy(policy, markets);
    }

    /// @dev alice's policy with the three limits replaced (same agent, collateral, expiry, list).
    function _setLimits(uint256 maxPerTrade, uint256 maxPerDay, uint256 maxExposure) internal {
        ITradingVault.Policy memory p = _defaultPolicy();
        p.maxPerTrade = maxPerTrade;
        p.maxPerDay = maxPerDay;
        p.maxExposurePerMarket = maxExposure;
        _setPolicy(alice, p, _list(idA, idB));
    }

    function _list() internal pure returns (uint256[] memory) {
        return new uint256[](0);
    }

    function _list(uint256 a) internal pure returns (uint256[] memory xs) {
        xs = new uint256[](1);
        xs[0] = a;
    }

    function _list(uint256 a, uint256 b) internal pure returns (uint256[] memory xs) {
        xs = new uint256[](2);
        xs[0] = a;
        xs[1] = b;
    }

    // ------------------------------------------------------------------ trading helpers

    function _quoteBuy(uint256 marketId, uint256 outcome, uint256 shares) internal view returns (uint256 cost) {
        (cost,) = market.quoteBuy(marketId, outcome, shares);
    }

    function _agentBuy(uint256 marketId, uint256 outcome, uint256 shares) internal returns (uint256) {
        vm.prank(agent);
        return vault.buy(alice, marketId, outcome, shares, type(uint256).max, block.timestamp);
    }

    function _agentSpend(uint256 marketId, uint256 outcome, uint256 collateralIn) internal returns (uint256) {
        vm.prank(agent);
        return vault.buyWithCollateral(alice, marketId, outcome, collateralIn, 0, block.timestamp);
    }

    function _agentSell(uint256 marketId, uint256 outcome, uint256 shares) internal returns (uint256) {
        vm.prank(agent);
        return vault.sell(alice, marketId, outcome, shares, 0, block.timestamp);
    }

    function _resolve(uint256 marketId, uint256 outcome) internal {
        vm.prank(resolver);
        market.resolve(marketId, outcome);
    }

    function _sharesOf(address user, uint256 marketId, uint256 outcome) internal view returns (uint256) {
        return vault.shareBalance(user, marketId, outcome);
    }

    function _vaultShares(uint256 marketId, uint256 outcome) internal view returns (uint256) {
        return market.balanceOf(address(vault), market.tokenId(marketId, outcome));
    }

    // ------------------------------------------------------------------ no-state-change checks

    function _snapshot(address user, uint256 marketId, uint256 outcome) internal view returns (Snapshot memory s) {
        s.userUsdc = vault.collateralBalance(user, address(usdc));
        s.userDai = vault.collateralBalance(user, address(dai));
        s.userShares = vault.shareBalance(user, marketId, outcome);
        s.exposure = vault.exposureOf(user, marketId);
        (s.windowStart, s.windowSpent) = vault.dailyWindow(user, address(usdc));
        s.epoch = vault.policyEpoch(user);
        s.policyHash = keccak256(abi.encode(vault.policyOf(user)));
        s.vaultUsdc = usdc.balanceOf(address(vault));
        s.vaultDai = dai.balanceOf(address(vault));
        s.walletUsdc = usdc.balanceOf(user);
        s.walletDai = dai.balanceOf(user);
        s.agentUsdc = usdc.balanceOf(agent);
        s.agentDai = dai.balanceOf(agent);
        if (marketId != 0 && marketId <= market.marketCount()) {
            uint256 id = market.tokenId(marketId, outcome);
            s.vaultShares = market.balanceOf(address(vault), id);
            s.agentShares = market.balanceOf(agent, id);
            s.supply = market.totalSupply(id);
            s.pool = market.getMarket(marketId).pool;
        }
    }

    function _assertUnchanged(Snapshot memory a, Snapshot memory b) internal pure {
        assertEq(b.userUsdc, a.userUsdc, "user USDC balance changed");
        assertEq(b.userDai, a.userDai, "user DAI balance changed");
        assertEq(b.userShares, a.userShares, "user shares changed");
        assertEq(b.exposure, a.exposure, "exposure changed");
        assertEq(b.windowStart, a.windowStart, "window start changed");
        assertEq(b.windowSpent, a.windowSpent, "window spending changed");
        assertEq(b.epoch, a.epoch, "epoch changed");
        assertEq(b.policyHash, a.policyHash, "policy changed");
        assertEq(b.vaultUsdc, a.vaultUsdc, "vault USDC changed");
        assertEq(b.vaultDai, a.vaultDai, "vault DAI changed");
        assertEq(b.vaultShares, a.vaultShares, "vault shares changed");
        assertEq(b.walletUsdc, a.walletUsdc, "user wallet USDC changed");
        assertEq(b.walletDai, a.walletDai, "user wallet DAI changed");
        assertEq(b.agentUsdc, a.agentUsdc, "agent USDC changed");
        assertEq(b.agentDai, a.agentDai, "agent DAI changed");
        assertEq(b.agentShares, a.agentShares, "agent shares changed");
        assertEq(b.supply, a.supply, "supply changed");
        assertEq(b.pool, a.pool, "pool changed");
    }
}
