// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILMSRMarket} from "./ILMSRMarket.sol";

/// @title ITradingVault
/// @notice One vault serving many users. A user deposits collateral (any ERC-20, tracked per user
/// per token) and may appoint one agent, an operator that trades `ILMSRMarket` markets with the
/// user's vault balance within a policy the user sets. Outcome shares bought through the vault stay
/// in the vault (it holds the ERC-6909 tokens) and are tracked per user; sale proceeds and
/// redemption payouts return to the user's vault balance.
/// @dev Units: every amount is in base units of a collateral token (shares use the same units);
/// times are Unix seconds.
///
/// Who may do what:
/// - Only the user deposits, withdraws (always to themselves), sets or revokes the policy, and edits
///   the list of allowed markets.
/// - The user and the agent may `buy`, `buyWithCollateral`, `sell` and `redeem` for the user. The
///   user trades without limits. Every agent call first requires the caller to be the user's current
///   agent (else `VaultNotAgent`; a revoked or replaced agent is no agent) and
///   `block.timestamp < expiry` (else `VaultAgentExpired`).
/// - No function moves collateral out of the vault except `withdraw`, which pays the caller from
///   the caller's own balance, and no function moves shares out except the market's own `sell`
///   and `redeem`, whose proceeds are credited to the user. An agent therefore can never take value
///   out: its worst case is to trade the user's balance badly within the limits.
///
/// The policy (at most one per user), checked on every agent trade, in this order:
/// 1. Allowed markets: every market (`allMarkets`) or the markets on the user's list
///    (`VaultMarketNotAllowed`). Setting a policy replaces the list; `setMarketsAllowed` edits it.
/// 2. `collateral`: the agent trades only markets whose collateral is this token; every limit is in
///    its base units (`VaultCollateralNotAllowed`).
/// Then, on agent buys only, against the buy's cost (fee included):
/// 3. `maxPerTrade`: cost ≤ `maxPerTrade` (`VaultTradeAboveLimit`).
/// 4. `maxPerDay`: the daily window. Windows are kept per (user, collateral token). A window opens
///    at the first agent buy made at or after `windowStart + DAY` (the first agent buy ever opens
///    one too) and covers [windowStart, windowStart + DAY). The agent's buys in one window cost at
///    most `maxPerDay` in total (`VaultDailyLimitExceeded`). A 24-hour period overlaps at most two
///    windows, so agent buys in any 24 hours cost at most 2 × `maxPerDay`.
/// 5. `maxExposurePerMarket`: per market, the agent's net spending
///    `max(0, Σ agent buy costs − Σ agent sell proceeds)` (each sell lowers it, never below 0) stays
///    at most this (`VaultExposureLimitExceeded`).
/// Sells and redemptions spend nothing: they are not counted against `maxPerTrade` or `maxPerDay`,
/// and an agent sell lowers the market's exposure. The user's own trades are never counted. The
/// daily windows and the exposures record what agents spent for the user: they are kept when the
/// policy is changed or revoked (a new agent inherits them).
///
/// Ranges: limits are below 2^96 base units (pass `type(uint96).max` for "no limit"); balances are
/// below 2^128 base units; the expiry is below 2^32 (the year 2106); a user sets at most 2^24 − 1
/// policies.
interface ITradingVault {
    /// @notice A user's agent policy, as set and as read.
    /// @param agent The operator; the zero address means none (never set, or revoked).
    /// @param collateral The only collateral token the agent trades; limits are in its base units.
    /// @param expiry The agent may act while `block.timestamp < expiry` (Unix seconds, < 2^32).
    /// @param maxPerTrade Largest cost of one agent buy, fee included, base units (< 2^96).
    /// @param maxPerDay Largest total cost of agent buys in one daily window, base units (< 2^96).
    /// @param maxExposurePerMarket Largest net agent spending in one market, base units (< 2^96).
    /// @param allMarkets Whether every market is allowed; if false, only the user's list is.
    struct Policy {
        address agent;
        address collateral;
        uint256 expiry;
        uint256 maxPerTrade;
        uint256 maxPerDay;
        uint256 maxExposurePerMarket;
        bool allMarkets;
    }

    /// @notice `user` deposited `amount` base units of `token` (what the vault received).
    event Deposited(address indexed user, address indexed token, uint256 amount, uint256 balanceAfter);

    /// @notice `user` withdrew `amount` base units of `token` to themselves.
    event Withdrawn(address indexed user, address indexed token, uint256 amount, uint256 balanceAfter);

    /// @notice `user` appointed `agent` under this policy. `epoch` numbers the user's policies:
    /// market lists of earlier epochs no longer apply.
    event PolicySet(
        address indexed user,
        address indexed agent,
        address indexed collateral,
        uint256 expiry,
        uint256 maxPerTrade,
        uint256 maxPerDay,
        uint256 maxExposurePerMarket,
        bool allMarkets,
        uint256 epoch
    );

