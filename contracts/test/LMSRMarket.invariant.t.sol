// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {LMSRMarket} from "../src/LMSRMarket.sol";
import {ILMSRMarket} from "../src/interfaces/ILMSRMarket.sol";
import {LMSRMath} from "../src/libraries/LMSRMath.sol";
import {MockERC20} from "../src/mocks/MockERC20.sol";

/// @notice Drives LMSRMarket with bounded random trades from a few actors, and (in the lifecycle
/// suite) random resolutions, redemptions and surplus withdrawals, keeping ghost accounts of
/// every collateral flow.
/// @dev Every action bounds its inputs so that a correct market never reverts: any revert of a
/// market call is counted in `ghost_unexpectedReverts` (the runner ignores handler reverts, so
/// nothing is asserted here; the invariants read the ghosts). Supplies stay at q/b ≤ 30 per
/// outcome, the realistic range (see the price-sum note in the invariant suite).
contract LMSRMarketHandler is CommonBase, StdCheats, StdUtils {
    uint256 public constant MAX_Q_OVER_B = 30;

    LMSRMarket public immutable market;
    address public immutable creator;
    address public immutable resolver;
    uint256[] internal _marketIds;
    address[] internal _actors;

    // Per market: collateral paid in by traders, paid out to traders/holders, and to the creator.
    mapping(uint256 marketId => uint256) public ghost_paidIn;
    mapping(uint256 marketId => uint256) public ghost_paidOut;
    mapping(uint256 marketId => uint256) public ghost_withdrawn;
    mapping(uint256 marketId => uint256) public ghost_tradeNonce;
    mapping(uint256 marketId => bytes32) public ghost_frozenPrices;

    // Per actor and collateral token, over every market.
    mapping(address actor => mapping(address token => uint256)) public ghost_actorPaid;
    mapping(address actor => mapping(address token => uint256)) public ghost_actorReceived;
    // Collateral minted to each actor: the only way tokens reach an actor's wallet besides payouts.
    mapping(address actor => mapping(address token => uint256)) public ghost_actorMinted;
    mapping(uint256 marketId => address) internal _collateralOf;

    /// @dev An actor's position in one market from flat to flat again.
    struct Episode {
        uint256 paid;
        uint256 received;
        uint256 startNonce;
        uint256 ownTrades;
        uint256 heldOutcomes;
    }

    mapping(address actor => mapping(uint256 marketId => Episode)) internal _episodes;

    uint256 public ghost_quoteMismatches;
    uint256 public ghost_collateralMismatches;
    uint256 public ghost_payoutMismatches;
    uint256 public ghost_unexpectedReverts;
    uint256 public ghost_roundTripProfits;
    uint256 public ghost_soloRoundTrips;
    uint256 public ghost_interleavedRoundTrips;

    uint256 public ghost_buys;
    uint256 public ghost_sells;
    uint256 public ghost_buysWithCollateral;
    uint256 public ghost_atomicRoundTrips;
    uint256 public ghost_resolutions;
    uint256 public ghost_redemptions;
    uint256 public ghost_withdrawals;
    uint256 public ghost_creditBuys;
    uint256 public ghost_creditSells;
    uint256 public ghost_creditWithdrawals;

    constructor(LMSRMarket market_, uint256[] memory marketIds_, address creator_, address resolver_) {
        market = market_;
        creator = creator_;
        resolver = resolver_;
        _marketIds = marketIds_;
        _actors.push(makeAddr("actor0"));
        _actors.push(makeAddr("actor1"));
        _actors.push(makeAddr("actor2"));
        for (uint256 i; i < _actors.length; ++i) {
            for (uint256 j; j < marketIds_.length; ++j) {
                address token = market.getMarket(marketIds_[j]).collateral;
                _collateralOf[marketIds_[j]] = token;
                vm.prank(_actors[i]);
                MockERC20(token).approve(address(market), type(uint256).max);
            }
        }
    }

    // ================================================================== views for the suites

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function marketIds() external view returns (uint256[] memory) {
        return _marketIds;
    }

    // ================================================================== trading actions

    function buy(uint256 actorSeed, uint256 marketSeed, uint256 outcomeSeed, uint256 sharesSeed) external {
        (address actor, uint256 id, ILMSRMarket.MarketInfo memory info) = _pick(actorSeed, marketSeed);
        if (info.state != ILMSRMarket.MarketState.Open) return;
        uint256 outcome = _pickOutcome(info.outcomeCount, outcomeSeed);
        uint256 shares = _boundShares(id, outcome, info.liquidity, sharesSeed);
        if (shares == 0) return;
        _buy(actor, id, outcome, shares, info.collateral, _useCredit(outcomeSeed));
    }

    function sell(uint256 actorSeed, uint256 marketSeed, uint256 outcomeSeed, uint256 sharesSeed) external {
        (address actor, uint256 id, ILMSRMarket.MarketInfo memory info) = _pick(actorSeed, marketSeed);
        if (info.state != ILMSRMarket.MarketState.Open) return;
        (bool found, uint256 outcome, uint256 held) = _findHeld(actor, id, info.outcomeCount, outcomeSeed);
        if (!found) return;
        uint256 shares = sharesSeed % 3 == 0 ? held : bound(sharesSeed, 1, held);
        _sell(actor, id, outcome, shares, info.collateral, _useCredit(outcomeSeed));
    }

    function buyWithCollateral(uint256 actorSeed, uint256 marketSeed, uint256 outcomeSeed, uint256 amountSeed)
        external
    {
        (address actor, uint256 id, ILMSRMarket.MarketInfo memory info) = _pick(actorSeed, marketSeed);
        if (info.state != ILMSRMarket.MarketState.Open) return;
        uint256 outcome = _pickOutcome(info.outcomeCount, outcomeSeed);
        uint256 collateralIn = amountSeed % 4 == 0
            ? bound(amountSeed, 1, 1_000)
            : bound(amountSeed, 1, 2 * info.liquidity);
        uint256 quoted = market.quoteBuyWithCollateral(id, outcome, collateralIn);
        uint256 q = market.supply(id, outcome);
        if (quoted == 0 || q + quoted > MAX_Q_OVER_B * info.liquidity) return;

        MockERC20 token = MockERC20(info.collateral);
        _mint(actor, token, collateralIn);
        uint256 balanceBefore = token.balanceOf(actor);
        uint256 sharesBefore = _balance(actor, id, outcome);
        vm.prank(actor);
        try market.buyWithCollateral(id, outcome, collateralIn, quoted, block.timestamp) returns (uint256 shares) {
            if (shares != quoted) ++ghost_quoteMismatches;
            if (balanceBefore - token.balanceOf(actor) != collateralIn) ++ghost_collateralMismatches;
            if (_balance(actor, id, outcome) - sharesBefore != shares) ++ghost_collateralMismatches;
            _recordBuy(actor, id, collateralIn, sharesBefore == 0);
            ++ghost_buysWithCollateral;
        } catch {
            ++ghost_unexpectedReverts;
        }
    }

    /// @notice Buys and at once sells back the same shares: the actor may never come out ahead.
    function roundTrip(uint256 actorSeed, uint256 marketSeed, uint256 outcomeSeed, uint256 sharesSeed) external {
        (address actor, uint256 id, ILMSRMarket.MarketInfo memory info) = _pick(actorSeed, marketSeed);
        if (info.state != ILMSRMarket.MarketState.Open) return;
        uint256 outcome = _pickOutcome(info.outcomeCount, outcomeSeed);
        uint256 shares = _boundShares(id, outcome, info.liquidity, sharesSeed);
        if (shares == 0) return;
        bool credit = _useCredit(outcomeSeed);
        (bool bought, uint256 cost) = _buy(actor, id, outcome, shares, info.collateral, credit);
        if (!bought) return;
        (bool sold, uint256 proceeds) = _sell(actor, id, outcome, shares, info.collateral, credit);
        if (!sold) return;
        if (proceeds > cost) ++ghost_roundTripProfits;
        ++ghost_atomicRoundTrips;
    }

    /// @notice Withdraws part or all of an actor's credit in one market's collateral.
    function withdrawCredit(uint256 actorSeed, uint256 marketSeed, uint256 amountSeed) external {
        (address actor,, ILMSRMarket.MarketInfo memory info) = _pick(actorSeed, marketSeed);
        uint256 credit = market.creditOf(info.collateral, actor);
        if (credit == 0) return;
        uint256 amount = amountSeed % 2 == 0 ? credit : bound(amountSeed, 1, credit);
        MockERC20 token = MockERC20(info.collateral);
        uint256 balanceBefore = token.balanceOf(actor);
        vm.prank(actor);
        try market.withdraw(info.collateral, amount, actor) {
            if (token.balanceOf(actor) - balanceBefore != amount) ++ghost_collateralMismatches;
            if (credit - market.creditOf(info.collateral, actor) != amount) ++ghost_collateralMismatches;
            ++ghost_creditWithdrawals;
        } catch {
            ++ghost_unexpectedReverts;
        }
    }

    // ================================================================== lifecycle actions

    function resolve(uint256 marketSeed, uint256 outcomeSeed, uint256 modeSeed) external {
        uint256 id = _marketIds[marketSeed % _marketIds.length];
        ILMSRMarket.MarketInfo memory info = market.getMarket(id);
        if (info.state != ILMSRMarket.MarketState.Open && info.state != ILMSRMarket.MarketState.Closed) return;
        // Leave the markets some trading first: resolve on one call in three.
        if (modeSeed % 3 != 0) return;
        bool invalid = (modeSeed / 3) % 4 == 0;
        vm.prank(resolver);
        if (invalid) {
            try market.resolveInvalid(id) {
                ghost_frozenPrices[id] = keccak256(abi.encode(market.prices(id)));
                ++ghost_resolutions;
            } catch {
                ++ghost_unexpectedReverts;
            }
        } else {
            try market.resolve(id, _pickOutcome(info.outcomeCount, outcomeSeed)) {
                ghost_frozenPrices[id] = keccak256(abi.encode(market.prices(id)));
                ++ghost_resolutions;
            } catch {
                ++ghost_unexpectedReverts;
            }
        }
    }

    function redeem(uint256 actorSeed, uint256 marketSeed, uint256 outcomeSeed, uint256 sharesSeed) external {
        (address actor, uint256 id, ILMSRMarket.MarketInfo memory info) = _pick(actorSeed, marketSeed);
        if (info.state != ILMSRMarket.MarketState.Resolved && info.state != ILMSRMarket.MarketState.Invalid) return;
        (bool found, uint256 outcome, uint256 held) = _findHeld(actor, id, info.outcomeCount, outcomeSeed);
        if (!found) return;
        uint256 shares = sharesSeed % 2 == 0 ? held : bound(sharesSeed, 1, held);
        _redeem(actor, id, outcome, shares, info);
    }

    function withdrawSurplus(uint256 marketSeed) external {
        uint256 id = _marketIds[marketSeed % _marketIds.length];
        ILMSRMarket.MarketInfo memory info = market.getMarket(id);
        if (info.state != ILMSRMarket.MarketState.Resolved && info.state != ILMSRMarket.MarketState.Invalid) return;
        _withdrawSurplus(id, info);
    }

    // ================================================================== settlement helpers (also used at the end)

    function redeemEverything(uint256 id) external {
        ILMSRMarket.MarketInfo memory info = market.getMarket(id);
        for (uint256 i; i < _actors.length; ++i) {
            for (uint256 j; j < info.outcomeCount; ++j) {
                uint256 held = _balance(_actors[i], id, j);
                if (held == 0) continue;
                if (info.state == ILMSRMarket.MarketState.Resolved && j != info.resolvedOutcome) continue;
                _redeem(_actors[i], id, j, held, info);
            }
        }
    }

    function withdrawEverything(uint256 id) external {
        ILMSRMarket.MarketInfo memory info = market.getMarket(id);
        _withdrawSurplus(id, info);
    }

    /// @notice What holders of unredeemed shares can still claim, as the market computes it.
    function liabilities(uint256 id) public view returns (uint256 owed) {
        ILMSRMarket.MarketInfo memory info = market.getMarket(id);
        if (info.state == ILMSRMarket.MarketState.Resolved) {
            uint256 tid = market.tokenId(id, info.resolvedOutcome);
            return market.totalSupply(tid) - market.balanceOf(address(market), tid);
        }
        for (uint256 j; j < info.outcomeCount; ++j) {
            uint256 tid = market.tokenId(id, j);
            uint256 q = market.totalSupply(tid);
            if (q == 0) continue;
            uint256 open = q - market.balanceOf(address(market), tid);
            owed += (open * LMSRMath.priceDown(info.logSum, q, info.liquidity) + LMSRMath.ONE - 1) >> 128;
        }
    }

    // ================================================================== internals

    /// @dev Buys at the quote, from the wallet or (`useCredit`) from credit, depositing first
    /// whatever the actor's credit lacks.
    function _buy(address actor, uint256 id, uint256 outcome, uint256 shares, address collateral, bool useCredit)
        internal
        returns (bool ok, uint256 cost)
    {
        (uint256 quoted,) = market.quoteBuy(id, outcome, shares);
        MockERC20 token = MockERC20(collateral);
        if (!useCredit) {
            _mint(actor, token, quoted);
        } else {
            uint256 credit = market.creditOf(collateral, actor);
            if (credit < quoted) {
                _mint(actor, token, quoted - credit);
                vm.prank(actor);
                try market.deposit(collateral, quoted - credit, actor) {}
                catch {
                    ++ghost_unexpectedReverts;
                    return (false, 0);
                }
            }
        }
        uint256 balanceBefore = token.balanceOf(actor);
        uint256 creditBefore = market.creditOf(collateral, actor);
        uint256 sharesBefore = _balance(actor, id, outcome);
        bytes memory call = useCredit
            ? abi.encodeCall(market.buyFromCredit, (id, outcome, shares, quoted, block.timestamp))
            : abi.encodeCall(market.buy, (id, outcome, shares, quoted, block.timestamp));
        vm.prank(actor);
        (bool success, bytes memory ret) = address(market).call(call);
        if (!success) {
            ++ghost_unexpectedReverts;
            return (false, 0);
        }
        uint256 charged = abi.decode(ret, (uint256));
        if (charged != quoted) ++ghost_quoteMismatches;
        uint256 walletOut = balanceBefore - token.balanceOf(actor);
        uint256 creditOut = creditBefore - market.creditOf(collateral, actor);
        if ((useCredit ? creditOut : walletOut) != charged) ++ghost_collateralMismatches;
        if ((useCredit ? walletOut : creditOut) != 0) ++ghost_collateralMismatches;
        if (_balance(actor, id, outcome) - sharesBefore != shares) ++ghost_collateralMismatches;
        _recordBuy(actor, id, charged, sharesBefore == 0);
        ++ghost_buys;
        if (useCredit) ++ghost_creditBuys;
        return (true, charged);
    }

    /// @dev Sells at the quote, to the wallet or (`useCredit`) to credit.
    function _sell(address actor, uint256 id, uint256 outcome, uint256 shares, address collateral, bool useCredit)
        internal
        returns (bool ok, uint256 proceeds)
    {
        (uint256 quoted,) = market.quoteSell(id, outcome, shares);
        MockERC20 token = MockERC20(collateral);
        uint256 balanceBefore = token.balanceOf(actor);
        uint256 creditBefore = market.creditOf(collateral, actor);
        uint256 sharesBefore = _balance(actor, id, outcome);
        bytes memory call = useCredit
            ? abi.encodeCall(market.sellToCredit, (id, outcome, shares, quoted, block.timestamp))
            : abi.encodeCall(market.sell, (id, outcome, shares, quoted, block.timestamp));
        vm.prank(actor);
        (bool success, bytes memory ret) = address(market).call(call);
        if (!success) {
            ++ghost_unexpectedReverts;
            return (false, 0);
        }
        uint256 paid = abi.decode(ret, (uint256));
        if (paid != quoted) ++ghost_quoteMismatches;
        uint256 walletIn = token.balanceOf(actor) - balanceBefore;
        uint256 creditIn = market.creditOf(collateral, actor) - creditBefore;
        if ((useCredit ? creditIn : walletIn) != paid) ++ghost_collateralMismatches;
        if ((useCredit ? walletIn : creditIn) != 0) ++ghost_collateralMismatches;
        if (sharesBefore - _balance(actor, id, outcome) != shares) ++ghost_collateralMismatches;
        _recordSell(actor, id, paid, sharesBefore == shares);
        ++ghost_sells;
        if (useCredit) ++ghost_creditSells;
        return (true, paid);
    }

    function _redeem(address actor, uint256 id, uint256 outcome, uint256 shares, ILMSRMarket.MarketInfo memory info)
        internal
    {
        uint256 tid = market.tokenId(id, outcome);
        MockERC20 token = MockERC20(info.collateral);
        uint256 balanceBefore = token.balanceOf(actor);
        if (info.state == ILMSRMarket.MarketState.Resolved && outcome != info.resolvedOutcome) {
            vm.prank(actor);
            try market.redeem(id, outcome, shares) {
                ++ghost_payoutMismatches; // a losing share must not pay
            } catch (bytes memory reason) {
                bytes memory expected = abi.encodeWithSelector(ILMSRMarket.NoPayout.selector, id, outcome);
                if (keccak256(reason) != keccak256(expected)) ++ghost_unexpectedReverts;
            }
            return;
        }
        uint256 expectedPayout = info.state == ILMSRMarket.MarketState.Resolved
            ? shares
            : (shares * LMSRMath.priceDown(info.logSum, market.totalSupply(tid), info.liquidity)) >> 128;
        vm.prank(actor);
        try market.redeem(id, outcome, shares) returns (uint256 payout) {
            if (payout != expectedPayout) ++ghost_payoutMismatches;
            if (token.balanceOf(actor) - balanceBefore != payout) ++ghost_payoutMismatches;
            ghost_paidOut[id] += payout;
            ghost_actorReceived[actor][info.collateral] += payout;
            ++ghost_redemptions;
        } catch {
            ++ghost_unexpectedReverts;
        }
    }

    function _withdrawSurplus(uint256 id, ILMSRMarket.MarketInfo memory info) internal {
        uint256 owed = liabilities(id);
        uint256 expected = info.pool > owed ? info.pool - owed : 0;
        MockERC20 token = MockERC20(info.collateral);
        uint256 balanceBefore = token.balanceOf(creator);
        vm.prank(creator);
        try market.withdrawSurplus(id) returns (uint256 amount) {
            if (amount != expected || expected == 0) ++ghost_payoutMismatches;
            if (token.balanceOf(creator) - balanceBefore != amount) ++ghost_payoutMismatches;
            ghost_withdrawn[id] += amount;
            ++ghost_withdrawals;
        } catch (bytes memory reason) {
            bytes memory nothing = abi.encodeWithSelector(ILMSRMarket.NothingToWithdraw.selector, id);
            if (expected != 0 || keccak256(reason) != keccak256(nothing)) ++ghost_unexpectedReverts;
        }
    }

    function _recordBuy(address actor, uint256 id, uint256 cost, bool opensOutcome) internal {
        Episode storage e = _episodes[actor][id];
        if (e.heldOutcomes == 0) {
            e.paid = 0;
            e.received = 0;
            e.ownTrades = 0;
            e.startNonce = ghost_tradeNonce[id];
        }
        if (opensOutcome) ++e.heldOutcomes;
        e.paid += cost;
        ++e.ownTrades;
        ++ghost_tradeNonce[id];
        ghost_paidIn[id] += cost;
        ghost_actorPaid[actor][_collateralOf[id]] += cost;
    }

    function _recordSell(address actor, uint256 id, uint256 proceeds, bool closesOutcome) internal {
        Episode storage e = _episodes[actor][id];
        e.received += proceeds;
        ++e.ownTrades;
        ++ghost_tradeNonce[id];
        ghost_paidOut[id] += proceeds;
        ghost_actorReceived[actor][_collateralOf[id]] += proceeds;
        if (!closesOutcome) return;
        if (--e.heldOutcomes != 0) return;
        // Flat again. Only a round trip no one else traded into says anything about fairness:
        // LMSR rightly pays a trader whose outcome others bought in the meantime.
        if (ghost_tradeNonce[id] - e.startNonce == e.ownTrades) {
            ++ghost_soloRoundTrips;
            if (e.received > e.paid) ++ghost_roundTripProfits;
        } else {
            ++ghost_interleavedRoundTrips;
        }
    }

    function _mint(address actor, MockERC20 token, uint256 amount) internal {
        token.mint(actor, amount);
        ghost_actorMinted[actor][address(token)] += amount;
    }

    /// @dev Half of the buys and sells go through credit, chosen by a bit the other uses of the
    /// seed (`seed % n`) hardly depend on.
    function _useCredit(uint256 seed) internal pure returns (bool) {
        return (seed >> 128) & 1 == 1;
    }

    function _pick(uint256 actorSeed, uint256 marketSeed)
        internal
        view
        returns (address actor, uint256 id, ILMSRMarket.MarketInfo memory info)
    {
        actor = _actors[actorSeed % _actors.length];
        id = _marketIds[marketSeed % _marketIds.length];
        info = market.getMarket(id);
    }

    /// @dev Any outcome, but for wide markets half of the picks go to four favourites so that
    /// supplies concentrate.
    function _pickOutcome(uint256 n, uint256 seed) internal pure returns (uint256) {
        if (n > 4 && seed % 2 == 0) {
            uint256[4] memory favourites = [uint256(0), 1, 2, n - 1];
            return favourites[(seed / 2) % 4];
        }
        return seed % n;
    }

    /// @dev Shares to buy keeping q/b ≤ MAX_Q_OVER_B: up to 3·b, or a few base units one time in four.
    function _boundShares(uint256 id, uint256 outcome, uint256 b, uint256 seed) internal view returns (uint256) {
        uint256 q = market.supply(id, outcome);
        uint256 cap = MAX_Q_OVER_B * b;
        if (q >= cap) return 0;
        uint256 room = cap - q;
        uint256 maxShares = seed % 4 == 0 ? _min(room, 1_000) : _min(room, 3 * b);
        return bound(seed, 1, maxShares);
    }

    function _findHeld(address actor, uint256 id, uint256 n, uint256 seed)
        internal
        view
        returns (bool found, uint256 outcome, uint256 held)
    {
        uint256 start = seed % n;
        for (uint256 k; k < n; ++k) {
            outcome = (start + k) % n;
            held = _balance(actor, id, outcome);
            if (held != 0) return (true, outcome, held);
        }
    }

    function _balance(address actor, uint256 id, uint256 outcome) internal view returns (uint256) {
        return market.balanceOf(actor, (id << 8) | outcome);
    }

    function _min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}

