// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdCheats} from "forge-std/StdCheats.sol";
import {StdUtils} from "forge-std/StdUtils.sol";
import {LMSRMarket} from "../../src/LMSRMarket.sol";
import {ILMSRMarket} from "../../src/interfaces/ILMSRMarket.sol";
import {ITradingVault} from "../../src/interfaces/ITradingVault.sol";
import {MockERC20} from "../../src/mocks/MockERC20.sol";
import {TradingVault} from "../../src/vault/TradingVault.sol";

/// @notice Drives the vault with two users, each with an agent, and an outsider: deposits,
/// withdrawals, policy changes and revocations, agent and user trades (allowed or not), time,
/// resolutions, redemptions, and theft attempts by the agents and the outsider. Keeps ghost
/// accounts of every user's vault balance, shares and wallet, computed from the amounts each call
/// reports, and counts anything the vault should never allow.
/// @dev Every call that may revert is wrapped in try/catch: a revert leaves no trace, a success
/// is checked against the policy that was in force before it.
contract TradingVaultHandler is CommonBase, StdCheats, StdUtils {
    LMSRMarket public immutable market;
    TradingVault public immutable vault;
    address public immutable resolver;
    MockERC20[2] internal _tokens;
    address[2] internal _users;
    address[2] internal _agents;
    address public immutable outsider;
    uint256[] internal _marketIds;

    mapping(address user => mapping(address token => uint256)) public ghost_balance;
    mapping(address user => mapping(uint256 tokenId => uint256)) public ghost_shares;
    mapping(address user => mapping(address token => uint256)) public ghost_minted;
    mapping(address user => mapping(address token => uint256)) public ghost_deposited;
    mapping(address user => mapping(address token => uint256)) public ghost_withdrawn;

    /// A success the policy forbids (wrong caller, expired, market, collateral, limit).
    uint256 public ghost_policyViolations;
    /// A reported amount that does not match what moved.
    uint256 public ghost_mismatches;
    /// A theft attempt that did not revert.
    uint256 public ghost_thefts;

    uint256 public ghost_agentTrades;
    uint256 public ghost_agentRejections;
    uint256 public ghost_userTrades;
    uint256 public ghost_redemptions;

    constructor(
        LMSRMarket market_,
        TradingVault vault_,
        address resolver_,
        MockERC20[2] memory tokens_,
        uint256[] memory marketIds_
    ) {
        market = market_;
        vault = vault_;
        resolver = resolver_;
        _tokens = tokens_;
        _marketIds = marketIds_;
        _users = [makeAddr("user0"), makeAddr("user1")];
        _agents = [makeAddr("agent0"), makeAddr("agent1")];
        outsider = makeAddr("outsider");
        for (uint256 i; i < 2; ++i) {
            for (uint256 t; t < 2; ++t) {
                vm.prank(_users[i]);
                _tokens[t].approve(address(vault_), type(uint256).max);
            }
        }
    }

    /// @dev Starts both users with deposits and an agent trading USDC in every market, so that
    /// short runs reach agent trades, limits and redemptions.
    function seedAccounts() external {
        for (uint256 i; i < 2; ++i) {
            for (uint256 t; t < 2; ++t) _deposit(_users[i], _tokens[t], 3_000 * 10 ** _tokens[t].decimals());
            vm.prank(_users[i]);
            vault.setPolicy(
                ITradingVault.Policy({
                    agent: _agents[i],
                    collateral: address(_tokens[0]),
                    expiry: block.timestamp + 25 days,
                    maxPerTrade: 100e6,
                    maxPerDay: 300e6,
                    maxExposurePerMarket: 250e6,
                    allMarkets: true
                }),
                new uint256[](0)
            );
        }
    }

    // ================================================================== views for the suite

    function users() external view returns (address[2] memory) {
        return _users;
    }

    function agents() external view returns (address[2] memory) {
        return _agents;
    }

    function tokens() external view returns (MockERC20[2] memory) {
        return _tokens;
    }

    function marketIds() external view returns (uint256[] memory) {
        return _marketIds;
    }

    // ================================================================== collateral

    function deposit(uint256 userSeed, uint256 tokenSeed, uint256 amountSeed) external {
        address user = _users[userSeed % 2];
        MockERC20 token = _tokens[tokenSeed % 2];
        _deposit(user, token, bound(amountSeed, 1, 1_000 * 10 ** token.decimals()));
    }

    function _deposit(address user, MockERC20 token, uint256 amount) internal {
        token.mint(user, amount);
        ghost_minted[user][address(token)] += amount;
        vm.prank(user);
        uint256 credited = vault.deposit(address(token), amount);
        if (credited != amount) ++ghost_mismatches;
        ghost_balance[user][address(token)] += credited;
        ghost_deposited[user][address(token)] += credited;
    }

    function withdraw(uint256 userSeed, uint256 tokenSeed, uint256 amountSeed) external {
        address user = _users[userSeed % 2];
        MockERC20 token = _tokens[tokenSeed % 2];
        uint256 balance = vault.collateralBalance(user, address(token));
        if (balance == 0) return;
        uint256 amount = amountSeed % 4 == 0 ? balance : bound(amountSeed, 1, balance);
        uint256 walletBefore = token.balanceOf(user);
        vm.prank(user);
        vault.withdraw(address(token), amount);
        if (token.balanceOf(user) != walletBefore + amount) ++ghost_mismatches;
        ghost_balance[user][address(token)] -= amount;
        ghost_withdrawn[user][address(token)] += amount;
    }

    // ================================================================== policy

    function setPolicy(uint256 userSeed, uint256 agentSeed, uint256 limitSeed, uint256 listSeed) external {
        agentSeed = _mix(agentSeed, 5);
        limitSeed = _mix(limitSeed, 6);
        listSeed = _mix(listSeed, 7);
        uint256 u = userSeed % 2;
        address user = _users[u];
        // Usually the user's own agent trading USDC; sometimes the other user's agent, or DAI.
        address agent = agentSeed % 5 == 3 ? _agents[1 - u] : _agents[u];
        MockERC20 token = _tokens[(agentSeed >> 8) % 4 == 3 ? 1 : 0];
        uint256 unit = 10 ** token.decimals();
        ITradingVault.Policy memory p = ITradingVault.Policy({
            agent: agent,
            collateral: address(token),
            expiry: block.timestamp + bound(agentSeed >> 16, 1 hours, 20 days),
            maxPerTrade: bound(limitSeed, 1, 200) * unit,
            maxPerDay: bound(limitSeed >> 32, 1, 500) * unit,
            maxExposurePerMarket: bound(limitSeed >> 64, 1, 400) * unit,
            allMarkets: listSeed % 3 == 0
        });
        uint256 n = bound(listSeed >> 8, 0, _marketIds.length);
        uint256[] memory list = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            list[i] = _marketIds[(listSeed >> (16 + 8 * i)) % _marketIds.length];
        }
        vm.prank(user);
        vault.setPolicy(p, list);
    }

    /// @dev Rare (one seed in four), so that agents keep trading between revocations.
    function revoke(uint256 userSeed) external {
        if (_mix(userSeed, 8) % 8 < 6) return;
        address user = _users[userSeed % 2];
        if (vault.policyOf(user).agent == address(0)) return;
        vm.prank(user);
        vault.revokeAgent();
    }

    function editList(uint256 userSeed, uint256 marketSeed, bool allowed) external {
        address user = _users[userSeed % 2];
        if (vault.policyOf(user).agent == address(0)) return;
        vm.prank(user);
        vault.setMarketsAllowed(_single(_marketIds[marketSeed % _marketIds.length]), allowed);
    }

    // ================================================================== trading

    /// @param callerSeed Picks the user themselves, either agent, or the outsider.
    function buy(uint256 userSeed, uint256 callerSeed, uint256 marketSeed, uint256 outcomeSeed, uint256 sharesSeed)
        external
    {
        (address user, address caller, uint256 id, ILMSRMarket.MarketInfo memory info, uint256 outcome) =
            _pick(userSeed, callerSeed, marketSeed, outcomeSeed);
        uint256 unit = 10 ** MockERC20(info.collateral).decimals();
        uint256 shares = bound(sharesSeed, unit / 100, 150 * unit);
        Before memory b = _before(user, id, info.collateral);
        vm.prank(caller);
        try vault.buy(user, id, outcome, shares, type(uint256).max, block.timestamp) returns (uint256 cost) {
            _checkBuy(b, user, caller, id, info.collateral, cost);
            _afterBuy(user, caller, id, outcome, info.collateral, shares, cost);
        } catch {
            if (caller != user) ++ghost_agentRejections;
        }
    }

    function buyWithCollateral(
        uint256 userSeed,
        uint256 callerSeed,
        uint256 marketSeed,
        uint256 outcomeSeed,
        uint256 amountSeed
    ) external {
        (address user, address caller, uint256 id, ILMSRMarket.MarketInfo memory info, uint256 outcome) =
            _pick(userSeed, callerSeed, marketSeed, outcomeSeed);
        uint256 unit = 10 ** MockERC20(info.collateral).decimals();
        uint256 amount = bound(amountSeed, unit / 100, 120 * unit);
        Before memory b = _before(user, id, info.collateral);
        vm.prank(caller);
        try vault.buyWithCollateral(user, id, outcome, amount, 0, block.timestamp) returns (uint256 shares) {
            _checkBuy(b, user, caller, id, info.collateral, amount);
            _afterBuy(user, caller, id, outcome, info.collateral, shares, amount);
        } catch {
            if (caller != user) ++ghost_agentRejections;
        }
    }

    function sell(uint256 userSeed, uint256 callerSeed, uint256 marketSeed, uint256 outcomeSeed, uint256 sharesSeed)
        external
    {
        (address user, address caller, uint256 id, ILMSRMarket.MarketInfo memory info, uint256 outcome) =
            _pick(userSeed, callerSeed, marketSeed, outcomeSeed);
        uint256 tokenId = market.tokenId(id, outcome);
        uint256 held = ghost_shares[user][tokenId];
        // Mostly within the holding; sometimes more than the user holds.
        uint256 shares = sharesSeed % 7 == 0 ? held + 1 : (held == 0 ? 1 : bound(sharesSeed, 1, held));
        Before memory b = _before(user, id, info.collateral);
        uint256 vaultTokensBefore = MockERC20(info.collateral).balanceOf(address(vault));
        vm.prank(caller);
        try vault.sell(user, id, outcome, shares, 0, block.timestamp) returns (uint256 proceeds) {
            _checkAuthorized(b, user, caller, id, info.collateral);
            if (shares > held) ++ghost_policyViolations;
            if (MockERC20(info.collateral).balanceOf(address(vault)) != vaultTokensBefore + proceeds) {
                ++ghost_mismatches;
            }
            ghost_balance[user][info.collateral] += proceeds;
            ghost_shares[user][tokenId] -= shares;
            if (caller == user) ++ghost_userTrades;
            else ++ghost_agentTrades;
        } catch {
            if (caller != user) ++ghost_agentRejections;
        }
    }

    /// @dev Redeems every outcome the user holds in the picked market (losing ones revert).
    function redeem(uint256 userSeed, uint256 callerSeed, uint256 marketSeed) external {
        (address user, address caller, uint256 id, ILMSRMarket.MarketInfo memory info,) =
            _pick(userSeed, callerSeed, marketSeed, 0);
        ITradingVault.Policy memory p = vault.policyOf(user);
        for (uint256 outcome; outcome < info.outcomeCount; ++outcome) {
            uint256 tokenId = market.tokenId(id, outcome);
            uint256 held = ghost_shares[user][tokenId];
            if (held == 0) continue;
            vm.prank(caller);
            try vault.redeem(user, id, outcome, held) returns (uint256 payout) {
                if (caller != user && (caller != p.agent || block.timestamp >= p.expiry)) ++ghost_policyViolations;
                ghost_balance[user][info.collateral] += payout;
                ghost_shares[user][tokenId] = 0;
                ++ghost_redemptions;
            } catch {}
        }
    }

    // ================================================================== the world

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 1 days));
    }

    function resolve(uint256 marketSeed, uint256 outcomeSeed) external {
        outcomeSeed = _mix(outcomeSeed, 9);
        uint256 id = _marketIds[_mix(marketSeed, 10) % _marketIds.length];
        ILMSRMarket.MarketInfo memory info = market.getMarket(id);
        if (info.state == ILMSRMarket.MarketState.Resolved || info.state == ILMSRMarket.MarketState.Invalid) return;
        // Resolve one call in three while open (the market allows early resolution), always once
        // closed.
        if (info.state == ILMSRMarket.MarketState.Open && outcomeSeed % 3 != 0) return;
        vm.prank(resolver);
        if ((outcomeSeed >> 8) % 5 == 0) market.resolveInvalid(id);
        else market.resolve(id, (outcomeSeed >> 16) % info.outcomeCount);
    }

    /// @dev An agent or the outsider tries every way to take tokens or shares out of the vault.
    function steal(uint256 thiefSeed, uint256 marketSeed, uint256 outcomeSeed) external {
        address thief = thiefSeed % 3 == 2 ? outsider : _agents[thiefSeed % 2];
        uint256 id = _marketIds[marketSeed % _marketIds.length];
        uint256 tokenId = market.tokenId(id, outcomeSeed % market.getMarket(id).outcomeCount);
        uint256 vaultShares = market.balanceOf(address(vault), tokenId);
        vm.startPrank(thief);
        for (uint256 t; t < 2; ++t) {
            try vault.withdraw(address(_tokens[t]), 1) {
                ++ghost_thefts;
            } catch {}
            try _tokens[t].transferFrom(address(vault), thief, 1) {
                ++ghost_thefts;
            } catch {}
        }
        if (vaultShares != 0) {
            try market.transferFrom(address(vault), thief, tokenId, 1) {
                ++ghost_thefts;
            } catch {}
            // Selling or redeeming "for itself" uses the thief's own, empty, vault account.
            try vault.sell(thief, id, outcomeSeed % 2, 1, 0, block.timestamp) {
                ++ghost_thefts;
            } catch {}
            try vault.redeem(thief, id, outcomeSeed % 2, 1) {
                ++ghost_thefts;
            } catch {}
        }
        vm.stopPrank();
    }

    // ================================================================== internal

    struct Before {
        ITradingVault.Policy policy;
        bool allowed;
        uint256 vaultTokens;
    }

    /// @dev Spreads a fuzzer seed (often 0, 1 or the largest value) uniformly.
    function _mix(uint256 seed, uint256 salt) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed, salt)));
    }

    function _pick(uint256 userSeed, uint256 callerSeed, uint256 marketSeed, uint256 outcomeSeed)
        internal
        view
        returns (address user, address caller, uint256 id, ILMSRMarket.MarketInfo memory info, uint256 outcome)
    {
        userSeed = _mix(userSeed, 1);
        callerSeed = _mix(callerSeed, 2);
        marketSeed = _mix(marketSeed, 3);
        outcomeSeed = _mix(outcomeSeed, 4);
        uint256 u = userSeed % 2;
        user = _users[u];
        uint256 c = callerSeed % 10;
        // Mostly the user's own agent, then the user, the other agent, the outsider.
        caller = c < 6 ? _agents[u] : c < 8 ? user : c == 8 ? _agents[1 - u] : outsider;
        id = _marketIds[marketSeed % _marketIds.length];
        info = market.getMarket(id);
        outcome = outcomeSeed % info.outcomeCount;
    }

    function _before(address user, uint256 id, address token) internal view returns (Before memory b) {
        b.policy = vault.policyOf(user);
        b.allowed = vault.isMarketAllowed(user, id);
        b.vaultTokens = MockERC20(token).balanceOf(address(vault));
    }

    /// @dev A successful trade by `caller` for `user` was allowed by the policy in force before it.
    function _checkAuthorized(Before memory b, address user, address caller, uint256, address token) internal {
        if (caller == user) return;
        if (
            caller != b.policy.agent || block.timestamp >= b.policy.expiry || !b.allowed
                || token != b.policy.collateral
        ) ++ghost_policyViolations;
    }

    function _checkBuy(Before memory b, address user, address caller, uint256 id, address token, uint256 cost)
        internal
    {
        _checkAuthorized(b, user, caller, id, token);
        if (MockERC20(token).balanceOf(address(vault)) + cost != b.vaultTokens) ++ghost_mismatches;
        if (cost > ghost_balance[user][token]) ++ghost_policyViolations;
        if (caller == user) return;
        (uint256 start, uint256 spent) = vault.dailyWindow(user, token);
        if (cost > b.policy.maxPerTrade || spent > b.policy.maxPerDay) ++ghost_policyViolations;
        if (block.timestamp >= start + 1 days) ++ghost_policyViolations;
        if (vault.exposureOf(user, id) > b.policy.maxExposurePerMarket) ++ghost_policyViolations;
    }

    function _afterBuy(
        address user,
        address caller,
        uint256 id,
        uint256 outcome,
        address token,
        uint256 shares,
        uint256 cost
    ) internal {
        ghost_balance[user][token] -= cost;
        ghost_shares[user][market.tokenId(id, outcome)] += shares;
        if (caller == user) ++ghost_userTrades;
        else ++ghost_agentTrades;
    }

    function _single(uint256 x) internal pure returns (uint256[] memory xs) {
        xs = new uint256[](1);
        xs[0] = x;
    }
}

