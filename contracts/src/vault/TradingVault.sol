// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ILMSRMarket} from "../interfaces/ILMSRMarket.sol";
import {ITradingVault} from "../interfaces/ITradingVault.sol";

/// @title TradingVault
/// @notice Holds users' collateral and outcome shares and lets each user's agent trade them within
/// the user's policy. See `ITradingVault` for the rules.
/// @dev Accounting: for every token, the vault's token balance equals the sum of its users'
/// balances (tokens sent to the vault other than by `deposit` are not credited to anyone), and for
/// every ERC-6909 id, the vault's share balance equals the sum of its users' share balances. Only
/// the immutable market ever receives collateral from the vault: `deposit` grants it an unlimited
/// allowance of the token, which it spends only on buys the vault makes (`LMSRMarket` pulls from
/// `msg.sender` only). Every other outflow is `withdraw`, to the balance's owner.
///
/// Storage is laid out for the agent buy, which reads five slots and writes three:
/// - the policy, stored under (user, agent), in two slots. Keying it by the agent proves who the
///   agent is without storing its address in the hot slots: the caller's entry exists (its expiry
///   is non-zero) only while it is the user's current agent. The per-user record of the current
///   agent and of the epoch counter is read by administration and views only.
/// - one slot per (user, market): the list entry, the epoch in which the market's collateral was
///   found equal to the policy's, and the exposure;
/// - one slot per (user, token): the balance and that token's daily window;
/// - one slot per (user, share id).
/// The market's collateral is read from the market (`getMarket`) on the user's own trades and
/// redemptions, and on an agent's first trade in a market under a policy epoch; later agent trades
/// there reuse that check.
contract TradingVault is ITradingVault, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc ITradingVault
    uint256 public constant DAY = 1 days;

    /// @dev Largest policy limit; it keeps the daily window's spending within 96 bits.
    uint256 private constant MAX_LIMIT = type(uint96).max;

    /// @inheritdoc ITradingVault
    ILMSRMarket public immutable market;

    /// @dev A policy, stored under (user, agent). `expiry == 0` means "not this user's agent".
    struct AgentPolicy {
        // slot 0
        address collateral;
        uint96 maxPerTrade;
        // slot 1
        uint96 maxPerDay;
        uint96 maxExposurePerMarket;
        uint32 expiry;
        uint24 epoch;
        bool allMarkets;
    }

    /// @dev A user's current agent (zero: none) and the epoch of their latest policy change.
    struct AgentRecord {
        address agent;
        uint24 epoch;
    }

    /// @dev One user's state in one market: the epoch the market was listed in (0: not listed), the
    /// epoch its collateral was found equal to the policy's (0: never), and the agent's net spending.
    struct MarketLimit {
        uint24 allowedEpoch;
        uint24 checkedEpoch;
        uint128 exposure;
    }

    /// @dev One user's holding of one token, with the agent's daily window in that token. The
    /// window start is Unix seconds below 2^32 (until the year 2106).
    struct Account {
        uint128 balance;
        uint96 windowSpent;
        uint32 windowStart;
    }

    mapping(address user => AgentRecord) private _agents;
    mapping(address user => mapping(address agent => AgentPolicy)) private _policies;
    mapping(address user => mapping(uint256 marketId => MarketLimit)) private _marketLimits;
    mapping(address user => mapping(address token => Account)) private _accounts;
    mapping(address user => mapping(uint256 tokenId => uint256)) private _shares;

    /// @param market_ The market singleton every trade goes through.
    constructor(ILMSRMarket market_) {
        if (address(market_).code.length == 0) revert VaultInvalidMarket(address(market_));
        market = market_;
    }

    // ---------------------------------------------------------------- collateral

    /// @inheritdoc ITradingVault
    function deposit(address token, uint256 amount) external nonReentrant returns (uint256 credited) {
        if (amount == 0) revert VaultZeroAmount();
        if (token.code.length == 0) revert VaultInvalidCollateral(token);
        IERC20 erc20 = IERC20(token);
        uint256 before = erc20.balanceOf(address(this));
        if (!erc20.trySafeTransferFrom(msg.sender, address(this), amount)) revert VaultTransferFailed(token);
        uint256 afterwards = erc20.balanceOf(address(this));
        credited = afterwards > before ? afterwards - before : 0;
        if (credited == 0) revert VaultZeroAmount();
        uint256 balance = _credit(_accounts[msg.sender][token], msg.sender, token, credited);
        // Trades never approve: the market may pull any amount of a deposited token from the vault.
        if (erc20.allowance(address(this), address(market)) < type(uint128).max) {
            erc20.forceApprove(address(market), type(uint256).max);
        }
        emit Deposited(msg.sender, token, credited, balance);
    }

    /// @inheritdoc ITradingVault
    function withdraw(address token, uint256 amount) external nonReentrant {
        if (amount == 0) revert VaultZeroAmount();
        Account storage account = _accounts[msg.sender][token];
        uint256 balance = account.balance;
        if (amount > balance) revert VaultInsufficientBalance(msg.sender, token, balance, amount);
        unchecked {
            balance -= amount;
        }
        account.balance = uint128(balance);
        if (!IERC20(token).trySafeTransfer(msg.sender, amount)) revert VaultTransferFailed(token);
        emit Withdrawn(msg.sender, token, amount, balance);
    }

    // ---------------------------------------------------------------- policy

    /// @inheritdoc ITradingVault
    function setPolicy(Policy calldata policy, uint256[] calldata markets) external nonReentrant {
        address agent = policy.agent;
        if (agent == address(0) || agent == msg.sender) revert VaultInvalidAgent(agent);
        if (policy.collateral.code.length == 0) revert VaultInvalidCollateral(policy.collateral);
        if (policy.expiry <= block.timestamp || policy.expiry > type(uint32).max) {
            revert VaultInvalidExpiry(policy.expiry, block.timestamp);
        }
        _checkLimit(policy.maxPerTrade);
        _checkLimit(policy.maxPerDay);
        _checkLimit(policy.maxExposurePerMarket);

        AgentRecord storage record = _agents[msg.sender];
        address previous = record.agent;
        if (previous != address(0) && previous != agent) delete _policies[msg.sender][previous];
        uint24 epoch = record.epoch + 1;
        record.agent = agent;
        record.epoch = epoch;
        _policies[msg.sender][agent] = AgentPolicy({
            collateral: policy.collateral,
            maxPerTrade: uint96(policy.maxPerTrade),
            maxPerDay: uint96(policy.maxPerDay),
            maxExposurePerMarket: uint96(policy.maxExposurePerMarket),
            expiry: uint32(policy.expiry),
            epoch: epoch,
            allMarkets: policy.allMarkets
        });
        emit PolicySet(
            msg.sender,
            agent,
            policy.collateral,
            policy.expiry,
            policy.maxPerTrade,
            policy.maxPerDay,
            policy.maxExposurePerMarket,
            policy.allMarkets,
            epoch
        );
        if (!policy.allMarkets) _setAllowed(msg.sender, markets, epoch);
    }

    /// @inheritdoc ITradingVault
    function setMarketsAllowed(uint256[] calldata markets, bool allowed) external nonReentrant {
        AgentRecord storage record = _agents[msg.sender];
        if (record.agent == address(0)) revert VaultNoAgent(msg.sender);
        _setAllowed(msg.sender, markets, allowed ? record.epoch : 0);
    }

    /// @inheritdoc ITradingVault
    function revokeAgent() external nonReentrant {
        AgentRecord storage record = _agents[msg.sender];
        address agent = record.agent;
        if (agent == address(0)) revert VaultNoAgent(msg.sender);
        delete _policies[msg.sender][agent];
        // A new epoch empties the market list; the windows and the exposures are kept.
        record.agent = address(0);
        record.epoch += 1;
        emit AgentRevoked(msg.sender, agent);
    }

    // ---------------------------------------------------------------- trading

    /// @inheritdoc ITradingVault
    function buy(address user, uint256 marketId, uint256 outcome, uint256 shares, uint256 maxCost, uint256 deadline)
        external
        nonReentrant
        returns (uint256 cost)
    {
        bool byAgent = msg.sender != user;
        (address token, AgentPolicy storage p, MarketLimit storage ml) = _authorize(user, marketId, byAgent);
        Account storage account = _accounts[user][token];
        uint256 balance = account.balance;
        // The market never takes more than the user holds: a cost above the balance fails there.
        uint256 cap = maxCost < balance ? maxCost : balance;
        try market.buy(marketId, outcome, shares, cap, deadline) returns (uint256 paid) {
            cost = paid;
        } catch (bytes memory reason) {
            _rethrowBuy(reason, user, token, balance, cap < maxCost);
        }
        _shares[user][_tokenId(marketId, outcome)] += shares;
        (uint256 windowSpent, uint256 exposure) = _debit(account, p, ml, marketId, balance, cost, byAgent);
        emit Traded(user, msg.sender, marketId, outcome, true, shares, cost, windowSpent, exposure);
    }

    /// @inheritdoc ITradingVault
    function buyWithCollateral(
        address user,
        uint256 marketId,
        uint256 outcome,
        uint256 collateralIn,
        uint256 minShares,
        uint256 deadline
    ) external nonReentrant returns (uint256 shares) {
        bool byAgent = msg.sender != user;
        (address token, AgentPolicy storage p, MarketLimit storage ml) = _authorize(user, marketId, byAgent);
        Account storage account = _accounts[user][token];
        uint256 balance = account.balance;
        if (collateralIn > balance) revert VaultInsufficientBalance(user, token, balance, collateralIn);
        (uint256 windowSpent, uint256 exposure) = _debit(account, p, ml, marketId, balance, collateralIn, byAgent);
        shares = market.buyWithCollateral(marketId, outcome, collateralIn, minShares, deadline);
        _shares[user][_tokenId(marketId, outcome)] += shares;
        emit Traded(user, msg.sender, marketId, outcome, true, shares, collateralIn, windowSpent, exposure);
    }

    /// @inheritdoc ITradingVault
    function sell(
        address user,
        uint256 marketId,
        uint256 outcome,
        uint256 shares,
        uint256 minProceeds,
        uint256 deadline
    ) external nonReentrant returns (uint256 proceeds) {
        bool byAgent = msg.sender != user;
        (address token,, MarketLimit storage ml) = _authorize(user, marketId, byAgent);
        uint256 id = _tokenId(marketId, outcome);
        uint256 held = _shares[user][id];
        if (shares > held) revert VaultInsufficientShares(user, id, held, shares);
        proceeds = market.sell(marketId, outcome, shares, minProceeds, deadline);
        unchecked {
            _shares[user][id] = held - shares;
        }
        Account storage account = _accounts[user][token];
        _credit(account, user, token, proceeds);

        uint256 exposure = ml.exposure;
        if (byAgent && exposure != 0) {
            exposure = exposure > proceeds ? exposure - proceeds : 0;
            ml.exposure = uint128(exposure);
        }
        emit Traded(user, msg.sender, marketId, outcome, false, shares, proceeds, _windowSpent(account), exposure);
    }

    /// @inheritdoc ITradingVault
    function redeem(address user, uint256 marketId, uint256 outcome, uint256 shares)
        external
        nonReentrant
        returns (uint256 payout)
    {
        if (msg.sender != user) _checkAgent(_policies[user][msg.sender], user);
        address token = _collateralOf(marketId);
        uint256 id = _tokenId(marketId, outcome);
        uint256 held = _shares[user][id];
        if (shares > held) revert VaultInsufficientShares(user, id, held, shares);
        payout = market.redeem(marketId, outcome, shares);
        unchecked {
            _shares[user][id] = held - shares;
        }
        Account storage account = _accounts[user][token];
        _credit(account, user, token, payout);
        emit Redeemed(
            user,
            msg.sender,
            marketId,
            outcome,
            shares,
            payout,
            _windowSpent(account),
            _marketLimits[user][marketId].exposure
        );
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc ITradingVault
    function collateralBalance(address user, address token) external view returns (uint256) {
        return _accounts[user][token].balance;
    }

    /// @inheritdoc ITradingVault
    function shareBalance(address user, uint256 marketId, uint256 outcome) external view returns (uint256) {
        return _shares[user][_tokenId(marketId, outcome)];
    }

    /// @inheritdoc ITradingVault
    function policyOf(address user) external view returns (Policy memory policy) {
        address agent = _agents[user].agent;
        if (agent == address(0)) return policy;
        AgentPolicy storage p = _policies[user][agent];
        policy = Policy({
            agent: agent,
            collateral: p.collateral,
            expiry: p.expiry,
            maxPerTrade: p.maxPerTrade,
            maxPerDay: p.maxPerDay,
            maxExposurePerMarket: p.maxExposurePerMarket,
            allMarkets: p.allMarkets
        });
    }

    /// @inheritdoc ITradingVault
    function policyEpoch(address user) external view returns (uint256) {
        return _agents[user].epoch;
    }

    /// @inheritdoc ITradingVault
    function isMarketAllowed(address user, uint256 marketId) external view returns (bool) {
        address agent = _agents[user].agent;
        if (agent == address(0)) return false;
        AgentPolicy storage p = _policies[user][agent];
        return p.allMarkets || _marketLimits[user][marketId].allowedEpoch == p.epoch;
    }

    /// @inheritdoc ITradingVault
    function exposureOf(address user, uint256 marketId) external view returns (uint256) {
        return _marketLimits[user][marketId].exposure;
    }

    /// @inheritdoc ITradingVault
    function dailyWindow(address user, address token) external view returns (uint256 start, uint256 spent) {
        Account storage account = _accounts[user][token];
        return (account.windowStart, account.windowSpent);
    }

    /// @inheritdoc ITradingVault
    function spendableToday(address user) external view returns (uint256) {
        address agent = _agents[user].agent;
        if (agent == address(0)) return 0;
        AgentPolicy storage p = _policies[user][agent];
        uint256 limit = p.maxPerDay;
        uint256 spent = _windowSpent(_accounts[user][p.collateral]);
        return limit > spent ? limit - spent : 0;
    }

    // ---------------------------------------------------------------- internal

    /// @dev Who trades `marketId` for `user`, in which token, and the storage the trade updates. The
    /// user always may; the token comes from the market. For an agent, in order: the caller is the
    /// user's agent, not expired, the market is allowed, and its collateral is the policy's (asked of
    /// the market once per market and epoch, then remembered in the market slot).
    function _authorize(address user, uint256 marketId, bool byAgent)
        private
        returns (address token, AgentPolicy storage p, MarketLimit storage ml)
    {
        p = _policies[user][msg.sender];
        ml = _marketLimits[user][marketId];
        if (!byAgent) return (_collateralOf(marketId), p, ml);
        _checkAgent(p, user);
        uint24 epoch = p.epoch;
        if (!p.allMarkets && ml.allowedEpoch != epoch) revert VaultMarketNotAllowed(marketId);
        token = p.collateral;
        if (ml.checkedEpoch != epoch) {
            address actual = _collateralOf(marketId);
            if (actual != token) revert VaultCollateralNotAllowed(marketId, actual, token);
            ml.checkedEpoch = epoch;
        }
    }

    /// @dev The caller is `user`'s current agent (its entry has an expiry) and has not expired.
    function _checkAgent(AgentPolicy storage p, address user) private view {
        uint256 expiry = p.expiry;
        if (expiry == 0) revert VaultNotAgent(user, msg.sender);
        if (block.timestamp >= expiry) revert VaultAgentExpired(expiry, block.timestamp);
    }

    /// @dev Debits `cost` (at most `balance`, the account's balance) for a buy. For an agent buy
    /// (`p` is the agent's policy), first counts `cost` against the spending limits, in order: per
    /// trade, daily window, market exposure. Returns the window's spending and the market's exposure
    /// after the buy.
    function _debit(
        Account storage account,
        AgentPolicy storage p,
        MarketLimit storage ml,
        uint256 marketId,
        uint256 balance,
        uint256 cost,
        bool byAgent
    ) private returns (uint256 windowSpent, uint256 exposure) {
        if (!byAgent) {
            account.balance = uint128(balance - cost);
            return (_windowSpent(account), ml.exposure);
        }
        uint256 maxPerTrade = p.maxPerTrade;
        if (cost > maxPerTrade) revert VaultTradeAboveLimit(cost, maxPerTrade);
        uint256 windowStart = account.windowStart;
        if (block.timestamp >= windowStart + DAY) {
            windowStart = block.timestamp;
            windowSpent = cost;
        } else {
            windowSpent = account.windowSpent + cost;
        }
        uint256 maxPerDay = p.maxPerDay;
        if (windowSpent > maxPerDay) revert VaultDailyLimitExceeded(windowSpent, maxPerDay);
        exposure = ml.exposure + cost;
        uint256 maxExposure = p.maxExposurePerMarket;
        if (exposure > maxExposure) revert VaultExposureLimitExceeded(marketId, exposure, maxExposure);
        // Everything fits: cost ≤ balance < 2^128, windowSpent ≤ maxPerDay < 2^96, exposure ≤
        // maxExposure < 2^96, and the window start is a current timestamp (< 2^32 until 2106).
        account.balance = uint128(balance - cost);
        account.windowSpent = uint96(windowSpent);
        account.windowStart = uint32(windowStart);
        ml.exposure = uint128(exposure);
    }

    /// @dev Adds `amount` to `account`'s balance and returns the new balance.
    function _credit(Account storage account, address user, address token, uint256 amount)
        private
        returns (uint256 balance)
    {
        balance = uint256(account.balance) + amount;
        if (balance > type(uint128).max) revert VaultBalanceOverflow(user, token, balance);
        account.balance = uint128(balance);
    }

    /// @dev What agent buys spent in `account`'s current window: 0 once it has lapsed.
    function _windowSpent(Account storage account) private view returns (uint256) {
        return block.timestamp >= uint256(account.windowStart) + DAY ? 0 : account.windowSpent;
    }

    function _setAllowed(address user, uint256[] calldata markets, uint24 epoch) private {
        mapping(uint256 => MarketLimit) storage limits = _marketLimits[user];
        bool allowed = epoch != 0;
        for (uint256 i; i < markets.length; ++i) {
            limits[markets[i]].allowedEpoch = epoch;
            emit MarketAllowanceSet(user, markets[i], allowed);
        }
    }

    function _checkLimit(uint256 limit) private pure {
        if (limit > MAX_LIMIT) revert VaultLimitTooLarge(limit, MAX_LIMIT);
    }

    /// @dev The market's collateral; reverts with the market's `MarketNotFound` for unknown ids.
    function _collateralOf(uint256 marketId) private view returns (address) {
        return market.getMarket(marketId).collateral;
    }

    /// @dev A failed market buy: a cost above the cap set by the user's balance becomes
    /// `VaultInsufficientBalance`; anything else bubbles up unchanged.
    function _rethrowBuy(bytes memory reason, address user, address token, uint256 balance, bool cappedByBalance)
        private
        pure
    {
        if (cappedByBalance && reason.length == 68 && bytes4(reason) == ILMSRMarket.CostAboveMax.selector) {
            uint256 cost;
            assembly ("memory-safe") {
                cost := mload(add(reason, 36))
            }
            revert VaultInsufficientBalance(user, token, balance, cost);
        }
        assembly ("memory-safe") {
            revert(add(reason, 32), mload(reason))
        }
    }

    function _tokenId(uint256 marketId, uint256 outcome) private pure returns (uint256) {
        return (marketId << 8) | outcome;
    }
}
