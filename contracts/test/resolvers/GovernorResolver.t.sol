// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {LMSRMarket} from "../../src/LMSRMarket.sol";
import {ILMSRMarket} from "../../src/interfaces/ILMSRMarket.sol";
import {IGovernorResolver} from "../../src/interfaces/IGovernorResolver.sol";
import {LMSRMath} from "../../src/libraries/LMSRMath.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {GovernorResolver} from "../../src/resolvers/GovernorResolver.sol";
import {ClocklessGovernor, MockGovernor} from "./mocks/MockGovernor.sol";
import {TestGovernor, TestVotesToken} from "./mocks/TimestampGovernor.sol";

contract GovernorResolverTest is Test {
    uint256 internal constant START = 1_700_000_000;
    uint256 internal constant FEE_BPS = 50;
    uint256 internal constant MIN_LIQUIDITY = 100e6;
    uint256 internal constant LIQUIDITY = 1_000e6;
    uint256 internal constant PROPOSAL = 0xabc;
    uint256 internal constant DEADLINE = START + 3 days;
    bytes32 internal constant HASH = keccak256("Will proposal 0xabc succeed?");
    string internal constant URI = "ipfs://governor-market";

    LMSRMarket internal market;
    MockERC20 internal usd;
    MockGovernor internal governor;
    GovernorResolver internal resolver;

    address internal funder = makeAddr("funder");
    address internal trader = makeAddr("trader");
    address internal anyone = makeAddr("anyone");

    function setUp() public {
        vm.warp(START);
        market = new LMSRMarket();
        usd = new MockERC20("Test USD", "USD", 6);
        governor = new MockGovernor();
        resolver = new GovernorResolver(market, IGovernor(address(governor)), address(usd), FEE_BPS, MIN_LIQUIDITY);
        governor.setProposal(PROPOSAL, IGovernor.ProposalState.Active, DEADLINE);
        address[3] memory accounts = [funder, trader, anyone];
        for (uint256 i; i < accounts.length; ++i) {
            usd.mint(accounts[i], 1e12);
            vm.startPrank(accounts[i]);
            usd.approve(address(resolver), type(uint256).max);
            usd.approve(address(market), type(uint256).max);
            vm.stopPrank();
        }
    }

    function _open(uint256 proposalId) internal returns (uint256) {
        vm.prank(funder);
        return resolver.createMarket(proposalId, LIQUIDITY, HASH, URI);
    }

    function _newProposal(uint256 proposalId, IGovernor.ProposalState state) internal {
        governor.setProposal(proposalId, state, DEADLINE);
    }

    // ------------------------------------------------------------------ construction

    function test_constructor_setsEverything() public view {
        assertEq(address(resolver.market()), address(market));
        assertEq(address(resolver.governor()), address(governor));
        assertEq(resolver.collateral(), address(usd));
        assertEq(resolver.feeBps(), FEE_BPS);
        assertEq(resolver.minLiquidity(), MIN_LIQUIDITY);
        assertEq(resolver.OUTCOME_NO(), 0);
        assertEq(resolver.OUTCOME_YES(), 1);
        assertEq(
            resolver.describe(),
            string.concat("governor proposal state: ", vm.toLowercase(vm.toString(address(governor))))
        );
    }

    function test_constructor_revertsOnMarketWithoutCode() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernorResolver.GovernorResolverInvalidMarket.selector, anyone));
        new GovernorResolver(ILMSRMarket(anyone), IGovernor(address(governor)), address(usd), FEE_BPS, MIN_LIQUIDITY);
    }

    function test_constructor_revertsOnGovernorWithoutCode() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernorResolver.GovernorResolverInvalidGovernor.selector, anyone));
        new GovernorResolver(market, IGovernor(anyone), address(usd), FEE_BPS, MIN_LIQUIDITY);
    }

    function test_constructor_revertsOnCollateralWithoutCode() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernorResolver.GovernorResolverInvalidCollateral.selector, anyone));
        new GovernorResolver(market, IGovernor(address(governor)), anyone, FEE_BPS, MIN_LIQUIDITY);
    }

    function test_constructor_revertsOnFeeAboveTheMarketsMaximum() public {
        new GovernorResolver(market, IGovernor(address(governor)), address(usd), 1_000, MIN_LIQUIDITY);
        vm.expectRevert(abi.encodeWithSelector(IGovernorResolver.GovernorResolverInvalidFee.selector, 1_001, 1_000));
        new GovernorResolver(market, IGovernor(address(governor)), address(usd), 1_001, MIN_LIQUIDITY);
    }

    function test_constructor_revertsOnMinLiquidityOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernorResolver.GovernorResolverInvalidMinLiquidity.selector, 0));
        new GovernorResolver(market, IGovernor(address(governor)), address(usd), FEE_BPS, 0);
        uint256 tooLarge = uint256(type(uint96).max) + 1;
        vm.expectRevert(
            abi.encodeWithSelector(IGovernorResolver.GovernorResolverInvalidMinLiquidity.selector, tooLarge)
        );
        new GovernorResolver(market, IGovernor(address(governor)), address(usd), FEE_BPS, tooLarge);
    }

    function test_constructor_revertsOnBlockNumberClock() public {
        governor.setClockMode("mode=blocknumber&from=default");
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernorResolver.GovernorResolverUnsupportedClock.selector, "mode=blocknumber&from=default"
            )
        );
        new GovernorResolver(market, IGovernor(address(governor)), address(usd), FEE_BPS, MIN_LIQUIDITY);
    }

    function test_constructor_revertsOnGovernorWithoutClockMode() public {
        ClocklessGovernor old = new ClocklessGovernor();
        vm.expectRevert(abi.encodeWithSelector(IGovernorResolver.GovernorResolverUnsupportedClock.selector, ""));
        new GovernorResolver(market, IGovernor(address(old)), address(usd), FEE_BPS, MIN_LIQUIDITY);
    }

    function test_constructor_revertsOnRealBlockNumberGovernor() public {
        TestGovernor blockGovernor = new TestGovernor(new TestVotesToken(false));
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernorResolver.GovernorResolverUnsupportedClock.selector, "mode=blocknumber&from=default"
            )
        );
        new GovernorResolver(market, IGovernor(address(blockGovernor)), address(usd), FEE_BPS, MIN_LIQUIDITY);
    }

    // ------------------------------------------------------------------ createMarket

    function test_createMarket_opensABinaryMarketClosingAtTheDeadline() public {
        uint256 funding = resolver.fundingFor(LIQUIDITY);
        vm.expectEmit(address(resolver));
        emit IGovernorResolver.ProposalMarketOpened(PROPOSAL, 1, funder, LIQUIDITY, funding, DEADLINE);
        uint256 id = _open(PROPOSAL);
        assertEq(id, 1);

        ILMSRMarket.MarketInfo memory info = market.getMarket(id);
        assertEq(info.collateral, address(usd));
        assertEq(info.resolver, address(resolver));
        assertEq(info.creator, address(resolver));
        assertEq(info.liquidity, LIQUIDITY);
        assertEq(info.outcomeCount, 2);
        assertEq(info.closeTime, DEADLINE);
        assertEq(info.feeBps, FEE_BPS);
        assertEq(info.pool, funding);
        assertEq(uint256(info.state), uint256(ILMSRMarket.MarketState.Open));
        assertEq(resolver.marketOf(PROPOSAL), id);
        assertEq(resolver.funderOf(PROPOSAL), funder);
    }

    function test_createMarket_pullsExactlyTheFundingAndKeepsNothing() public {
        uint256 funding = resolver.fundingFor(LIQUIDITY);
        assertEq(funding, LMSRMath.costOf(0, LMSRMath.initialLogSum(2), LIQUIDITY));
        assertApproxEqAbs(funding, (LIQUIDITY * 69_314_718_056) / 1e11, 1); // ≈ b · ln 2
        uint256 before = usd.balanceOf(funder);
        _open(PROPOSAL);
        assertEq(usd.balanceOf(funder), before - funding);
        assertEq(usd.balanceOf(address(market)), funding);
        assertEq(usd.balanceOf(address(resolver)), 0);
        assertEq(usd.allowance(address(resolver), address(market)), 0);
    }

    function test_createMarket_worksWhilePending() public {
        _newProposal(7, IGovernor.ProposalState.Pending);
        vm.prank(funder);
        uint256 id = resolver.createMarket(7, MIN_LIQUIDITY, HASH, URI);
        assertEq(market.getMarket(id).closeTime, DEADLINE);
    }

    function test_createMarket_revertsWhenTheProposalHasAMarket() public {
        uint256 id = _open(PROPOSAL);
        uint256 count = market.marketCount();
        vm.prank(anyone);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernorResolver.GovernorResolverMarketExists.selector, PROPOSAL, id)
        );
        resolver.createMarket(PROPOSAL, LIQUIDITY, HASH, URI);
        assertEq(market.marketCount(), count);
        assertEq(resolver.funderOf(PROPOSAL), funder);
    }

    function test_createMarket_acceptsTheMinimumLiquidityNotOneUnitLess() public {
        uint256 max = type(uint96).max;
        vm.prank(funder);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernorResolver.GovernorResolverInvalidLiquidity.selector, MIN_LIQUIDITY - 1, MIN_LIQUIDITY, max
            )
        );
        resolver.createMarket(PROPOSAL, MIN_LIQUIDITY - 1, HASH, URI);
        assertEq(market.marketCount(), 0);
        vm.prank(funder);
        resolver.createMarket(PROPOSAL, MIN_LIQUIDITY, HASH, URI);
    }

    function test_createMarket_revertsAboveTheMarketsLiquidityBound() public {
        uint256 max = type(uint96).max;
        vm.prank(funder);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernorResolver.GovernorResolverInvalidLiquidity.selector, max + 1, MIN_LIQUIDITY, max
            )
        );
        resolver.createMarket(PROPOSAL, max + 1, HASH, URI);
    }

    function test_createMarket_revertsUnlessPendingOrActive() public {
        IGovernor.ProposalState[6] memory closed = [
            IGovernor.ProposalState.Canceled,
            IGovernor.ProposalState.Defeated,
            IGovernor.ProposalState.Succeeded,
            IGovernor.ProposalState.Queued,
            IGovernor.ProposalState.Expired,
            IGovernor.ProposalState.Executed
        ];
        for (uint256 i; i < closed.length; ++i) {
            _newProposal(100 + i, closed[i]);
            uint256 before = usd.balanceOf(funder);
            vm.prank(funder);
            vm.expectRevert(
                abi.encodeWithSelector(IGovernorResolver.GovernorResolverProposalNotOpen.selector, 100 + i, closed[i])
            );
            resolver.createMarket(100 + i, LIQUIDITY, HASH, URI);
            assertEq(usd.balanceOf(funder), before);
            assertEq(resolver.marketOf(100 + i), 0);
        }
        assertEq(market.marketCount(), 0);
    }

    function test_createMarket_revertsOnceTheDeadlineIsReached() public {
        vm.warp(DEADLINE);
        vm.prank(funder);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernorResolver.GovernorResolverVotingEnded.selector, PROPOSAL, DEADLINE, DEADLINE
            )
        );
        resolver.createMarket(PROPOSAL, LIQUIDITY, HASH, URI);
        assertEq(market.marketCount(), 0);
    }

    function test_createMarket_worksOneSecondBeforeTheDeadline() public {
        vm.warp(DEADLINE - 1);
        uint256 id = _open(PROPOSAL);
        assertEq(market.getMarket(id).closeTime, DEADLINE);
    }

    function test_createMarket_revertsForAnUnknownProposal() public {
        vm.prank(funder);
        vm.expectRevert(abi.encodeWithSelector(MockGovernor.MockGovernorUnknownProposal.selector, 999));
        resolver.createMarket(999, LIQUIDITY, HASH, URI);
    }

    function test_createMarket_revertsWithoutFunding() public {
        address broke = makeAddr("broke");
        uint256 funding = resolver.fundingFor(LIQUIDITY);
        vm.prank(broke);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(resolver), 0, funding)
        );
        resolver.createMarket(PROPOSAL, LIQUIDITY, HASH, URI);
        assertEq(resolver.marketOf(PROPOSAL), 0);
    }

    // ------------------------------------------------------------------ resolve

    function test_resolve_mapsEveryFinalStateToTheDocumentedOutcome() public {
        IGovernor.ProposalState[6] memory states = [
            IGovernor.ProposalState.Succeeded,
            IGovernor.ProposalState.Queued,
            IGovernor.ProposalState.Executed,
            IGovernor.ProposalState.Defeated,
            IGovernor.ProposalState.Expired,
            IGovernor.ProposalState.Canceled
        ];
        uint256[6] memory expected = [uint256(1), 1, 1, 0, 0, 0];
        for (uint256 i; i < states.length; ++i) {
            uint256 proposalId = 200 + i;
            _newProposal(proposalId, IGovernor.ProposalState.Active);
            uint256 id = _open(proposalId);
            governor.setState(proposalId, states[i]);
            (bool isFinal, uint256 outcome, IGovernor.ProposalState state) = resolver.outcomeOf(proposalId);
            assertTrue(isFinal);
            assertEq(outcome, expected[i]);
            assertEq(uint256(state), uint256(states[i]));

            vm.expectEmit(address(resolver));
            emit IGovernorResolver.ProposalMarketResolved(proposalId, id, states[i], expected[i]);
            vm.expectEmit(address(market));
            emit ILMSRMarket.MarketResolved(id, expected[i], false);
            vm.prank(anyone);
            assertEq(resolver.resolve(proposalId), expected[i]);
            ILMSRMarket.MarketInfo memory info = market.getMarket(id);
            assertEq(uint256(info.state), uint256(ILMSRMarket.MarketState.Resolved));
            assertEq(info.resolvedOutcome, expected[i]);
        }
    }

    function test_resolve_revertsWhileTheVoteIsNotFinal() public {
        uint256 id = _open(PROPOSAL);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernorResolver.GovernorResolverNotFinal.selector, PROPOSAL, IGovernor.ProposalState.Active
            )
        );
        resolver.resolve(PROPOSAL);
        governor.setState(PROPOSAL, IGovernor.ProposalState.Pending);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernorResolver.GovernorResolverNotFinal.selector, PROPOSAL, IGovernor.ProposalState.Pending
            )
        );
        resolver.resolve(PROPOSAL);
        (bool isFinal, uint256 outcome,) = resolver.outcomeOf(PROPOSAL);
        assertFalse(isFinal);
        assertEq(outcome, 0);
        assertEq(uint256(market.state(id)), uint256(ILMSRMarket.MarketState.Open));
    }

    function test_resolve_revertsWithoutMarket() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernorResolver.GovernorResolverNoMarket.selector, PROPOSAL));
        resolver.resolve(PROPOSAL);
    }

    function test_resolve_isFinalOnceResolved() public {
        uint256 id = _open(PROPOSAL);
        governor.setState(PROPOSAL, IGovernor.ProposalState.Succeeded);
        resolver.resolve(PROPOSAL);
        // A later Expired (queued, never executed) does not change the market.
        governor.setState(PROPOSAL, IGovernor.ProposalState.Expired);
        vm.expectRevert(
            abi.encodeWithSelector(IGovernorResolver.GovernorResolverAlreadyResolved.selector, PROPOSAL, id)
        );
        resolver.resolve(PROPOSAL);
        assertEq(market.getMarket(id).resolvedOutcome, 1);
    }

    function test_resolve_canceledBeforeTheDeadlineEndsTradingAtOnce() public {
        uint256 id = _open(PROPOSAL);
        governor.setState(PROPOSAL, IGovernor.ProposalState.Canceled);
        resolver.resolve(PROPOSAL);
        assertLt(block.timestamp, DEADLINE);
        vm.prank(trader);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketAlreadyResolved.selector, id));
        market.buy(id, 1, 1e6, type(uint256).max, block.timestamp);
    }

    function testFuzz_resolve_everyStateEitherResolvesAsDocumentedOrIsNotFinal(uint8 stateSeed) public {
        IGovernor.ProposalState state = IGovernor.ProposalState(bound(stateSeed, 0, 7));
        uint256 id = _open(PROPOSAL);
        governor.setState(PROPOSAL, state);
        bool yes = state == IGovernor.ProposalState.Succeeded || state == IGovernor.ProposalState.Queued
            || state == IGovernor.ProposalState.Executed;
        bool no = state == IGovernor.ProposalState.Defeated || state == IGovernor.ProposalState.Expired
            || state == IGovernor.ProposalState.Canceled;
        if (!yes && !no) {
            vm.expectRevert(
                abi.encodeWithSelector(IGovernorResolver.GovernorResolverNotFinal.selector, PROPOSAL, state)
            );
            resolver.resolve(PROPOSAL);
            assertEq(uint256(market.state(id)), uint256(ILMSRMarket.MarketState.Open));
        } else {
            assertEq(resolver.resolve(PROPOSAL), yes ? 1 : 0);
            assertEq(market.getMarket(id).resolvedOutcome, yes ? 1 : 0);
        }
    }

    // ------------------------------------------------------------------ withdrawSurplus

    function test_withdrawSurplus_forwardsToTheFunder() public {
        uint256 id = _open(PROPOSAL);
        uint256 funding = resolver.fundingFor(LIQUIDITY);
        vm.prank(trader);
        market.buy(id, 1, 300e6, type(uint256).max, block.timestamp);
        vm.prank(trader);
        market.buy(id, 0, 100e6, type(uint256).max, block.timestamp);
        vm.warp(DEADLINE + 1);
        governor.setState(PROPOSAL, IGovernor.ProposalState.Defeated);
        resolver.resolve(PROPOSAL);

        uint256 pool = market.getMarket(id).pool;
        uint256 expected = pool - 100e6; // the NO holders are owed 100e6
        uint256 before = usd.balanceOf(funder);
        vm.expectEmit(address(resolver));
        emit IGovernorResolver.SurplusForwarded(PROPOSAL, id, funder, expected);
        vm.prank(anyone);
        assertEq(resolver.withdrawSurplus(PROPOSAL), expected);
        assertEq(usd.balanceOf(funder), before + expected);
        assertGt(expected, funding, "the YES buyers lost to the funder");
        assertEq(usd.balanceOf(address(resolver)), 0);

        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.NothingToWithdraw.selector, id));
        resolver.withdrawSurplus(PROPOSAL);
    }

    function test_withdrawSurplus_revertsBeforeResolution() public {
        uint256 id = _open(PROPOSAL);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotResolved.selector, id));
        resolver.withdrawSurplus(PROPOSAL);
    }

    function test_withdrawSurplus_revertsWithoutMarket() public {
        vm.expectRevert(abi.encodeWithSelector(IGovernorResolver.GovernorResolverNoMarket.selector, PROPOSAL));
        resolver.withdrawSurplus(PROPOSAL);
    }
}