/// @notice Shared deployment for the two invariant suites: four markets on two tokens.
abstract contract LMSRMarketInvariantBase is Test {
    LMSRMarket internal market;
    MockERC20 internal usdc; // 6 decimals
    MockERC20 internal dai; // 18 decimals
    LMSRMarketHandler internal handler;
    address internal creator = makeAddr("creator");
    address internal resolver = makeAddr("resolver");
    uint256[] internal ids;
    mapping(uint256 marketId => uint256) internal funding;

    uint256 internal constant WAD = 1e18;

    function setUp() public virtual {
        vm.warp(1_700_000_000);
        market = new LMSRMarket();
        usdc = new MockERC20("USD Coin", "USDC", 6);
        dai = new MockERC20("Dai Stablecoin", "DAI", 18);
        vm.startPrank(creator);
        usdc.approve(address(market), type(uint256).max);
        dai.approve(address(market), type(uint256).max);
        vm.stopPrank();

        _create(address(dai), 1_000e18, 2, 100); // binary, 18 decimals, 1 % fee
        _create(address(usdc), 1_000e6, 3, 50); // 3 outcomes, 6 decimals, 0.5 % fee
        _create(address(dai), 100e18, 256, 200); // the widest market, 2 % fee
        _create(address(usdc), 10, 2, 0); // b = 10 base units, no fee: rounding dominates

        handler = new LMSRMarketHandler(market, ids, creator, resolver);
        targetContract(address(handler));
        // The handler's cap keeps every trade inside the market's log-sum range.
        assertLt(
            (handler.MAX_Q_OVER_B() << 128) + LMSRMath.initialLogSum(256), LMSRMath.MAX_LOG_SUM, "cap too high"
        );
    }

    function _create(address collateral, uint256 b, uint256 n, uint256 feeBps) internal {
        uint256 f = LMSRMath.costOf(0, LMSRMath.initialLogSum(n), b);
        MockERC20(collateral).mint(creator, f);
        vm.prank(creator);
        uint256 id = market.createMarket(
            ILMSRMarket.CreateParams({
                collateral: collateral,
                liquidity: b,
                outcomeCount: n,
                resolver: resolver,
                closeTime: block.timestamp + 365 days,
                feeBps: feeBps,
                metadataHash: keccak256(abi.encode(ids.length)),
                metadataURI: "ipfs://invariant"
            })
        );
        ids.push(id);
        funding[id] = f;
    }

    function _poolsIn(address token) internal view returns (uint256 total) {
        for (uint256 i; i < ids.length; ++i) {
            ILMSRMarket.MarketInfo memory info = market.getMarket(ids[i]);
            if (info.collateral == token) total += info.pool;
        }
    }

    /// @dev The actors' credit in `token`: collateral the market holds outside every pool.
    function _creditsIn(address token) internal view returns (uint256 total) {
        address[] memory actors = handler.actors();
        for (uint256 a; a < actors.length; ++a) {
            total += market.creditOf(token, actors[a]);
        }
    }

    function _assertTokenBalancesCoverPools() internal view {
        uint256 daiOwed = _poolsIn(address(dai)) + _creditsIn(address(dai));
        uint256 usdcOwed = _poolsIn(address(usdc)) + _creditsIn(address(usdc));
        assertGe(dai.balanceOf(address(market)), daiOwed, "DAI balance below pools + credit");
        assertGe(usdc.balanceOf(address(market)), usdcOwed, "USDC balance below pools + credit");
        // Nothing else moves collateral in or out: the balance is exactly the pools and credit.
        assertEq(dai.balanceOf(address(market)), daiOwed, "DAI balance != pools + credit");
        assertEq(usdc.balanceOf(address(market)), usdcOwed, "USDC balance != pools + credit");
    }

    /// @dev pool = funding + paid in − paid out − withdrawn by the creator, to the wei.
    function _assertPoolAccounting() internal view {
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            assertEq(
                market.getMarket(id).pool + handler.ghost_paidOut(id) + handler.ghost_withdrawn(id),
                funding[id] + handler.ghost_paidIn(id),
                "pool != funding + net flows"
            );
        }
    }

    function _assertActorFlows() internal view {
        address[] memory actors = handler.actors();
        address[2] memory tokens = [address(dai), address(usdc)];
        for (uint256 t; t < tokens.length; ++t) {
            uint256 paid;
            uint256 received;
            for (uint256 a; a < actors.length; ++a) {
                uint256 r = handler.ghost_actorReceived(actors[a], tokens[t]);
                uint256 p = handler.ghost_actorPaid(actors[a], tokens[t]);
                // wallet + credit = minted + received − paid: no collateral appears or vanishes.
                assertEq(
                    MockERC20(tokens[t]).balanceOf(actors[a]) + market.creditOf(tokens[t], actors[a]) + p,
                    handler.ghost_actorMinted(actors[a], tokens[t]) + r,
                    "actor wallet + credit != minted + received - paid"
                );
                paid += p;
                received += r;
            }
            uint256 paidIn;
            uint256 paidOut;
            for (uint256 i; i < ids.length; ++i) {
                if (market.getMarket(ids[i]).collateral != tokens[t]) continue;
                paidIn += handler.ghost_paidIn(ids[i]);
                paidOut += handler.ghost_paidOut(ids[i]);
            }
            assertEq(paid, paidIn, "actors paid != markets received");
            assertEq(received, paidOut, "actors received != markets paid");
        }
    }

    function _assertHandlerGhostsClean() internal view {
        assertEq(handler.ghost_unexpectedReverts(), 0, "a bounded call reverted");
        assertEq(handler.ghost_quoteMismatches(), 0, "quote != execution");
        assertEq(handler.ghost_collateralMismatches(), 0, "collateral or shares moved != reported");
        assertEq(handler.ghost_payoutMismatches(), 0, "payout != expected");
        assertEq(handler.ghost_roundTripProfits(), 0, "a solo round trip returned more than paid");
    }

    function _selectors(bytes4[] memory selectors) internal {
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev Calls the handler `calls` times with seeds derived from `salt`, choosing among the
    /// first `actions` actions in the order buy, sell, buyWithCollateral, roundTrip, resolve,
    /// redeem, withdrawSurplus. Deterministic: used to check that the handler does real work.
    function _drive(uint256 salt, uint256 calls, uint256 actions) internal {
        for (uint256 k; k < calls; ++k) {
            uint256 r = uint256(keccak256(abi.encode(salt, k)));
            uint256 a = uint256(keccak256(abi.encode(r, 1)));
            uint256 b = uint256(keccak256(abi.encode(r, 2)));
            uint256 c = uint256(keccak256(abi.encode(r, 3)));
            uint256 d = uint256(keccak256(abi.encode(r, 4)));
            uint256 action = r % actions;
            if (action == 0) handler.buy(a, b, c, d);
            else if (action == 1) handler.sell(a, b, c, d);
            else if (action == 2) handler.buyWithCollateral(a, b, c, d);
            else if (action == 3) handler.roundTrip(a, b, c, d);
            else if (action == 4) handler.resolve(b, c, d);
            else if (action == 5) handler.redeem(a, b, c, d);
            else handler.withdrawSurplus(b);
        }
    }
}

