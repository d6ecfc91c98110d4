// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC6909} from "@openzeppelin/contracts/interfaces/IERC6909.sol";
import {ILMSRMarket} from "../../src/interfaces/ILMSRMarket.sol";
import {ITradingVault} from "../../src/interfaces/ITradingVault.sol";
import {MisbehavingERC20} from "../../src/mocks/MisbehavingERC20.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {TradingVault} from "../../src/vault/TradingVault.sol";
import {TradingVaultFixture} from "./TradingVaultFixture.sol";

contract TradingVaultTest is TradingVaultFixture {
    // ------------------------------------------------------------------ construction and setup

    function test_constructor_setsMarket() public view {
        assertEq(address(vault.market()), address(market));
        assertEq(vault.DAY(), 86_400);
    }

    function test_constructor_revertsOnMarketWithoutCode() public {
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultInvalidMarket.selector, outsider));
        new TradingVault(ILMSRMarket(outsider));
    }

    function test_setUp_aliceDepositedAndAppointedAgent() public view {
        assertEq(vault.collateralBalance(alice, address(usdc)), DEPOSIT6);
        assertEq(vault.collateralBalance(alice, address(dai)), DEPOSIT18);
        assertEq(usdc.balanceOf(address(vault)), DEPOSIT6);
        ITradingVault.Policy memory p = vault.policyOf(alice);
        assertEq(p.agent, agent);
        assertEq(p.collateral, address(usdc));
        assertEq(p.expiry, EXPIRY);
        assertEq(p.maxPerTrade, MAX_PER_TRADE);
        assertEq(p.maxPerDay, MAX_PER_DAY);
        assertEq(p.maxExposurePerMarket, MAX_EXPOSURE);
        assertFalse(p.allMarkets);
        assertEq(vault.policyEpoch(alice), 1);
        assertTrue(vault.isMarketAllowed(alice, idA));
        assertTrue(vault.isMarketAllowed(alice, idB));
        assertFalse(vault.isMarketAllowed(alice, idC));
        assertEq(vault.spendableToday(alice), MAX_PER_DAY);
    }

    // ------------------------------------------------------------------ deposit

    function test_deposit_creditsCallerAndEmits() public {
        vm.expectEmit(address(vault));
        emit ITradingVault.Deposited(bob, address(usdc), 123e6, 123e6);
        vm.prank(bob);
        assertEq(vault.deposit(address(usdc), 123e6), 123e6);
        assertEq(vault.collateralBalance(bob, address(usdc)), 123e6);
        assertEq(usdc.balanceOf(bob), DEPOSIT6 - 123e6);
        assertEq(usdc.balanceOf(address(vault)), DEPOSIT6 + 123e6);
        // Deposits accumulate.
        vm.prank(bob);
        vault.deposit(address(usdc), 7);
        assertEq(vault.collateralBalance(bob, address(usdc)), 123e6 + 7);
    }

    function test_deposit_letsTheMarketPullTheToken() public {
        MockERC20 token = new MockERC20("T", "T", 6);
        token.mint(bob, 10);
        vm.startPrank(bob);
        token.approve(address(vault), 10);
        assertEq(token.allowance(address(vault), address(market)), 0);
        vault.deposit(address(token), 10);
        vm.stopPrank();
        assertEq(token.allowance(address(vault), address(market)), type(uint256).max);
    }

    function test_deposit_creditsWhatArrivesFromFeeOnTransferToken() public {
        MisbehavingERC20 bad = new MisbehavingERC20();
        bad.mint(bob, 1_000);
        bad.setFeeBps(1_000); // 10 %
        vm.startPrank(bob);
        bad.approve(address(vault), 1_000);
        vm.expectEmit(address(vault));
        emit ITradingVault.Deposited(bob, address(bad), 900, 900);
        assertEq(vault.deposit(address(bad), 1_000), 900);
        vm.stopPrank();
        assertEq(vault.collateralBalance(bob, address(bad)), 900);
        assertEq(bad.balanceOf(address(vault)), 900);
    }

    function test_deposit_revertsWhenZeroAmount() public {
        Snapshot memory before = _snapshot(bob, idA, 0);
        vm.prank(bob);
        vm.expectRevert(ITradingVault.VaultZeroAmount.selector);
        vault.deposit(address(usdc), 0);
        _assertUnchanged(before, _snapshot(bob, idA, 0));
    }

    function test_deposit_revertsWhenNothingArrives() public {
        MisbehavingERC20 bad = new MisbehavingERC20();
        bad.mint(bob, 1_000);
        bad.setFeeBps(10_000); // everything is taken as fee
        vm.startPrank(bob);
        bad.approve(address(vault), 1_000);
        vm.expectRevert(ITradingVault.VaultZeroAmount.selector);
        vault.deposit(address(bad), 1_000);
        vm.stopPrank();
        assertEq(bad.balanceOf(bob), 1_000);
        assertEq(vault.collateralBalance(bob, address(bad)), 0);
    }

    function test_deposit_revertsWhenTokenHasNoCode() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultInvalidCollateral.selector, outsider));
        vault.deposit(outsider, 1);
    }

    function test_deposit_revertsWhenTransferReturnsFalse() public {
        MisbehavingERC20 bad = new MisbehavingERC20();
        bad.mint(bob, 1_000);
        bad.setReturnFalse(true);
        vm.startPrank(bob);
        bad.approve(address(vault), 1_000);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultTransferFailed.selector, address(bad)));
        vault.deposit(address(bad), 1_000);
        vm.stopPrank();
        assertEq(vault.collateralBalance(bob, address(bad)), 0);
    }

    function test_deposit_revertsWithoutApproval() public {
        Snapshot memory before = _snapshot(outsider, idA, 0);
        usdc.mint(outsider, 1e6);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultTransferFailed.selector, address(usdc)));
        vault.deposit(address(usdc), 1e6);
        assertEq(vault.collateralBalance(outsider, address(usdc)), before.userUsdc);
        assertEq(usdc.balanceOf(address(vault)), before.vaultUsdc);
    }

    function test_deposit_revertsWhenBalanceWouldExceed128Bits() public {
        MockERC20 big = new MockERC20("Big", "BIG", 18);
        uint256 max = type(uint128).max;
        big.mint(bob, max + 1);
        vm.startPrank(bob);
        big.approve(address(vault), type(uint256).max);
        vault.deposit(address(big), max);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultBalanceOverflow.selector, bob, address(big), max + 1)
        );
        vault.deposit(address(big), 1);
        vm.stopPrank();
        assertEq(vault.collateralBalance(bob, address(big)), max);
    }

    // ------------------------------------------------------------------ withdraw

    function test_withdraw_paysCallerFromOwnBalance() public {
        vm.expectEmit(address(vault));
        emit ITradingVault.Withdrawn(alice, address(usdc), 400e6, DEPOSIT6 - 400e6);
        vm.prank(alice);
        vault.withdraw(address(usdc), 400e6);
        assertEq(vault.collateralBalance(alice, address(usdc)), DEPOSIT6 - 400e6);
        assertEq(usdc.balanceOf(alice), 400e6);
        assertEq(usdc.balanceOf(address(vault)), DEPOSIT6 - 400e6);
    }

    function test_withdraw_allOfTheBalance() public {
        vm.prank(alice);
        vault.withdraw(address(dai), DEPOSIT18);
        assertEq(vault.collateralBalance(alice, address(dai)), 0);
        assertEq(dai.balanceOf(alice), DEPOSIT18);
    }

    function test_withdraw_revertsOneUnitAboveBalance() public {
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITradingVault.VaultInsufficientBalance.selector, alice, address(usdc), DEPOSIT6, DEPOSIT6 + 1
            )
        );
        vault.withdraw(address(usdc), DEPOSIT6 + 1);
        _assertUnchanged(before, _snapshot(alice, idA, 0));
    }

    function test_withdraw_revertsWhenZeroAmount() public {
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(alice);
        vm.expectRevert(ITradingVault.VaultZeroAmount.selector);
        vault.withdraw(address(usdc), 0);
        _assertUnchanged(before, _snapshot(alice, idA, 0));
    }

    function test_withdraw_revertsWhenTransferFails() public {
        MisbehavingERC20 bad = new MisbehavingERC20();
        bad.mint(bob, 1_000);
        vm.startPrank(bob);
        bad.approve(address(vault), 1_000);
        vault.deposit(address(bad), 1_000);
        vm.stopPrank();
        bad.setReturnFalse(true);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultTransferFailed.selector, address(bad)));
        vault.withdraw(address(bad), 1_000);
        assertEq(vault.collateralBalance(bob, address(bad)), 1_000);
    }

    function test_withdraw_onlyReachesTheCallersOwnBalance() public {
        // The agent (or anyone) withdrawing draws on its own, empty, balance.
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultInsufficientBalance.selector, agent, address(usdc), 0, 1)
        );
        vault.withdraw(address(usdc), 1);
        _assertUnchanged(before, _snapshot(alice, idA, 0));
    }

    // ------------------------------------------------------------------ setPolicy

    function test_setPolicy_storesPolicyListAndEpoch() public {
        ITradingVault.Policy memory p = _defaultPolicy();
        p.agent = agent2;
        p.collateral = address(dai);
        p.maxPerTrade = 1e18;
        p.maxPerDay = 2e18;
        p.maxExposurePerMarket = 3e18;
        vm.expectEmit(address(vault));
        emit ITradingVault.PolicySet(bob, agent2, address(dai), EXPIRY, 1e18, 2e18, 3e18, false, 1);
        vm.expectEmit(address(vault));
        emit ITradingVault.MarketAllowanceSet(bob, idDai, true);
        _setPolicy(bob, p, _list(idDai));

        assertEq(keccak256(abi.encode(vault.policyOf(bob))), keccak256(abi.encode(p)));
        assertEq(vault.policyEpoch(bob), 1);
        assertTrue(vault.isMarketAllowed(bob, idDai));
        assertFalse(vault.isMarketAllowed(bob, idA));
        assertEq(vault.spendableToday(bob), 2e18);
    }

    function test_setPolicy_allMarketsAllowsEveryMarketAndIgnoresTheList() public {
        ITradingVault.Policy memory p = _defaultPolicy();
        p.allMarkets = true;
        vm.recordLogs();
        _setPolicy(alice, p, _list(idA));
        assertEq(vm.getRecordedLogs().length, 1, "only PolicySet is emitted");
        assertTrue(vault.isMarketAllowed(alice, idC));
        assertTrue(vault.isMarketAllowed(alice, 999));
        _agentSpend(idC, 0, 10e6);
        assertEq(vault.exposureOf(alice, idC), 10e6);
    }

    function test_setPolicy_replacesTheListAndTheAgent() public {
        ITradingVault.Policy memory p = _defaultPolicy();
        p.agent = agent2;
        _setPolicy(alice, p, _list(idC));
        assertEq(vault.policyEpoch(alice), 2);
        assertFalse(vault.isMarketAllowed(alice, idA), "old list cleared");
        assertTrue(vault.isMarketAllowed(alice, idC));

        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultNotAgent.selector, alice, agent));
        vault.buyWithCollateral(alice, idC, 0, 10e6, 0, block.timestamp);

        vm.prank(agent2);
        vault.buyWithCollateral(alice, idC, 0, 10e6, 0, block.timestamp);
        vm.prank(agent2);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultMarketNotAllowed.selector, idA));
        vault.buyWithCollateral(alice, idA, 0, 10e6, 0, block.timestamp);
    }

    function test_setPolicy_keepsTheDailyWindowAndExposures() public {
        _agentSpend(idA, 0, 80e6);
        ITradingVault.Policy memory p = _defaultPolicy();
        p.agent = agent2;
        _setPolicy(alice, p, _list(idA));
        (uint256 start, uint256 spent) = vault.dailyWindow(alice, address(usdc));
        assertEq(start, START);
        assertEq(spent, 80e6);
        assertEq(vault.exposureOf(alice, idA), 80e6);
        assertEq(vault.spendableToday(alice), MAX_PER_DAY - 80e6);
    }

    function test_setPolicy_sameAgentAgainUpdatesLimits() public {
        _setLimits(1, 2, 3);
        ITradingVault.Policy memory p = vault.policyOf(alice);
        assertEq(p.agent, agent);
        assertEq(p.maxPerTrade, 1);
        assertEq(p.maxPerDay, 2);
        assertEq(p.maxExposurePerMarket, 3);
        assertEq(vault.policyEpoch(alice), 2);
    }

    function test_setPolicy_acceptsTheLargestValues() public {
        ITradingVault.Policy memory p = _defaultPolicy();
        p.expiry = type(uint32).max;
        p.maxPerTrade = type(uint96).max;
        p.maxPerDay = type(uint96).max;
        p.maxExposurePerMarket = type(uint96).max;
        _setPolicy(alice, p, _list(idA));
        assertEq(keccak256(abi.encode(vault.policyOf(alice))), keccak256(abi.encode(p)));
    }

    function test_setPolicy_revertsOnZeroAgent() public {
        ITradingVault.Policy memory p = _defaultPolicy();
        p.agent = address(0);
        _expectSetPolicyRevert(p, abi.encodeWithSelector(ITradingVault.VaultInvalidAgent.selector, address(0)));
    }

    function test_setPolicy_revertsWhenUserAppointsThemselves() public {
        ITradingVault.Policy memory p = _defaultPolicy();
        p.agent = alice;
        _expectSetPolicyRevert(p, abi.encodeWithSelector(ITradingVault.VaultInvalidAgent.selector, alice));
    }

    function test_setPolicy_revertsOnCollateralWithoutCode() public {
        ITradingVault.Policy memory p = _defaultPolicy();
        p.collateral = outsider;
        _expectSetPolicyRevert(p, abi.encodeWithSelector(ITradingVault.VaultInvalidCollateral.selector, outsider));
    }

    function test_setPolicy_revertsOnExpiryNotInTheFuture() public {
        ITradingVault.Policy memory p = _defaultPolicy();
        p.expiry = block.timestamp;
        _expectSetPolicyRevert(
            p, abi.encodeWithSelector(ITradingVault.VaultInvalidExpiry.selector, block.timestamp, block.timestamp)
        );
    }

    function test_setPolicy_revertsOnExpiryBeyond32Bits() public {
        ITradingVault.Policy memory p = _defaultPolicy();
        p.expiry = uint256(type(uint32).max) + 1;
        _expectSetPolicyRevert(
            p, abi.encodeWithSelector(ITradingVault.VaultInvalidExpiry.selector, p.expiry, block.timestamp)
        );
    }

    function test_setPolicy_revertsOnLimitsBeyond96Bits() public {
        uint256 tooLarge = uint256(type(uint96).max) + 1;
        bytes memory err =
            abi.encodeWithSelector(ITradingVault.VaultLimitTooLarge.selector, tooLarge, type(uint96).max);
        ITradingVault.Policy memory p = _defaultPolicy();
        p.maxPerTrade = tooLarge;
        _expectSetPolicyRevert(p, err);
        p = _defaultPolicy();
        p.maxPerDay = tooLarge;
        _expectSetPolicyRevert(p, err);
        p = _defaultPolicy();
        p.maxExposurePerMarket = tooLarge;
        _expectSetPolicyRevert(p, err);
    }

    function _expectSetPolicyRevert(ITradingVault.Policy memory p, bytes memory err) internal {
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(alice);
        vm.expectRevert(err);
        vault.setPolicy(p, _list(idC));
        _assertUnchanged(before, _snapshot(alice, idA, 0));
        assertFalse(vault.isMarketAllowed(alice, idC));
    }

    // ------------------------------------------------------------------ setMarketsAllowed

    function test_setMarketsAllowed_addsAndRemoves() public {
        vm.expectEmit(address(vault));
        emit ITradingVault.MarketAllowanceSet(alice, idC, true);
        vm.prank(alice);
        vault.setMarketsAllowed(_list(idC), true);
        assertTrue(vault.isMarketAllowed(alice, idC));
        _agentSpend(idC, 1, 5e6);

        vm.expectEmit(address(vault));
        emit ITradingVault.MarketAllowanceSet(alice, idA, false);
        vm.prank(alice);
        vault.setMarketsAllowed(_list(idA), false);
        assertFalse(vault.isMarketAllowed(alice, idA));
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultMarketNotAllowed.selector, idA));
        vault.buyWithCollateral(alice, idA, 0, 5e6, 0, block.timestamp);
        assertEq(vault.policyEpoch(alice), 1, "editing the list keeps the epoch");
    }

    function test_setMarketsAllowed_revertsWithoutAgent() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultNoAgent.selector, bob));
        vault.setMarketsAllowed(_list(idA), true);
        assertFalse(vault.isMarketAllowed(bob, idA));
    }

    // ------------------------------------------------------------------ revokeAgent

    function test_revokeAgent_clearsPolicyAndList() public {
        vm.expectEmit(address(vault));
        emit ITradingVault.AgentRevoked(alice, agent);
        vm.prank(alice);
        vault.revokeAgent();
        ITradingVault.Policy memory empty;
        assertEq(keccak256(abi.encode(vault.policyOf(alice))), keccak256(abi.encode(empty)));
        assertEq(vault.policyEpoch(alice), 2);
        assertFalse(vault.isMarketAllowed(alice, idA));
        assertEq(vault.spendableToday(alice), 0);

        // Appointing again with an empty list does not bring the old list back.
        _setPolicy(alice, _defaultPolicy(), _list());
        assertFalse(vault.isMarketAllowed(alice, idA));
        assertEq(vault.policyEpoch(alice), 3);
    }

    function test_revokeAgent_revertsWithoutAgent() public {
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultNoAgent.selector, bob));
        vault.revokeAgent();
        vm.prank(alice);
        vault.revokeAgent();
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultNoAgent.selector, alice));
        vault.revokeAgent();
    }

    function test_revokeAgent_revokedAgentCanDoNothing() public {
        uint256 shares = 10e6;
        _agentBuy(idA, 1, shares);
        vm.prank(alice);
        vault.revokeAgent();
        _assertAgentLocked(abi.encodeWithSelector(ITradingVault.VaultNotAgent.selector, alice, agent));
    }

    function test_replacedAgentCanDoNothing() public {
        _agentBuy(idA, 1, 10e6);
        ITradingVault.Policy memory p = _defaultPolicy();
        p.agent = agent2;
        _setPolicy(alice, p, _list(idA, idB));
        _assertAgentLocked(abi.encodeWithSelector(ITradingVault.VaultNotAgent.selector, alice, agent));
    }

    function test_expiredAgentCanDoNothing() public {
        _agentBuy(idA, 1, 10e6);
        vm.warp(EXPIRY);
        _assertAgentLocked(abi.encodeWithSelector(ITradingVault.VaultAgentExpired.selector, EXPIRY, EXPIRY));
    }

    function test_agent_actsUntilOneSecondBeforeExpiry() public {
        uint256 expiry = START + 10 days;
        ITradingVault.Policy memory p = _defaultPolicy();
        p.expiry = expiry;
        _setPolicy(alice, p, _list(idA));
        vm.warp(expiry - 1);
        _agentSpend(idA, 0, 10e6);
        vm.warp(expiry);
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultAgentExpired.selector, expiry, expiry));
        vault.buyWithCollateral(alice, idA, 0, 10e6, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idA, 0));
    }

    /// @dev Every agent entry point reverts with `err` and nothing changes; the user still can act.
    function _assertAgentLocked(bytes memory err) internal {
        Snapshot memory before = _snapshot(alice, idA, 1);
        vm.startPrank(agent);
        vm.expectRevert(err);
        vault.buy(alice, idA, 1, 1e6, type(uint256).max, block.timestamp);
        vm.expectRevert(err);
        vault.buyWithCollateral(alice, idA, 1, 1e6, 0, block.timestamp);
        vm.expectRevert(err);
        vault.sell(alice, idA, 1, 1e6, 0, block.timestamp);
        vm.stopPrank();
        _assertUnchanged(before, _snapshot(alice, idA, 1));

        if (block.timestamp < START + DURATION) vm.warp(START + DURATION);
        _resolve(idA, 1);
        before = _snapshot(alice, idA, 1);
        vm.prank(agent);
        vm.expectRevert(err);
        vault.redeem(alice, idA, 1, 1e6);
        _assertUnchanged(before, _snapshot(alice, idA, 1));

        // The user is unaffected.
        vm.prank(alice);
        vault.redeem(alice, idA, 1, 10e6);
        assertEq(vault.collateralBalance(alice, address(usdc)), before.userUsdc + 10e6);
    }

    // ------------------------------------------------------------------ agent buy (exact shares)

    function test_agentBuy_debitsUserCreditsSharesAndEmits() public {
        uint256 shares = 50e6;
        uint256 cost = _quoteBuy(idA, 1, shares);
        vm.expectEmit(address(vault));
        emit ITradingVault.Traded(alice, agent, idA, 1, true, shares, cost, cost, cost);
        assertEq(_agentBuy(idA, 1, shares), cost);

        assertEq(vault.collateralBalance(alice, address(usdc)), DEPOSIT6 - cost);
        assertEq(_sharesOf(alice, idA, 1), shares);
        assertEq(_vaultShares(idA, 1), shares);
        assertEq(usdc.balanceOf(address(vault)), DEPOSIT6 - cost);
        assertEq(vault.exposureOf(alice, idA), cost);
        (uint256 start, uint256 spent) = vault.dailyWindow(alice, address(usdc));
        assertEq(start, START);
        assertEq(spent, cost);
        assertEq(vault.spendableToday(alice), MAX_PER_DAY - cost);
        assertEq(usdc.balanceOf(agent), DEPOSIT6, "the agent gains nothing");
    }

    function test_agentBuy_atMaxPerTradePasses() public {
        uint256 shares = 150e6;
        uint256 cost = _quoteBuy(idA, 0, shares);
        assertLt(cost, MAX_PER_DAY);
        _setLimits(cost, MAX_PER_DAY, MAX_PER_DAY);
        assertEq(_agentBuy(idA, 0, shares), cost);
    }

    function test_agentBuy_revertsOneUnitAboveMaxPerTrade() public {
        uint256 shares = 150e6;
        uint256 cost = _quoteBuy(idA, 0, shares);
        _setLimits(cost - 1, MAX_PER_DAY, MAX_PER_DAY);
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultTradeAboveLimit.selector, cost, cost - 1));
        vault.buy(alice, idA, 0, shares, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idA, 0));
    }

    function test_agentBuy_revertsWhenTheDailyWindowWouldOverflowByOneUnit() public {
        uint256 cost = _quoteBuy(idA, 0, 60e6);
        _setLimits(MAX_PER_TRADE, cost - 1, MAX_EXPOSURE);
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultDailyLimitExceeded.selector, cost, cost - 1));
        vault.buy(alice, idA, 0, 60e6, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idA, 0));
        _setLimits(MAX_PER_TRADE, cost, MAX_EXPOSURE);
        assertEq(_agentBuy(idA, 0, 60e6), cost);
    }

    function test_agentBuy_revertsWhenExposureWouldOverflowByOneUnit() public {
        uint256 cost = _quoteBuy(idB, 2, 60e6);
        _setLimits(MAX_PER_TRADE, MAX_PER_DAY, cost - 1);
        Snapshot memory before = _snapshot(alice, idB, 2);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultExposureLimitExceeded.selector, idB, cost, cost - 1)
        );
        vault.buy(alice, idB, 2, 60e6, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idB, 2));
        _setLimits(MAX_PER_TRADE, MAX_PER_DAY, cost);
        assertEq(_agentBuy(idB, 2, 60e6), cost);
    }

    function test_agentBuy_revertsAboveUsersBalance() public {
        vm.prank(alice);
        vault.withdraw(address(usdc), DEPOSIT6 - 5e6);
        uint256 cost = _quoteBuy(idA, 0, 20e6);
        assertGt(cost, 5e6);
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultInsufficientBalance.selector, alice, address(usdc), 5e6, cost)
        );
        vault.buy(alice, idA, 0, 20e6, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idA, 0));
    }

    function test_agentBuy_neverSpendsOtherUsersDeposits() public {
        // bob's deposit would cover the cost, but alice's balance does not.
        vm.prank(bob);
        vault.deposit(address(usdc), DEPOSIT6);
        vm.prank(alice);
        vault.withdraw(address(usdc), DEPOSIT6 - 1e6);
        uint256 cost = _quoteBuy(idA, 0, 20e6);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultInsufficientBalance.selector, alice, address(usdc), 1e6, cost)
        );
        vault.buy(alice, idA, 0, 20e6, type(uint256).max, block.timestamp);
        assertEq(vault.collateralBalance(bob, address(usdc)), DEPOSIT6);
        assertEq(usdc.balanceOf(address(vault)), DEPOSIT6 + 1e6);
    }

    function test_agentBuy_slippageBubblesFromTheMarket() public {
        uint256 cost = _quoteBuy(idA, 0, 20e6);
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.CostAboveMax.selector, cost, cost - 1));
        vault.buy(alice, idA, 0, 20e6, cost - 1, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idA, 0));
    }

    function test_agentBuy_marketErrorsBubbleUp() public {
        vm.startPrank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ILMSRMarket.DeadlinePassed.selector, block.timestamp - 1, block.timestamp)
        );
        vault.buy(alice, idA, 0, 1e6, type(uint256).max, block.timestamp - 1);
        vm.expectRevert(ILMSRMarket.ZeroAmount.selector);
        vault.buy(alice, idA, 0, 0, type(uint256).max, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.OutcomeOutOfRange.selector, idA, 2, 2));
        vault.buy(alice, idA, 2, 1e6, type(uint256).max, block.timestamp);
        vm.stopPrank();
        vm.warp(START + DURATION);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketClosed.selector, idA, START + DURATION));
        vault.buy(alice, idA, 0, 1e6, type(uint256).max, block.timestamp);
    }

    function test_agentBuy_revertsInMarketNotAllowed() public {
        Snapshot memory before = _snapshot(alice, idC, 0);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultMarketNotAllowed.selector, idC));
        vault.buy(alice, idC, 0, 1e6, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idC, 0));
    }

    function test_agentBuy_revertsInMarketOfAnotherCollateral() public {
        vm.prank(alice);
        vault.setMarketsAllowed(_list(idDai), true);
        Snapshot memory before = _snapshot(alice, idDai, 0);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultCollateralNotAllowed.selector, idDai, address(dai), address(usdc))
        );
        vault.buy(alice, idDai, 0, 1e18, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idDai, 0));
    }

    function test_agentBuy_revertsForUnknownMarket() public {
        ITradingVault.Policy memory p = _defaultPolicy();
        p.allMarkets = true;
        _setPolicy(alice, p, _list());
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 77));
        vault.buy(alice, 77, 0, 1e6, type(uint256).max, block.timestamp);
    }

    function test_agentBuy_revertsForOutsiders() public {
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultNotAgent.selector, alice, outsider));
        vault.buy(alice, idA, 0, 1e6, type(uint256).max, block.timestamp);
        // bob's agent is not alice's.
        ITradingVault.Policy memory p = _defaultPolicy();
        p.agent = agent2;
        _setPolicy(bob, p, _list(idA));
        vm.prank(agent2);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultNotAgent.selector, alice, agent2));
        vault.buy(alice, idA, 0, 1e6, type(uint256).max, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idA, 0));
    }

    function test_agentBuy_collateralCheckIsRepeatedAfterAPolicyChange() public {
        _agentSpend(idA, 0, 10e6);
        // New epoch, now in DAI: the USDC market checked before must be checked again and refused.
        ITradingVault.Policy memory p = _defaultPolicy();
        p.collateral = address(dai);
        p.maxPerTrade = 1e18;
        p.maxPerDay = 1e18;
        p.maxExposurePerMarket = 1e18;
        _setPolicy(alice, p, _list(idA, idDai));
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultCollateralNotAllowed.selector, idA, address(usdc), address(dai))
        );
        vault.buyWithCollateral(alice, idA, 0, 10e6, 0, block.timestamp);
        vm.prank(agent);
        vault.buyWithCollateral(alice, idDai, 0, 1e18, 0, block.timestamp);
        (, uint256 spent) = vault.dailyWindow(alice, address(dai));
        assertEq(spent, 1e18, "the DAI window is separate from the USDC one");
    }

    // ------------------------------------------------------------------ agent buyWithCollateral

    function test_agentBuyWithCollateral_spendsExactlyAndEmits() public {
        uint256 quoted = market.quoteBuyWithCollateral(idB, 1, 40e6);
        vm.expectEmit(address(vault));
        emit ITradingVault.Traded(alice, agent, idB, 1, true, quoted, 40e6, 40e6, 40e6);
        assertEq(_agentSpend(idB, 1, 40e6), quoted);
        assertEq(vault.collateralBalance(alice, address(usdc)), DEPOSIT6 - 40e6);
        assertEq(_sharesOf(alice, idB, 1), quoted);
        assertEq(_vaultShares(idB, 1), quoted);
        assertEq(vault.exposureOf(alice, idB), 40e6);
    }

    function test_agentBuyWithCollateral_atMaxPerTradePassesOneUnitAboveReverts() public {
        _agentSpend(idA, 0, MAX_PER_TRADE);
        Snapshot memory before = _snapshot(alice, idB, 0);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultTradeAboveLimit.selector, MAX_PER_TRADE + 1, MAX_PER_TRADE)
        );
        vault.buyWithCollateral(alice, idB, 0, MAX_PER_TRADE + 1, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idB, 0));
    }

    function test_agentBuyWithCollateral_atDailyLimitPassesOneUnitAboveReverts() public {
        _agentSpend(idA, 0, 100e6);
        _agentSpend(idB, 0, 100e6);
        _agentSpend(idA, 1, 50e6); // exactly MAX_PER_DAY
        assertEq(vault.spendableToday(alice), 0);
        Snapshot memory before = _snapshot(alice, idB, 0);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultDailyLimitExceeded.selector, MAX_PER_DAY + 1, MAX_PER_DAY)
        );
        vault.buyWithCollateral(alice, idB, 0, 1, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idB, 0));
    }

    function test_dailyWindow_resetsExactly24HoursAfterItOpened() public {
        vm.warp(START + 5 hours);
        _agentSpend(idA, 0, 100e6);
        vm.warp(START + 10 hours);
        _agentSpend(idB, 0, 100e6);
        _agentSpend(idB, 1, 50e6);
        (uint256 start, uint256 spent) = vault.dailyWindow(alice, address(usdc));
        assertEq(start, START + 5 hours);
        assertEq(spent, MAX_PER_DAY);

        // One second before the window ends: still full.
        vm.warp(START + 5 hours + 1 days - 1);
        assertEq(vault.spendableToday(alice), 0);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultDailyLimitExceeded.selector, MAX_PER_DAY + 10e6, MAX_PER_DAY)
        );
        vault.buyWithCollateral(alice, idA, 1, 10e6, 0, block.timestamp);

        // At windowStart + DAY a new window opens with this buy.
        vm.warp(START + 5 hours + 1 days);
        assertEq(vault.spendableToday(alice), MAX_PER_DAY);
        vm.expectEmit(address(vault));
        emit ITradingVault.Traded(
            alice, agent, idA, 1, true, market.quoteBuyWithCollateral(idA, 1, 10e6), 10e6, 10e6, 110e6
        );
        _agentSpend(idA, 1, 10e6);
        (start, spent) = vault.dailyWindow(alice, address(usdc));
        assertEq(start, START + 5 hours + 1 days);
        assertEq(spent, 10e6);
    }

    function test_dailyWindow_lapsedWindowOpensAtTheNextBuyNotOnASchedule() public {
        _agentSpend(idA, 0, 100e6);
        vm.warp(START + 3 days + 7 hours);
        _agentSpend(idA, 0, 100e6);
        (uint256 start, uint256 spent) = vault.dailyWindow(alice, address(usdc));
        assertEq(start, START + 3 days + 7 hours);
        assertEq(spent, 100e6);
    }

    function test_agentBuyWithCollateral_atExposureLimitPassesOneUnitAboveReverts() public {
        _agentSpend(idA, 0, 100e6);
        _agentSpend(idA, 1, 100e6); // exposure in idA exactly MAX_EXPOSURE
        assertEq(vault.exposureOf(alice, idA), MAX_EXPOSURE);
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITradingVault.VaultExposureLimitExceeded.selector, idA, MAX_EXPOSURE + 1, MAX_EXPOSURE
            )
        );
        vault.buyWithCollateral(alice, idA, 0, 1, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idA, 0));
        // Another market has its own exposure.
        _agentSpend(idB, 0, 10e6);
    }

    function test_agentBuyWithCollateral_limitsAreCheckedInOrder() public {
        // Over all three limits: the per-trade error wins; then the daily one; then exposure.
        _setLimits(10e6, 10e6, 10e6);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultTradeAboveLimit.selector, 11e6, 10e6));
        vault.buyWithCollateral(alice, idA, 0, 11e6, 0, block.timestamp);
        _setLimits(20e6, 10e6, 10e6);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultDailyLimitExceeded.selector, 11e6, 10e6));
        vault.buyWithCollateral(alice, idA, 0, 11e6, 0, block.timestamp);
        _setLimits(20e6, 20e6, 10e6);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultExposureLimitExceeded.selector, idA, 11e6, 10e6));
        vault.buyWithCollateral(alice, idA, 0, 11e6, 0, block.timestamp);
    }

    function test_agentBuyWithCollateral_revertsAboveUsersBalance() public {
        vm.prank(alice);
        vault.withdraw(address(usdc), DEPOSIT6 - 5e6);
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultInsufficientBalance.selector, alice, address(usdc), 5e6, 5e6 + 1)
        );
        vault.buyWithCollateral(alice, idA, 0, 5e6 + 1, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idA, 0));
        _agentSpend(idA, 0, 5e6);
        assertEq(vault.collateralBalance(alice, address(usdc)), 0);
    }

    function test_agentBuyWithCollateral_marketErrorsBubbleUp() public {
        uint256 quoted = market.quoteBuyWithCollateral(idA, 0, 10e6);
        Snapshot memory before = _snapshot(alice, idA, 0);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.SharesBelowMin.selector, quoted, quoted + 1));
        vault.buyWithCollateral(alice, idA, 0, 10e6, quoted + 1, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idA, 0));
    }

    // ------------------------------------------------------------------ agent sell

    function test_agentSell_creditsProceedsAndLowersExposure() public {
        uint256 cost = _agentBuy(idA, 1, 100e6);
        (uint256 quoted,) = market.quoteSell(idA, 1, 40e6);
        vm.expectEmit(address(vault));
        emit ITradingVault.Traded(alice, agent, idA, 1, false, 40e6, quoted, cost, cost - quoted);
        assertEq(_agentSell(idA, 1, 40e6), quoted);
        assertEq(vault.collateralBalance(alice, address(usdc)), DEPOSIT6 - cost + quoted);
        assertEq(_sharesOf(alice, idA, 1), 60e6);
        assertEq(_vaultShares(idA, 1), 60e6);
        assertEq(vault.exposureOf(alice, idA), cost - quoted);
        (, uint256 spent) = vault.dailyWindow(alice, address(usdc));
        assertEq(spent, cost, "sells do not refund the daily window");
    }

    function test_agentSell_exposureNeverGoesBelowZero() public {
        // alice bought herself (not counted); the agent's sale brings the exposure to 0, not below.
        vm.prank(alice);
        vault.buy(alice, idA, 0, 100e6, type(uint256).max, block.timestamp);
        _agentSpend(idA, 0, 1e6);
        _agentSell(idA, 0, 100e6);
        assertEq(vault.exposureOf(alice, idA), 0);
    }

    function test_agentSell_revertsAboveUsersShares() public {
        _agentBuy(idA, 1, 10e6);
        // bob's shares of the same outcome sit in the vault too; alice's agent cannot touch them.
        vm.prank(bob);
        vault.deposit(address(usdc), 1_000e6);
        vm.prank(bob);
        vault.buy(bob, idA, 1, 50e6, type(uint256).max, block.timestamp);
        uint256 id = market.tokenId(idA, 1);
        Snapshot memory before = _snapshot(alice, idA, 1);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultInsufficientShares.selector, alice, id, 10e6, 10e6 + 1)
        );
        vault.sell(alice, idA, 1, 10e6 + 1, 0, block.timestamp);
        _assertUnchanged(before, _snapshot(alice, idA, 1));
        assertEq(_sharesOf(bob, idA, 1), 50e6);
    }

    function test_agentSell_revertsInMarketNotAllowedOrOfAnotherCollateral() public {
        vm.prank(alice);
        vault.buy(alice, idC, 0, 10e6, type(uint256).max, block.timestamp);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultMarketNotAllowed.selector, idC));
        vault.sell(alice, idC, 0, 10e6, 0, block.timestamp);

        vm.prank(alice);
        vault.buy(alice, idDai, 0, 10e18, type(uint256).max, block.timestamp);
        vm.prank(alice);
        vault.setMarketsAllowed(_list(idDai), true);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultCollateralNotAllowed.selector, idDai, address(dai), address(usdc))
        );
        vault.sell(alice, idDai, 0, 10e18, 0, block.timestamp);
        assertEq(_sharesOf(alice, idDai, 0), 10e18);
    }

    function test_agentSell_slippageBubblesFromTheMarket() public {
        _agentBuy(idA, 1, 10e6);
        (uint256 quoted,) = market.quoteSell(idA, 1, 10e6);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.ProceedsBelowMin.selector, quoted, quoted + 1));
        vault.sell(alice, idA, 1, 10e6, quoted + 1, block.timestamp);
    }

    // ------------------------------------------------------------------ redeem

    function test_agentRedeem_creditsPayoutToTheUser() public {
        _agentBuy(idA, 1, 30e6);
        vm.warp(START + DURATION);
        _resolve(idA, 1);
        uint256 balanceBefore = vault.collateralBalance(alice, address(usdc));
        vm.expectEmit(address(vault));
        emit ITradingVault.Redeemed(alice, agent, idA, 1, 20e6, 20e6, 0, vault.exposureOf(alice, idA));
        vm.prank(agent);
        assertEq(vault.redeem(alice, idA, 1, 20e6), 20e6);
        assertEq(vault.collateralBalance(alice, address(usdc)), balanceBefore + 20e6);
        assertEq(_sharesOf(alice, idA, 1), 10e6);
        assertEq(_vaultShares(idA, 1), 10e6);
        assertEq(usdc.balanceOf(agent), DEPOSIT6, "the agent gains nothing");
    }

    function test_agentRedeem_worksInAnyMarketEvenOffTheList() public {
        vm.prank(alice);
        vault.buy(alice, idDai, 1, 5e18, type(uint256).max, block.timestamp);
        vm.warp(START + DURATION);
        _resolve(idDai, 1);
        vm.prank(agent);
        vault.redeem(alice, idDai, 1, 5e18);
        assertEq(vault.collateralBalance(alice, address(dai)), DEPOSIT18 - _daiCost(5e18) + 5e18);
    }

    function _daiCost(uint256) internal view returns (uint256) {
        // alice's only DAI spending was the buy above.
        return DEPOSIT18 - (vault.collateralBalance(alice, address(dai)) - 5e18);
    }

    function test_redeem_invalidMarketPaysTheLastPrice() public {
        _agentBuy(idA, 0, 30e6);
        uint256 price = market.price(idA, 0);
        vm.prank(resolver);
        market.resolveInvalid(idA);
        uint256 balanceBefore = vault.collateralBalance(alice, address(usdc));
        vm.prank(alice);
        uint256 payout = vault.redeem(alice, idA, 0, 30e6);
        assertApproxEqAbs(payout, (30e6 * price) / 1e18, 1);
        assertEq(vault.collateralBalance(alice, address(usdc)), balanceBefore + payout);
    }

    function test_redeem_revertsAboveUsersShares() public {
        _agentBuy(idA, 1, 10e6);
        vm.warp(START + DURATION);
        _resolve(idA, 1);
        uint256 id = market.tokenId(idA, 1);
        Snapshot memory before = _snapshot(alice, idA, 1);
        vm.prank(agent);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultInsufficientShares.selector, alice, id, 10e6, 10e6 + 1)
        );
        vault.redeem(alice, idA, 1, 10e6 + 1);
        _assertUnchanged(before, _snapshot(alice, idA, 1));
    }

    function test_redeem_marketErrorsBubbleUp() public {
        _agentBuy(idA, 1, 10e6);
        _agentBuy(idA, 0, 10e6);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotResolved.selector, idA));
        vault.redeem(alice, idA, 1, 1e6);
        vm.warp(START + DURATION);
        _resolve(idA, 1);
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.NoPayout.selector, idA, 0));
        vault.redeem(alice, idA, 0, 1e6);
    }

    function test_redeem_revertsForOutsiders() public {
        _agentBuy(idA, 1, 10e6);
        vm.warp(START + DURATION);
        _resolve(idA, 1);
        vm.prank(outsider);
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultNotAgent.selector, alice, outsider));
        vault.redeem(alice, idA, 1, 1e6);
    }

    // ------------------------------------------------------------------ the user's own trades

    function test_userTrades_areNotLimitedNorCounted() public {
        // Above every agent limit, in a market off the list, in another collateral.
        vm.startPrank(alice);
        uint256 cost = vault.buy(alice, idC, 0, 1_000e6, type(uint256).max, block.timestamp);
        assertGt(cost, MAX_PER_DAY);
        uint256 shares = vault.buyWithCollateral(alice, idC, 1, 500e6, 0, block.timestamp);
        uint256 proceeds = vault.sell(alice, idC, 1, shares, 0, block.timestamp);
        vault.buy(alice, idDai, 0, 100e18, type(uint256).max, block.timestamp);
        vm.stopPrank();
        assertEq(vault.collateralBalance(alice, address(usdc)), DEPOSIT6 - cost - 500e6 + proceeds);
        assertEq(vault.exposureOf(alice, idC), 0);
        (, uint256 spent) = vault.dailyWindow(alice, address(usdc));
        assertEq(spent, 0);
        assertEq(vault.spendableToday(alice), MAX_PER_DAY);
    }

    function test_userBuy_emitsWithTheOperatorAndCurrentLimitState() public {
        uint256 agentCost = _agentSpend(idA, 0, 10e6) == 0 ? 0 : 10e6;
        uint256 cost = _quoteBuy(idA, 1, 5e6);
        vm.expectEmit(address(vault));
        emit ITradingVault.Traded(alice, alice, idA, 1, true, 5e6, cost, agentCost, agentCost);
        vm.prank(alice);
        vault.buy(alice, idA, 1, 5e6, type(uint256).max, block.timestamp);
    }

    function test_userBuy_revertsAboveBalance() public {
        vm.prank(bob);
        vault.deposit(address(usdc), 1e6);
        uint256 cost = _quoteBuy(idA, 0, 20e6);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultInsufficientBalance.selector, bob, address(usdc), 1e6, cost)
        );
        vault.buy(bob, idA, 0, 20e6, type(uint256).max, block.timestamp);
    }

    function test_userBuy_worksAfterExpiryAndRevocation() public {
        ITradingVault.Policy memory p = _defaultPolicy();
        p.expiry = START + 1 days;
        _setPolicy(alice, p, _list(idA));
        vm.warp(START + 2 days);
        vm.prank(alice);
        vault.buy(alice, idA, 0, 5e6, type(uint256).max, block.timestamp);
        vm.prank(alice);
        vault.revokeAgent();
        vm.prank(alice);
        vault.buy(alice, idA, 0, 5e6, type(uint256).max, block.timestamp);
        assertEq(_sharesOf(alice, idA, 0), 10e6);
    }

    // ------------------------------------------------------------------ the agent can never take value out

    function test_agent_cannotMoveValueOutThroughAnyFunction() public {
        uint256 shares = 40e6;
        _agentBuy(idA, 1, shares);
        uint256 id = market.tokenId(idA, 1);
        uint256 aliceUsdc = vault.collateralBalance(alice, address(usdc));
        uint256 aliceDai = vault.collateralBalance(alice, address(dai));
        uint256 agentUsdc = usdc.balanceOf(agent);
        uint256 agentDai = dai.balanceOf(agent);

        vm.startPrank(agent);
        // Withdrawals draw on the agent's own (empty) balance.
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultInsufficientBalance.selector, agent, address(usdc), 0, 1)
        );
        vault.withdraw(address(usdc), 1);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultInsufficientBalance.selector, agent, address(dai), 0, 1)
        );
        vault.withdraw(address(dai), 1);
        // Administration applies to the agent's own account only.
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultNoAgent.selector, agent));
        vault.revokeAgent();
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultNoAgent.selector, agent));
        vault.setMarketsAllowed(_list(idC), true);
        // Trading for itself uses its own (empty) vault account, not alice's shares.
        vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultInsufficientShares.selector, agent, id, 0, shares));
        vault.sell(agent, idA, 1, shares, 0, block.timestamp);
        // The vault has no function that moves ERC-6909 shares or approves anyone.
        (bool ok,) = address(vault).call(abi.encodeCall(IERC6909.transfer, (agent, id, shares)));
        assertFalse(ok, "transfer");
        (ok,) = address(vault).call(abi.encodeCall(IERC6909.transferFrom, (address(vault), agent, id, shares)));
        assertFalse(ok, "transferFrom");
        (ok,) = address(vault).call(abi.encodeCall(IERC6909.approve, (agent, id, shares)));
        assertFalse(ok, "approve");
        (ok,) = address(vault).call(abi.encodeCall(IERC6909.setOperator, (agent, true)));
        assertFalse(ok, "setOperator");
        // Nor can the agent pull the vault's shares or tokens directly.
        vm.expectRevert(
            abi.encodeWithSelector(IERC6909Errors.ERC6909InsufficientAllowance.selector, agent, 0, shares, id)
        );
        market.transferFrom(address(vault), agent, id, shares);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, agent, 0, 1)
        );
        usdc.transferFrom(address(vault), agent, 1);
        // Every trade for alice credits alice.
        uint256 proceeds = vault.sell(alice, idA, 1, shares, 0, block.timestamp);
        vm.stopPrank();

        assertEq(vault.collateralBalance(alice, address(usdc)), aliceUsdc + proceeds);
        assertEq(vault.collateralBalance(alice, address(dai)), aliceDai);
        assertEq(usdc.balanceOf(agent), agentUsdc);
        assertEq(dai.balanceOf(agent), agentDai);
        assertEq(market.balanceOf(agent, id), 0);
        assertEq(vault.collateralBalance(agent, address(usdc)), 0);
    }

    function test_agent_ownDepositsStaySeparate() public {
        // An agent may be a user too: its own account never mixes with alice's.
        vm.startPrank(agent);
        vault.deposit(address(usdc), 1e6);
        vault.withdraw(address(usdc), 1e6);
        vm.expectRevert(
            abi.encodeWithSelector(ITradingVault.VaultInsufficientBalance.selector, agent, address(usdc), 0, 1)
        );
        vault.withdraw(address(usdc), 1);
        vm.stopPrank();
        assertEq(vault.collateralBalance(alice, address(usdc)), DEPOSIT6);
    }

    // ------------------------------------------------------------------ fuzz

    /// @dev A model of the three spending limits, replayed against the vault with random amounts,
    /// markets and time steps: every agent buy passes exactly when the model says so, and fails
    /// with the model's error otherwise.
    function testFuzz_agentSpending_matchesTheLimitModel(uint256 seed) public {
        _setLimits(60e6, 150e6, 100e6);
        // Time is tracked in a local, not read back from block.timestamp (via-IR may re-read it
        // after a warp).
        uint256 t = START;
        uint256 windowStart;
        uint256 windowSpent;
        uint256[2] memory exposure;
        uint256[2] memory ids = [idA, idB];
        for (uint256 i; i < 12; ++i) {
            seed = uint256(keccak256(abi.encode(seed, i)));
            t += seed % 4 == 0 ? (seed >> 8) % 2 days : (seed >> 8) % 3 hours;
            vm.warp(t);
            uint256 m = (seed >> 40) % 2;
            uint256 amount = 1e6 + (seed >> 48) % 70e6;
            if ((seed >> 120) % 5 == 0 && _sharesOf(alice, ids[m], 0) != 0) {
                uint256 proceeds = _agentSell(ids[m], 0, _sharesOf(alice, ids[m], 0));
                exposure[m] = exposure[m] > proceeds ? exposure[m] - proceeds : 0;
            }
            bool newWindow = windowStart == 0 || t >= windowStart + 1 days;
            uint256 spentAfter = newWindow ? amount : windowSpent + amount;
            vm.prank(agent);
            if (amount > 60e6) {
                vm.expectRevert(abi.encodeWithSelector(ITradingVault.VaultTradeAboveLimit.selector, amount, 60e6));
            } else if (spentAfter > 150e6) {
                vm.expectRevert(
                    abi.encodeWithSelector(ITradingVault.VaultDailyLimitExceeded.selector, spentAfter, 150e6)
                );
            } else if (exposure[m] + amount > 100e6) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        ITradingVault.VaultExposureLimitExceeded.selector, ids[m], exposure[m] + amount, 100e6
                    )
                );
            } else {
                if (newWindow) windowStart = t;
                windowSpent = spentAfter;
                exposure[m] += amount;
            }
            vault.buyWithCollateral(alice, ids[m], 0, amount, 0, t);
            (uint256 start, uint256 spent) = vault.dailyWindow(alice, address(usdc));
            assertEq(start, windowStart);
            assertEq(spent, windowSpent);
            assertEq(vault.exposureOf(alice, ids[m]), exposure[m]);
            assertLe(spent, 150e6);
        }
    }

    function testFuzz_withdraw_neverMoreThanTheBalance(uint256 amount) public {
        amount = bound(amount, 1, DEPOSIT6 * 2);
        vm.prank(alice);
        if (amount > DEPOSIT6) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    ITradingVault.VaultInsufficientBalance.selector, alice, address(usdc), DEPOSIT6, amount
                )
            );
        }
        vault.withdraw(address(usdc), amount);
        assertEq(usdc.balanceOf(address(vault)), vault.collateralBalance(alice, address(usdc)));
    }
}

/// @dev The ERC-6909 errors of OpenZeppelin (declared in its draft-IERC6093).
interface IERC6909Errors {
    error ERC6909InsufficientAllowance(address spender, uint256 allowance, uint256 needed, uint256 id);
}
