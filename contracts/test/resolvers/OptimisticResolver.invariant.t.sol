// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {LMSRMarket} from "../../src/LMSRMarket.sol";
import {ILMSRMarket} from "../../src/interfaces/ILMSRMarket.sol";
import {IOptimisticResolver} from "../../src/interfaces/IOptimisticResolver.sol";
import {MisbehavingERC20} from "../../src/mocks/MisbehavingERC20.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {OptimisticResolver} from "../../src/resolvers/OptimisticResolver.sol";

/// @notice Drives the optimistic resolver over several markets with three bonders, the settler and
/// outsiders calling `settle`, time, and a bond token whose transfers fail on demand. Records what
/// should never succeed (finalizing inside the window, settling by someone else, disputing after
/// the window) and the ruling of every settled market.
contract OptimisticResolverHandler is CommonBase, StdCheats, StdUtils {
    uint256 internal constant INVALID = type(uint256).max;

    LMSRMarket public immutable market;
    OptimisticResolver public immutable resolver;
    MisbehavingERC20 public immutable bondToken;
    address public immutable settler;
    address[3] internal _actors;
    uint256[] internal _marketIds;

    mapping(uint256 marketId => uint256) public ghost_ruling;
    uint256 public ghost_minted;
    uint256 public ghost_violations;
    uint256 public ghost_finalized;
    uint256 public ghost_settled;

    constructor(LMSRMarket market_, OptimisticResolver resolver_, address settler_, uint256[] memory marketIds_) {
        market = market_;
        resolver = resolver_;
        bondToken = MisbehavingERC20(resolver_.bondToken());
        settler = settler_;
        _marketIds = marketIds_;
        _actors = [makeAddr("bonder0"), makeAddr("bonder1"), makeAddr("bonder2")];
        for (uint256 i; i < 3; ++i) {
            bondToken.mint(_actors[i], 1_000_000e18);
            vm.prank(_actors[i]);
            bondToken.approve(address(resolver_), type(uint256).max);
        }
        ghost_minted = 3 * 1_000_000e18;
    }

    function actors() external view returns (address[3] memory) {
        return _actors;
    }

    function marketIds() external view returns (uint256[] memory) {
        return _marketIds;
    }

    function propose(uint256 actorSeed, uint256 marketSeed, uint256 outcomeSeed, uint256 bondSeed) external {
        uint256 id = _market(marketSeed);
        uint256 n = market.getMarket(id).outcomeCount;
        outcomeSeed = _mix(outcomeSeed, 1);
        uint256 outcome = outcomeSeed % 6 == 0 ? INVALID : outcomeSeed % (n + 1); // sometimes out of range
        uint256 bond = bound(bondSeed, resolver.minBond() - 1, 10 * resolver.minBond());
        vm.prank(_actor(actorSeed));
        try resolver.propose(id, outcome, bond) {
            if (block.timestamp < market.getMarket(id).closeTime || bond < resolver.minBond()) ++ghost_violations;
            if (outcome != INVALID && outcome >= n) ++ghost_violations;
        } catch {}
    }

    function dispute(uint256 actorSeed, uint256 marketSeed) external {
        uint256 id = _market(marketSeed);
        uint256 endsAt = resolver.challengeEndsAt(id);
        vm.prank(_actor(actorSeed));
        try resolver.dispute(id) {
            if (endsAt == 0 || block.timestamp >= endsAt) ++ghost_violations;
        } catch {}
    }

    function finalize(uint256 marketSeed) external {
        uint256 id = _market(marketSeed);
        uint256 endsAt = resolver.challengeEndsAt(id);
        try resolver.finalize(id) {
            if (block.timestamp < endsAt) ++ghost_violations;
            ++ghost_finalized;
        } catch {}
    }

    /// @param callerSeed Mostly the settler; sometimes an actor, which must fail.
    function settle(uint256 callerSeed, uint256 marketSeed, uint256 outcomeSeed) external {
        uint256 id = _market(marketSeed);
        callerSeed = _mix(callerSeed, 2);
        address caller = callerSeed % 4 == 0 ? _actor(callerSeed >> 8) : settler;
        outcomeSeed = _mix(outcomeSeed, 3);
        uint256 outcome = outcomeSeed % 5 == 0 ? INVALID : outcomeSeed % market.getMarket(id).outcomeCount;
        vm.prank(caller);
        try resolver.settle(id, outcome) {
            if (caller != settler) ++ghost_violations;
            ghost_ruling[id] = outcome;
            ++ghost_settled;
        } catch {}
    }

    function claim(uint256 actorSeed) external {
        address actor = _actor(actorSeed);
        uint256 owed = resolver.claimable(actor);
        uint256 before = bondToken.balanceOf(actor);
        vm.prank(actor);
        try resolver.claim() returns (uint256 amount) {
            if (amount != owed || bondToken.balanceOf(actor) != before + amount) ++ghost_violations;
        } catch {}
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 3 days));
    }

    /// @dev Transfers fail one call in four while this is on: payouts get credited instead.
    function setTokenFailing(uint256 seed) external {
        bondToken.setReturnFalse(_mix(seed, 4) % 4 == 0);
    }

    function _market(uint256 seed) internal view returns (uint256) {
        return _marketIds[_mix(seed, 5) % _marketIds.length];
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[_mix(seed, 6) % 3];
    }

    function _mix(uint256 seed, uint256 salt) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, salt)));
    }
}

