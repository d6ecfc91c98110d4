// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title ILMSRMarket
/// @notice One singleton holding every categorical prediction market priced by the logarithmic
/// market scoring rule (LMSR). Outcome shares are ERC-6909 tokens with id
/// `(marketId << 8) | outcome`; one share of the winning outcome redeems for one base unit of the
/// market's collateral.
/// @dev Units: "base units" are the collateral token's smallest units, and shares use the same
/// units. Prices are WAD (1e18 == probability 1). The log-sum `L = ln Σ exp(q_j/b)` is X128
/// (2^128 == 1.0). Every rounding favours the market: buys charge `ceil`, sells pay `floor`,
/// and the stored log-sum never falls below its exact value.
///
/// Collateral: tokens that return `false` from a transfer are rejected with
/// `CollateralTransferFailed`; tokens that deliver less than the amount sent (fee-on-transfer,
/// rebasing down) are rejected with `CollateralFeeOnTransfer` on every transfer into the market.
interface ILMSRMarket {
    /// @notice Where a market is in its life.
    /// @dev `Open` and `Closed` are both stored as active; `Closed` is derived from the clock.
    enum MarketState {
        None,
        Open,
        Closed,
        Resolved,
        Invalid
    }

    /// @notice What a creator supplies.
    /// @param collateral ERC-20 token the market trades in and pays out.
    /// @param liquidity LMSR liquidity `b`, base units; 1 ≤ b ≤ 2^96 − 1. The creator's worst-case
    /// loss, and so the funding, is `ceil(b·ln n)`.
    /// @param outcomeCount Number of outcomes n, 2 ≤ n ≤ 256.
    /// @param resolver The only address that may resolve the market.
    /// @param closeTime Unix time (seconds) from which trading stops; must be in the future.
    /// @param feeBps Trading fee in basis points of the collateral traded, at most `MAX_FEE_BPS`.
    /// @param metadataHash keccak256 of the market's metadata document (question, outcomes, rules).
    /// @param metadataURI Where that document can be fetched.
    struct CreateParams {
        address collateral;
        uint256 liquidity;
        uint256 outcomeCount;
        address resolver;
        uint256 closeTime;
        uint256 feeBps;
        bytes32 metadataHash;
        string metadataURI;
    }

    /// @notice Everything stored about a market, as a view.
    /// @param logSum Current log-sum L, X128.
    /// @param pool Collateral held for this market, base units: the funding, every amount paid
    /// in, less every amount paid out. Fees stay in it; the creator takes them with the surplus.
    /// @param resolvedOutcome The winning outcome once `state == Resolved`.
    struct MarketInfo {
        address collateral;
        address resolver;
        address creator;
        uint256 liquidity;
        uint256 outcomeCount;
        uint256 closeTime;
        uint256 feeBps;
        uint256 logSum;
        uint256 pool;
        MarketState state;
        uint256 resolvedOutcome;
    }

    /// @notice A market was created and funded with `funding` base units.
    event MarketCreated(
        uint256 indexed marketId,
        address indexed creator,
        address indexed collateral,
        address resolver,
        uint256 outcomeCount,
        uint256 liquidity,
        uint256 closeTime,
        uint256 feeBps,
        uint256 funding,
        uint256 logSum,
        bytes32 metadataHash,
        string metadataURI
    );

    /// @notice Shares of one outcome were bought (`isBuy`) or sold.
    /// @param shares Shares minted or burned, base units.
    /// @param collateral Collateral paid in (buy, fee included) or out (sell, fee deducted).
    /// @param fee Fee part of the trade, base units.
    /// @param supplyAfter The outcome's total share supply q_i after the trade.
    /// @param logSumAfter The market's log-sum L after the trade, X128. With `supplyAfter` it gives
    /// every price: `p_j = exp(q_j/b − L)`.
    event Trade(
        uint256 indexed marketId,
        address indexed trader,
        uint256 indexed outcome,
        bool isBuy,
        uint256 shares,
        uint256 collateral,
        uint256 fee,
        uint256 supplyAfter,
        uint256 logSumAfter
    );

    /// @notice The resolver settled the market: `outcome` won, or the market is `invalid` and every
    /// outcome pays its last price.
    event MarketResolved(uint256 indexed marketId, uint256 outcome, bool invalid);

    /// @notice `holder` burned `shares` of `outcome` for `payout` base units.
    event Redeemed(
        uint256 indexed marketId,
        address indexed holder,
        uint256 indexed outcome,
        uint256 shares,
        uint256 payout
    );

    /// @notice The creator took `amount`: the collateral not owed to holders, fees included.
    event SurplusWithdrawn(uint256 indexed marketId, address indexed creator, uint256 amount);