/// @notice Trading only: every market stays open while actors buy, sell and round-trip.
contract LMSRMarketInvariantTest is LMSRMarketInvariantBase {
    function setUp() public override {
        super.setUp();
        bytes4[] memory selectors = new bytes4[](5);
        selectors[0] = LMSRMarketHandler.buy.selector;
        selectors[1] = LMSRMarketHandler.sell.selector;
        selectors[2] = LMSRMarketHandler.buyWithCollateral.selector;
        selectors[3] = LMSRMarketHandler.roundTrip.selector;
        selectors[4] = LMSRMarketHandler.withdrawCredit.selector;
        _selectors(selectors);
    }

    /// The handler is not vacuous: a fixed sequence of 60 calls exercises every action on every
    /// market without an unexpected revert, after which settlement (afterInvariant) succeeds.
    function test_handler_tradesEveryMarketWithEveryAction() public {
        _drive(1, 60, 4);
        assertGt(handler.ghost_buys(), 0, "no buy");
        assertGt(handler.ghost_sells(), 0, "no sell");
        assertGt(handler.ghost_buysWithCollateral(), 0, "no buyWithCollateral");
        assertGt(handler.ghost_atomicRoundTrips(), 0, "no round trip");
        assertGt(handler.ghost_soloRoundTrips(), 0, "no solo round trip checked");
        assertGt(handler.ghost_creditBuys(), 0, "no buy from credit");
        assertGt(handler.ghost_creditSells(), 0, "no sell to credit");
        for (uint256 a; a < 3; ++a) {
            for (uint256 m; m < ids.length; ++m) handler.withdrawCredit(a, m, 1);
        }
        assertGt(handler.ghost_creditWithdrawals(), 0, "no credit withdrawal");
        for (uint256 i; i < ids.length; ++i) {
            assertGt(handler.ghost_paidIn(ids[i]), 0, "a market was never traded");
        }
        _assertHandlerGhostsClean();
        _assertActorFlows();
        afterInvariant();
    }

    /// (a) Whatever outcome wins, every winning share can be paid: pool ≥ max_j q_j. Stronger
    /// and what the rounding guarantees: pool ≥ b·L (X128) and L ≥ q_j/b for every j.
    function invariant_collateralCoversWorstPayout() public view {
        for (uint256 i; i < ids.length; ++i) {
            ILMSRMarket.MarketInfo memory info = market.getMarket(ids[i]);
            uint256 maxSupply;
            for (uint256 j; j < info.outcomeCount; ++j) {
                uint256 q = market.supply(ids[i], j);
                if (q > maxSupply) maxSupply = q;
            }
            assertGe(info.pool, maxSupply, "pool below the largest supply");
            assertGe(info.pool << 128, info.liquidity * info.logSum, "pool below b*L");
            assertGe(info.logSum, (maxSupply << 128) / info.liquidity, "L below max q/b");
        }
    }

    /// (a) And if the market were declared invalid, every holder could be paid floor(q_j·p_j).
    function invariant_collateralCoversInvalidPayout() public view {
        for (uint256 i; i < ids.length; ++i) {
            ILMSRMarket.MarketInfo memory info = market.getMarket(ids[i]);
            uint256 owed;
            for (uint256 j; j < info.outcomeCount; ++j) {
                uint256 q = market.supply(ids[i], j);
                owed += (q * LMSRMath.priceDown(info.logSum, q, info.liquidity)) >> 128;
            }
            assertGe(info.pool, owed, "pool below invalid payouts");
        }
    }

    /// (a) The contract holds at least (in fact exactly) the pools of the markets in each token.
    function invariant_tokenBalanceCoversPools() public view {
        _assertTokenBalancesCoverPools();
    }

    /// (b) Prices never sum above 1 and, each rounded down, lose at most one wei per outcome:
    /// 1e18 − n ≤ Σ p_j ≤ 1e18, i.e. within 256 wei (< 1e3 wei = 1e-15) for every market here.
    /// Measured to hold while q/b stays below about 45 (the handler keeps q/b ≤ 30). Round trips
    /// to the log-sum cap and back lower the sum by ≈ 3.7e-16 each, cumulatively, always
    /// downwards (see test_extremeRoundTrip_staysSolventAndPricesNeverExceedOne).
    function invariant_pricesSumToOne() public view {
        for (uint256 i; i < ids.length; ++i) {
            uint256[] memory p = market.prices(ids[i]);
            uint256 sum;
            for (uint256 j; j < p.length; ++j) {
                assertLe(p[j], WAD, "price above 1");
                sum += p[j];
            }
            assertLe(sum, WAD, "prices sum above 1");
            assertLe(WAD - sum, p.length, "prices sum below 1 - n wei");
            assertLe(WAD - sum, 1e3, "prices sum below 1 - 1e-15");
        }
    }

    /// (c) No actor ever gets more back than they paid over a round trip of their own
    /// (flat → flat with no one else trading that market in between, or an atomic buy-sell),
    /// and all traders together never do: when a market is flat, paid in ≥ paid out.
    function invariant_noRoundTripProfit() public view {
        assertEq(handler.ghost_roundTripProfits(), 0, "a round trip returned more than paid");
        for (uint256 i; i < ids.length; ++i) {
            ILMSRMarket.MarketInfo memory info = market.getMarket(ids[i]);
            bool flat = true;
            for (uint256 j; j < info.outcomeCount && flat; ++j) {
                flat = market.supply(ids[i], j) == 0;
            }
            if (flat) assertGe(handler.ghost_paidIn(ids[i]), handler.ghost_paidOut(ids[i]), "traders net positive");
        }
    }

    /// (d) quoteBuy / quoteSell / quoteBuyWithCollateral just before a trade equal, to the wei,
    /// what it charged, paid or minted; buyWithCollateral took exactly collateralIn; no bounded
    /// trade reverted.
    function invariant_quotesMatchExecution() public view {
        _assertHandlerGhostsClean();
    }

    /// Every base unit is accounted for.
    function invariant_poolEqualsFundingPlusNetFlows() public view {
        _assertPoolAccounting();
    }

    /// Per actor: the handler mints exactly what each trade costs, so an actor's balance is what
    /// the market paid them; and all actors' payments match the markets' inflows and outflows.
    function invariant_actorBalancesMatchTheirFlows() public view {
        _assertActorFlows();
    }

    /// Resolution from any reachable state: for each market and every outcome that could win
    /// (all of them, or for the 256-outcome market every outcome anyone holds plus one nobody
    /// does), and for an invalid resolution: the creator withdraws first, then every holder
    /// redeems in full, and nothing reverts for lack of funds; the market ends empty.
    function afterInvariant() public {
        address[] memory actors = handler.actors();
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            uint256 n = market.getMarket(id).outcomeCount;
            bool triedEmpty;
            for (uint256 w; w < n; ++w) {
                if (n > 3) {
                    bool empty = market.supply(id, w) == 0;
                    if (empty && triedEmpty) continue;
                    if (empty) triedEmpty = true;
                }
                uint256 snap = vm.snapshotState();
                _settleWinner(id, w, actors);
                vm.revertToState(snap);
            }
            uint256 snapshot = vm.snapshotState();
            _settleInvalid(id, actors);
            vm.revertToState(snapshot);
        }
    }

    function _settleWinner(uint256 id, uint256 winner, address[] memory actors) internal {
        ILMSRMarket.MarketInfo memory info = market.getMarket(id);
        uint256 winningSupply = market.supply(id, winner);
        uint256 otherPools = _poolsIn(info.collateral) - info.pool + _creditsIn(info.collateral);
        vm.prank(resolver);
        market.resolve(id, winner);

        vm.prank(creator);
        assertEq(market.withdrawSurplus(id), info.pool - winningSupply, "surplus != pool - winners");
        for (uint256 a; a < actors.length; ++a) {
            uint256 held = market.balanceOf(actors[a], market.tokenId(id, winner));
            if (held == 0) continue;
            vm.prank(actors[a]);
            assertEq(market.redeem(id, winner, held), held, "winner not paid 1:1");
        }
        assertEq(market.getMarket(id).pool, 0, "pool left after settlement");
        assertEq(MockERC20(info.collateral).balanceOf(address(market)), otherPools, "collateral left behind");
    }

    function _settleInvalid(uint256 id, address[] memory actors) internal {
        ILMSRMarket.MarketInfo memory info = market.getMarket(id);
        uint256 otherPools = _poolsIn(info.collateral) - info.pool + _creditsIn(info.collateral);
        vm.prank(resolver);
        market.resolveInvalid(id);

        uint256 owed = handler.liabilities(id);
        if (info.pool > owed) {
            vm.prank(creator);
            assertEq(market.withdrawSurplus(id), info.pool - owed, "surplus != pool - liabilities");
        }
        for (uint256 a; a < actors.length; ++a) {
            for (uint256 j; j < info.outcomeCount; ++j) {
                uint256 tid = market.tokenId(id, j);
                uint256 held = market.balanceOf(actors[a], tid);
                if (held == 0) continue;
                uint256 expected =
                    (held * LMSRMath.priceDown(info.logSum, market.totalSupply(tid), info.liquidity)) >> 128;
                vm.prank(actors[a]);
                assertEq(market.redeem(id, j, held), expected, "invalid payout != floor(shares * price)");
            }
        }
        uint256 dust = market.getMarket(id).pool;
        if (dust != 0) {
            vm.prank(creator);
            assertEq(market.withdrawSurplus(id), dust, "dust not withdrawable");
        }
        assertEq(market.getMarket(id).pool, 0, "pool left after settlement");
        assertEq(MockERC20(info.collateral).balanceOf(address(market)), otherPools, "collateral left behind");
    }
}

