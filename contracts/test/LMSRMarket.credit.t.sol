// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILMSRMarket} from "../src/interfaces/ILMSRMarket.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";
import {MisbehavingERC20} from "../src/mocks/MisbehavingERC20.sol";
import {LMSRMarketFixture} from "./utils/LMSRMarketFixture.sol";
import {ReentrantERC20} from "./utils/ReentrantERC20.sol";

/// @notice Collateral credit: `deposit`, `withdraw`, `buyFromCredit`, `sellToCredit`, `creditOf`.
/// @dev Same two markets as LMSRMarketTest: `id18` (2 outcomes, 18-decimal DAI, b = 1000e18) and
/// `id6` (3 outcomes, 6-decimal USDC, b = 1000e6), both with a 1 % fee.
contract LMSRMarketCreditTest is LMSRMarketFixture {
    uint256 internal id18;
    uint256 internal id6;

    function setUp() public override {
        super.setUp();
        id18 = _create(address(dai), B18, 2);
        id6 = _create(address(usdc), B6, 3);
    }

    function _deposit(address who, MockERC20 token, uint256 amount) internal {
        token.mint(who, amount);
        vm.prank(who);
        market.deposit(address(token), amount, who);
    }

    // =====================================================================================
    // deposit
    // =====================================================================================

    function test_deposit_pullsExactlyAndCreditsTheRecipient() public {
        usdc.mint(alice, 500e6);
        uint256 marketBefore = usdc.balanceOf(address(market));
        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.Deposited(address(usdc), alice, bob, 300e6);
        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.CreditChanged(address(usdc), bob, 300e6);
        vm.prank(alice);
        market.deposit(address(usdc), 300e6, bob);

        assertEq(market.creditOf(address(usdc), bob), 300e6);
        assertEq(market.creditOf(address(usdc), alice), 0);
        assertEq(market.creditOf(address(dai), bob), 0, "credit is per token");
        assertEq(usdc.balanceOf(alice), 200e6);
        assertEq(usdc.balanceOf(address(market)), marketBefore + 300e6);
        // Credit belongs to no market: pools do not move.
        assertEq(market.getMarket(id6).pool, _funding(B6, 3));
    }

    function test_deposit_adds() public {
        _deposit(alice, usdc, 1e6);
        _deposit(alice, usdc, 2e6);
        assertEq(market.creditOf(address(usdc), alice), 3e6);
    }

    function test_deposit_revertsWhenZeroAmount() public {
        vm.prank(alice);
        vm.expectRevert(ILMSRMarket.ZeroAmount.selector);
        market.deposit(address(usdc), 0, alice);
    }

    function test_deposit_revertsWhenRecipientIsZero() public {
        usdc.mint(alice, 1e6);
        vm.prank(alice);
        vm.expectRevert(ILMSRMarket.InvalidCreditAccount.selector);
        market.deposit(address(usdc), 1e6, address(0));
        assertEq(usdc.balanceOf(alice), 1e6);
    }

    function test_deposit_revertsWhenCollateralIsNotAContract() public {
        address notAToken = makeAddr("not a token");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.InvalidCollateral.selector, notAToken));
        market.deposit(notAToken, 1e6, alice);
    }

    function test_deposit_revertsWhenTransferReturnsFalse() public {
        MisbehavingERC20 bad = _misbehaving();
        bad.mint(alice, 10e18);
        bad.setReturnFalse(true);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CollateralTransferFailed.selector, address(bad)));
        market.deposit(address(bad), 10e18, alice);
        assertEq(market.creditOf(address(bad), alice), 0);
        assertEq(bad.balanceOf(alice), 10e18);
    }

    function test_deposit_revertsWhenTokenChargesAFee() public {
        MisbehavingERC20 bad = _misbehaving();
        bad.mint(alice, 10e18);
        bad.setFeeBps(1);
        uint256 received = 10e18 - (10e18 * 1) / 10_000;
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ILMSRMarket.CollateralFeeOnTransfer.selector, address(bad), 10e18, received)
        );
        market.deposit(address(bad), 10e18, alice);
        assertEq(market.creditOf(address(bad), alice), 0);
        assertEq(bad.balanceOf(alice), 10e18);
    }

    function test_deposit_refusesReentryFromCollateral() public {
        ReentrantERC20 token = _reentrant();
        token.mint(alice, 10e18);
        token.arm(address(market), abi.encodeCall(market.withdraw, (address(token), 1, alice)));
        vm.prank(alice);
        market.deposit(address(token), 10e18, alice);
        _assertReentryRefused(token);
        assertEq(market.creditOf(address(token), alice), 10e18);
    }

    // =====================================================================================
    // withdraw
    // =====================================================================================

    function test_withdraw_sendsToTheRecipientAndDebits() public {
        _deposit(alice, dai, 10e18);
        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.CreditChanged(address(dai), alice, 6e18);
        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.Withdrawn(address(dai), alice, carol, 4e18);
        vm.prank(alice);
        market.withdraw(address(dai), 4e18, carol);
        assertEq(market.creditOf(address(dai), alice), 6e18);
        assertEq(dai.balanceOf(carol), 4e18);
        assertEq(dai.balanceOf(address(market)), _funding(B18, 2) + 6e18);
    }

    function test_withdraw_revertsWhenAboveCredit() public {
        _deposit(alice, dai, 10e18);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ILMSRMarket.InsufficientCredit.selector, address(dai), alice, 10e18, 10e18 + 1)
        );
        market.withdraw(address(dai), 10e18 + 1, alice);
        // Someone else's credit cannot be withdrawn.
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.InsufficientCredit.selector, address(dai), bob, 0, 1));
        market.withdraw(address(dai), 1, bob);
        assertEq(market.creditOf(address(dai), alice), 10e18);
    }

    function test_withdraw_revertsWhenZeroAmountOrZeroRecipient() public {
        _deposit(alice, dai, 1e18);
        vm.startPrank(alice);
        vm.expectRevert(ILMSRMarket.ZeroAmount.selector);
        market.withdraw(address(dai), 0, alice);
        vm.expectRevert(ILMSRMarket.InvalidCreditAccount.selector);
        market.withdraw(address(dai), 1e18, address(0));
        vm.stopPrank();
        assertEq(market.creditOf(address(dai), alice), 1e18);
    }

    function test_withdraw_revertsWhenTransferReturnsFalse() public {
        MisbehavingERC20 bad = _misbehaving();
        bad.mint(alice, 10e18);
        vm.prank(alice);
        market.deposit(address(bad), 10e18, alice);
        bad.setReturnFalse(true);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CollateralTransferFailed.selector, address(bad)));
        market.withdraw(address(bad), 10e18, alice);
        assertEq(market.creditOf(address(bad), alice), 10e18, "credit kept");
    }

    function test_withdraw_refusesReentryFromCollateral() public {
        ReentrantERC20 token = _reentrant();
        token.mint(alice, 10e18);
        vm.prank(alice);
        market.deposit(address(token), 10e18, alice);
        token.arm(address(market), abi.encodeCall(market.withdraw, (address(token), 1, alice)));
        vm.prank(alice);
        market.withdraw(address(token), 10e18, alice);
        _assertReentryRefused(token);
        assertEq(market.creditOf(address(token), alice), 0);
        assertEq(token.balanceOf(alice), 10e18);
    }

    // =====================================================================================
    // buyFromCredit
    // =====================================================================================

    function test_buyFromCredit_chargesWhatBuyChargesAndMovesNoTokens() public {
        _deposit(alice, usdc, 1_000e6);
        (uint256 quoted, uint256 fee) = market.quoteBuy(id6, 1, 250e6);
        uint256 poolBefore = market.getMarket(id6).pool;
        uint256 marketTokens = usdc.balanceOf(address(market));

        // The same trade from the wallet, on the same state, for comparison.
        uint256 snap = vm.snapshotState();
        usdc.mint(bob, quoted);
        vm.prank(bob);
        uint256 walletCost = market.buy(id6, 1, 250e6, quoted, block.timestamp);
        ILMSRMarket.MarketInfo memory viaWallet = market.getMarket(id6);
        vm.revertToState(snap);

        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.Trade(id6, alice, 1, true, 250e6, quoted, fee, 250e6, viaWallet.logSum);
        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.CreditChanged(address(usdc), alice, 1_000e6 - quoted);
        vm.prank(alice);
        uint256 cost = market.buyFromCredit(id6, 1, 250e6, quoted, block.timestamp);

        assertEq(cost, quoted);
        assertEq(cost, walletCost);
        assertEq(market.creditOf(address(usdc), alice), 1_000e6 - cost);
        assertEq(_shares(alice, id6, 1), 250e6);
        assertEq(market.getMarket(id6).pool, poolBefore + cost);
        assertEq(market.getMarket(id6).logSum, viaWallet.logSum);
        assertEq(usdc.balanceOf(address(market)), marketTokens, "no token moved");
        assertEq(usdc.balanceOf(alice), 0);
    }

    function testFuzz_buyFromCredit_equalsBuy(uint256 outcome, uint256 shares, uint256 pre) public {
        outcome = bound(outcome, 0, 2);
        shares = bound(shares, 1, 20 * B6);
        pre = bound(pre, 0, 20 * B6);
        if (pre != 0) _buy(carol, id6, (outcome + 1) % 3, pre);
        (uint256 quoted,) = market.quoteBuy(id6, outcome, shares);
        _deposit(alice, usdc, quoted);

        uint256 snap = vm.snapshotState();
        uint256 walletCost = _buy(bob, id6, outcome, shares);
        uint256 walletLogSum = market.getMarket(id6).logSum;
        vm.revertToState(snap);

        vm.prank(alice);
        assertEq(market.buyFromCredit(id6, outcome, shares, quoted, block.timestamp), walletCost);
        assertEq(market.getMarket(id6).logSum, walletLogSum);
        assertEq(market.creditOf(address(usdc), alice), 0);
    }

    function test_buyFromCredit_revertsWhenCreditTooLow() public {
        (uint256 quoted,) = market.quoteBuy(id18, 0, 10e18);
        _deposit(alice, dai, quoted - 1);
        // Credit in another token does not count.
        _deposit(alice, usdc, 1_000e6);
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(ILMSRMarket.InsufficientCredit.selector, address(dai), alice, quoted - 1, quoted)
        );
        market.buyFromCredit(id18, 0, 10e18, quoted, block.timestamp);
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));
        assertEq(market.creditOf(address(dai), alice), quoted - 1);
    }

    function test_buyFromCredit_revertsLikeBuy() public {
        _deposit(alice, dai, 1_000e18);
        (uint256 quoted,) = market.quoteBuy(id18, 0, 10e18);
        Snapshot memory before = _snapshot(id18, 0, alice, address(dai));
        vm.startPrank(alice);
        vm.expectRevert(ILMSRMarket.ZeroAmount.selector);
        market.buyFromCredit(id18, 0, 0, quoted, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CostAboveMax.selector, quoted, quoted - 1));
        market.buyFromCredit(id18, 0, 10e18, quoted - 1, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 99));
        market.buyFromCredit(99, 0, 10e18, quoted, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.OutcomeOutOfRange.selector, id18, 2, 2));
        market.buyFromCredit(id18, 2, 10e18, quoted, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(ILMSRMarket.DeadlinePassed.selector, block.timestamp - 1, block.timestamp)
        );
        market.buyFromCredit(id18, 0, 10e18, quoted, block.timestamp - 1);
        vm.stopPrank();
        _assertUnchanged(before, _snapshot(id18, 0, alice, address(dai)));

        vm.warp(START + DURATION);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketClosed.selector, id18, START + DURATION));
        market.buyFromCredit(id18, 0, 10e18, quoted, block.timestamp);
        _resolve(id18, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketAlreadyResolved.selector, id18));
        market.buyFromCredit(id18, 0, 10e18, quoted, block.timestamp);
        assertEq(market.creditOf(address(dai), alice), 1_000e18);
    }

    // =====================================================================================
    // sellToCredit
    // =====================================================================================

    function test_sellToCredit_creditsTheProceedsAndMovesNoTokens() public {
        _buy(alice, id18, 1, 100e18);
        (uint256 quoted, uint256 fee) = market.quoteSell(id18, 1, 40e18);
        uint256 poolBefore = market.getMarket(id18).pool;
        uint256 marketTokens = dai.balanceOf(address(market));

        vm.expectEmit(true, true, false, false, address(market));
        emit ILMSRMarket.Trade(id18, alice, 1, false, 40e18, quoted, fee, 60e18, 0);
        vm.expectEmit(true, true, true, true, address(market));
        emit ILMSRMarket.CreditChanged(address(dai), alice, quoted);
        vm.prank(alice);
        uint256 proceeds = market.sellToCredit(id18, 1, 40e18, quoted, block.timestamp);

        assertEq(proceeds, quoted);
        assertEq(market.creditOf(address(dai), alice), quoted);
        assertEq(_shares(alice, id18, 1), 60e18);
        assertEq(market.getMarket(id18).pool, poolBefore - proceeds);
        assertEq(dai.balanceOf(address(market)), marketTokens, "no token moved");
        assertEq(dai.balanceOf(alice), 0);

        // The credit buys again, and withdraws.
        (uint256 again,) = market.quoteBuy(id18, 0, 1e18);
        vm.prank(alice);
        market.buyFromCredit(id18, 0, 1e18, again, block.timestamp);
        vm.prank(alice);
        market.withdraw(address(dai), quoted - again, alice);
        assertEq(dai.balanceOf(alice), quoted - again);
        assertEq(market.creditOf(address(dai), alice), 0);
    }

    function test_sellToCredit_revertsLikeSell() public {
        _buy(alice, id6, 0, 10e6);
        (uint256 quoted,) = market.quoteSell(id6, 0, 10e6);
        Snapshot memory before = _snapshot(id6, 0, alice, address(usdc));
        uint256 id = market.tokenId(id6, 0);
        vm.startPrank(alice);
        vm.expectRevert(ILMSRMarket.ZeroAmount.selector);
        market.sellToCredit(id6, 0, 0, 0, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.ProceedsBelowMin.selector, quoted, quoted + 1));
        market.sellToCredit(id6, 0, 10e6, quoted + 1, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSignature("ERC6909InsufficientBalance(address,uint256,uint256,uint256)", alice, 10e6, 10e6 + 1, id)
        );
        market.sellToCredit(id6, 0, 10e6 + 1, 0, block.timestamp);
        vm.stopPrank();
        _assertUnchanged(before, _snapshot(id6, 0, alice, address(usdc)));
        assertEq(market.creditOf(address(usdc), alice), 0);
    }

    // =====================================================================================
    // solvency with credit
    // =====================================================================================

    /// Credit and pools are kept apart: after trading from credit and settling, every holder
    /// is paid, the creator takes the surplus, and each account withdraws exactly its credit.
    function test_lifecycle_creditAndPoolsStayApart() public {
        _deposit(alice, usdc, 500e6);
        _deposit(bob, usdc, 500e6);
        (uint256 qa,) = market.quoteBuy(id6, 0, 200e6);
        vm.prank(alice);
        market.buyFromCredit(id6, 0, 200e6, qa, block.timestamp);
        (uint256 qb,) = market.quoteBuy(id6, 2, 300e6);
        vm.prank(bob);
        market.buyFromCredit(id6, 2, 300e6, qb, block.timestamp);
        vm.prank(alice);
        uint256 back = market.sellToCredit(id6, 0, 50e6, 0, block.timestamp);
        _resolve(id6, 2);
        vm.prank(bob);
        market.redeem(id6, 2, 300e6);
        vm.prank(creator);
        market.withdrawSurplus(id6);
        assertEq(market.getMarket(id6).pool, 0);

        uint256 aliceCredit = 500e6 - qa + back;
        uint256 bobCredit = 500e6 - qb;
        assertEq(market.creditOf(address(usdc), alice), aliceCredit);
        assertEq(market.creditOf(address(usdc), bob), bobCredit);
        assertEq(usdc.balanceOf(address(market)), aliceCredit + bobCredit, "balance = credit once pools are empty");
        vm.prank(alice);
        market.withdraw(address(usdc), aliceCredit, alice);
        vm.prank(bob);
        market.withdraw(address(usdc), bobCredit, bob);
        assertEq(usdc.balanceOf(address(market)), 0);
    }

    // =====================================================================================
    // helpers
    // =====================================================================================

    function _misbehaving() internal returns (MisbehavingERC20 bad) {
        bad = new MisbehavingERC20();
        vm.prank(alice);
        bad.approve(address(market), type(uint256).max);
    }

    function _reentrant() internal returns (ReentrantERC20 token) {
        token = new ReentrantERC20();
        vm.prank(alice);
        token.approve(address(market), type(uint256).max);
    }
}