/// @notice The resolver against a real OpenZeppelin Governor with a timestamp clock.
contract GovernorResolverRealGovernorTest is Test {
    uint256 internal constant START = 1_700_000_000;

    LMSRMarket internal market;
    MockERC20 internal usd;
    TestVotesToken internal votes;
    TestGovernor internal governor;
    GovernorResolver internal resolver;

    address internal voterYes = makeAddr("voterYes");
    address internal voterNo = makeAddr("voterNo");
    address internal funder = makeAddr("funder");
    address internal trader = makeAddr("trader");

    function setUp() public {
        vm.warp(START);
        market = new LMSRMarket();
        usd = new MockERC20("Test USD", "USD", 6);
        votes = new TestVotesToken(true);
        governor = new TestGovernor(votes);
        resolver = new GovernorResolver(market, IGovernor(address(governor)), address(usd), 100, 1e6);
        votes.mint(voterYes, 600e18);
        votes.mint(voterNo, 400e18);
        vm.prank(voterYes);
        votes.delegate(voterYes);
        vm.prank(voterNo);
        votes.delegate(voterNo);
        vm.warp(START + 1);
        usd.mint(funder, 1e12);
        usd.mint(trader, 1e12);
        vm.prank(funder);
        usd.approve(address(resolver), type(uint256).max);
        vm.prank(trader);
        usd.approve(address(market), type(uint256).max);
    }

    function _propose(string memory description) internal returns (uint256 proposalId) {
        address[] memory targets = new address[](1);
        targets[0] = address(votes);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(IERC20Metadata.name, ());
        proposalId = governor.propose(targets, values, calldatas, description);
    }

    function _execute(string memory description) internal {
        address[] memory targets = new address[](1);
        targets[0] = address(votes);
        uint256[] memory values = new uint256[](1);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(IERC20Metadata.name, ());
        governor.execute(targets, values, calldatas, keccak256(bytes(description)));
    }

    function _openAndTrade(uint256 proposalId) internal returns (uint256 id) {
        vm.prank(funder);
        id = resolver.createMarket(proposalId, 1_000e6, keccak256("q"), "ipfs://q");
        assertEq(market.getMarket(id).closeTime, governor.proposalDeadline(proposalId));
        vm.prank(trader);
        market.buy(id, 1, 50e6, type(uint256).max, block.timestamp);
        vm.prank(trader);
        market.buy(id, 0, 20e6, type(uint256).max, block.timestamp);
    }

    function test_realGovernor_passedVoteResolvesYesAndExecutionChangesNothing() public {
        string memory description = "Proposal: pass";
        uint256 proposalId = _propose(description);
        uint256 id = _openAndTrade(proposalId);
        vm.warp(governor.proposalSnapshot(proposalId) + 1);
        vm.prank(voterYes);
        governor.castVote(proposalId, 1);
        vm.prank(voterNo);
        governor.castVote(proposalId, 0);

        vm.prank(trader);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGovernorResolver.GovernorResolverNotFinal.selector, proposalId, IGovernor.ProposalState.Active
            )
        );
        resolver.resolve(proposalId);

        // At the deadline the vote is still open (Active) but trading has stopped.
        uint256 deadline = governor.proposalDeadline(proposalId);
        vm.warp(deadline);
        assertEq(uint256(governor.state(proposalId)), uint256(IGovernor.ProposalState.Active));
        assertEq(uint256(market.state(id)), uint256(ILMSRMarket.MarketState.Closed));

        vm.warp(deadline + 1);
        assertEq(uint256(governor.state(proposalId)), uint256(IGovernor.ProposalState.Succeeded));
        assertEq(resolver.resolve(proposalId), 1);
        _execute(description);
        assertEq(uint256(governor.state(proposalId)), uint256(IGovernor.ProposalState.Executed));
        assertEq(market.getMarket(id).resolvedOutcome, 1);

        uint256 before = usd.balanceOf(trader);
        vm.prank(trader);
        assertEq(market.redeem(id, 1, 50e6), 50e6);
        assertEq(usd.balanceOf(trader), before + 50e6);
    }

    function test_realGovernor_executedProposalResolvesYes() public {
        string memory description = "Proposal: execute";
        uint256 proposalId = _propose(description);
        uint256 id = _openAndTrade(proposalId);
        vm.warp(governor.proposalSnapshot(proposalId) + 1);
        vm.prank(voterYes);
        governor.castVote(proposalId, 1);
        vm.warp(governor.proposalDeadline(proposalId) + 1);
        _execute(description);
        assertEq(resolver.resolve(proposalId), 1);
        assertEq(market.getMarket(id).resolvedOutcome, 1);
    }

    function test_realGovernor_defeatedProposalResolvesNo() public {
        uint256 proposalId = _propose("Proposal: fail");
        uint256 id = _openAndTrade(proposalId);
        vm.warp(governor.proposalSnapshot(proposalId) + 1);
        vm.prank(voterNo);
        governor.castVote(proposalId, 0);
        vm.warp(governor.proposalDeadline(proposalId) + 1);
        assertEq(uint256(governor.state(proposalId)), uint256(IGovernor.ProposalState.Defeated));
        assertEq(resolver.resolve(proposalId), 0);
        assertEq(market.getMarket(id).resolvedOutcome, 0);
        vm.prank(trader);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.NoPayout.selector, id, 1));
        market.redeem(id, 1, 50e6);
    }

    function test_realGovernor_canceledWhilePendingResolvesNoBeforeTheDeadline() public {
        string memory description = "Proposal: cancel";
        uint256 proposalId = _propose(description);
        uint256 id = _openAndTrade(proposalId);
        address[] memory targets = new address[](1);
        targets[0] = address(votes);
        bytes[] memory calldatas = new bytes[](1);
        calldatas[0] = abi.encodeCall(IERC20Metadata.name, ());
        governor.cancel(targets, new uint256[](1), calldatas, keccak256(bytes(description)));
        assertEq(resolver.resolve(proposalId), 0);
        assertEq(uint256(market.state(id)), uint256(ILMSRMarket.MarketState.Resolved));
    }

    function test_realGovernor_unknownProposalRevertsWithTheGovernorsError() public {
        vm.prank(funder);
        vm.expectRevert(abi.encodeWithSelector(IGovernor.GovernorNonexistentProposal.selector, 42));
        resolver.createMarket(42, 1_000e6, keccak256("q"), "ipfs://q");
    }
}