    /// @notice `from` deposited `amount` base units of `collateral` as credit for `to`: collateral
    /// the market holds for `to` outside any market, to pay for trades without an ERC-20 transfer.
    event Deposited(address indexed collateral, address indexed from, address indexed to, uint256 amount);

    /// @notice `account` withdrew `amount` base units of its `collateral` credit, sent to `to`.
    event Withdrawn(address indexed collateral, address indexed account, address indexed to, uint256 amount);

    /// @notice `account`'s credit in `collateral` is now `balance` base units (after a deposit, a
    /// withdrawal, a `buyFromCredit` or a `sellToCredit`).
    event CreditChanged(address indexed collateral, address indexed account, uint256 balance);

    /// @notice The outcome count is outside [2, 256].
    error InvalidOutcomeCount(uint256 outcomeCount);
    /// @notice The liquidity parameter is zero or at least 2^96.
    error InvalidLiquidity(uint256 liquidity);
    /// @notice The close time is not after the current block time.
    error InvalidCloseTime(uint256 closeTime, uint256 nowTimestamp);
    /// @notice The fee exceeds `MAX_FEE_BPS`.
    error FeeTooHigh(uint256 feeBps, uint256 maxFeeBps);
    /// @notice The resolver is the zero address.
    error InvalidResolver();
    /// @notice The collateral address holds no contract code.
    error InvalidCollateral(address collateral);
    /// @notice No market has this id.
    error MarketNotFound(uint256 marketId);
    /// @notice Trading is over: the close time has passed.
    error MarketClosed(uint256 marketId, uint256 closeTime);
    /// @notice The market is already resolved (or invalid).
    error MarketAlreadyResolved(uint256 marketId);
    /// @notice The market is not resolved yet.
    error MarketNotResolved(uint256 marketId);
    /// @notice The outcome index is not below the market's outcome count.
    error OutcomeOutOfRange(uint256 marketId, uint256 outcome, uint256 outcomeCount);
    /// @notice An amount that must be positive is zero.
    error ZeroAmount();
    /// @notice The trade's deadline is before the current block time.
    error DeadlinePassed(uint256 deadline, uint256 nowTimestamp);
    /// @notice A buy would cost more (fee included) than the trader allowed.
    error CostAboveMax(uint256 cost, uint256 maxCost);
    /// @notice A sell would pay less (after fee) than the trader asked.
    error ProceedsBelowMin(uint256 proceeds, uint256 minProceeds);
    /// @notice A collateral budget would buy fewer shares than the trader asked.
    error SharesBelowMin(uint256 shares, uint256 minShares);
    /// @notice The trade would push the log-sum beyond the supported range.
    error LogSumOutOfRange(uint256 logSum, uint256 maxLogSum);
    /// @notice The share amount is at least 2^128.
    error SharesOutOfRange(uint256 shares);
    /// @notice Only the market's resolver may resolve it.
    error NotResolver(uint256 marketId, address caller);
    /// @notice Only the market's creator may withdraw its surplus.
    error NotCreator(uint256 marketId, address caller);
    /// @notice These shares pay nothing: the outcome lost.
    error NoPayout(uint256 marketId, uint256 outcome);
    /// @notice Nothing is left for the creator: the pool holds only what holders are owed.
    error NothingToWithdraw(uint256 marketId);
    /// @notice The collateral token reported failure (returned false or reverted).
    error CollateralTransferFailed(address collateral);
    /// @notice The market received less collateral than was sent to it.
    error CollateralFeeOnTransfer(address collateral, uint256 expected, uint256 received);

    /// @notice `account` holds `available` base units of `collateral` credit, less than `needed`.
    error InsufficientCredit(address collateral, address account, uint256 available, uint256 needed);
    /// @notice Credit cannot be deposited for, or withdrawn to, the zero address.
    error InvalidCreditAccount();

    /// @notice The highest trading fee, in basis points.
    function MAX_FEE_BPS() external view returns (uint256);

    /// @notice Creates and funds a market. The caller pays `ceil(b·ln n)` base units of collateral
    /// (approve it first) and becomes the creator. No per-outcome storage is written.
    /// @return marketId The new market's id (ids start at 1).
    function createMarket(CreateParams calldata params) external returns (uint256 marketId);

    /// @notice Buys exactly `shares` of `outcome`, paying at most `maxCost` base units (fee
    /// included) before `deadline`.
    /// @return cost Base units paid, fee included.
    function buy(uint256 marketId, uint256 outcome, uint256 shares, uint256 maxCost, uint256 deadline)
        external
        returns (uint256 cost);

