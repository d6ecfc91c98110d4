// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC6909} from "@openzeppelin/contracts/token/ERC6909/ERC6909.sol";
import {ILMSRMarket} from "../src/interfaces/ILMSRMarket.sol";
import {LMSRMath} from "../src/libraries/LMSRMath.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {MisbehavingERC20} from "../src/mocks/MisbehavingERC20.sol";
import {LMSRMarketFixture} from "./utils/LMSRMarketFixture.sol";
import {ReentrantERC20} from "./utils/ReentrantERC20.sol";

/// @notice Unit and fuzz tests of every external function of LMSRMarket.
/// @dev Two markets exist before every test: `id18`, 2 outcomes on an 18-decimal token with
/// b = 1000e18, and `id6`, 3 outcomes on a 6-decimal token with b = 1000e6, both with a 1 % fee.
/// Golden values (marked "exact") were computed independently with 300-bit arithmetic (mpmath):
/// the contract must charge the ceiling and pay the floor of the exact real LMSR amounts.
contract LMSRMarketTest is LMSRMarketFixture {
    uint256 internal id18;
    uint256 internal id6;

    // b = 1000e18, n = 2: exact b·ln 2 = 693147180559945309417.23…
    uint256 internal constant FUNDING_18 = 693_147_180_559_945_309_418;
    // b = 1000e6, n = 3: exact b·ln 3 = 1098612288.67…
    uint256 internal constant FUNDING_6 = 1_098_612_289;
    // Buying b shares of outcome 0 in a fresh 2-outcome market: exact b·ln((e + 1)/2) = …631.76.
    uint256 internal constant NET_18 = 620_114_506_958_277_524_632;
    uint256 internal constant FEE_18 = 6_201_145_069_582_775_247; // ceil(1 % of NET_18)
    // Selling them straight back: floor of the same exact amount, then the 1 % fee (rounded up).
    uint256 internal constant GROSS_BACK_18 = 620_114_506_958_277_524_631;
    uint256 internal constant FEE_BACK_18 = 6_201_145_069_582_775_247;
    // Prices after that buy: e/(e + 1) = 0.731058578630004879251… and 1/(e + 1) = 0.268941421369995120748…
    uint256 internal constant P0_AFTER_18 = 731_058_578_630_004_879;
    uint256 internal constant P1_AFTER_18 = 268_941_421_369_995_120;
    // Buying 500e6 shares of outcome 0 in a fresh 3-outcome market with b = 1000e6:
    // exact b·ln((e^0.5 + 2)/3) = 195764480.75…
    uint256 internal constant NET_6 = 195_764_481;
    uint256 internal constant FEE_6 = 1_957_645; // ceil(1 % of NET_6)

    function setUp() public override {
        super.setUp();
        id18 = _create(address(dai), B18, 2);
        id6 = _create(address(usdc), B6, 3);
    }

    // =====================================================================================
    // MAX_FEE_BPS, marketCount, tokenId
    // =====================================================================================

    function test_MAX_FEE_BPS_isTenPercent() public view {
        assertEq(market.MAX_FEE_BPS(), 1_000);
    }

    function test_marketCount_countsCreatedMarkets() public {
        assertEq(market.marketCount(), 2);
        assertEq(_create(address(dai), B18, 5), 3);
        assertEq(market.marketCount(), 3);
    }

    function test_tokenId_packsMarketIdAndOutcome() public view {
        assertEq(market.tokenId(1, 0), 256);
        assertEq(market.tokenId(1, 255), 511);
        assertEq(market.tokenId(2, 1), 513);
    }

    function testFuzz_tokenId_isMarketIdShiftedOrOutcome(uint256 marketId, uint8 outcome) public view {
        marketId = bound(marketId, 1, type(uint248).max);
        uint256 id = market.tokenId(marketId, outcome);
        assertEq(id >> 8, marketId);
        assertEq(id & 0xff, outcome);
    }

    // =====================================================================================
    // createMarket
    // =====================================================================================

    function test_createMarket_storesEveryField() public view {
        ILMSRMarket.MarketInfo memory info = market.getMarket(id18);
        assertEq(info.collateral, address(dai));
        assertEq(info.resolver, resolver);
        assertEq(info.creator, creator);
        assertEq(info.liquidity, B18);
        assertEq(info.outcomeCount, 2);
        assertEq(info.closeTime, START + DURATION);
        assertEq(info.feeBps, FEE_BPS);
        assertEq(info.logSum, LMSRMath.initialLogSum(2));
        assertEq(info.pool, FUNDING_18);
        assertEq(uint256(info.state), uint256(ILMSRMarket.MarketState.Open));
        assertEq(info.resolvedOutcome, 0);
    }

    function test_createMarket_pullsCeilOfBLnN_18Decimals() public view {
        assertEq(_funding(B18, 2), FUNDING_18);
        assertEq(dai.balanceOf(address(market)), FUNDING_18);
        assertEq(dai.balanceOf(creator), 0);
    }

    function test_createMarket_pullsCeilOfBLnN_6Decimals() public view {
        assertEq(_funding(B6, 3), FUNDING_6);
        assertEq(usdc.balanceOf(address(market)), FUNDING_6);
        assertEq(market.getMarket(id6).pool, FUNDING_6);
        assertEq(usdc.balanceOf(creator), 0);
    }

    function test_createMarket_emitsMarketCreated() public {
        ILMSRMarket.CreateParams memory p = _params(address(usdc), 250e6, 4);
        p.feeBps = 37;
        uint256 funding = _funding(250e6, 4);
        usdc.mint(alice, funding);

        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.MarketCreated(
            3,
            alice,
            address(usdc),
            resolver,
            4,
            250e6,
            p.closeTime,
            37,
            funding,
            LMSRMath.initialLogSum(4),
            METADATA_HASH,
            METADATA_URI
        );
        vm.prank(alice);
        assertEq(market.createMarket(p), 3);
        assertEq(market.getMarket(3).creator, alice);
        assertEq(usdc.balanceOf(alice), 0);
    }

    function test_createMarket_startsWithUniformPrices() public view {
        uint256[] memory p2 = market.prices(id18);
        uint256[] memory p3 = market.prices(id6);
        assertEq(p2.length, 2);
        assertEq(p3.length, 3);
        assertEq(p2[0], p2[1]);
        assertEq(p3[0], p3[1]);
        assertEq(p3[1], p3[2]);
        // Rounded down, within 1e-15 of 1/n.
        assertLe(p2[0], WAD / 2);
        assertApproxEqAbs(p2[0], WAD / 2, 1_000);
        assertLe(p3[0], WAD / 3);
        assertApproxEqAbs(p3[0], WAD / 3, 1_000);
        for (uint256 j; j < 3; ++j) {
            assertEq(market.supply(id6, j), 0);
        }
    }

    function test_createMarket_acceptsBoundaryParameters() public {
        // n = 256, b = 2^96 − 1, fee = MAX_FEE_BPS, closeTime = the largest uint40.
        ILMSRMarket.CreateParams memory p = _params(address(dai), type(uint96).max, 256);
        p.feeBps = market.MAX_FEE_BPS();
        p.closeTime = type(uint40).max;
        uint256 id = _create(p);
        ILMSRMarket.MarketInfo memory info = market.getMarket(id);
        assertEq(info.outcomeCount, 256);
        assertEq(info.liquidity, type(uint96).max);
        assertEq(info.feeBps, 1_000);
        assertEq(info.closeTime, type(uint40).max);
        assertEq(info.pool, _funding(type(uint96).max, 256));

        // n = 2, b = 1, closeTime = now + 1.
        p = _params(address(usdc), 1, 2);
        p.closeTime = block.timestamp + 1;
        id = _create(p);
        info = market.getMarket(id);
        assertEq(info.liquidity, 1);
        assertEq(info.pool, 1); // ceil(1 · ln 2)
        assertEq(uint256(market.state(id)), uint256(ILMSRMarket.MarketState.Open));
    }

    function testFuzz_createMarket_fundingIsCeilOfBTimesLogSum(uint256 liquidity, uint256 outcomeCount) public {
        liquidity = bound(liquidity, 1, type(uint96).max);
        outcomeCount = bound(outcomeCount, 2, 256);
        uint256 logSum = LMSRMath.initialLogSum(outcomeCount);
        uint256 expected = (liquidity * logSum + ONE - 1) / ONE;
        uint256 balanceBefore = dai.balanceOf(address(market));

        uint256 id = _create(address(dai), liquidity, outcomeCount);

        assertEq(market.getMarket(id).pool, expected);
        assertEq(market.getMarket(id).logSum, logSum);
        assertEq(dai.balanceOf(address(market)) - balanceBefore, expected);
        // The funding covers the worst case b·ln n ≥ b·(ln n rounded down): ln n ≥ ln 2 > 0.69.
        assertGe(expected * 100, liquidity * 69);
    }

    function test_createMarket_revertsWhenOutcomeCountInvalid() public {
        uint256[3] memory counts = [uint256(0), 1, 257];
        for (uint256 i; i < counts.length; ++i) {
            ILMSRMarket.CreateParams memory p = _params(address(dai), B18, counts[i]);
            Snapshot memory before = _snapshot(0, 0, creator, address(dai));
            vm.prank(creator);
            vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.InvalidOutcomeCount.selector, counts[i]));
            market.createMarket(p);
            _assertUnchanged(before, _snapshot(0, 0, creator, address(dai)));
        }
    }

    function testFuzz_createMarket_revertsWhenOutcomeCountAbove256(uint256 outcomeCount) public {
        outcomeCount = bound(outcomeCount, 257, type(uint256).max);
        ILMSRMarket.CreateParams memory p = _params(address(dai), B18, outcomeCount);
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.InvalidOutcomeCount.selector, outcomeCount));
        market.createMarket(p);
    }

    function test_createMarket_revertsWhenLiquidityZero() public {
        ILMSRMarket.CreateParams memory p = _params(address(dai), 0, 2);
        Snapshot memory before = _snapshot(0, 0, creator, address(dai));
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.InvalidLiquidity.selector, 0));
        market.createMarket(p);
        _assertUnchanged(before, _snapshot(0, 0, creator, address(dai)));
    }

    function test_createMarket_revertsWhenLiquidityIs2To96() public {
        ILMSRMarket.CreateParams memory p = _params(address(dai), 1 << 96, 2);
        dai.mint(creator, 1e40);
        Snapshot memory before = _snapshot(0, 0, creator, address(dai));
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.InvalidLiquidity.selector, 1 << 96));
        market.createMarket(p);
        _assertUnchanged(before, _snapshot(0, 0, creator, address(dai)));
    }

    function test_createMarket_revertsWhenCloseTimeNotInFuture() public {
        uint256[2] memory times = [block.timestamp, block.timestamp - 1];
        for (uint256 i; i < times.length; ++i) {
            ILMSRMarket.CreateParams memory p = _params(address(dai), B18, 2);
            p.closeTime = times[i];
            vm.prank(creator);
            vm.expectRevert(
                abi.encodeWithSelector(ILMSRMarket.InvalidCloseTime.selector, times[i], block.timestamp)
            );
            market.createMarket(p);
        }
        assertEq(market.marketCount(), 2);
    }

    function test_createMarket_revertsWhenCloseTimeAboveUint40() public {
        ILMSRMarket.CreateParams memory p = _params(address(dai), B18, 2);
        p.closeTime = uint256(type(uint40).max) + 1;
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.InvalidCloseTime.selector, p.closeTime, block.timestamp));
        market.createMarket(p);
        assertEq(market.marketCount(), 2);
    }

    function test_createMarket_revertsWhenFeeTooHigh() public {
        ILMSRMarket.CreateParams memory p = _params(address(dai), B18, 2);
        p.feeBps = 1_001;
        dai.mint(creator, FUNDING_18);
        Snapshot memory before = _snapshot(0, 0, creator, address(dai));
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.FeeTooHigh.selector, 1_001, 1_000));
        market.createMarket(p);
        _assertUnchanged(before, _snapshot(0, 0, creator, address(dai)));
    }

    function test_createMarket_revertsWhenResolverZero() public {
        ILMSRMarket.CreateParams memory p = _params(address(dai), B18, 2);
        p.resolver = address(0);
        dai.mint(creator, FUNDING_18);
        Snapshot memory before = _snapshot(0, 0, creator, address(dai));
        vm.prank(creator);
        vm.expectRevert(ILMSRMarket.InvalidResolver.selector);
        market.createMarket(p);
        _assertUnchanged(before, _snapshot(0, 0, creator, address(dai)));
    }

    function test_createMarket_revertsWhenCollateralIsEOA() public {
        address eoa = makeAddr("eoa");
        ILMSRMarket.CreateParams memory p = _params(eoa, B18, 2);
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.InvalidCollateral.selector, eoa));
        market.createMarket(p);

        p.collateral = address(0);
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.InvalidCollateral.selector, address(0)));
        market.createMarket(p);
        assertEq(market.marketCount(), 2);
    }

    function test_createMarket_revertsWhenTransferReturnsFalse() public {
        MisbehavingERC20 bad = new MisbehavingERC20();
        uint256 funding = _funding(B18, 2);
        bad.mint(creator, funding);
        vm.prank(creator);
        bad.approve(address(market), type(uint256).max);
        bad.setReturnFalse(true);

        Snapshot memory before = _snapshot(0, 0, creator, address(bad));
        ILMSRMarket.CreateParams memory p = _params(address(bad), B18, 2);
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CollateralTransferFailed.selector, address(bad)));
        market.createMarket(p);
        _assertUnchanged(before, _snapshot(0, 0, creator, address(bad)));
        assertEq(bad.balanceOf(creator), funding);
    }

    function test_createMarket_revertsWhenTransferReverts() public {
        // A creator that never approved: the token reverts, reported as CollateralTransferFailed.
        address dave = makeAddr("dave");
        dai.mint(dave, FUNDING_18);
        ILMSRMarket.CreateParams memory p = _params(address(dai), B18, 2);
        Snapshot memory before = _snapshot(0, 0, dave, address(dai));
        vm.prank(dave);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CollateralTransferFailed.selector, address(dai)));
        market.createMarket(p);
        _assertUnchanged(before, _snapshot(0, 0, dave, address(dai)));
    }

    function test_createMarket_revertsWhenCollateralTakesAFee() public {
        MisbehavingERC20 bad = new MisbehavingERC20();
        uint256 funding = _funding(B18, 2);
        bad.mint(creator, funding);
        vm.prank(creator);
        bad.approve(address(market), type(uint256).max);
        bad.setFeeBps(100);
        uint256 received = funding - (funding * 100) / 10_000;

        Snapshot memory before = _snapshot(0, 0, creator, address(bad));
        ILMSRMarket.CreateParams memory p = _params(address(bad), B18, 2);
        vm.prank(creator);
        vm.expectRevert(
            abi.encodeWithSelector(ILMSRMarket.CollateralFeeOnTransfer.selector, address(bad), funding, received)
        );
        market.createMarket(p);
        _assertUnchanged(before, _snapshot(0, 0, creator, address(bad)));
    }

    // =====================================================================================
    // buy
    // =====================================================================================

    function test_buy_chargesExactCeilCostPlusFee_18Decimals() public {
        dai.mint(alice, NET_18 + FEE_18);
        vm.prank(alice);
        uint256 cost = market.buy(id18, 0, B18, NET_18 + FEE_18, block.timestamp);

        assertEq(cost, NET_18 + FEE_18);
        assertEq(dai.balanceOf(alice), 0);
        assertEq(dai.balanceOf(address(market)), FUNDING_18 + cost);
        assertEq(_shares(alice, id18, 0), B18);
        assertEq(market.supply(id18, 0), B18);
        assertEq(market.supply(id18, 1), 0);
        assertEq(market.getMarket(id18).pool, FUNDING_18 + cost);
        assertEq(market.price(id18, 0), P0_AFTER_18);
        assertEq(market.price(id18, 1), P1_AFTER_18);
    }

    function test_buy_chargesExactCeilCostPlusFee_6Decimals() public {
        usdc.mint(alice, NET_6 + FEE_6);
        vm.prank(alice);
        uint256 cost = market.buy(id6, 0, 500e6, NET_6 + FEE_6, block.timestamp);

        assertEq(cost, NET_6 + FEE_6);
        assertEq(usdc.balanceOf(alice), 0);
        assertEq(usdc.balanceOf(address(market)), FUNDING_6 + cost);
        assertEq(_shares(alice, id6, 0), 500e6);
        assertEq(market.getMarket(id6).pool, FUNDING_6 + cost);
        // The bought outcome is now dearer than the two others, which stay equal.
        uint256[] memory p = market.prices(id6);
        assertGt(p[0], p[1]);
        assertEq(p[1], p[2]);
        assertLe(_sum(p), WAD);
    }

    function test_buy_emitsTradeWithSupplyAndLogSum() public {
        uint256 logSum = market.getMarket(id18).logSum;
        uint256 expectedLogSum = LMSRMath.logSumAfter(logSum, 0, B18, B18);
        dai.mint(alice, NET_18 + FEE_18);

        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.Trade(id18, alice, 0, true, B18, NET_18 + FEE_18, FEE_18, B18, expectedLogSum);
        vm.prank(alice);
        market.buy(id18, 0, B18, NET_18 + FEE_18, block.timestamp);
        assertEq(market.getMarket(id18).logSum, expectedLogSum);
    }

    function test_buy_acceptsDeadlineNowAndMaxCostEqualToCost() public {
        (uint256 cost,) = market.quoteBuy(id6, 2, 1e6);
        usdc.mint(bob, cost);
        vm.prank(bob);
        assertEq(market.buy(id6, 2, 1e6, cost, block.timestamp), cost);
    }

    function test_buy_withZeroFeeChargesNetOnly() public {
        ILMSRMarket.CreateParams memory p = _params(address(dai), B18, 2);
        p.feeBps = 0;
        uint256 id = _create(p);
        (uint256 cost, uint256 fee) = market.quoteBuy(id, 0, B18);
        assertEq(fee, 0);
        assertEq(cost, NET_18);
        assertEq(_buy(alice, id, 0, B18), NET_18);
    }

    function test_buy_raisesPriceOfBoughtOutcomeOnly() public {
        uint256[] memory before = market.prices(id6);
        _buy(alice, id6, 1, 10e6);
        uint256[] memory afterwards = market.prices(id6);
        assertGt(afterwards[1], before[1]);
        assertLt(afterwards[0], before[0]);
        assertLt(afterwards[2], before[2]);
        assertEq(afterwards[0], afterwards[2]);
    }

    function testFuzz_buy_chargesQuoteAndFeeIsCeilOnePercent(uint256 outcome, uint256 shares, uint256 preShares)
        public
    {
        outcome = bound(outcome, 0, 2);
        preShares = bound(preShares, 0, 5 * B6);
        shares = bound(shares, 1, 5 * B6);
        if (preShares != 0) _buy(bob, id6, (outcome + 1) % 3, preShares);

        uint256 logSum = market.getMarket(id6).logSum;
        uint256 poolBefore = market.getMarket(id6).pool;
        (uint256 quoted, uint256 fee) = market.quoteBuy(id6, outcome, shares);
        uint256 net = LMSRMath.costOf(logSum, LMSRMath.logSumAfter(logSum, 0, shares, B6), B6);
        assertEq(quoted, net + fee);
        assertEq(fee, (net * FEE_BPS + 9_999) / 10_000);

        uint256 cost = _buy(alice, id6, outcome, shares);
        assertEq(cost, quoted);
        assertEq(usdc.balanceOf(alice), 0);
        assertEq(market.getMarket(id6).pool, poolBefore + cost);
        assertEq(_shares(alice, id6, outcome), shares);
    }

    function test_buy_revertsWhenZeroShares() public {
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(ILMSRMarket.ZeroAmount.selector);
        market.buy(id18, 0, 0, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_buy_revertsWhenDeadlinePassed() public {
        dai.mint(alice, 1e30);
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        uint256 deadline = block.timestamp - 1;
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.DeadlinePassed.selector, deadline, block.timestamp));
        market.buy(id18, 0, 1e18, type(uint256).max, deadline);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_buy_revertsWhenMarketNotFound() public {
        dai.mint(alice, 1e30);
        uint256[2] memory ids = [uint256(0), 3];
        for (uint256 i; i < ids.length; ++i) {
            vm.prank(alice);
            vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, ids[i]));
            market.buy(ids[i], 0, 1e18, type(uint256).max, block.timestamp);
        }
        assertEq(dai.balanceOf(alice), 1e30);
    }

    function test_buy_revertsWhenOutcomeOutOfRange() public {
        dai.mint(alice, 1e30);
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.OutcomeOutOfRange.selector, id18, 2, 2));
        market.buy(id18, 2, 1e18, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_buy_revertsWhenMarketClosed() public {
        dai.mint(alice, 1e30);
        uint256 closeTime = START + DURATION;
        // From the close time on, inclusive.
        uint256[2] memory times = [closeTime, closeTime + 1 days];
        for (uint256 i; i < times.length; ++i) {
            vm.warp(times[i]);
            Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
            vm.prank(alice);
            vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketClosed.selector, id18, closeTime));
            market.buy(id18, 0, 1e18, type(uint256).max, block.timestamp);
            _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
        }
    }

    function test_buy_succeedsOneSecondBeforeClose() public {
        vm.warp(START + DURATION - 1);
        assertGt(_buy(alice, id18, 0, 1e18), 0);
    }

    function test_buy_revertsWhenResolved() public {
        _resolve(id18, 1);
        dai.mint(alice, 1e30);
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketAlreadyResolved.selector, id18));
        market.buy(id18, 0, 1e18, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_buy_revertsWhenResolvedInvalid() public {
        _resolveInvalid(id6);
        usdc.mint(alice, 1e18);
        Snapshot memory before = _snapshot(id6, 0, alice, address(usdc));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketAlreadyResolved.selector, id6));
        market.buy(id6, 0, 1e6, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(id6, 0, alice, address(usdc)));
    }

    function test_buy_revertsWhenCostAboveMax() public {
        dai.mint(alice, 1e30);
        uint256 cost = NET_18 + FEE_18;
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CostAboveMax.selector, cost, cost - 1));
        market.buy(id18, 0, B18, cost - 1, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_buy_revertsWhenSharesOutOfRange() public {
        uint256 shares = 1 << 128;
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.SharesOutOfRange.selector, shares));
        market.buy(id18, 0, shares, type(uint256).max, block.timestamp);

        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.SharesOutOfRange.selector, shares));
        market.quoteBuy(id18, 0, shares);
    }

    function test_buy_revertsWhenLogSumOutOfRange() public {
        // b = 1: q/b is the share count, so one share past the cap takes the log-sum beyond it.
        uint256 cap = LMSRMath.MAX_LOG_SUM >> 128;
        ILMSRMarket.CreateParams memory p = _params(address(dai), 1, 2);
        uint256 id = _create(p);
        uint256 logSum = market.getMarket(id).logSum;
        uint256 newLogSum = LMSRMath.logSumAfter(logSum, 0, cap + 1, 1);
        dai.mint(alice, 1e30);
        Snapshot memory before = _snapshot(id, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ILMSRMarket.LogSumOutOfRange.selector, newLogSum, LMSRMath.MAX_LOG_SUM)
        );
        market.buy(id, 0, cap + 1, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(id, 0, alice, address(dai)));

        vm.expectRevert(
            abi.encodeWithSelector(ILMSRMarket.LogSumOutOfRange.selector, newLogSum, LMSRMath.MAX_LOG_SUM)
        );
        market.quoteBuy(id, 0, cap + 1);

        // One share below the cap is still fine.
        assertGt(_buy(alice, id, 0, cap - 1), 0);
        assertLe(market.getMarket(id).logSum, LMSRMath.MAX_LOG_SUM);
    }

    function test_buy_revertsWhenTransferReturnsFalse() public {
        (MisbehavingERC20 bad, uint256 id) = _createMisbehavingMarket();
        (uint256 cost,) = market.quoteBuy(id, 0, 1e18);
        bad.mint(alice, cost);
        bad.setReturnFalse(true);

        Snapshot memory before = _snapshot(id, 0, alice, address(bad));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CollateralTransferFailed.selector, address(bad)));
        market.buy(id, 0, 1e18, cost, block.timestamp);
        _assertUnchanged(before, _snapshot(id, 0, alice, address(bad)));
    }

    function test_buy_revertsWhenTransferReverts() public {
        // No balance: the token reverts, reported as CollateralTransferFailed.
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CollateralTransferFailed.selector, address(dai)));
        market.buy(id18, 0, 1e18, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_buy_revertsWhenCollateralTurnsOnAFee() public {
        (MisbehavingERC20 bad, uint256 id) = _createMisbehavingMarket();
        (uint256 cost,) = market.quoteBuy(id, 1, 1e18);
        bad.mint(alice, cost);
        bad.setFeeBps(50);
        uint256 received = cost - (cost * 50) / 10_000;

        Snapshot memory before = _snapshot(id, 1, alice, address(bad));
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ILMSRMarket.CollateralFeeOnTransfer.selector, address(bad), cost, received)
        );
        market.buy(id, 1, 1e18, cost, block.timestamp);
        _assertUnchanged(before, _snapshot(id, 1, alice, address(bad)));
    }

    // =====================================================================================
    // sell
    // =====================================================================================

    function test_sell_paysExactFloorProceedsLessFee() public {
        uint256 cost = _buy(alice, id18, 0, B18);
        uint256 poolBefore = market.getMarket(id18).pool;
        uint256 expected = GROSS_BACK_18 - FEE_BACK_18;

        vm.prank(alice);
        uint256 proceeds = market.sell(id18, 0, B18, expected, block.timestamp);

        assertEq(proceeds, expected);
        assertEq(dai.balanceOf(alice), expected);
        assertEq(_shares(alice, id18, 0), 0);
        assertEq(market.supply(id18, 0), 0);
        // The sell fee stays in the pool, as does the buy fee.
        assertEq(market.getMarket(id18).pool, poolBefore - proceeds);
        assertEq(market.getMarket(id18).pool, FUNDING_18 + cost - proceeds);
        assertEq(dai.balanceOf(address(market)), FUNDING_18 + cost - proceeds);
        // Prices are back to (about) uniform.
        assertApproxEqAbs(market.price(id18, 0), WAD / 2, 1_000);
        assertApproxEqAbs(market.price(id18, 1), WAD / 2, 1_000);
    }

    function test_sell_emitsTrade() public {
        _buy(alice, id6, 2, 300e6);
        uint256 logSum = market.getMarket(id6).logSum;
        uint256 newLogSum = LMSRMath.logSumAfter(logSum, 300e6, 100e6, B6);
        uint256 gross = LMSRMath.proceedsOf(logSum, newLogSum, B6);
        uint256 fee = (gross * FEE_BPS + 9_999) / 10_000;

        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.Trade(id6, alice, 2, false, 200e6, gross - fee, fee, 100e6, newLogSum);
        vm.prank(alice);
        assertEq(market.sell(id6, 2, 200e6, gross - fee, block.timestamp), gross - fee);
        assertEq(market.getMarket(id6).logSum, newLogSum);
        assertEq(_shares(alice, id6, 2), 100e6);
    }

    function test_sell_returnsLessThanPaidOnImmediateRoundTrip() public {
        uint256 cost = _buy(alice, id6, 0, 500e6);
        uint256 proceeds = _sell(alice, id6, 0, 500e6);
        assertLt(proceeds, cost);
        // The market keeps both fees and the rounding.
        assertEq(market.getMarket(id6).pool, FUNDING_6 + cost - proceeds);
    }

    function testFuzz_sell_roundTripNeverProfits(uint256 outcome, uint256 shares, uint256 preShares, bool noFee)
        public
    {
        ILMSRMarket.CreateParams memory p = _params(address(usdc), B6, 3);
        if (noFee) p.feeBps = 0;
        uint256 id = _create(p);
        outcome = bound(outcome, 0, 2);
        shares = bound(shares, 1, 20 * B6);
        preShares = bound(preShares, 0, 20 * B6);
        if (preShares != 0) _buy(bob, id, outcome, preShares);
        uint256 poolBefore = market.getMarket(id).pool;

        uint256 cost = _buy(alice, id, outcome, shares);
        (uint256 quoted,) = market.quoteSell(id, outcome, shares);
        uint256 proceeds = _sell(alice, id, outcome, shares);

        assertEq(proceeds, quoted);
        assertLe(proceeds, cost);
        assertEq(usdc.balanceOf(alice), proceeds);
        assertGe(market.getMarket(id).pool, poolBefore);
    }

    function test_sell_canProfitWhenAnotherTraderMovedThePrice() public {
        // Why invariant (c) of the invariant suite only judges solo round trips: LMSR pays a
        // trader whose outcome others bought after them. The market stays solvent regardless.
        uint256 cost = _buy(alice, id18, 0, 100e18);
        _buy(bob, id18, 0, 2_000e18);
        uint256 proceeds = _sell(alice, id18, 0, 100e18);
        assertGt(proceeds, cost);
        assertGe(market.getMarket(id18).pool, market.supply(id18, 0));
    }

    function test_sell_revertsWhenZeroShares() public {
        _buy(alice, id18, 0, 1e18);
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(ILMSRMarket.ZeroAmount.selector);
        market.sell(id18, 0, 0, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_sell_revertsWhenDeadlinePassed() public {
        _buy(alice, id18, 0, 1e18);
        vm.warp(block.timestamp + 60);
        uint256 deadline = block.timestamp - 1;
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.DeadlinePassed.selector, deadline, block.timestamp));
        market.sell(id18, 0, 1e18, 0, deadline);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_sell_revertsWhenMarketNotFound() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 7));
        market.sell(7, 0, 1, 0, block.timestamp);
    }

    function test_sell_revertsWhenOutcomeOutOfRange() public {
        _buy(alice, id6, 0, 1e6);
        Snapshot memory before = _snapshot(id6, 0, alice, address(usdc));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.OutcomeOutOfRange.selector, id6, 3, 3));
        market.sell(id6, 3, 1e6, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id6, 0, alice, address(usdc)));
    }

    function test_sell_revertsWhenMarketClosed() public {
        _buy(alice, id18, 0, 1e18);
        vm.warp(START + DURATION);
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketClosed.selector, id18, START + DURATION));
        market.sell(id18, 0, 1e18, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_sell_revertsWhenResolved() public {
        _buy(alice, id18, 0, 1e18);
        _resolve(id18, 0);
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketAlreadyResolved.selector, id18));
        market.sell(id18, 0, 1e18, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_sell_revertsWhenProceedsBelowMin() public {
        _buy(alice, id18, 0, B18);
        uint256 proceeds = GROSS_BACK_18 - FEE_BACK_18;
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.ProceedsBelowMin.selector, proceeds, proceeds + 1));
        market.sell(id18, 0, B18, proceeds + 1, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_sell_revertsWhenSellingMoreThanHeld() public {
        uint256 id = market.tokenId(id18, 0);
        // Alice holds nothing while bob holds plenty: the supply is not what counts.
        _buy(bob, id18, 0, 10e18);
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ERC6909.ERC6909InsufficientBalance.selector, alice, 0, 1, id));
        market.sell(id18, 0, 1, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));

        // Alice holds 3e18 and tries to sell 3e18 + 1.
        _buy(alice, id18, 0, 3e18);
        before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ERC6909.ERC6909InsufficientBalance.selector, alice, 3e18, 3e18 + 1, id)
        );
        market.sell(id18, 0, 3e18 + 1, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_sell_revertsWhenTransferReturnsFalse() public {
        (MisbehavingERC20 bad, uint256 id) = _createMisbehavingMarket();
        (uint256 cost,) = market.quoteBuy(id, 0, 5e18);
        bad.mint(alice, cost);
        vm.prank(alice);
        market.buy(id, 0, 5e18, cost, block.timestamp);
        bad.setReturnFalse(true);

        Snapshot memory before = _snapshot(id, 0, alice, address(bad));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CollateralTransferFailed.selector, address(bad)));
        market.sell(id, 0, 5e18, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id, 0, alice, address(bad)));
    }

    // =====================================================================================
    // buyWithCollateral
    // =====================================================================================

    function test_buyWithCollateral_spendsExactlyCollateralIn_18Decimals() public {
        uint256 collateralIn = 250e18;
        uint256 quoted = market.quoteBuyWithCollateral(id18, 1, collateralIn);
        dai.mint(alice, collateralIn);
        vm.prank(alice);
        uint256 shares = market.buyWithCollateral(id18, 1, collateralIn, quoted, block.timestamp);

        assertEq(shares, quoted);
        assertGt(shares, collateralIn); // a price below 1 buys more than one share per unit
        assertEq(dai.balanceOf(alice), 0);
        assertEq(_shares(alice, id18, 1), shares);
        assertEq(market.getMarket(id18).pool, FUNDING_18 + collateralIn);
        assertEq(dai.balanceOf(address(market)), FUNDING_18 + collateralIn);
    }

    function test_buyWithCollateral_spendsExactlyCollateralIn_6Decimals() public {
        uint256 collateralIn = 123_456_789;
        uint256 quoted = market.quoteBuyWithCollateral(id6, 2, collateralIn);
        usdc.mint(alice, collateralIn);
        vm.prank(alice);
        uint256 shares = market.buyWithCollateral(id6, 2, collateralIn, quoted, block.timestamp);

        assertEq(shares, quoted);
        assertEq(usdc.balanceOf(alice), 0);
        assertEq(_shares(alice, id6, 2), shares);
        assertEq(market.getMarket(id6).pool, FUNDING_6 + collateralIn);
    }

    function test_buyWithCollateral_emitsTradeWithFeeIncluded() public {
        uint256 collateralIn = 101e6;
        uint256 net = (collateralIn * 10_000) / (10_000 + FEE_BPS); // 100e6
        uint256 logSum = market.getMarket(id6).logSum;
        uint256 shares = LMSRMath.sharesForBudget(logSum, 0, B6, net);
        uint256 newLogSum = LMSRMath.logSumAfter(logSum, 0, shares, B6);
        usdc.mint(alice, collateralIn);

        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.Trade(id6, alice, 0, true, shares, collateralIn, collateralIn - net, shares, newLogSum);
        vm.prank(alice);
        assertEq(market.buyWithCollateral(id6, 0, collateralIn, shares, block.timestamp), shares);
        assertEq(market.getMarket(id6).logSum, newLogSum);
    }

    function testFuzz_buyWithCollateral_spendsExactlyCollateralInAndMatchesQuote(
        uint256 outcome,
        uint256 collateralIn,
        uint256 preShares
    ) public {
        outcome = bound(outcome, 0, 1);
        collateralIn = bound(collateralIn, 3, 10 * B18);
        preShares = bound(preShares, 0, 10 * B18);
        if (preShares != 0) _buy(bob, id18, outcome, preShares);
        uint256 poolBefore = market.getMarket(id18).pool;

        uint256 quoted = market.quoteBuyWithCollateral(id18, outcome, collateralIn);
        vm.assume(quoted != 0);
        // Buying the same shares outright never costs more than the budget.
        (uint256 buyCost,) = market.quoteBuy(id18, outcome, quoted);
        assertLe(buyCost, collateralIn);

        uint256 shares = _buyWithCollateral(alice, id18, outcome, collateralIn);
        assertEq(shares, quoted);
        assertEq(dai.balanceOf(alice), 0);
        assertEq(market.getMarket(id18).pool, poolBefore + collateralIn);
        assertEq(_shares(alice, id18, outcome), shares);
    }

    function test_buyWithCollateral_revertsWhenZeroCollateral() public {
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(ILMSRMarket.ZeroAmount.selector);
        market.buyWithCollateral(id18, 0, 0, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_buyWithCollateral_revertsWhenDeadlinePassed() public {
        dai.mint(alice, 1e18);
        uint256 deadline = block.timestamp - 1;
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.DeadlinePassed.selector, deadline, block.timestamp));
        market.buyWithCollateral(id18, 0, 1e18, 0, deadline);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_buyWithCollateral_revertsWhenMarketNotFound() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 0));
        market.buyWithCollateral(0, 0, 1e18, 0, block.timestamp);
    }

    function test_buyWithCollateral_revertsWhenOutcomeOutOfRange() public {
        usdc.mint(alice, 1e6);
        Snapshot memory before = _snapshot(id6, 0, alice, address(usdc));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.OutcomeOutOfRange.selector, id6, 255, 3));
        market.buyWithCollateral(id6, 255, 1e6, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id6, 0, alice, address(usdc)));
    }

    function test_buyWithCollateral_revertsWhenMarketClosed() public {
        usdc.mint(alice, 1e6);
        vm.warp(START + DURATION + 5);
        Snapshot memory before = _snapshot(id6, 0, alice, address(usdc));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketClosed.selector, id6, START + DURATION));
        market.buyWithCollateral(id6, 0, 1e6, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id6, 0, alice, address(usdc)));
    }

    function test_buyWithCollateral_revertsWhenResolved() public {
        _resolve(id6, 2);
        usdc.mint(alice, 1e6);
        Snapshot memory before = _snapshot(id6, 0, alice, address(usdc));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketAlreadyResolved.selector, id6));
        market.buyWithCollateral(id6, 0, 1e6, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id6, 0, alice, address(usdc)));
    }

    function test_buyWithCollateral_revertsWhenSharesBelowMin() public {
        uint256 quoted = market.quoteBuyWithCollateral(id6, 0, 10e6);
        usdc.mint(alice, 10e6);
        Snapshot memory before = _snapshot(id6, 0, alice, address(usdc));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.SharesBelowMin.selector, quoted, quoted + 1));
        market.buyWithCollateral(id6, 0, 10e6, quoted + 1, block.timestamp);
        _assertUnchanged(before, _snapshot(id6, 0, alice, address(usdc)));
    }

    function test_buyWithCollateral_revertsWhenBudgetBuysNothing() public {
        // One base unit is held back against the cost's ceiling: a budget of 1 buys zero shares,
        // which reverts even with minShares = 0.
        assertEq(market.quoteBuyWithCollateral(id6, 0, 1), 0);
        usdc.mint(alice, 1);
        Snapshot memory before = _snapshot(id6, 0, alice, address(usdc));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.SharesBelowMin.selector, 0, 0));
        market.buyWithCollateral(id6, 0, 1, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id6, 0, alice, address(usdc)));
    }

    function test_buyWithCollateral_revertsWhenTransferReturnsFalse() public {
        (MisbehavingERC20 bad, uint256 id) = _createMisbehavingMarket();
        bad.mint(alice, 10e18);
        bad.setReturnFalse(true);
        Snapshot memory before = _snapshot(id, 0, alice, address(bad));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CollateralTransferFailed.selector, address(bad)));
        market.buyWithCollateral(id, 0, 10e18, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id, 0, alice, address(bad)));
    }

    function test_buyWithCollateral_revertsWhenCollateralTurnsOnAFee() public {
        (MisbehavingERC20 bad, uint256 id) = _createMisbehavingMarket();
        bad.mint(alice, 10e18);
        bad.setFeeBps(1);
        uint256 received = 10e18 - (10e18 * 1) / 10_000;
        Snapshot memory before = _snapshot(id, 0, alice, address(bad));
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ILMSRMarket.CollateralFeeOnTransfer.selector, address(bad), 10e18, received)
        );
        market.buyWithCollateral(id, 0, 10e18, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(id, 0, alice, address(bad)));
    }

    // =====================================================================================
    // quotes
    // =====================================================================================

    function testFuzz_quoteBuy_equalsBuyCostToTheWei(uint256 outcome, uint256 shares, uint256 pre0, uint256 pre1)
        public
    {
        outcome = bound(outcome, 0, 1);
        shares = bound(shares, 1, 20 * B18);
        pre0 = bound(pre0, 0, 20 * B18);
        pre1 = bound(pre1, 0, 20 * B18);
        if (pre0 != 0) _buy(bob, id18, 0, pre0);
        if (pre1 != 0) _buy(carol, id18, 1, pre1);

        uint256 q = outcome == 0 ? pre0 : pre1;
        uint256 logSumAfter = LMSRMath.logSumAfter(market.getMarket(id18).logSum, q, q + shares, B18);
        (uint256 quoted, uint256 fee) = market.quoteBuy(id18, outcome, shares);
        dai.mint(alice, quoted);
        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.Trade(id18, alice, outcome, true, shares, quoted, fee, q + shares, logSumAfter);
        vm.prank(alice);
        assertEq(market.buy(id18, outcome, shares, quoted, block.timestamp), quoted);
        assertEq(dai.balanceOf(alice), 0);
    }

    function testFuzz_quoteSell_equalsSellProceedsToTheWei(uint256 outcome, uint256 held, uint256 shares) public {
        outcome = bound(outcome, 0, 2);
        held = bound(held, 1, 20 * B6);
        shares = bound(shares, 1, held);
        _buy(alice, id6, outcome, held);
        _buy(bob, id6, (outcome + 2) % 3, held / 2 + 1);

        uint256 logSumAfter = LMSRMath.logSumAfter(market.getMarket(id6).logSum, held, held - shares, B6);
        (uint256 quoted, uint256 fee) = market.quoteSell(id6, outcome, shares);
        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.Trade(id6, alice, outcome, false, shares, quoted, fee, held - shares, logSumAfter);
        vm.prank(alice);
        assertEq(market.sell(id6, outcome, shares, quoted, block.timestamp), quoted);
        assertEq(usdc.balanceOf(alice), quoted);
    }

    function testFuzz_quoteBuyWithCollateral_equalsSharesReceived(uint256 outcome, uint256 collateralIn, uint256 pre)
        public
    {
        outcome = bound(outcome, 0, 2);
        collateralIn = bound(collateralIn, 1, 10 * B6);
        pre = bound(pre, 0, 20 * B6);
        if (pre != 0) _buy(bob, id6, outcome, pre);

        uint256 quoted = market.quoteBuyWithCollateral(id6, outcome, collateralIn);
        usdc.mint(alice, collateralIn);
        vm.prank(alice);
        if (quoted == 0) {
            vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.SharesBelowMin.selector, 0, 0));
            market.buyWithCollateral(id6, outcome, collateralIn, 0, block.timestamp);
            assertEq(usdc.balanceOf(alice), collateralIn);
        } else {
            assertEq(market.buyWithCollateral(id6, outcome, collateralIn, quoted, block.timestamp), quoted);
            assertEq(usdc.balanceOf(alice), 0);
        }
    }

    function test_quoteBuy_returnsFeePart() public view {
        (uint256 cost, uint256 fee) = market.quoteBuy(id18, 0, B18);
        assertEq(cost, NET_18 + FEE_18);
        assertEq(fee, FEE_18);
        (cost, fee) = market.quoteBuy(id6, 0, 500e6);
        assertEq(cost, NET_6 + FEE_6);
        assertEq(fee, FEE_6);
    }

    function test_quoteSell_returnsFeePart() public {
        _buy(alice, id18, 0, B18);
        (uint256 proceeds, uint256 fee) = market.quoteSell(id18, 0, B18);
        assertEq(proceeds, GROSS_BACK_18 - FEE_BACK_18);
        assertEq(fee, FEE_BACK_18);
    }

    function test_quotes_revertWhenZeroAmount() public {
        vm.expectRevert(ILMSRMarket.ZeroAmount.selector);
        market.quoteBuy(id18, 0, 0);
        vm.expectRevert(ILMSRMarket.ZeroAmount.selector);
        market.quoteSell(id18, 0, 0);
        vm.expectRevert(ILMSRMarket.ZeroAmount.selector);
        market.quoteBuyWithCollateral(id18, 0, 0);
    }

    function test_quotes_revertWhenMarketNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 9));
        market.quoteBuy(9, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 9));
        market.quoteSell(9, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 9));
        market.quoteBuyWithCollateral(9, 0, 1);
    }

    function test_quotes_revertWhenOutcomeOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.OutcomeOutOfRange.selector, id6, 3, 3));
        market.quoteBuy(id6, 3, 1);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.OutcomeOutOfRange.selector, id6, 3, 3));
        market.quoteSell(id6, 3, 1);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.OutcomeOutOfRange.selector, id6, 3, 3));
        market.quoteBuyWithCollateral(id6, 3, 1);
    }

    function test_quotes_revertWhenMarketClosed() public {
        _buy(alice, id18, 0, 1e18);
        vm.warp(START + DURATION);
        bytes memory err = abi.encodeWithSelector(ILMSRMarket.MarketClosed.selector, id18, START + DURATION);
        vm.expectRevert(err);
        market.quoteBuy(id18, 0, 1);
        vm.expectRevert(err);
        market.quoteSell(id18, 0, 1);
        vm.expectRevert(err);
        market.quoteBuyWithCollateral(id18, 0, 1e18);
    }

    function test_quotes_revertWhenResolved() public {
        _buy(alice, id18, 0, 1e18);
        _resolveInvalid(id18);
        bytes memory err = abi.encodeWithSelector(ILMSRMarket.MarketAlreadyResolved.selector, id18);
        vm.expectRevert(err);
        market.quoteBuy(id18, 0, 1);
        vm.expectRevert(err);
        market.quoteSell(id18, 0, 1);
        vm.expectRevert(err);
        market.quoteBuyWithCollateral(id18, 0, 1e18);
    }

    function test_quoteSell_revertsWhenAboveSupply() public {
        _buy(alice, id18, 1, 4e18);
        uint256 id = market.tokenId(id18, 1);
        vm.expectRevert(
            abi.encodeWithSelector(ERC6909.ERC6909InsufficientBalance.selector, address(0), 4e18, 4e18 + 1, id)
        );
        market.quoteSell(id18, 1, 4e18 + 1);
    }

    // =====================================================================================
    // resolve and resolveInvalid
    // =====================================================================================

    function test_resolve_setsOutcomeAndEmits() public {
        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.MarketResolved(id6, 2, false);
        vm.prank(resolver);
        market.resolve(id6, 2);

        ILMSRMarket.MarketInfo memory info = market.getMarket(id6);
        assertEq(uint256(info.state), uint256(ILMSRMarket.MarketState.Resolved));
        assertEq(uint256(market.state(id6)), uint256(ILMSRMarket.MarketState.Resolved));
        assertEq(info.resolvedOutcome, 2);
        assertEq(info.pool, FUNDING_6);
    }

    function test_resolve_worksBeforeAndAfterCloseTime() public {
        _resolve(id18, 1); // before the close time: ends trading early
        vm.warp(START + DURATION + 30 days);
        _resolve(id6, 0);
        assertEq(uint256(market.state(id18)), uint256(ILMSRMarket.MarketState.Resolved));
        assertEq(uint256(market.state(id6)), uint256(ILMSRMarket.MarketState.Resolved));
        assertEq(market.getMarket(id18).resolvedOutcome, 1);
    }

    function test_resolve_revertsWhenMarketNotFound() public {
        vm.prank(resolver);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 3));
        market.resolve(3, 0);
    }

    function test_resolve_revertsWhenNotResolver() public {
        address[2] memory callers = [creator, alice];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.NotResolver.selector, id18, callers[i]));
            market.resolve(id18, 0);
        }
        assertEq(uint256(market.state(id18)), uint256(ILMSRMarket.MarketState.Open));
    }

    function test_resolve_revertsWhenOutcomeOutOfRange() public {
        vm.prank(resolver);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.OutcomeOutOfRange.selector, id6, 3, 3));
        market.resolve(id6, 3);
        assertEq(uint256(market.state(id6)), uint256(ILMSRMarket.MarketState.Open));
    }

    function test_resolve_revertsWhenAlreadyResolved() public {
        _resolve(id18, 0);
        vm.prank(resolver);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketAlreadyResolved.selector, id18));
        market.resolve(id18, 1);
        assertEq(market.getMarket(id18).resolvedOutcome, 0);

        vm.prank(resolver);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketAlreadyResolved.selector, id18));
        market.resolveInvalid(id18);
        assertEq(uint256(market.state(id18)), uint256(ILMSRMarket.MarketState.Resolved));
    }

    function test_resolveInvalid_setsStateAndEmits() public {
        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.MarketResolved(id18, 0, true);
        vm.prank(resolver);
        market.resolveInvalid(id18);
        assertEq(uint256(market.state(id18)), uint256(ILMSRMarket.MarketState.Invalid));
        assertEq(uint256(market.getMarket(id18).state), uint256(ILMSRMarket.MarketState.Invalid));
    }

    function test_resolveInvalid_revertsWhenMarketNotFound() public {
        vm.prank(resolver);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 0));
        market.resolveInvalid(0);
    }

    function test_resolveInvalid_revertsWhenNotResolver() public {
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.NotResolver.selector, id6, creator));
        market.resolveInvalid(id6);
        assertEq(uint256(market.state(id6)), uint256(ILMSRMarket.MarketState.Open));
    }

    function test_resolveInvalid_revertsWhenAlreadyResolved() public {
        _resolveInvalid(id6);
        vm.prank(resolver);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketAlreadyResolved.selector, id6));
        market.resolveInvalid(id6);
        vm.prank(resolver);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketAlreadyResolved.selector, id6));
        market.resolve(id6, 0);
        assertEq(uint256(market.state(id6)), uint256(ILMSRMarket.MarketState.Invalid));
    }

    // =====================================================================================
    // redeem
    // =====================================================================================

    function test_redeem_winnerPaysOneToOneAndEscrowsShares() public {
        _buy(alice, id18, 0, 300e18);
        _buy(bob, id18, 1, 200e18);
        _resolve(id18, 0);
        uint256 id = market.tokenId(id18, 0);
        uint256 poolBefore = market.getMarket(id18).pool;

        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.Redeemed(id18, alice, 0, 120e18, 120e18);
        vm.prank(alice);
        assertEq(market.redeem(id18, 0, 120e18), 120e18);

        assertEq(dai.balanceOf(alice), 120e18);
        assertEq(market.balanceOf(alice, id), 180e18);
        assertEq(market.balanceOf(address(market), id), 120e18);
        // Escrowed, not burned: the supply is frozen.
        assertEq(market.totalSupply(id), 300e18);
        assertEq(market.supply(id18, 0), 300e18);
        assertEq(market.getMarket(id18).pool, poolBefore - 120e18);

        vm.prank(alice);
        assertEq(market.redeem(id18, 0, 180e18), 180e18);
        assertEq(dai.balanceOf(alice), 300e18);
        assertEq(market.balanceOf(address(market), id), 300e18);
        assertEq(market.getMarket(id18).pool, poolBefore - 300e18);
    }

    function test_redeem_winnerPaysOneToOne_6Decimals() public {
        _buy(alice, id6, 2, 777e6);
        _buyWithCollateral(bob, id6, 2, 50e6);
        uint256 bobShares = _shares(bob, id6, 2);
        _resolve(id6, 2);

        vm.prank(alice);
        assertEq(market.redeem(id6, 2, 777e6), 777e6);
        vm.prank(bob);
        assertEq(market.redeem(id6, 2, bobShares), bobShares);
        assertEq(usdc.balanceOf(alice), 777e6);
        assertEq(usdc.balanceOf(bob), bobShares);
    }

    function test_redeem_invalidPaysFloorOfSharesTimesPriceAndPricesStayFrozen() public {
        _buy(alice, id18, 0, 300e18);
        _buy(bob, id18, 1, 512_345_678_901_234_567_891);
        _buy(carol, id18, 0, 100e18 + 7);
        _resolveInvalid(id18);

        ILMSRMarket.MarketInfo memory info = market.getMarket(id18);
        uint256[] memory pricesBefore = market.prices(id18);
        uint256 p0 = LMSRMath.priceDown(info.logSum, 400e18 + 7, B18);
        uint256 p1 = LMSRMath.priceDown(info.logSum, 512_345_678_901_234_567_891, B18);

        uint256 expectedAlice = (300e18 * p0) >> 128;
        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.Redeemed(id18, alice, 0, 300e18, expectedAlice);
        vm.prank(alice);
        assertEq(market.redeem(id18, 0, 300e18), expectedAlice);
        assertEq(dai.balanceOf(alice), expectedAlice);
        // The WAD price view agrees to within the shares' worth of a 1e-18 rounding.
        assertApproxEqAbs(expectedAlice, (300e18 * pricesBefore[0]) / WAD, 301);
        _assertPricesEq(market.prices(id18), pricesBefore);

        uint256 expectedBob = (512_345_678_901_234_567_891 * p1) >> 128;
        vm.prank(bob);
        assertEq(market.redeem(id18, 1, 512_345_678_901_234_567_891), expectedBob);
        _assertPricesEq(market.prices(id18), pricesBefore);

        // Carol redeems in two pieces, each floored; the price is still the same.
        uint256 first = ((50e18) * p0) >> 128;
        uint256 second = ((50e18 + 7) * p0) >> 128;
        vm.startPrank(carol);
        assertEq(market.redeem(id18, 0, 50e18), first);
        assertEq(market.redeem(id18, 0, 50e18 + 7), second);
        vm.stopPrank();
        _assertPricesEq(market.prices(id18), pricesBefore);

        assertEq(market.supply(id18, 0), 400e18 + 7);
        assertEq(market.getMarket(id18).logSum, info.logSum);
        assertEq(market.getMarket(id18).pool, info.pool - expectedAlice - expectedBob - first - second);
        // All holders together got at most what the pool held.
        assertLe(expectedAlice + expectedBob + first + second, info.pool);
    }

    function test_redeem_invalidPaysEveryOutcome_6Decimals() public {
        _buy(alice, id6, 0, 100e6);
        _buy(alice, id6, 1, 200e6);
        _buy(alice, id6, 2, 300e6);
        _resolveInvalid(id6);
        ILMSRMarket.MarketInfo memory info = market.getMarket(id6);
        uint256 total;
        for (uint256 j; j < 3; ++j) {
            uint256 q = (j + 1) * 100e6;
            uint256 expected = (q * LMSRMath.priceDown(info.logSum, q, B6)) >> 128;
            vm.prank(alice);
            assertEq(market.redeem(id6, j, q), expected);
            total += expected;
        }
        assertEq(usdc.balanceOf(alice), total);
        // Σ q_j · p_j is below max_j q_j = 300e6 and above min_j q_j = 100e6.
        assertLt(total, 300e6);
        assertGt(total, 100e6);
    }

    function test_redeem_revertsWhenZeroShares() public {
        _buy(alice, id18, 0, 1e18);
        _resolve(id18, 0);
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(ILMSRMarket.ZeroAmount.selector);
        market.redeem(id18, 0, 0);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
    }

    function test_redeem_revertsWhenMarketNotFound() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 3));
        market.redeem(3, 0, 1);
    }

    function test_redeem_revertsWhenNotResolved() public {
        _buy(alice, id18, 0, 1e18);
        // Open, then closed but not yet resolved.
        for (uint256 i; i < 2; ++i) {
            if (i == 1) vm.warp(START + DURATION);
            Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
            vm.prank(alice);
            vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotResolved.selector, id18));
            market.redeem(id18, 0, 1e18);
            _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
        }
    }

    function test_redeem_revertsWhenOutcomeOutOfRange() public {
        _resolve(id6, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.OutcomeOutOfRange.selector, id6, 3, 3));
        market.redeem(id6, 3, 1);
    }

    function test_redeem_revertsWhenOutcomeLost() public {
        _buy(alice, id18, 1, 5e18);
        _resolve(id18, 0);
        Snapshot memory before = _snapshot(id18, 1, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.NoPayout.selector, id18, 1));
        market.redeem(id18, 1, 5e18);
        _assertUnchanged(before, _snapshot(id18, 1, alice, address(dai)));
    }

    function test_redeem_revertsWhenRedeemingMoreThanHeld() public {
        _buy(alice, id18, 0, 5e18);
        _buy(bob, id18, 0, 5e18);
        _resolve(id18, 0);
        uint256 id = market.tokenId(id18, 0);
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ERC6909.ERC6909InsufficientBalance.selector, alice, 5e18, 5e18 + 1, id)
        );
        market.redeem(id18, 0, 5e18 + 1);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));

        // Shares already redeemed cannot be redeemed twice.
        vm.startPrank(alice);
        market.redeem(id18, 0, 5e18);
        vm.expectRevert(abi.encodeWithSelector(ERC6909.ERC6909InsufficientBalance.selector, alice, 0, 1, id));
        market.redeem(id18, 0, 1);
        vm.stopPrank();
    }

    function test_redeem_revertsWhenTransferReturnsFalse() public {
        (MisbehavingERC20 bad, uint256 id) = _createMisbehavingMarket();
        (uint256 cost,) = market.quoteBuy(id, 0, 5e18);
        bad.mint(alice, cost);
        vm.prank(alice);
        market.buy(id, 0, 5e18, cost, block.timestamp);
        _resolve(id, 0);
        bad.setReturnFalse(true);

        Snapshot memory before = _snapshot(id, 0, alice, address(bad));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CollateralTransferFailed.selector, address(bad)));
        market.redeem(id, 0, 5e18);
        _assertUnchanged(before, _snapshot(id, 0, alice, address(bad)));
    }

    // =====================================================================================
    // withdrawSurplus
    // =====================================================================================

    function test_withdrawSurplus_paysPoolMinusWinningShares() public {
        uint256 c1 = _buy(alice, id18, 0, 300e18);
        uint256 c2 = _buy(bob, id18, 1, 200e18);
        uint256 p1 = _sell(alice, id18, 0, 100e18);
        _resolve(id18, 0);
        uint256 pool = FUNDING_18 + c1 + c2 - p1;
        assertEq(market.getMarket(id18).pool, pool);

        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.SurplusWithdrawn(id18, creator, pool - 200e18);
        vm.prank(creator);
        assertEq(market.withdrawSurplus(id18), pool - 200e18);
        assertEq(dai.balanceOf(creator), pool - 200e18);
        assertEq(market.getMarket(id18).pool, 200e18);

        // The winners are still paid in full, after which the market holds nothing.
        vm.prank(alice);
        assertEq(market.redeem(id18, 0, 200e18), 200e18);
        assertEq(market.getMarket(id18).pool, 0);
        assertEq(dai.balanceOf(address(market)), 0);
    }

    function test_withdrawSurplus_includesTheFees() public {
        // Same trades with and without a fee: the creator's surplus differs by the fees exactly.
        ILMSRMarket.CreateParams memory p = _params(address(usdc), B6, 3);
        p.feeBps = 0;
        uint256 free = _create(p);
        uint256 withFee = id6;
        uint256 fees;
        for (uint256 k; k < 2; ++k) {
            uint256 id = k == 0 ? free : withFee;
            (, uint256 buyFee) = market.quoteBuy(id, 1, 400e6);
            _buy(alice, id, 1, 400e6);
            (, uint256 sellFee) = market.quoteSell(id, 1, 150e6);
            _sell(alice, id, 1, 150e6);
            if (k == 1) fees = buyFee + sellFee;
            _resolve(id, 2);
        }
        vm.startPrank(creator);
        uint256 surplusFree = market.withdrawSurplus(free);
        uint256 surplusWithFee = market.withdrawSurplus(withFee);
        vm.stopPrank();
        assertGt(fees, 0);
        // Fees do not move the log-sum: both markets took the same path, so only the fees differ.
        assertEq(surplusWithFee, surplusFree + fees);
    }

    function test_withdrawSurplus_canBeCalledAgainAfterInvalidRedemptions() public {
        _buy(alice, id18, 0, 300e18 + 1);
        _buy(bob, id18, 1, 123_456_789_012_345_678_901);
        _resolveInvalid(id18);
        ILMSRMarket.MarketInfo memory info = market.getMarket(id18);
        uint256 q0 = 300e18 + 1;
        uint256 q1 = 123_456_789_012_345_678_901;
        uint256 p0 = LMSRMath.priceDown(info.logSum, q0, B18);
        uint256 p1 = LMSRMath.priceDown(info.logSum, q1, B18);
        uint256 owed = ((q0 * p0 + ONE - 1) >> 128) + ((q1 * p1 + ONE - 1) >> 128);

        vm.prank(creator);
        uint256 first = market.withdrawSurplus(id18);
        assertEq(first, info.pool - owed);
        assertEq(market.getMarket(id18).pool, owed);

        vm.prank(alice);
        uint256 a = market.redeem(id18, 0, q0);
        vm.prank(bob);
        uint256 b = market.redeem(id18, 1, q1);
        // Holders redeem floor(q·p) against the ceil(q·p) held back: the dust is the creator's.
        uint256 dust = owed - a - b;
        assertEq(market.getMarket(id18).pool, dust);
        assertGt(dust, 0);

        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.SurplusWithdrawn(id18, creator, dust);
        vm.prank(creator);
        assertEq(market.withdrawSurplus(id18), dust);
        assertEq(market.getMarket(id18).pool, 0);
        assertEq(dai.balanceOf(address(market)), 0);
        assertEq(dai.balanceOf(creator), first + dust);
    }

    function test_withdrawSurplus_canBeCalledAgainAfterAHolderForfeitsShares() public {
        _buy(alice, id6, 1, 100e6);
        _resolve(id6, 1);
        vm.prank(creator);
        uint256 first = market.withdrawSurplus(id6);
        // Shares sent to the market itself are escrowed for good: no longer owed.
        uint256 id = market.tokenId(id6, 1);
        vm.prank(alice);
        market.transfer(address(market), id, 40e6);
        vm.prank(creator);
        assertEq(market.withdrawSurplus(id6), 40e6);
        vm.prank(alice);
        assertEq(market.redeem(id6, 1, 60e6), 60e6);
        assertEq(usdc.balanceOf(creator), first + 40e6);
        assertEq(usdc.balanceOf(address(market)), 0);
    }

    function test_withdrawSurplus_beforeAndAfterWinnersRedeemAddsUp() public {
        uint256 c = _buy(alice, id6, 0, 400e6) + _buy(bob, id6, 1, 250e6);
        _resolve(id6, 1);
        vm.prank(bob);
        market.redeem(id6, 1, 250e6);
        vm.prank(creator);
        assertEq(market.withdrawSurplus(id6), FUNDING_6 + c - 250e6);
        assertEq(usdc.balanceOf(address(market)), 0);
    }

    function test_withdrawSurplus_revertsWhenMarketNotFound() public {
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 3));
        market.withdrawSurplus(3);
    }

    function test_withdrawSurplus_revertsWhenNotResolved() public {
        for (uint256 i; i < 2; ++i) {
            if (i == 1) vm.warp(START + DURATION);
            Snapshot memory before = _snapshot(id18, 0, creator, address(dai));
            vm.prank(creator);
            vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotResolved.selector, id18));
            market.withdrawSurplus(id18);
            _assertUnchanged(before, _snapshot(id18, 0, creator, address(dai)));
        }
    }

    function test_withdrawSurplus_revertsWhenNotCreator() public {
        _resolve(id18, 0);
        address[2] memory callers = [resolver, alice];
        for (uint256 i; i < callers.length; ++i) {
            Snapshot memory before = _snapshot(id18, 0, callers[i], address(dai));
            vm.prank(callers[i]);
            vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.NotCreator.selector, id18, callers[i]));
            market.withdrawSurplus(id18);
            _assertUnchanged(before, _snapshot(id18, 0, callers[i], address(dai)));
        }
    }

    function test_withdrawSurplus_revertsWhenNothingToWithdraw() public {
        _buy(alice, id18, 0, 10e18);
        _resolve(id18, 0);
        vm.prank(creator);
        market.withdrawSurplus(id18);

        Snapshot memory before = _snapshot(id18, 0, creator, address(dai));
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.NothingToWithdraw.selector, id18));
        market.withdrawSurplus(id18);
        _assertUnchanged(before, _snapshot(id18, 0, creator, address(dai)));

        // Still nothing once the winner redeemed: the pool is empty.
        vm.prank(alice);
        market.redeem(id18, 0, 10e18);
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.NothingToWithdraw.selector, id18));
        market.withdrawSurplus(id18);
    }

    function test_withdrawSurplus_revertsWhenTransferReturnsFalse() public {
        (MisbehavingERC20 bad, uint256 id) = _createMisbehavingMarket();
        _resolveInvalid(id);
        bad.setReturnFalse(true);
        Snapshot memory before = _snapshot(id, 0, creator, address(bad));
        vm.prank(creator);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CollateralTransferFailed.selector, address(bad)));
        market.withdrawSurplus(id);
        _assertUnchanged(before, _snapshot(id, 0, creator, address(bad)));
    }

    // =====================================================================================
    // views: price, prices, getMarket, state, supply
    // =====================================================================================

    function test_price_matchesPricesAndLibrary() public {
        _buy(alice, id6, 1, 321e6);
        uint256[] memory all = market.prices(id6);
        ILMSRMarket.MarketInfo memory info = market.getMarket(id6);
        for (uint256 j; j < 3; ++j) {
            uint256 expected = (LMSRMath.priceDown(info.logSum, market.supply(id6, j), B6) * WAD) >> 128;
            assertEq(market.price(id6, j), expected);
            assertEq(all[j], expected);
        }
        assertLe(_sum(all), WAD);
        assertGe(_sum(all), WAD - 3);
    }

    function test_prices_has256EntriesSummingToAtMostOne() public {
        uint256 id = _create(address(dai), 100e18, 256);
        _buy(alice, id, 255, 50e18);
        _buy(bob, id, 17, 10e18);
        uint256[] memory all = market.prices(id);
        assertEq(all.length, 256);
        assertLe(_sum(all), WAD);
        assertGe(_sum(all), WAD - 256);
        assertGt(all[255], all[17]);
        assertGt(all[17], all[0]);
    }

    function test_price_revertsWhenMarketNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 0));
        market.price(0, 0);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 3));
        market.prices(3);
    }

    function test_price_revertsWhenOutcomeOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.OutcomeOutOfRange.selector, id18, 2, 2));
        market.price(id18, 2);
    }

    function test_prices_remainReadableAfterResolution() public {
        _buy(alice, id18, 0, 10e18);
        uint256[] memory before = market.prices(id18);
        _resolve(id18, 0);
        vm.warp(START + 365 days);
        _assertPricesEq(market.prices(id18), before);
    }

    function test_getMarket_revertsWhenMarketNotFound() public {
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 3));
        market.getMarket(3);
    }

    function test_state_followsTheMarketsLife() public {
        assertEq(uint256(market.state(0)), uint256(ILMSRMarket.MarketState.None));
        assertEq(uint256(market.state(3)), uint256(ILMSRMarket.MarketState.None));
        assertEq(uint256(market.state(id18)), uint256(ILMSRMarket.MarketState.Open));
        vm.warp(START + DURATION - 1);
        assertEq(uint256(market.state(id18)), uint256(ILMSRMarket.MarketState.Open));
        vm.warp(START + DURATION);
        assertEq(uint256(market.state(id18)), uint256(ILMSRMarket.MarketState.Closed));
        assertEq(uint256(market.getMarket(id18).state), uint256(ILMSRMarket.MarketState.Closed));
        _resolve(id18, 1);
        assertEq(uint256(market.state(id18)), uint256(ILMSRMarket.MarketState.Resolved));
        _resolveInvalid(id6);
        assertEq(uint256(market.state(id6)), uint256(ILMSRMarket.MarketState.Invalid));
    }

    function test_supply_tracksBuysAndSellsAndIgnoresRedemptions() public {
        _buy(alice, id6, 1, 40e6);
        _buy(bob, id6, 1, 2e6);
        _sell(alice, id6, 1, 15e6);
        assertEq(market.supply(id6, 1), 27e6);
        assertEq(market.totalSupply(market.tokenId(id6, 1)), 27e6);
        _resolve(id6, 1);
        vm.prank(alice);
        market.redeem(id6, 1, 25e6);
        assertEq(market.supply(id6, 1), 27e6);
    }

    function test_supply_revertsWhenMarketNotFoundOrOutcomeOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 3));
        market.supply(3, 0);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.OutcomeOutOfRange.selector, id6, 3, 3));
        market.supply(id6, 3);
    }

    // =====================================================================================
    // ERC-6909 shares
    // =====================================================================================

    function test_shares_areTransferableAndTheRecipientTradesAndRedeems() public {
        _buy(alice, id18, 1, 10e18);
        uint256 id = market.tokenId(id18, 1);
        vm.prank(alice);
        market.transfer(bob, id, 6e18);
        assertEq(market.balanceOf(bob, id), 6e18);
        assertEq(market.balanceOf(alice, id), 4e18);

        (uint256 quoted,) = market.quoteSell(id18, 1, 1e18);
        assertEq(_sell(bob, id18, 1, 1e18), quoted);

        _resolve(id18, 1);
        vm.prank(bob);
        assertEq(market.redeem(id18, 1, 5e18), 5e18);
        vm.prank(alice);
        assertEq(market.redeem(id18, 1, 4e18), 4e18);
    }

    // =====================================================================================
    // re-entrancy through the collateral token
    // =====================================================================================

    function test_createMarket_refusesReentryFromCollateral() public {
        ReentrantERC20 token = _reentrantToken();
        token.mint(creator, _funding(B18, 2));
        ILMSRMarket.CreateParams memory p = _params(address(token), B18, 2);
        token.arm(address(market), abi.encodeCall(market.createMarket, (p)));
        vm.prank(creator);
        uint256 id = market.createMarket(p);
        _assertReentryRefused(token);
        assertEq(market.marketCount(), id);
    }

    function test_buy_refusesReentryFromCollateral() public {
        (ReentrantERC20 token, uint256 id) = _reentrantMarket();
        (uint256 cost,) = market.quoteBuy(id, 0, 10e18);
        token.mint(alice, cost);
        token.arm(address(market), abi.encodeCall(market.sell, (id, 0, 1, 0, block.timestamp)));
        vm.prank(alice);
        market.buy(id, 0, 10e18, cost, block.timestamp);
        _assertReentryRefused(token);
        assertEq(_shares(alice, id, 0), 10e18);
    }

    function test_buyWithCollateral_refusesReentryFromCollateral() public {
        (ReentrantERC20 token, uint256 id) = _reentrantMarket();
        token.mint(alice, 10e18);
        token.arm(address(market), abi.encodeCall(market.buyWithCollateral, (id, 1, 1e18, 0, block.timestamp)));
        vm.prank(alice);
        market.buyWithCollateral(id, 1, 10e18, 0, block.timestamp);
        _assertReentryRefused(token);
        assertEq(market.getMarket(id).pool, _funding(B18, 2) + 10e18);
    }

    function test_sell_refusesReentryFromCollateral() public {
        (ReentrantERC20 token, uint256 id) = _reentrantMarket();
        (uint256 cost,) = market.quoteBuy(id, 0, 10e18);
        token.mint(alice, cost);
        vm.prank(alice);
        market.buy(id, 0, 10e18, cost, block.timestamp);
        token.arm(address(market), abi.encodeCall(market.buy, (id, 0, 1e18, type(uint256).max, block.timestamp)));
        vm.prank(alice);
        market.sell(id, 0, 10e18, 0, block.timestamp);
        _assertReentryRefused(token);
        assertEq(market.supply(id, 0), 0);
    }

    function test_redeem_refusesReentryFromCollateral() public {
        (ReentrantERC20 token, uint256 id) = _reentrantMarket();
        (uint256 cost,) = market.quoteBuy(id, 1, 10e18);
        token.mint(alice, cost);
        vm.prank(alice);
        market.buy(id, 1, 10e18, cost, block.timestamp);
        _resolve(id, 1);
        token.arm(address(market), abi.encodeCall(market.redeem, (id, 1, 1)));
        vm.prank(alice);
        market.redeem(id, 1, 10e18);
        _assertReentryRefused(token);
        assertEq(token.balanceOf(alice), 10e18);
    }

    function test_withdrawSurplus_refusesReentryFromCollateral() public {
        (ReentrantERC20 token, uint256 id) = _reentrantMarket();
        _resolveInvalid(id);
        token.arm(address(market), abi.encodeCall(market.withdrawSurplus, (id)));
        vm.prank(creator);
        market.withdrawSurplus(id);
        _assertReentryRefused(token);
        assertEq(token.balanceOf(creator), _funding(B18, 2));
        assertEq(market.getMarket(id).pool, 0);
    }

    // =====================================================================================
    // end to end and extremes
    // =====================================================================================

    function test_lifecycle_everyWinnerIsPaidAndTheMarketEndsEmpty() public {
        uint256 id = _create(address(usdc), 10, 2); // tiny b: rounding dominates
        for (uint256 i; i < 20; ++i) {
            _buy(i % 2 == 0 ? alice : bob, id, i % 2, 3 + i);
            if (i % 3 == 0) _sell(i % 2 == 0 ? alice : bob, id, i % 2, 2);
        }
        _buyWithCollateral(carol, id, 0, 17);
        _resolve(id, 0);
        vm.prank(creator);
        market.withdrawSurplus(id);
        address[3] memory holders = [alice, bob, carol];
        for (uint256 i; i < holders.length; ++i) {
            uint256 held = _shares(holders[i], id, 0);
            if (held == 0) continue;
            vm.prank(holders[i]);
            assertEq(market.redeem(id, 0, held), held);
        }
        assertEq(market.getMarket(id).pool, 0);
        assertEq(usdc.balanceOf(address(market)), market.getMarket(id6).pool);
    }

    function test_extremeRoundTrip_staysSolventAndPricesNeverExceedOne() public {
        // To just below the log-sum cap and all the way back, three times. This is the least
        // precise path: selling down a dominant outcome leaves 1 − p with few bits in X128, so
        // each such round trip lowers the price sum (measured ≈ 3.7e-16 per trip at q/b = 49.9,
        // cumulative), but every rounding still favours the market.
        uint256 cap = LMSRMath.MAX_LOG_SUM >> 128;
        uint256 shares = (cap < 50 ? cap : 50) * B18 - B18 / 10;
        uint256 previousSum = WAD;
        for (uint256 trip; trip < 3; ++trip) {
            uint256 poolBefore = market.getMarket(id18).pool;
            uint256 cost = _buy(alice, id18, trip % 2, shares);
            uint256 proceeds = _sell(alice, id18, trip % 2, shares);
            ILMSRMarket.MarketInfo memory info = market.getMarket(id18);

            assertLt(proceeds, cost);
            assertGe(info.pool, poolBefore);
            assertGe(info.pool * ONE, info.liquidity * info.logSum); // pool ≥ b·L
            // L ≥ ln 2 (exact, rounded up): the log-sum never falls below its exact value.
            assertGe(info.logSum, 235_865_763_225_513_294_137_944_142_764_154_484_400);
            uint256 sum = _sum(market.prices(id18));
            assertLe(sum, previousSum);
            // Never above 1, and the loss stays below 5e-16 per extreme trip.
            assertLe(WAD - sum, 500 * (trip + 1));
            previousSum = sum;
        }
    }

    // =====================================================================================
    // helpers
    // =====================================================================================

    function _createMisbehavingMarket() internal returns (MisbehavingERC20 bad, uint256 id) {
        bad = new MisbehavingERC20();
        address[3] memory accounts = [creator, alice, bob];
        for (uint256 i; i < accounts.length; ++i) {
            vm.prank(accounts[i]);
            bad.approve(address(market), type(uint256).max);
        }
        bad.mint(creator, _funding(B18, 2));
        ILMSRMarket.CreateParams memory p = _params(address(bad), B18, 2);
        vm.prank(creator);
        id = market.createMarket(p);
    }

    function _reentrantToken() internal returns (ReentrantERC20 token) {
        token = new ReentrantERC20();
        address[3] memory accounts = [creator, alice, bob];
        for (uint256 i; i < accounts.length; ++i) {
            vm.prank(accounts[i]);
            token.approve(address(market), type(uint256).max);
        }
    }

    function _reentrantMarket() internal returns (ReentrantERC20 token, uint256 id) {
        token = _reentrantToken();
        token.mint(creator, _funding(B18, 2));
        ILMSRMarket.CreateParams memory p = _params(address(token), B18, 2);
        vm.prank(creator);
        id = market.createMarket(p);
    }

    function _assertPricesEq(uint256[] memory a, uint256[] memory b) internal pure {
        assertEq(a.length, b.length, "price count");
        for (uint256 i; i < a.length; ++i) {
            assertEq(a[i], b[i], "price moved");
        }
    }
}