/// @notice The whole life: trades interleaved with resolutions, redemptions and withdrawals.
contract LMSRMarketLifecycleInvariantTest is LMSRMarketInvariantBase {
    function setUp() public override {
        super.setUp();
        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = LMSRMarketHandler.buy.selector;
        selectors[1] = LMSRMarketHandler.sell.selector;
        selectors[2] = LMSRMarketHandler.buyWithCollateral.selector;
        selectors[3] = LMSRMarketHandler.roundTrip.selector;
        selectors[4] = LMSRMarketHandler.resolve.selector;
        selectors[5] = LMSRMarketHandler.redeem.selector;
        selectors[6] = LMSRMarketHandler.withdrawSurplus.selector;
        selectors[7] = LMSRMarketHandler.withdrawCredit.selector;
        _selectors(selectors);
    }

    /// The handler is not vacuous: a fixed sequence of 120 calls resolves markets, redeems and
    /// withdraws without an unexpected revert, and the final settlement empties the contract.
    function test_handler_runsTheWholeLifecycle() public {
        _drive(2, 120, 7);
        assertGt(handler.ghost_buys(), 0, "no buy");
        assertGt(handler.ghost_resolutions(), 0, "no resolution");
        assertGt(handler.ghost_redemptions(), 0, "no redemption");
        assertGt(handler.ghost_withdrawals(), 0, "no withdrawal");
        _assertHandlerGhostsClean();
        _assertActorFlows();
        afterInvariant();
    }

    /// Active markets can pay any winner; resolved ones their unredeemed winners; invalid ones
    /// floor(open_j·p_j) to every holder.
    function invariant_collateralCoversWhatHoldersCanClaim() public view {
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            ILMSRMarket.MarketInfo memory info = market.getMarket(id);
            if (info.state == ILMSRMarket.MarketState.Resolved) {
                assertGe(info.pool, handler.liabilities(id), "pool below unredeemed winners");
                continue;
            }
            uint256 owed;
            uint256 maxSupply;
            for (uint256 j; j < info.outcomeCount; ++j) {
                uint256 tid = market.tokenId(id, j);
                uint256 q = market.totalSupply(tid);
                if (q > maxSupply) maxSupply = q;
                uint256 open = q - market.balanceOf(address(market), tid);
                owed += (open * LMSRMath.priceDown(info.logSum, q, info.liquidity)) >> 128;
            }
            assertGe(info.pool, owed, "pool below invalid payouts");
            if (info.state != ILMSRMarket.MarketState.Invalid) assertGe(info.pool, maxSupply, "pool below max supply");
        }
    }

    function invariant_tokenBalanceCoversPools() public view {
        _assertTokenBalancesCoverPools();
    }

    function invariant_poolEqualsFundingPlusNetFlows() public view {
        _assertPoolAccounting();
    }

    function invariant_actorBalancesMatchTheirFlows() public view {
        _assertActorFlows();
    }

    /// No redemption or withdrawal failed or paid a wrong amount; quotes matched; no solo
    /// round trip profited.
    function invariant_everyCallBehaved() public view {
        _assertHandlerGhostsClean();
    }

    /// Settled markets' prices never move again (supplies are escrowed, not burned).
    function invariant_settledPricesStayFrozen() public view {
        for (uint256 i; i < ids.length; ++i) {
            bytes32 frozen = handler.ghost_frozenPrices(ids[i]);
            if (frozen == bytes32(0)) continue;
            assertEq(keccak256(abi.encode(market.prices(ids[i]))), frozen, "settled prices moved");
        }
    }

    /// At the end, resolve what is still open, let every holder redeem and the creator withdraw:
    /// the contract then holds no collateral at all.
    function afterInvariant() public {
        for (uint256 i; i < ids.length; ++i) {
            uint256 id = ids[i];
            ILMSRMarket.MarketState s = market.state(id);
            if (s == ILMSRMarket.MarketState.Open || s == ILMSRMarket.MarketState.Closed) {
                vm.prank(resolver);
                if (i % 2 == 0) market.resolve(id, 0);
                else market.resolveInvalid(id);
            }
            handler.withdrawEverything(id);
            handler.redeemEverything(id);
            if (market.getMarket(id).pool != 0) handler.withdrawEverything(id);
            assertEq(market.getMarket(id).pool, 0, "pool left after settlement");
        }
        _assertHandlerGhostsClean();
        // Only the actors' credit is left, and it can all be withdrawn.
        address[] memory actors = handler.actors();
        for (uint256 a; a < actors.length; ++a) {
            for (uint256 m; m < ids.length; ++m) handler.withdrawCredit(a, m, 0);
        }
        assertEq(handler.ghost_unexpectedReverts(), 0, "a credit withdrawal reverted");
        assertEq(dai.balanceOf(address(market)), 0, "DAI left in the market");
        assertEq(usdc.balanceOf(address(market)), 0, "USDC left in the market");
    }
}