/// @notice The vault never lets value out except to the user who owns it, never lets an agent act
/// outside its policy, and its books always equal what it holds.
contract TradingVaultInvariantTest is Test {
    uint256 internal constant START = 1_700_000_000;

    LMSRMarket internal market;
    TradingVault internal vault;
    TradingVaultHandler internal handler;
    MockERC20 internal usdc;
    MockERC20 internal dai;

    function setUp() public {
        vm.warp(START);
        market = new LMSRMarket();
        vault = new TradingVault(market);
        usdc = new MockERC20("USD Coin", "USDC", 6);
        dai = new MockERC20("Dai Stablecoin", "DAI", 18);
        address resolver = makeAddr("resolver");
        usdc.mint(address(this), 1e15);
        dai.mint(address(this), 1e27);
        usdc.approve(address(market), type(uint256).max);
        dai.approve(address(market), type(uint256).max);
        uint256[] memory ids = new uint256[](3);
        ids[0] = _create(address(usdc), 1_000e6, 2, resolver, 10 days);
        ids[1] = _create(address(usdc), 500e6, 3, resolver, 20 days);
        ids[2] = _create(address(dai), 1_000e18, 2, resolver, 15 days);
        handler = new TradingVaultHandler(market, vault, resolver, [usdc, dai], ids);
        handler.seedAccounts();
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](13);
        selectors[0] = TradingVaultHandler.deposit.selector;
        selectors[1] = TradingVaultHandler.withdraw.selector;
        selectors[2] = TradingVaultHandler.setPolicy.selector;
        selectors[3] = TradingVaultHandler.revoke.selector;
        selectors[4] = TradingVaultHandler.editList.selector;
        selectors[5] = TradingVaultHandler.buy.selector;
        selectors[6] = TradingVaultHandler.buyWithCollateral.selector;
        selectors[7] = TradingVaultHandler.sell.selector;
        selectors[8] = TradingVaultHandler.redeem.selector;
        selectors[9] = TradingVaultHandler.warp.selector;
        selectors[10] = TradingVaultHandler.resolve.selector;
        selectors[11] = TradingVaultHandler.steal.selector;
        selectors[12] = TradingVaultHandler.redeem.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    function _create(address collateral, uint256 b, uint256 n, address resolver, uint256 duration)
        internal
        returns (uint256)
    {
        return market.createMarket(
            ILMSRMarket.CreateParams({
                collateral: collateral,
                liquidity: b,
                outcomeCount: n,
                resolver: resolver,
                closeTime: block.timestamp + duration,
                feeBps: 100,
                metadataHash: bytes32(0),
                metadataURI: ""
            })
        );
    }

    /// Each user's vault balance is exactly what their deposits, withdrawals and reported trade
    /// amounts add up to, and the vault holds exactly the sum of its users' balances.
    function invariant_balancesMatchTheBooks() public view {
        address[2] memory users = handler.users();
        MockERC20[2] memory tokens = handler.tokens();
        for (uint256 t; t < 2; ++t) {
            uint256 sum;
            for (uint256 i; i < 2; ++i) {
                uint256 balance = vault.collateralBalance(users[i], address(tokens[t]));
                assertEq(balance, handler.ghost_balance(users[i], address(tokens[t])), "balance != ghost");
                sum += balance;
            }
            assertEq(tokens[t].balanceOf(address(vault)), sum, "vault tokens != sum of balances");
        }
    }

    /// The vault's ERC-6909 balance of every outcome is exactly the sum of its users' shares.
    function invariant_sharesMatchTheBooks() public view {
        address[2] memory users = handler.users();
        uint256[] memory ids = handler.marketIds();
        for (uint256 m; m < ids.length; ++m) {
            uint256 n = market.getMarket(ids[m]).outcomeCount;
            for (uint256 o; o < n; ++o) {
                uint256 id = market.tokenId(ids[m], o);
                uint256 sum;
                for (uint256 i; i < 2; ++i) {
                    uint256 shares = vault.shareBalance(users[i], ids[m], o);
                    assertEq(shares, handler.ghost_shares(users[i], id), "shares != ghost");
                    sum += shares;
                }
                assertEq(market.balanceOf(address(vault), id), sum, "vault shares != sum of users' shares");
            }
        }
    }

    /// Value leaves the vault only to its owner: a user's wallet holds exactly what was minted to
    /// them, less what they deposited, plus what they withdrew; the agents and the outsider never
    /// hold a token or a share.
    function invariant_valueLeavesOnlyToItsOwner() public view {
        address[2] memory users = handler.users();
        address[2] memory agents = handler.agents();
        MockERC20[2] memory tokens = handler.tokens();
        uint256[] memory ids = handler.marketIds();
        for (uint256 t; t < 2; ++t) {
            address token = address(tokens[t]);
            for (uint256 i; i < 2; ++i) {
                assertEq(
                    tokens[t].balanceOf(users[i]),
                    handler.ghost_minted(users[i], token) - handler.ghost_deposited(users[i], token)
                        + handler.ghost_withdrawn(users[i], token),
                    "user wallet != minted - deposited + withdrawn"
                );
                assertEq(tokens[t].balanceOf(agents[i]), 0, "an agent holds tokens");
                assertEq(vault.collateralBalance(agents[i], token), 0, "an agent has a vault balance");
            }
            assertEq(tokens[t].balanceOf(handler.outsider()), 0, "the outsider holds tokens");
        }
        for (uint256 m; m < ids.length; ++m) {
            uint256 n = market.getMarket(ids[m]).outcomeCount;
            for (uint256 o; o < n; ++o) {
                uint256 id = market.tokenId(ids[m], o);
                for (uint256 i; i < 2; ++i) {
                    assertEq(market.balanceOf(agents[i], id), 0, "an agent holds shares");
                    assertEq(market.balanceOf(users[i], id), 0, "shares left the vault");
                }
                assertEq(market.balanceOf(handler.outsider(), id), 0, "the outsider holds shares");
            }
        }
        assertEq(handler.ghost_thefts(), 0, "a theft attempt succeeded");
    }

    /// No agent call succeeded outside the policy in force, and every amount reported matched what
    /// moved.
    function invariant_agentsStayWithinTheirPolicy() public view {
        assertEq(handler.ghost_policyViolations(), 0, "a call succeeded outside the policy");
        assertEq(handler.ghost_mismatches(), 0, "a reported amount differs from what moved");
    }

    /// The daily window never holds more than the current limit allowed when it was last spent,
    /// and an agent's exposure only exceeds its limit if the user lowered the limit since.
    function invariant_windowsNeverExceedTheLimitAtSpending() public view {
        address[2] memory users = handler.users();
        for (uint256 i; i < 2; ++i) {
            (, uint256 spent) = vault.dailyWindow(users[i], address(usdc));
            assertLe(spent, 500e6, "USDC window above the largest limit the handler sets");
            (, spent) = vault.dailyWindow(users[i], address(dai));
            assertLe(spent, 500e18, "DAI window above the largest limit the handler sets");
        }
    }
}
