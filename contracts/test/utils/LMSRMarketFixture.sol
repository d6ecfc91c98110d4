// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {LMSRMarket} from "../../src/LMSRMarket.sol";
import {ILMSRMarket} from "../../src/interfaces/ILMSRMarket.sol";
import {LMSRMath} from "../../src/libraries/LMSRMath.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ReentrantERC20} from "./ReentrantERC20.sol";

/// @notice Shared deployment and helpers for the LMSRMarket unit tests: one market singleton, a
/// 6-decimal and an 18-decimal collateral, and a few named actors that approved the market.
abstract contract LMSRMarketFixture is Test {
    LMSRMarket internal market;
    MockERC20 internal usdc; // 6 decimals
    MockERC20 internal dai; // 18 decimals

    address internal creator = makeAddr("creator");
    address internal resolver = makeAddr("resolver");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");

    uint256 internal constant START = 1_700_000_000;
    uint256 internal constant DURATION = 7 days;
    uint256 internal constant FEE_BPS = 100; // 1 %
    uint256 internal constant B18 = 1_000e18;
    uint256 internal constant B6 = 1_000e6;
    uint256 internal constant WAD = 1e18;
    uint256 internal constant ONE = LMSRMath.ONE;
    bytes32 internal constant METADATA_HASH = keccak256("Will the proposal pass?");
    string internal constant METADATA_URI = "ipfs://bafy-mandate-market-metadata";

    /// @dev Everything a failed call must leave untouched, for one market, outcome and account.
    struct Snapshot {
        uint256 marketCount;
        uint256 logSum;
        uint256 pool;
        ILMSRMarket.MarketState state;
        uint256 supply;
        uint256 shares;
        uint256 marketShares;
        uint256 accountCollateral;
        uint256 marketCollateral;
    }

    function setUp() public virtual {
        vm.warp(START);
        market = new LMSRMarket();
        usdc = new MockERC20("USD Coin", "USDC", 6);
        dai = new MockERC20("Dai Stablecoin", "DAI", 18);
        address[4] memory accounts = [creator, alice, bob, carol];
        for (uint256 i; i < accounts.length; ++i) {
            vm.startPrank(accounts[i]);
            usdc.approve(address(market), type(uint256).max);
            dai.approve(address(market), type(uint256).max);
            vm.stopPrank();
        }
    }

    // ------------------------------------------------------------------ params and creation

    function _params(address collateral, uint256 liquidity, uint256 outcomeCount)
        internal
        view
        returns (ILMSRMarket.CreateParams memory)
    {
        return ILMSRMarket.CreateParams({
            collateral: collateral,
            liquidity: liquidity,
            outcomeCount: outcomeCount,
            resolver: resolver,
            closeTime: block.timestamp + DURATION,
            feeBps: FEE_BPS,
            metadataHash: METADATA_HASH,
            metadataURI: METADATA_URI
        });
    }

    /// @dev ceil(b · initialLogSum(n)): what a creator pays.
    function _funding(uint256 liquidity, uint256 outcomeCount) internal pure returns (uint256) {
        return LMSRMath.costOf(0, LMSRMath.initialLogSum(outcomeCount), liquidity);
    }

    /// @dev Mints the funding to the creator (MockERC20 collateral only) and creates the market.
    function _create(ILMSRMarket.CreateParams memory p) internal returns (uint256 marketId) {
        MockERC20(p.collateral).mint(creator, _funding(p.liquidity, p.outcomeCount));
        vm.prank(creator);
        marketId = market.createMarket(p);
    }

    function _create(address collateral, uint256 liquidity, uint256 outcomeCount) internal returns (uint256) {
        return _create(_params(collateral, liquidity, outcomeCount));
    }

    // ------------------------------------------------------------------ trading helpers

    function _collateral(uint256 marketId) internal view returns (IERC20) {
        return IERC20(market.getMarket(marketId).collateral);
    }

    /// @dev Buys exactly `shares` for `who` at the quoted cost, minting that cost first.
    function _buy(address who, uint256 marketId, uint256 outcome, uint256 shares) internal returns (uint256 cost) {
        (uint256 quoted,) = market.quoteBuy(marketId, outcome, shares);
        MockERC20(address(_collateral(marketId))).mint(who, quoted);
        vm.prank(who);
        cost = market.buy(marketId, outcome, shares, quoted, block.timestamp);
    }

    function _sell(address who, uint256 marketId, uint256 outcome, uint256 shares) internal returns (uint256) {
        vm.prank(who);
        return market.sell(marketId, outcome, shares, 0, block.timestamp);
    }

    function _buyWithCollateral(address who, uint256 marketId, uint256 outcome, uint256 collateralIn)
        internal
        returns (uint256)
    {
        MockERC20(address(_collateral(marketId))).mint(who, collateralIn);
        vm.prank(who);
        return market.buyWithCollateral(marketId, outcome, collateralIn, 0, block.timestamp);
    }

    function _resolve(uint256 marketId, uint256 outcome) internal {
        vm.prank(resolver);
        market.resolve(marketId, outcome);
    }

    function _resolveInvalid(uint256 marketId) internal {
        vm.prank(resolver);
        market.resolveInvalid(marketId);
    }

    function _shares(address who, uint256 marketId, uint256 outcome) internal view returns (uint256) {
        return market.balanceOf(who, market.tokenId(marketId, outcome));
    }

    function _sum(uint256[] memory xs) internal pure returns (uint256 s) {
        for (uint256 i; i < xs.length; ++i) s += xs[i];
    }

    // ------------------------------------------------------------------ no-state-change checks

    function _snapshot(uint256 marketId, uint256 outcome, address account, address collateral)
        internal
        view
        returns (Snapshot memory s)
    {
        s.marketCount = market.marketCount();
        if (marketId != 0 && marketId <= s.marketCount) {
            ILMSRMarket.MarketInfo memory info = market.getMarket(marketId);
            s.logSum = info.logSum;
            s.pool = info.pool;
            s.state = info.state;
            uint256 id = market.tokenId(marketId, outcome);
            s.supply = market.totalSupply(id);
            s.shares = market.balanceOf(account, id);
            s.marketShares = market.balanceOf(address(market), id);
        }
        if (collateral.code.length != 0) {
            s.accountCollateral = IERC20(collateral).balanceOf(account);
            s.marketCollateral = IERC20(collateral).balanceOf(address(market));
        }
    }

    function _assertUnchanged(Snapshot memory before, Snapshot memory afterwards) internal pure {
        assertEq(afterwards.marketCount, before.marketCount, "marketCount changed");
        assertEq(afterwards.logSum, before.logSum, "logSum changed");
        assertEq(afterwards.pool, before.pool, "pool changed");
        assertEq(uint256(afterwards.state), uint256(before.state), "state changed");
        assertEq(afterwards.supply, before.supply, "supply changed");
        assertEq(afterwards.shares, before.shares, "shares changed");
        assertEq(afterwards.marketShares, before.marketShares, "escrowed shares changed");
        assertEq(afterwards.accountCollateral, before.accountCollateral, "account collateral changed");
        assertEq(afterwards.marketCollateral, before.marketCollateral, "market collateral changed");
    }

    /// @dev The token called back into the market mid-transfer and the guard refused it.
    function _assertReentryRefused(ReentrantERC20 token) internal view {
        assertTrue(token.attempted(), "no re-entry attempted");
        assertFalse(token.reentered(), "re-entry succeeded");
        assertEq(
            token.revertData(),
            abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector),
            "not refused by the guard"
        );
    }
}