    /// @notice As `buy`, but pays from the caller's credit in the market's collateral (see
    /// `deposit`) instead of pulling an ERC-20 transfer: a trader who trades often saves the
    /// token transfer on every trade.
    /// @return cost Base units of credit spent, fee included.
    function buyFromCredit(uint256 marketId, uint256 outcome, uint256 shares, uint256 maxCost, uint256 deadline)
        external
        returns (uint256 cost);

    /// @notice As `sell`, but adds the proceeds to the caller's credit in the market's collateral
    /// instead of transferring them.
    /// @return proceeds Base units of credit received, after fee.
    function sellToCredit(uint256 marketId, uint256 outcome, uint256 shares, uint256 minProceeds, uint256 deadline)
        external
        returns (uint256 proceeds);

    /// @notice Pulls exactly `amount` base units of `collateral` from the caller (approve it first)
    /// and credits them to `to`. Credit belongs to no market: it pays for `buyFromCredit` in any
    /// market with that collateral and can be withdrawn at any time. Fee-on-transfer tokens are
    /// refused (`CollateralFeeOnTransfer`), as everywhere.
    function deposit(address collateral, uint256 amount, address to) external;

    /// @notice Sends `amount` base units of the caller's `collateral` credit to `to`.
    function withdraw(address collateral, uint256 amount, address to) external;

    /// @notice `account`'s credit in `collateral`, base units.
    function creditOf(address collateral, address account) external view returns (uint256);

    /// @notice Sells exactly `shares` of `outcome` for at least `minProceeds` base units (after fee)
    /// before `deadline`.
    /// @return proceeds Base units received, after fee.
    function sell(uint256 marketId, uint256 outcome, uint256 shares, uint256 minProceeds, uint256 deadline)
        external
        returns (uint256 proceeds);

    /// @notice Spends exactly `collateralIn` base units (fee included) on as many shares of
    /// `outcome` as they buy (closed form), requiring at least `minShares`.
    /// @return shares Shares received.
    function buyWithCollateral(
        uint256 marketId,
        uint256 outcome,
        uint256 collateralIn,
        uint256 minShares,
        uint256 deadline
    ) external returns (uint256 shares);

    /// @notice Resolves the market to `outcome`. Only the market's resolver; ends trading.
    function resolve(uint256 marketId, uint256 outcome) external;

    /// @notice Resolves the market as invalid: every share pays its outcome's last price.
    function resolveInvalid(uint256 marketId) external;

    /// @notice Burns `shares` of `outcome` held by the caller for their payout: one base unit per
    /// winning share, or `floor(shares · price)` in an invalid market.
    /// @return payout Base units paid.
    function redeem(uint256 marketId, uint256 outcome, uint256 shares) external returns (uint256 payout);

    /// @notice Pays the creator the collateral not owed to share holders plus the accrued fees.
    /// May be called again as holders redeem (it never touches what they are owed).
    /// @return amount Base units paid.
    function withdrawSurplus(uint256 marketId) external returns (uint256 amount);

    /// @notice Cost in base units of buying `shares` of `outcome` now, and the fee part of it.
    function quoteBuy(uint256 marketId, uint256 outcome, uint256 shares)
        external
        view
        returns (uint256 cost, uint256 fee);

    /// @notice Proceeds in base units of selling `shares` of `outcome` now (after fee), and the fee.
    function quoteSell(uint256 marketId, uint256 outcome, uint256 shares)
        external
        view
        returns (uint256 proceeds, uint256 fee);

    /// @notice Shares that `collateralIn` base units (fee included) buy now.
    function quoteBuyWithCollateral(uint256 marketId, uint256 outcome, uint256 collateralIn)
        external
        view
        returns (uint256 shares);

    /// @notice Price of `outcome`, WAD, rounded down.
    function price(uint256 marketId, uint256 outcome) external view returns (uint256);

    /// @notice Prices of every outcome, WAD, rounded down. O(n): for off-chain reads.
    function prices(uint256 marketId) external view returns (uint256[] memory);

    /// @notice The stored state of a market.
    function getMarket(uint256 marketId) external view returns (MarketInfo memory);

    /// @notice The market's state, with `Closed` derived from the clock.
    function state(uint256 marketId) external view returns (MarketState);

    /// @notice Share supply q of one outcome, base units.
    function supply(uint256 marketId, uint256 outcome) external view returns (uint256);

    /// @notice The ERC-6909 token id of an outcome's shares: `(marketId << 8) | outcome`.
    function tokenId(uint256 marketId, uint256 outcome) external pure returns (uint256);

    /// @notice Number of markets created; ids run from 1 to this.
    function marketCount() external view returns (uint256);
}
