// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {LMSRMarket} from "../../src/LMSRMarket.sol";
import {ILMSRMarket} from "../../src/interfaces/ILMSRMarket.sol";
import {IOptimisticResolver} from "../../src/interfaces/IOptimisticResolver.sol";
import {MisbehavingERC20} from "../../src/mocks/MisbehavingERC20.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {OptimisticResolver} from "../../src/resolvers/OptimisticResolver.sol";

/// @notice Shared deployment: a market singleton, a resolver bonding in a misbehaving-on-demand
/// token (so payment failures can be staged), markets that name it, and funded actors.
abstract contract OptimisticResolverFixture is Test {
    uint256 internal constant START = 1_700_000_000;
    uint256 internal constant CLOSE = START + 7 days;
    uint256 internal constant MIN_BOND = 100e18;
    uint256 internal constant WINDOW = 2 days;
    uint256 internal constant INVALID = type(uint256).max;

    LMSRMarket internal market;
    MockERC20 internal usd;
    MisbehavingERC20 internal bondToken;
    OptimisticResolver internal resolver;

    address internal settler = makeAddr("timelock");
    address internal proposer = makeAddr("proposer");
    address internal disputer = makeAddr("disputer");
    address internal anyone = makeAddr("anyone");

    /// Binary market resolved here.
    uint256 internal binaryId;
    /// Four-outcome market resolved here.
    uint256 internal quadId;
    /// Market resolved by someone else.
    uint256 internal foreignId;

    function setUp() public virtual {
        vm.warp(START);
        market = new LMSRMarket();
        usd = new MockERC20("Test USD", "USD", 6);
        bondToken = new MisbehavingERC20();
        resolver = new OptimisticResolver(market, address(bondToken), MIN_BOND, WINDOW, settler);
        usd.mint(address(this), 1e15);
        usd.approve(address(market), type(uint256).max);
        binaryId = _createMarket(2, address(resolver));
        quadId = _createMarket(4, address(resolver));
        foreignId = _createMarket(2, anyone);
        address[3] memory actors = [proposer, disputer, anyone];
        for (uint256 i; i < actors.length; ++i) {
            bondToken.mint(actors[i], 10_000e18);
            vm.prank(actors[i]);
            bondToken.approve(address(resolver), type(uint256).max);
        }
    }

    function _createMarket(uint256 n, address resolver_) internal returns (uint256) {
        return market.createMarket(
            ILMSRMarket.CreateParams({
                collateral: address(usd),
                liquidity: 1_000e6,
                outcomeCount: n,
                resolver: resolver_,
                closeTime: CLOSE,
                feeBps: 100,
                metadataHash: keccak256("optimistic"),
                metadataURI: "ipfs://optimistic"
            })
        );
    }

    function _propose(uint256 marketId, uint256 outcome, uint256 bond) internal {
        vm.prank(proposer);
        resolver.propose(marketId, outcome, bond);
    }

    function _dispute(uint256 marketId) internal {
        vm.prank(disputer);
        resolver.dispute(marketId);
    }

    function _status(uint256 marketId) internal view returns (IOptimisticResolver.Status) {
        return resolver.proposalOf(marketId).status;
    }
}