contract OptimisticResolverInvariantTest is Test {
    uint256 internal constant START = 1_700_000_000;
    uint256 internal constant INVALID = type(uint256).max;

    LMSRMarket internal market;
    OptimisticResolver internal resolver;
    MisbehavingERC20 internal bondToken;
    OptimisticResolverHandler internal handler;

    function setUp() public {
        vm.warp(START);
        market = new LMSRMarket();
        bondToken = new MisbehavingERC20();
        address settler = makeAddr("timelock");
        resolver = new OptimisticResolver(market, address(bondToken), 10e18, 1 days, settler);
        MockERC20 usd = new MockERC20("Test USD", "USD", 6);
        usd.mint(address(this), 1e15);
        usd.approve(address(market), type(uint256).max);
        uint256[] memory ids = new uint256[](4);
        for (uint256 i; i < 4; ++i) {
            ids[i] = market.createMarket(
                ILMSRMarket.CreateParams({
                    collateral: address(usd),
                    liquidity: 1_000e6,
                    outcomeCount: 2 + i,
                    resolver: address(resolver),
                    closeTime: START + (i + 1) * 1 days,
                    feeBps: 100,
                    metadataHash: bytes32(i),
                    metadataURI: ""
                })
            );
        }
        handler = new OptimisticResolverHandler(market, resolver, settler, ids);
        targetContract(address(handler));
    }

    /// The resolver holds exactly the bonds still at stake plus what it owes after failed payments,
    /// and no bond token is created or lost.
    function invariant_bondsAreFullyAccountedFor() public view {
        uint256[] memory ids = handler.marketIds();
        address[3] memory actors = handler.actors();
        uint256 atStake;
        for (uint256 i; i < ids.length; ++i) {
            IOptimisticResolver.Proposal memory p = resolver.proposalOf(ids[i]);
            if (p.status == IOptimisticResolver.Status.Proposed) atStake += p.bond;
            if (p.status == IOptimisticResolver.Status.Disputed) atStake += 2 * p.bond;
        }
        uint256 owed;
        uint256 held;
        for (uint256 i; i < 3; ++i) {
            owed += resolver.claimable(actors[i]);
            held += bondToken.balanceOf(actors[i]);
        }
        assertEq(bondToken.balanceOf(address(resolver)), atStake + owed, "resolver balance != at stake + owed");
        assertEq(held + bondToken.balanceOf(address(resolver)), handler.ghost_minted(), "bond tokens not conserved");
    }

    /// A market is resolved exactly when its proposal is finalized or settled, and to the proposed
    /// outcome (finalized) or to the settler's ruling (settled).
    function invariant_marketsResolveOnlyThroughTheGame() public view {
        uint256[] memory ids = handler.marketIds();
        for (uint256 i; i < ids.length; ++i) {
            IOptimisticResolver.Proposal memory p = resolver.proposalOf(ids[i]);
            ILMSRMarket.MarketInfo memory info = market.getMarket(ids[i]);
            bool settled =
                info.state == ILMSRMarket.MarketState.Resolved || info.state == ILMSRMarket.MarketState.Invalid;
            bool done =
                p.status == IOptimisticResolver.Status.Finalized || p.status == IOptimisticResolver.Status.Settled;
            assertEq(settled, done, "market resolution != proposal status");
            if (!done) continue;
            uint256 expected =
                p.status == IOptimisticResolver.Status.Finalized ? p.outcome : handler.ghost_ruling(ids[i]);
            if (expected == INVALID) {
                assertEq(uint256(info.state), uint256(ILMSRMarket.MarketState.Invalid), "should be invalid");
            } else {
                assertEq(uint256(info.state), uint256(ILMSRMarket.MarketState.Resolved), "should be resolved");
                assertEq(info.resolvedOutcome, expected, "wrong outcome");
            }
            if (p.status == IOptimisticResolver.Status.Settled) {
                assertTrue(p.disputer != address(0), "settled undisputed");
            }
        }
    }

    /// Nothing the rules forbid ever succeeded.
    function invariant_noForbiddenCallSucceeded() public view {
        assertEq(handler.ghost_violations(), 0, "a forbidden call succeeded");
    }
}