    /// @notice `user` added `marketId` to (`allowed`) or removed it from their agent's market list.
    event MarketAllowanceSet(address indexed user, uint256 indexed marketId, bool allowed);

    /// @notice `user` revoked `agent`: it can no longer act.
    event AgentRevoked(address indexed user, address indexed agent);

    /// @notice `operator` (the user or their agent) bought (`isBuy`) or sold `shares` of `outcome` of
    /// `marketId` for `user`, paying or receiving `collateral` base units (fee included / after fee).
    /// @param windowSpent After the trade: what agent buys have spent in the current daily window of
    /// the market's collateral (0 if it has lapsed). On an agent buy with `windowSpent == collateral`
    /// a new window opened at this block's timestamp.
    /// @param marketExposure After the trade: the agent's net spending in `marketId` for `user`.
    event Traded(
        address indexed user,
        address indexed operator,
        uint256 indexed marketId,
        uint256 outcome,
        bool isBuy,
        uint256 shares,
        uint256 collateral,
        uint256 windowSpent,
        uint256 marketExposure
    );

    /// @notice `operator` redeemed `shares` of `outcome` of `marketId` for `user`, crediting `payout`
    /// base units. `windowSpent` and `marketExposure` are the limits' state after it, as in `Traded`.
    event Redeemed(
        address indexed user,
        address indexed operator,
        uint256 indexed marketId,
        uint256 outcome,
        uint256 shares,
        uint256 payout,
        uint256 windowSpent,
        uint256 marketExposure
    );

    /// @notice The market given at construction holds no code.
    error VaultInvalidMarket(address market);
    /// @notice `token` holds no contract code.
    error VaultInvalidCollateral(address token);
    /// @notice An amount that must be positive is zero.
    error VaultZeroAmount();
    /// @notice `token` reported failure (returned false or reverted) on a transfer.
    error VaultTransferFailed(address token);
    /// @notice `user` holds `balance` base units of `token` in the vault, `needed` are required.
    error VaultInsufficientBalance(address user, address token, uint256 balance, uint256 needed);
    /// @notice `user`'s balance of `token` would reach `balance`, which does not fit in 128 bits.
    error VaultBalanceOverflow(address user, address token, uint256 balance);
    /// @notice `user` holds `held` shares of ERC-6909 id `tokenId` in the vault, `needed` are required.
    error VaultInsufficientShares(address user, uint256 tokenId, uint256 held, uint256 needed);
    /// @notice `agent` cannot be appointed: the zero address or the user themselves.
    error VaultInvalidAgent(address agent);
    /// @notice The expiry is not after the current time, or is not below 2^32.
    error VaultInvalidExpiry(uint256 expiry, uint256 nowTimestamp);
    /// @notice A policy limit is above `maxLimit` (2^96 − 1).
    error VaultLimitTooLarge(uint256 limit, uint256 maxLimit);
    /// @notice `user` has no agent (never appointed, or revoked).
    error VaultNoAgent(address user);
    /// @notice `caller` is neither `user` nor `user`'s current agent.
    error VaultNotAgent(address user, address caller);
    /// @notice The agent's policy expired at `expiry`; it is `nowTimestamp`.
    error VaultAgentExpired(uint256 expiry, uint256 nowTimestamp);
    /// @notice The agent's policy does not allow trading `marketId`.
    error VaultMarketNotAllowed(uint256 marketId);
    /// @notice `marketId` trades `collateral`; the agent's policy allows only `policyCollateral`.
    error VaultCollateralNotAllowed(uint256 marketId, address collateral, address policyCollateral);
    /// @notice An agent buy costing `cost` base units exceeds `maxPerTrade`.
    error VaultTradeAboveLimit(uint256 cost, uint256 maxPerTrade);
    /// @notice The daily window's agent spending would reach `spent` (this buy included) > `limit`.
    error VaultDailyLimitExceeded(uint256 spent, uint256 limit);
    /// @notice The agent's net spending in `marketId` would reach `exposure` (this buy included) >
    /// `limit`.
    error VaultExposureLimitExceeded(uint256 marketId, uint256 exposure, uint256 limit);

    /// @notice Length of a daily window: 86 400 seconds.
    function DAY() external view returns (uint256);

    /// @notice The market singleton every trade goes through.
    function market() external view returns (ILMSRMarket);