contract OptimisticResolverTest is OptimisticResolverFixture {
    // ------------------------------------------------------------------ construction

    function test_constructor_setsEverything() public view {
        assertEq(address(resolver.market()), address(market));
        assertEq(resolver.bondToken(), address(bondToken));
        assertEq(resolver.minBond(), MIN_BOND);
        assertEq(resolver.challengeWindow(), WINDOW);
        assertEq(resolver.settler(), settler);
        assertEq(resolver.INVALID_OUTCOME(), INVALID);
        assertEq(resolver.MAX_CHALLENGE_WINDOW(), 30 days);
        assertEq(
            resolver.describe(),
            string.concat(
                "optimistic: bond >= 100000000000000000000, challenge window 172800 s, disputes settled by ",
                vm.toLowercase(vm.toString(settler))
            )
        );
    }

    function test_constructor_revertsOnMarketWithoutCode() public {
        vm.expectRevert(abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverInvalidMarket.selector, anyone));
        new OptimisticResolver(ILMSRMarket(anyone), address(bondToken), MIN_BOND, WINDOW, settler);
    }

    function test_constructor_revertsOnBondTokenWithoutCode() public {
        vm.expectRevert(
            abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverInvalidBondToken.selector, anyone)
        );
        new OptimisticResolver(market, anyone, MIN_BOND, WINDOW, settler);
    }

    function test_constructor_revertsOnZeroMinBond() public {
        vm.expectRevert(IOptimisticResolver.OptimisticResolverInvalidMinBond.selector);
        new OptimisticResolver(market, address(bondToken), 0, WINDOW, settler);
    }

    function test_constructor_revertsOnChallengeWindowOutOfRange() public {
        vm.expectRevert(
            abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverInvalidChallengeWindow.selector, 0, 30 days)
        );
        new OptimisticResolver(market, address(bondToken), MIN_BOND, 0, settler);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOptimisticResolver.OptimisticResolverInvalidChallengeWindow.selector, 30 days + 1, 30 days
            )
        );
        new OptimisticResolver(market, address(bondToken), MIN_BOND, 30 days + 1, settler);
        new OptimisticResolver(market, address(bondToken), MIN_BOND, 30 days, settler);
    }

    function test_constructor_revertsOnZeroSettler() public {
        vm.expectRevert(IOptimisticResolver.OptimisticResolverInvalidSettler.selector);
        new OptimisticResolver(market, address(bondToken), MIN_BOND, WINDOW, address(0));
    }

    // ------------------------------------------------------------------ propose

    function test_propose_recordsTheProposalAndPullsTheBond() public {
        vm.warp(CLOSE);
        vm.expectEmit(address(resolver));
        emit IOptimisticResolver.OutcomeProposed(quadId, proposer, 3, MIN_BOND, CLOSE + WINDOW);
        _propose(quadId, 3, MIN_BOND);

        IOptimisticResolver.Proposal memory p = resolver.proposalOf(quadId);
        assertEq(p.proposer, proposer);
        assertEq(p.outcome, 3);
        assertEq(p.bond, MIN_BOND);
        assertEq(p.proposedAt, CLOSE);
        assertEq(p.disputer, address(0));
        assertEq(uint256(p.status), uint256(IOptimisticResolver.Status.Proposed));
        assertEq(resolver.challengeEndsAt(quadId), CLOSE + WINDOW);
        assertEq(bondToken.balanceOf(address(resolver)), MIN_BOND);
        assertEq(bondToken.balanceOf(proposer), 10_000e18 - MIN_BOND);
        // The market stays unresolved until the window passes.
        assertEq(uint256(market.state(quadId)), uint256(ILMSRMarket.MarketState.Closed));
    }

    function test_propose_acceptsInvalidAndLargerBonds() public {
        vm.warp(CLOSE);
        _propose(binaryId, INVALID, 5 * MIN_BOND);
        assertEq(resolver.proposalOf(binaryId).outcome, INVALID);
        assertEq(bondToken.balanceOf(address(resolver)), 5 * MIN_BOND);
    }

    function test_propose_revertsBeforeTheCloseTime() public {
        vm.warp(CLOSE - 1);
        vm.prank(proposer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOptimisticResolver.OptimisticResolverMarketNotClosed.selector, binaryId, CLOSE, CLOSE - 1
            )
        );
        resolver.propose(binaryId, 1, MIN_BOND);
        assertEq(uint256(_status(binaryId)), uint256(IOptimisticResolver.Status.None));
        assertEq(bondToken.balanceOf(address(resolver)), 0);
    }

    function test_propose_revertsOneUnitBelowTheMinimumBond() public {
        vm.warp(CLOSE);
        vm.prank(proposer);
        vm.expectRevert(
            abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverBondTooLow.selector, MIN_BOND - 1, MIN_BOND)
        );
        resolver.propose(binaryId, 1, MIN_BOND - 1);
        assertEq(bondToken.balanceOf(address(resolver)), 0);
        assertEq(uint256(_status(binaryId)), uint256(IOptimisticResolver.Status.None));
    }

    function test_propose_revertsWhenAProposalExists() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        vm.prank(anyone);
        vm.expectRevert(
            abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverProposalExists.selector, binaryId, proposer)
        );
        resolver.propose(binaryId, 0, 2 * MIN_BOND);
        assertEq(resolver.proposalOf(binaryId).outcome, 1);
        assertEq(bondToken.balanceOf(address(resolver)), MIN_BOND);
        // Also after the proposal was finalized.
        vm.warp(CLOSE + WINDOW);
        resolver.finalize(binaryId);
        vm.prank(anyone);
        vm.expectRevert(
            abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverProposalExists.selector, binaryId, proposer)
        );
        resolver.propose(binaryId, 0, MIN_BOND);
    }

    function test_propose_revertsOnOutcomeOutOfRange() public {
        vm.warp(CLOSE);
        vm.prank(proposer);
        vm.expectRevert(
            abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverInvalidOutcome.selector, quadId, 4, 4)
        );
        resolver.propose(quadId, 4, MIN_BOND);
        vm.prank(proposer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOptimisticResolver.OptimisticResolverInvalidOutcome.selector, quadId, INVALID - 1, 4
            )
        );
        resolver.propose(quadId, INVALID - 1, MIN_BOND);
    }

    function test_propose_revertsOnAMarketResolvedElsewhere() public {
        vm.warp(CLOSE);
        vm.prank(proposer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOptimisticResolver.OptimisticResolverNotMarketResolver.selector, foreignId, anyone
            )
        );
        resolver.propose(foreignId, 1, MIN_BOND);
    }

    function test_propose_revertsOnUnknownMarket() public {
        vm.prank(proposer);
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 99));
        resolver.propose(99, 1, MIN_BOND);
    }

    function test_propose_revertsWhenTheBondCannotBePulled() public {
        vm.warp(CLOSE);
        address poor = makeAddr("poor");
        vm.prank(poor);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOptimisticResolver.OptimisticResolverBondTransferFailed.selector, address(bondToken)
            )
        );
        resolver.propose(binaryId, 1, MIN_BOND);
        assertEq(uint256(_status(binaryId)), uint256(IOptimisticResolver.Status.None));
    }

    function test_propose_revertsOnAFeeOnTransferBond() public {
        vm.warp(CLOSE);
        bondToken.setFeeBps(100);
        vm.prank(proposer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOptimisticResolver.OptimisticResolverBondFeeOnTransfer.selector, MIN_BOND, MIN_BOND * 99 / 100
            )
        );
        resolver.propose(binaryId, 1, MIN_BOND);
        assertEq(bondToken.balanceOf(address(resolver)), 0);
    }

    // ------------------------------------------------------------------ dispute

    function test_dispute_postsAnEqualBond() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, 3 * MIN_BOND);
        vm.warp(CLOSE + WINDOW - 1); // last second of the window
        vm.expectEmit(address(resolver));
        emit IOptimisticResolver.OutcomeDisputed(binaryId, disputer, 3 * MIN_BOND);
        _dispute(binaryId);
        IOptimisticResolver.Proposal memory p = resolver.proposalOf(binaryId);
        assertEq(p.disputer, disputer);
        assertEq(uint256(p.status), uint256(IOptimisticResolver.Status.Disputed));
        assertEq(bondToken.balanceOf(address(resolver)), 6 * MIN_BOND);
        assertEq(bondToken.balanceOf(disputer), 10_000e18 - 3 * MIN_BOND);
        assertEq(uint256(market.state(binaryId)), uint256(ILMSRMarket.MarketState.Closed));
    }

    function test_dispute_revertsOnceTheWindowIsOver() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        vm.warp(CLOSE + WINDOW);
        vm.prank(disputer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOptimisticResolver.OptimisticResolverChallengeWindowOver.selector,
                binaryId,
                CLOSE + WINDOW,
                CLOSE + WINDOW
            )
        );
        resolver.dispute(binaryId);
        assertEq(uint256(_status(binaryId)), uint256(IOptimisticResolver.Status.Proposed));
        assertEq(bondToken.balanceOf(address(resolver)), MIN_BOND);
    }

    function test_dispute_revertsWithoutProposal() public {
        vm.prank(disputer);
        vm.expectRevert(abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverNoProposal.selector, binaryId));
        resolver.dispute(binaryId);
    }

    function test_dispute_revertsWhenAlreadyDisputed() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        _dispute(binaryId);
        vm.prank(anyone);
        vm.expectRevert(
            abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverAlreadyDisputed.selector, binaryId, disputer)
        );
        resolver.dispute(binaryId);
        // Still after the dispute is settled.
        vm.prank(settler);
        resolver.settle(binaryId, 0);
        vm.prank(anyone);
        vm.expectRevert(
            abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverAlreadyDisputed.selector, binaryId, disputer)
        );
        resolver.dispute(binaryId);
    }

    function test_dispute_revertsAfterFinalization() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        vm.warp(CLOSE + WINDOW);
        resolver.finalize(binaryId);
        vm.prank(disputer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOptimisticResolver.OptimisticResolverChallengeWindowOver.selector,
                binaryId,
                CLOSE + WINDOW,
                CLOSE + WINDOW
            )
        );
        resolver.dispute(binaryId);
    }

    function test_dispute_byTheProposerEscalatesToTheDao() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        vm.prank(proposer);
        resolver.dispute(binaryId);
        vm.prank(settler);
        resolver.settle(binaryId, 1);
        assertEq(bondToken.balanceOf(proposer), 10_000e18);
    }

    // ------------------------------------------------------------------ finalize

    function test_finalize_resolvesAndReturnsTheBondOnceTheWindowEnds() public {
        vm.warp(CLOSE);
        _propose(quadId, 2, MIN_BOND);
        vm.warp(CLOSE + WINDOW - 1);
        vm.prank(anyone);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOptimisticResolver.OptimisticResolverChallengeWindowOpen.selector,
                quadId,
                CLOSE + WINDOW,
                CLOSE + WINDOW - 1
            )
        );
        resolver.finalize(quadId);
        assertEq(uint256(market.state(quadId)), uint256(ILMSRMarket.MarketState.Closed));

        vm.warp(CLOSE + WINDOW);
        vm.expectEmit(address(market));
        emit ILMSRMarket.MarketResolved(quadId, 2, false);
        vm.expectEmit(address(resolver));
        emit IOptimisticResolver.ProposalFinalized(quadId, proposer, 2, MIN_BOND);
        vm.prank(anyone);
        resolver.finalize(quadId);
        ILMSRMarket.MarketInfo memory info = market.getMarket(quadId);
        assertEq(uint256(info.state), uint256(ILMSRMarket.MarketState.Resolved));
        assertEq(info.resolvedOutcome, 2);
        assertEq(uint256(_status(quadId)), uint256(IOptimisticResolver.Status.Finalized));
        assertEq(bondToken.balanceOf(proposer), 10_000e18);
        assertEq(bondToken.balanceOf(address(resolver)), 0);
    }

    function test_finalize_invalidProposalSettlesTheMarketInvalid() public {
        vm.warp(CLOSE);
        _propose(binaryId, INVALID, MIN_BOND);
        vm.warp(CLOSE + WINDOW);
        vm.expectEmit(address(market));
        emit ILMSRMarket.MarketResolved(binaryId, 0, true);
        resolver.finalize(binaryId);
        assertEq(uint256(market.state(binaryId)), uint256(ILMSRMarket.MarketState.Invalid));
    }

    function test_finalize_revertsWithoutProposal() public {
        vm.expectRevert(abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverNoProposal.selector, binaryId));
        resolver.finalize(binaryId);
    }

    function test_finalize_revertsWhenDisputed() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        _dispute(binaryId);
        vm.warp(CLOSE + WINDOW + 30 days);
        vm.expectRevert(abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverDisputed.selector, binaryId));
        resolver.finalize(binaryId);
        assertEq(uint256(market.state(binaryId)), uint256(ILMSRMarket.MarketState.Closed));
    }

    function test_finalize_revertsTheSecondTime() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        vm.warp(CLOSE + WINDOW);
        resolver.finalize(binaryId);
        vm.expectRevert(abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverMarketSettled.selector, binaryId));
        resolver.finalize(binaryId);
    }

    // ------------------------------------------------------------------ settle

    function test_settle_proposerRightWinsBothBonds() public {
        vm.warp(CLOSE);
        _propose(quadId, 3, MIN_BOND);
        _dispute(quadId);
        vm.expectEmit(address(resolver));
        emit IOptimisticResolver.DisputeSettled(quadId, 3, proposer, 2 * MIN_BOND);
        vm.prank(settler);
        resolver.settle(quadId, 3);
        assertEq(market.getMarket(quadId).resolvedOutcome, 3);
        assertEq(uint256(_status(quadId)), uint256(IOptimisticResolver.Status.Settled));
        assertEq(bondToken.balanceOf(proposer), 10_000e18 + MIN_BOND);
        assertEq(bondToken.balanceOf(disputer), 10_000e18 - MIN_BOND);
        assertEq(bondToken.balanceOf(address(resolver)), 0);
    }

    function test_settle_disputerRightWinsBothBondsEvenForAThirdOutcome() public {
        vm.warp(CLOSE);
        _propose(quadId, 3, MIN_BOND);
        _dispute(quadId);
        vm.expectEmit(address(resolver));
        emit IOptimisticResolver.DisputeSettled(quadId, 1, disputer, 2 * MIN_BOND);
        vm.prank(settler);
        resolver.settle(quadId, 1);
        assertEq(market.getMarket(quadId).resolvedOutcome, 1);
        assertEq(bondToken.balanceOf(disputer), 10_000e18 + MIN_BOND);
        assertEq(bondToken.balanceOf(proposer), 10_000e18 - MIN_BOND);
    }

    function test_settle_invalid() public {
        vm.warp(CLOSE);
        _propose(binaryId, 0, MIN_BOND);
        _dispute(binaryId);
        vm.prank(settler);
        resolver.settle(binaryId, INVALID);
        assertEq(uint256(market.state(binaryId)), uint256(ILMSRMarket.MarketState.Invalid));
        assertEq(bondToken.balanceOf(disputer), 10_000e18 + MIN_BOND);
    }

    function test_settle_worksWithinOrAfterTheWindow() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        _dispute(binaryId);
        vm.prank(settler);
        resolver.settle(binaryId, 1); // before the window would have ended
        vm.warp(CLOSE + 1);
        _propose(quadId, 1, MIN_BOND);
        _dispute(quadId);
        vm.warp(CLOSE + 90 days);
        vm.prank(settler);
        resolver.settle(quadId, 1);
        assertEq(uint256(market.state(quadId)), uint256(ILMSRMarket.MarketState.Resolved));
    }

    function test_settle_revertsForAnyoneButTheSettler() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        _dispute(binaryId);
        address[3] memory callers = [proposer, disputer, anyone];
        for (uint256 i; i < callers.length; ++i) {
            vm.prank(callers[i]);
            vm.expectRevert(
                abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverNotSettler.selector, callers[i])
            );
            resolver.settle(binaryId, 1);
        }
        assertEq(uint256(_status(binaryId)), uint256(IOptimisticResolver.Status.Disputed));
        assertEq(bondToken.balanceOf(address(resolver)), 2 * MIN_BOND);
    }

    function test_settle_revertsWithoutProposal() public {
        vm.prank(settler);
        vm.expectRevert(abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverNoProposal.selector, binaryId));
        resolver.settle(binaryId, 1);
    }

    function test_settle_revertsWhenNotDisputed() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        vm.prank(settler);
        vm.expectRevert(abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverNotDisputed.selector, binaryId));
        resolver.settle(binaryId, 0);
        vm.warp(CLOSE + WINDOW);
        resolver.finalize(binaryId);
        vm.prank(settler);
        vm.expectRevert(abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverMarketSettled.selector, binaryId));
        resolver.settle(binaryId, 0);
    }

    function test_settle_revertsTheSecondTime() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        _dispute(binaryId);
        vm.prank(settler);
        resolver.settle(binaryId, 1);
        vm.prank(settler);
        vm.expectRevert(abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverMarketSettled.selector, binaryId));
        resolver.settle(binaryId, 0);
    }

    function test_settle_revertsOnOutcomeOutOfRange() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        _dispute(binaryId);
        vm.prank(settler);
        vm.expectRevert(
            abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverInvalidOutcome.selector, binaryId, 2, 2)
        );
        resolver.settle(binaryId, 2);
        assertEq(uint256(_status(binaryId)), uint256(IOptimisticResolver.Status.Disputed));
    }

    // ------------------------------------------------------------------ payments that fail

    function test_payment_failureIsCreditedAndClaimable() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        vm.warp(CLOSE + WINDOW);
        bondToken.setReturnFalse(true);
        vm.expectEmit(address(resolver));
        emit IOptimisticResolver.BondCredited(proposer, MIN_BOND);
        resolver.finalize(binaryId);
        // The market is resolved regardless.
        assertEq(uint256(market.state(binaryId)), uint256(ILMSRMarket.MarketState.Resolved));
        assertEq(resolver.claimable(proposer), MIN_BOND);

        vm.prank(proposer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IOptimisticResolver.OptimisticResolverBondTransferFailed.selector, address(bondToken)
            )
        );
        resolver.claim();
        assertEq(resolver.claimable(proposer), MIN_BOND);

        bondToken.setReturnFalse(false);
        vm.expectEmit(address(resolver));
        emit IOptimisticResolver.BondClaimed(proposer, MIN_BOND);
        vm.prank(proposer);
        assertEq(resolver.claim(), MIN_BOND);
        assertEq(resolver.claimable(proposer), 0);
        assertEq(bondToken.balanceOf(proposer), 10_000e18);
        assertEq(bondToken.balanceOf(address(resolver)), 0);
    }

    function test_payment_failedSettlementPayoutIsCredited() public {
        vm.warp(CLOSE);
        _propose(binaryId, 1, MIN_BOND);
        _dispute(binaryId);
        bondToken.setReturnFalse(true);
        vm.prank(settler);
        resolver.settle(binaryId, 0);
        assertEq(resolver.claimable(disputer), 2 * MIN_BOND);
        bondToken.setReturnFalse(false);
        vm.prank(disputer);
        resolver.claim();
        assertEq(bondToken.balanceOf(disputer), 10_000e18 + MIN_BOND);
    }

    function test_claim_revertsWithNothingToClaim() public {
        vm.prank(anyone);
        vm.expectRevert(
            abi.encodeWithSelector(IOptimisticResolver.OptimisticResolverNothingToClaim.selector, anyone)
        );
        resolver.claim();
    }

    // ------------------------------------------------------------------ views

    function test_views_emptyForMarketsWithoutProposal() public view {
        IOptimisticResolver.Proposal memory p = resolver.proposalOf(binaryId);
        assertEq(p.proposer, address(0));
        assertEq(uint256(p.status), uint256(IOptimisticResolver.Status.None));
        assertEq(resolver.challengeEndsAt(binaryId), 0);
        assertEq(resolver.claimable(anyone), 0);
    }

    // ------------------------------------------------------------------ fuzz

    /// @dev One market's whole life with random bond, timing, dispute and ruling: the market ends
    /// resolved as decided, the winner gains exactly the loser's bond, and the resolver keeps nothing.
    function testFuzz_lifecycle_bondsGoToTheWinner(
        uint256 bond,
        uint256 proposeDelay,
        uint256 disputeDelay,
        uint8 proposed,
        uint8 ruled,
        bool disputed
    ) public {
        bond = bound(bond, MIN_BOND, 5_000e18);
        proposed = uint8(bound(proposed, 0, 4)); // 4 stands for INVALID
        ruled = uint8(bound(ruled, 0, 4));
        uint256 proposedOutcome = proposed == 4 ? INVALID : proposed;
        uint256 ruledOutcome = ruled == 4 ? INVALID : ruled;
        // (Computed, not read back from block.timestamp: via-IR may re-read it after a warp.)
        uint256 proposedAt = CLOSE + bound(proposeDelay, 0, 365 days);
        vm.warp(proposedAt);
        _propose(quadId, proposedOutcome, bond);
        disputeDelay = bound(disputeDelay, 0, 2 * WINDOW);
        vm.warp(proposedAt + disputeDelay);

        uint256 finalOutcome = proposedOutcome;
        if (disputed && disputeDelay < WINDOW) {
            _dispute(quadId);
            vm.prank(settler);
            resolver.settle(quadId, ruledOutcome);
            finalOutcome = ruledOutcome;
            bool proposerWon = ruledOutcome == proposedOutcome;
            assertEq(bondToken.balanceOf(proposer), proposerWon ? 10_000e18 + bond : 10_000e18 - bond);
            assertEq(bondToken.balanceOf(disputer), proposerWon ? 10_000e18 - bond : 10_000e18 + bond);
        } else {
            vm.prank(disputer);
            if (disputeDelay >= WINDOW) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IOptimisticResolver.OptimisticResolverChallengeWindowOver.selector,
                        quadId,
                        proposedAt + WINDOW,
                        proposedAt + disputeDelay
                    )
                );
                resolver.dispute(quadId);
            }
            vm.warp(proposedAt + WINDOW);
            resolver.finalize(quadId);
            assertEq(bondToken.balanceOf(proposer), 10_000e18);
            assertEq(bondToken.balanceOf(disputer), 10_000e18);
        }
        assertEq(bondToken.balanceOf(address(resolver)), 0);
        ILMSRMarket.MarketInfo memory info = market.getMarket(quadId);
        if (finalOutcome == INVALID) {
            assertEq(uint256(info.state), uint256(ILMSRMarket.MarketState.Invalid));
        } else {
            assertEq(uint256(info.state), uint256(ILMSRMarket.MarketState.Resolved));
            assertEq(info.resolvedOutcome, finalOutcome);
        }
    }
}
