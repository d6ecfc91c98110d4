// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {LMSRMarket} from "../../src/LMSRMarket.sol";
import {ILMSRMarket} from "../../src/interfaces/ILMSRMarket.sol";
import {ICommitteeResolver} from "../../src/interfaces/ICommitteeResolver.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {CommitteeResolver} from "../../src/resolvers/CommitteeResolver.sol";

contract CommitteeResolverTest is Test {
    uint256 internal constant INVALID = type(uint256).max;
    uint256 internal constant CLOSE_IN = 7 days;

    LMSRMarket internal market;
    MockERC20 internal usd;
    CommitteeResolver internal resolver;

    address internal owner = makeAddr("owner");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal carol = makeAddr("carol");
    address internal dave = makeAddr("dave");
    address internal outsider = makeAddr("outsider");
    address internal trader = makeAddr("trader");

    /// Binary market resolved by the committee.
    uint256 internal binaryId;
    /// Four-outcome market resolved by the committee.
    uint256 internal quadId;
    /// Market resolved by someone else.
    uint256 internal foreignId;

    function setUp() public {
        market = new LMSRMarket();
        usd = new MockERC20("Test USD", "USD", 6);
        usd.mint(address(this), 1e15);
        usd.approve(address(market), type(uint256).max);
        resolver = new CommitteeResolver(market, _list3(alice, bob, carol), 2, owner);
        binaryId = _createMarket(2, address(resolver));
        quadId = _createMarket(4, address(resolver));
        foreignId = _createMarket(2, outsider);
    }

    // ------------------------------------------------------------------ construction

    function test_constructor_setsCommittee() public view {
        assertEq(address(resolver.market()), address(market));
        assertEq(resolver.owner(), owner);
        assertEq(resolver.threshold(), 2);
        assertEq(resolver.memberCount(), 3);
        assertTrue(resolver.isMember(alice));
        assertTrue(resolver.isMember(bob));
        assertTrue(resolver.isMember(carol));
        assertFalse(resolver.isMember(owner));
        address[] memory list = resolver.members();
        assertEq(list.length, 3);
        assertEq(list[0], alice);
        assertEq(list[1], bob);
        assertEq(list[2], carol);
        assertEq(resolver.describe(), "committee 2-of-3");
        assertEq(resolver.INVALID_OUTCOME(), INVALID);
        assertEq(resolver.MAX_MEMBERS(), 32);
    }

    function test_constructor_emitsMembersAndThreshold() public {
        vm.expectEmit();
        emit ICommitteeResolver.MemberAdded(alice);
        vm.expectEmit();
        emit ICommitteeResolver.MemberAdded(bob);
        vm.expectEmit();
        emit ICommitteeResolver.ThresholdChanged(0, 1);
        new CommitteeResolver(market, _list2(alice, bob), 1, owner);
    }

    function test_ownerResolver_oneOfOne() public {
        CommitteeResolver solo = new CommitteeResolver(market, _list1(owner), 1, owner);
        assertEq(solo.describe(), "committee 1-of-1");
        uint256 id = _createMarket(3, address(solo));
        vm.prank(owner);
        assertTrue(solo.vote(id, 2));
        ILMSRMarket.MarketInfo memory info = market.getMarket(id);
        assertEq(uint256(info.state), uint256(ILMSRMarket.MarketState.Resolved));
        assertEq(info.resolvedOutcome, 2);
    }

    function test_constructor_revertsOnMarketWithoutCode() public {
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidMarket.selector, address(0)));
        new CommitteeResolver(ILMSRMarket(address(0)), _list1(alice), 1, owner);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidMarket.selector, outsider));
        new CommitteeResolver(ILMSRMarket(outsider), _list1(alice), 1, owner);
    }

    function test_constructor_revertsOnZeroMember() public {
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidMember.selector, address(0)));
        new CommitteeResolver(market, _list2(alice, address(0)), 1, owner);
    }

    function test_constructor_revertsOnDuplicateMember() public {
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.AlreadyMember.selector, alice));
        new CommitteeResolver(market, _list3(alice, bob, alice), 1, owner);
    }

    function test_constructor_revertsOnZeroThreshold() public {
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidThreshold.selector, 0, 3));
        new CommitteeResolver(market, _list3(alice, bob, carol), 0, owner);
    }

    function test_constructor_revertsOnThresholdAboveMembers() public {
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidThreshold.selector, 4, 3));
        new CommitteeResolver(market, _list3(alice, bob, carol), 4, owner);
    }

    function test_constructor_revertsOnEmptyCommittee() public {
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidThreshold.selector, 1, 0));
        new CommitteeResolver(market, new address[](0), 1, owner);
    }

    function test_constructor_revertsOnTooManyMembers() public {
        address[] memory many = _manyMembers(33);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.TooManyMembers.selector, 33, 32));
        new CommitteeResolver(market, many, 1, owner);
    }

    function test_constructor_acceptsMaxMembers() public {
        CommitteeResolver big = new CommitteeResolver(market, _manyMembers(32), 32, owner);
        assertEq(big.describe(), "committee 32-of-32");
    }

    function test_constructor_revertsOnZeroOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableInvalidOwner.selector, address(0)));
        new CommitteeResolver(market, _list1(alice), 1, address(0));
    }

    // ------------------------------------------------------------------ voting

    function test_vote_belowThresholdRecordsBallot() public {
        vm.expectEmit(address(resolver));
        emit ICommitteeResolver.Voted(binaryId, alice, 1, 1, 2);
        vm.prank(alice);
        assertFalse(resolver.vote(binaryId, 1));

        assertEq(resolver.votesFor(binaryId, 1), 1);
        assertEq(resolver.votesFor(binaryId, 0), 0);
        (bool voted, uint256 outcome) = resolver.ballotOf(binaryId, alice);
        assertTrue(voted);
        assertEq(outcome, 1);
        (voted,) = resolver.ballotOf(binaryId, bob);
        assertFalse(voted);
        assertEq(uint256(market.state(binaryId)), uint256(ILMSRMarket.MarketState.Open));
    }

    function test_vote_reachingThresholdResolves() public {
        vm.prank(alice);
        resolver.vote(binaryId, 1);

        vm.expectEmit(address(resolver));
        emit ICommitteeResolver.Voted(binaryId, bob, 1, 2, 2);
        vm.expectEmit(address(resolver));
        emit ICommitteeResolver.CommitteeResolved(binaryId, 1, false, 2, 2);
        vm.expectEmit(address(market));
        emit ILMSRMarket.MarketResolved(binaryId, 1, false);
        vm.prank(bob);
        assertTrue(resolver.vote(binaryId, 1));

        ILMSRMarket.MarketInfo memory info = market.getMarket(binaryId);
        assertEq(uint256(info.state), uint256(ILMSRMarket.MarketState.Resolved));
        assertEq(info.resolvedOutcome, 1);
    }

    function test_vote_invalidOutcomeResolvesInvalid() public {
        vm.prank(alice);
        resolver.vote(quadId, INVALID);
        assertEq(resolver.votesFor(quadId, INVALID), 1);
        (, uint256 outcome) = resolver.ballotOf(quadId, alice);
        assertEq(outcome, INVALID);

        vm.expectEmit(address(resolver));
        emit ICommitteeResolver.CommitteeResolved(quadId, INVALID, true, 2, 2);
        vm.expectEmit(address(market));
        emit ILMSRMarket.MarketResolved(quadId, 0, true);
        vm.prank(carol);
        assertTrue(resolver.vote(quadId, INVALID));
        assertEq(uint256(market.state(quadId)), uint256(ILMSRMarket.MarketState.Invalid));
    }

    function test_vote_splitVotesWaitForThreshold() public {
        vm.prank(alice);
        assertFalse(resolver.vote(quadId, 0));
        vm.prank(bob);
        assertFalse(resolver.vote(quadId, 3));
        assertEq(uint256(market.state(quadId)), uint256(ILMSRMarket.MarketState.Open));
        vm.prank(carol);
        assertTrue(resolver.vote(quadId, 3));
        assertEq(market.getMarket(quadId).resolvedOutcome, 3);
    }

    function test_vote_changeMovesBallot() public {
        vm.prank(alice);
        resolver.vote(quadId, 0);

        vm.expectEmit(address(resolver));
        emit ICommitteeResolver.VoteChanged(quadId, alice, 0, 2);
        vm.expectEmit(address(resolver));
        emit ICommitteeResolver.Voted(quadId, alice, 2, 1, 2);
        vm.prank(alice);
        assertFalse(resolver.vote(quadId, 2));

        assertEq(resolver.votesFor(quadId, 0), 0);
        assertEq(resolver.votesFor(quadId, 2), 1);
        (, uint256 outcome) = resolver.ballotOf(quadId, alice);
        assertEq(outcome, 2);
    }

    function test_vote_changeToAndFromInvalid() public {
        vm.prank(alice);
        resolver.vote(quadId, INVALID);
        vm.expectEmit(address(resolver));
        emit ICommitteeResolver.VoteChanged(quadId, alice, INVALID, 1);
        vm.prank(alice);
        resolver.vote(quadId, 1);
        assertEq(resolver.votesFor(quadId, INVALID), 0);
        assertEq(resolver.votesFor(quadId, 1), 1);
    }

    function test_vote_changeCanCompleteThreshold() public {
        vm.prank(alice);
        resolver.vote(binaryId, 0);
        vm.prank(bob);
        resolver.vote(binaryId, 1);
        // Alice changes her mind and joins Bob: two ballots now back outcome 1.
        vm.prank(alice);
        assertTrue(resolver.vote(binaryId, 1));
        assertEq(market.getMarket(binaryId).resolvedOutcome, 1);
    }

    function test_vote_afterCloseTime() public {
        vm.warp(block.timestamp + CLOSE_IN + 1);
        assertEq(uint256(market.state(binaryId)), uint256(ILMSRMarket.MarketState.Closed));
        vm.prank(alice);
        resolver.vote(binaryId, 0);
        vm.prank(bob);
        assertTrue(resolver.vote(binaryId, 0));
        assertEq(uint256(market.state(binaryId)), uint256(ILMSRMarket.MarketState.Resolved));
    }

    function test_vote_winnersRedeemAfterCommitteeResolution() public {
        usd.mint(trader, 1_000e6);
        vm.startPrank(trader);
        usd.approve(address(market), type(uint256).max);
        market.buy(binaryId, 1, 100e6, type(uint256).max, block.timestamp);
        vm.stopPrank();
        vm.prank(alice);
        resolver.vote(binaryId, 1);
        vm.prank(bob);
        resolver.vote(binaryId, 1);
        vm.prank(trader);
        assertEq(market.redeem(binaryId, 1, 100e6), 100e6);
    }

    function test_vote_revertsForNonMember() public {
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.NotMember.selector, outsider));
        vm.prank(outsider);
        resolver.vote(binaryId, 0);
        // The owner is not a member either.
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.NotMember.selector, owner));
        vm.prank(owner);
        resolver.vote(binaryId, 0);
    }

    function test_vote_revertsOnSameOutcomeTwice() public {
        vm.startPrank(alice);
        resolver.vote(binaryId, 1);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.AlreadyVoted.selector, binaryId, alice));
        resolver.vote(binaryId, 1);
        resolver.vote(binaryId, INVALID);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.AlreadyVoted.selector, binaryId, alice));
        resolver.vote(binaryId, INVALID);
        vm.stopPrank();
    }

    function test_vote_revertsOnOutcomeOutOfRange() public {
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidOutcome.selector, binaryId, 2, 2));
        resolver.vote(binaryId, 2);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidOutcome.selector, quadId, 4, 4));
        resolver.vote(quadId, 4);
        vm.expectRevert(
            abi.encodeWithSelector(ICommitteeResolver.InvalidOutcome.selector, quadId, INVALID - 1, 4)
        );
        resolver.vote(quadId, INVALID - 1);
        vm.stopPrank();
    }

    function test_vote_revertsOnForeignMarket() public {
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.NotMarketResolver.selector, foreignId, outsider));
        vm.prank(alice);
        resolver.vote(foreignId, 0);
    }

    function test_vote_revertsOnUnknownMarket() public {
        vm.expectRevert(abi.encodeWithSelector(ILMSRMarket.MarketNotFound.selector, 999));
        vm.prank(alice);
        resolver.vote(999, 0);
    }

    function test_vote_revertsOnSettledMarket() public {
        vm.prank(alice);
        resolver.vote(binaryId, 0);
        vm.prank(bob);
        resolver.vote(binaryId, 0);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.MarketAlreadySettled.selector, binaryId));
        vm.prank(carol);
        resolver.vote(binaryId, 1);

        vm.prank(alice);
        resolver.vote(quadId, INVALID);
        vm.prank(bob);
        resolver.vote(quadId, INVALID);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.MarketAlreadySettled.selector, quadId));
        vm.prank(carol);
        resolver.vote(quadId, INVALID);
    }

    // ------------------------------------------------------------------ membership changes and ballots

    function test_removedMemberBallotStopsCounting() public {
        vm.prank(alice);
        resolver.vote(binaryId, 1);
        vm.expectEmit(address(resolver));
        emit ICommitteeResolver.MemberRemoved(alice);
        vm.prank(owner);
        resolver.removeMember(alice);

        assertEq(resolver.votesFor(binaryId, 1), 0);
        (bool voted,) = resolver.ballotOf(binaryId, alice);
        assertFalse(voted);
        vm.prank(bob);
        assertFalse(resolver.vote(binaryId, 1));
        vm.prank(carol);
        assertTrue(resolver.vote(binaryId, 1));
    }

    function test_readmittedMemberStartsWithoutBallots() public {
        vm.prank(alice);
        resolver.vote(binaryId, 1);
        vm.startPrank(owner);
        resolver.removeMember(alice);
        resolver.addMember(alice);
        vm.stopPrank();

        assertEq(resolver.votesFor(binaryId, 1), 0);
        (bool voted,) = resolver.ballotOf(binaryId, alice);
        assertFalse(voted);
        // Her old ballot does not count, so the same vote is a new one, not `AlreadyVoted`.
        vm.expectEmit(address(resolver));
        emit ICommitteeResolver.Voted(binaryId, alice, 1, 1, 2);
        vm.prank(alice);
        assertFalse(resolver.vote(binaryId, 1));
    }

    function test_newMemberCanCompleteThreshold() public {
        vm.prank(alice);
        resolver.vote(binaryId, 0);
        vm.prank(owner);
        resolver.addMember(dave);
        assertEq(resolver.describe(), "committee 2-of-4");
        vm.prank(dave);
        assertTrue(resolver.vote(binaryId, 0));
    }

    // ------------------------------------------------------------------ execute

    function test_execute_afterThresholdLowered() public {
        vm.prank(alice);
        resolver.vote(quadId, 3);
        vm.expectEmit(address(resolver));
        emit ICommitteeResolver.ThresholdChanged(2, 1);
        vm.prank(owner);
        resolver.setThreshold(1);

        vm.expectEmit(address(resolver));
        emit ICommitteeResolver.CommitteeResolved(quadId, 3, false, 1, 1);
        vm.prank(outsider); // anyone may execute
        resolver.execute(quadId, 3);
        assertEq(market.getMarket(quadId).resolvedOutcome, 3);
    }

    function test_execute_invalid() public {
        vm.prank(alice);
        resolver.vote(binaryId, INVALID);
        vm.prank(owner);
        resolver.setThreshold(1);
        resolver.execute(binaryId, INVALID);
        assertEq(uint256(market.state(binaryId)), uint256(ILMSRMarket.MarketState.Invalid));
    }

    function test_execute_revertsBelowThreshold() public {
        vm.prank(alice);
        resolver.vote(quadId, 3);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.ThresholdNotReached.selector, quadId, 3, 1, 2));
        resolver.execute(quadId, 3);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.ThresholdNotReached.selector, quadId, 0, 0, 2));
        resolver.execute(quadId, 0);
    }

    function test_execute_revertsOnSettledForeignOrOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.NotMarketResolver.selector, foreignId, outsider));
        resolver.execute(foreignId, 0);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidOutcome.selector, binaryId, 7, 2));
        resolver.execute(binaryId, 7);
        vm.prank(alice);
        resolver.vote(binaryId, 0);
        vm.prank(bob);
        resolver.vote(binaryId, 0);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.MarketAlreadySettled.selector, binaryId));
        resolver.execute(binaryId, 0);
    }

    // ------------------------------------------------------------------ administration

    function test_addMember_emitsAndCounts() public {
        vm.expectEmit(address(resolver));
        emit ICommitteeResolver.MemberAdded(dave);
        vm.prank(owner);
        resolver.addMember(dave);
        assertTrue(resolver.isMember(dave));
        assertEq(resolver.memberCount(), 4);
    }

    function test_addMember_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        resolver.addMember(dave);

        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidMember.selector, address(0)));
        resolver.addMember(address(0));
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.AlreadyMember.selector, bob));
        resolver.addMember(bob);
        vm.stopPrank();
    }

    function test_addMember_revertsPastMax() public {
        CommitteeResolver full = new CommitteeResolver(market, _manyMembers(32), 1, owner);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.TooManyMembers.selector, 33, 32));
        vm.prank(owner);
        full.addMember(dave);
    }

    function test_removeMember_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        vm.prank(alice);
        resolver.removeMember(bob);

        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.NotMember.selector, outsider));
        resolver.removeMember(outsider);
        resolver.removeMember(alice);
        // Two members left with a threshold of 2: removing another would leave 1 < 2.
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidThreshold.selector, 2, 1));
        resolver.removeMember(bob);
        resolver.setThreshold(1);
        resolver.removeMember(bob);
        vm.stopPrank();
        assertEq(resolver.describe(), "committee 1-of-1");
    }

    function test_setThreshold_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, carol));
        vm.prank(carol);
        resolver.setThreshold(1);

        vm.startPrank(owner);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidThreshold.selector, 0, 3));
        resolver.setThreshold(0);
        vm.expectRevert(abi.encodeWithSelector(ICommitteeResolver.InvalidThreshold.selector, 4, 3));
        resolver.setThreshold(4);
        resolver.setThreshold(3);
        vm.stopPrank();
        assertEq(resolver.describe(), "committee 3-of-3");
    }

    function test_ownership_twoStepTransfer() public {
        vm.prank(owner);
        resolver.transferOwnership(dave);
        assertEq(resolver.owner(), owner);
        assertEq(resolver.pendingOwner(), dave);

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, outsider));
        vm.prank(outsider);
        resolver.acceptOwnership();

        vm.prank(dave);
        resolver.acceptOwnership();
        assertEq(resolver.owner(), dave);

        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, owner));
        vm.prank(owner);
        resolver.setThreshold(1);
        vm.prank(dave);
        resolver.setThreshold(1);
    }

    // ------------------------------------------------------------------ views

    function test_views_outOfRangeAndStrangers() public view {
        assertEq(resolver.votesFor(binaryId, 300), 0);
        assertEq(resolver.votesFor(binaryId, INVALID - 1), 0);
        (bool voted, uint256 outcome) = resolver.ballotOf(binaryId, outsider);
        assertFalse(voted);
        assertEq(outcome, 0);
    }

    // ------------------------------------------------------------------ fuzz

    /// With `size` members and threshold `t`, the first t − 1 matching votes leave the market open
    /// and the t-th settles it, whatever else the other members voted before.
    function testFuzz_settlesExactlyAtThreshold(uint256 size, uint256 t, uint256 outcome, uint256 noise) public {
        size = bound(size, 1, 8);
        t = bound(t, 1, size);
        outcome = bound(outcome, 0, 4); // 4 means INVALID
        uint256 target = outcome == 4 ? INVALID : outcome;
        address[] memory list = _manyMembers(size);
        CommitteeResolver committee = new CommitteeResolver(market, list, t, owner);
        uint256 id = _createMarket(4, address(committee));

        // Members beyond the first t first scatter votes on other outcomes, never reaching t.
        for (uint256 i = t; i < size; ++i) {
            uint256 other = target == INVALID ? (noise >> i) % 4 : (target + 1 + ((noise >> i) % 3)) % 4;
            if (committee.votesFor(id, other) + 1 >= t) continue;
            vm.prank(list[i]);
            assertFalse(committee.vote(id, other));
        }
        for (uint256 i; i < t; ++i) {
            vm.prank(list[i]);
            bool resolved = committee.vote(id, target);
            assertEq(resolved, i == t - 1);
            assertEq(committee.votesFor(id, target), i + 1);
        }
        ILMSRMarket.MarketState expected =
            target == INVALID ? ILMSRMarket.MarketState.Invalid : ILMSRMarket.MarketState.Resolved;
        assertEq(uint256(market.state(id)), uint256(expected));
    }

    // ------------------------------------------------------------------ helpers

    function _createMarket(uint256 outcomes, address marketResolver) internal returns (uint256) {
        return market.createMarket(
            ILMSRMarket.CreateParams({
                collateral: address(usd),
                liquidity: 1_000e6,
                outcomeCount: outcomes,
                resolver: marketResolver,
                closeTime: block.timestamp + CLOSE_IN,
                feeBps: 100,
                metadataHash: keccak256("committee test market"),
                metadataURI: "data:application/json;base64,e30="
            })
        );
    }

    function _manyMembers(uint256 count) internal pure returns (address[] memory list) {
        list = new address[](count);
        for (uint256 i; i < count; ++i) {
            list[i] = address(uint160(0x1000 + i));
        }
    }

    function _list1(address a) internal pure returns (address[] memory list) {
        list = new address[](1);
        list[0] = a;
    }

    function _list2(address a, address b) internal pure returns (address[] memory list) {
        list = new address[](2);
        list[0] = a;
        list[1] = b;
    }

    function _list3(address a, address b, address c) internal pure returns (address[] memory list) {
        list = new address[](3);
        list[0] = a;
        list[1] = b;
        list[2] = c;
    }
}