    /// @notice Pulls `amount` base units of `token` from the caller (approve the vault first) and
    /// credits the caller with what the vault actually received. The first deposit of a token lets
    /// the market pull that token from the vault (an unlimited allowance: the market only ever pulls
    /// from its caller, and only the vault's own buys make it pull from the vault).
    /// @return credited Base units credited (less than `amount` only for fee-on-transfer tokens).
    function deposit(address token, uint256 amount) external returns (uint256 credited);

    /// @notice Sends `amount` base units of `token` from the caller's vault balance to the caller.
    function withdraw(address token, uint256 amount) external;

    /// @notice Appoints `policy.agent` under `policy`, replacing any earlier policy and agent (which
    /// can no longer act). Starts a new epoch: the earlier market list stops applying and `markets`
    /// becomes the list (ignored when `policy.allMarkets`). Market ids are not checked: an id that is
    /// not a market, or whose collateral is not `policy.collateral`, simply cannot be traded by the
    /// agent. The daily windows and the exposures are kept.
    function setPolicy(Policy calldata policy, uint256[] calldata markets) external;

    /// @notice Adds `markets` to (`allowed`) or removes them from the caller's current market list.
    /// Reverts with `VaultNoAgent` if the caller has no agent.
    function setMarketsAllowed(uint256[] calldata markets, bool allowed) external;

    /// @notice Removes the caller's agent and its policy (limits, expiry, market list).
    function revokeAgent() external;

    /// @notice Buys exactly `shares` of `outcome` for `user` with `user`'s vault balance, paying at
    /// most `maxCost` base units (fee included) before `deadline`. The caller is `user` or their agent
    /// (then the policy applies, checked on the actual cost). A cost above the user's balance reverts
    /// with `VaultInsufficientBalance`; the market's own errors (slippage, closed market...) bubble up.
    /// @return cost Base units paid, fee included.
    function buy(address user, uint256 marketId, uint256 outcome, uint256 shares, uint256 maxCost, uint256 deadline)
        external
        returns (uint256 cost);

    /// @notice Spends exactly `collateralIn` base units of `user`'s vault balance on shares of
    /// `outcome`, requiring at least `minShares`. The caller is `user` or their agent (then the policy
    /// applies to `collateralIn`).
    /// @return shares Shares bought.
    function buyWithCollateral(
        address user,
        uint256 marketId,
        uint256 outcome,
        uint256 collateralIn,
        uint256 minShares,
        uint256 deadline
    ) external returns (uint256 shares);

    /// @notice Sells `shares` of `outcome` held for `user` for at least `minProceeds` base units; the
    /// proceeds are credited to `user`'s vault balance. The caller is `user` or their agent (then the
    /// market must be allowed and trade the policy's collateral; an agent sell lowers the market's
    /// exposure by the proceeds, down to 0).
    /// @return proceeds Base units credited, after fee.
    function sell(
        address user,
        uint256 marketId,
        uint256 outcome,
        uint256 shares,
        uint256 minProceeds,
        uint256 deadline
    ) external returns (uint256 proceeds);

    /// @notice Redeems `shares` of `outcome` held for `user` in a settled market; the payout is
    /// credited to `user`'s vault balance. The caller is `user` or their (unexpired) agent, for any
    /// market: redeeming only turns the user's shares into the user's balance at the market's fixed
    /// payout.
    /// @return payout Base units credited.
    function redeem(address user, uint256 marketId, uint256 outcome, uint256 shares) external returns (uint256 payout);

    /// @notice `user`'s vault balance of `token`, base units.
    function collateralBalance(address user, address token) external view returns (uint256);

    /// @notice Shares of `outcome` of `marketId` the vault holds for `user`.
    function shareBalance(address user, uint256 marketId, uint256 outcome) external view returns (uint256);

    /// @notice `user`'s current policy (all zero when there is no agent).
    function policyOf(address user) external view returns (Policy memory);

    /// @notice The epoch of `user`'s latest policy change (0 before the first `setPolicy`).
    function policyEpoch(address user) external view returns (uint256);

    /// @notice Whether `user`'s agent policy allows `marketId` (ignores expiry and collateral).
    function isMarketAllowed(address user, uint256 marketId) external view returns (bool);

    /// @notice The agent's net spending for `user` in `marketId`, base units.
    function exposureOf(address user, uint256 marketId) external view returns (uint256);

    /// @notice `user`'s daily window for `token` as stored: when it opened (Unix seconds) and what
    /// agent buys spent in it (base units). The window has lapsed, and `spent` no longer counts, once
    /// `block.timestamp ≥ start + DAY`.
    function dailyWindow(address user, address token) external view returns (uint256 start, uint256 spent);

    /// @notice What the agent could still spend for `user` now under the daily limit, in base units of
    /// the policy's collateral (0 without an agent). The user's balance may be lower.
    function spendableToday(address user) external view returns (uint256);
}
