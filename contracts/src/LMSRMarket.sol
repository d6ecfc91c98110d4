// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC6909TokenSupply} from "@openzeppelin/contracts/token/ERC6909/extensions/ERC6909TokenSupply.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ILMSRMarket} from "./interfaces/ILMSRMarket.sol";
import {LMSRMath} from "./libraries/LMSRMath.sol";

/// @title LMSRMarket
/// @notice The singleton that holds every Mandate prediction market. See `ILMSRMarket`.
/// @dev A trade reads and writes one outcome's supply and the market's log-sum: its gas does not
/// depend on the number of outcomes. Redeemed shares are moved into this contract's own balance
/// rather than burned, so every outcome's total supply stays frozen after resolution and an
/// invalid market's prices `exp(q_j/b − L)` never move; the contract has no way to move them out.
contract LMSRMarket is ILMSRMarket, ERC6909TokenSupply, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc ILMSRMarket
    uint256 public constant MAX_FEE_BPS = 1_000;

    uint256 private constant BPS = 10_000;
    uint256 private constant MAX_OUTCOMES = 256;
    uint256 private constant MAX_SHARES = 1 << 128;

    uint8 private constant STATUS_NONE = 0;
    uint8 private constant STATUS_ACTIVE = 1;
    uint8 private constant STATUS_RESOLVED = 2;
    uint8 private constant STATUS_INVALID = 3;

    /// @dev Four storage slots per market, none per outcome.
    struct Market {
        // slot 0
        address collateral;
        uint40 closeTime;
        uint8 outcomesMinusOne;
        uint16 feeBps;
        uint8 status;
        uint8 resolvedOutcome;
        // slot 1: written by every trade
        uint136 logSum;
        uint120 pool;
        // slot 2
        address resolver;
        uint96 liquidity;
        // slot 3
        address creator;
    }

    /// @inheritdoc ILMSRMarket
    uint256 public marketCount;

    mapping(uint256 marketId => Market) private _markets;

    /// @dev Deposited collateral not committed to any market, by token and owner.
    mapping(address collateral => mapping(address account => uint256)) private _credit;

    /// @inheritdoc ILMSRMarket
    function createMarket(CreateParams calldata params) external nonReentrant returns (uint256 marketId) {
        uint256 n = params.outcomeCount;
        if (n < 2 || n > MAX_OUTCOMES) revert InvalidOutcomeCount(n);
        uint256 b = params.liquidity;
        if (b == 0 || b > type(uint96).max) revert InvalidLiquidity(b);
        if (params.closeTime <= block.timestamp || params.closeTime > type(uint40).max) {
            revert InvalidCloseTime(params.closeTime, block.timestamp);
        }
        if (params.feeBps > MAX_FEE_BPS) revert FeeTooHigh(params.feeBps, MAX_FEE_BPS);
        if (params.resolver == address(0)) revert InvalidResolver();
        address collateral = params.collateral;
        if (collateral.code.length == 0) revert InvalidCollateral(collateral);

        uint256 logSum = LMSRMath.initialLogSum(n);
        uint256 funding = LMSRMath.costOf(0, logSum, b);

        marketId = ++marketCount;
        _markets[marketId] = Market({
            collateral: collateral,
            closeTime: uint40(params.closeTime),
            // n ≤ 256 and feeBps ≤ MAX_FEE_BPS were checked above.
            outcomesMinusOne: uint8(n - 1),
            feeBps: uint16(params.feeBps),
            status: STATUS_ACTIVE,
            resolvedOutcome: 0,
            logSum: uint136(logSum),
            pool: _toUint120(funding),
            resolver: params.resolver,
            liquidity: uint96(b),
            creator: msg.sender
        });

        _pullCollateral(collateral, funding);
        emit MarketCreated(
            marketId,
            msg.sender,
            collateral,
            params.resolver,
            n,
            b,
            params.closeTime,
            params.feeBps,
            funding,
            logSum,
            params.metadataHash,
            params.metadataURI
        );
    }

    /// @inheritdoc ILMSRMarket
    function buy(uint256 marketId, uint256 outcome, uint256 shares, uint256 maxCost, uint256 deadline)
        external
        nonReentrant
        returns (uint256 cost)
    {
        address collateral;
        (cost, collateral) = _buy(marketId, outcome, shares, maxCost, deadline);
        _pullCollateral(collateral, cost);
    }

    /// @inheritdoc ILMSRMarket
    function buyFromCredit(uint256 marketId, uint256 outcome, uint256 shares, uint256 maxCost, uint256 deadline)
        external
        nonReentrant
        returns (uint256 cost)
    {
        address collateral;
        (cost, collateral) = _buy(marketId, outcome, shares, maxCost, deadline);
        _debitCredit(collateral, msg.sender, cost);
    }

    /// @inheritdoc ILMSRMarket
    function buyWithCollateral(
        uint256 marketId,
        uint256 outcome,
        uint256 collateralIn,
        uint256 minShares,
        uint256 deadline
    ) external nonReentrant returns (uint256 shares) {
        _checkDeadline(deadline);
        if (collateralIn == 0) revert ZeroAmount();
        Market storage m = _tradable(marketId, outcome);
        uint256 id = _tokenId(marketId, outcome);
        uint256 q = totalSupply(id);
        uint256 net = _netOfFee(collateralIn, m.feeBps);
        shares = LMSRMath.sharesForBudget(m.logSum, q, m.liquidity, net);
        if (shares == 0 || shares < minShares) revert SharesBelowMin(shares, minShares);
        (uint256 newLogSum, uint256 cost) = _buyCost(m, q, shares);
        // The closed form never overestimates shares; this guards the invariant regardless.
        if (cost > net) revert CostAboveMax(cost, net);

        // The whole amount joins the pool: the rounding dust (≤ a few base units) stays with the
        // market, as every other rounding does.
        _settleBuy(m, newLogSum, collateralIn);
        _mint(msg.sender, id, shares);
        _pullCollateral(m.collateral, collateralIn);
        emit Trade(marketId, msg.sender, outcome, true, shares, collateralIn, collateralIn - net, q + shares, newLogSum);
    }

    /// @inheritdoc ILMSRMarket
    function sell(uint256 marketId, uint256 outcome, uint256 shares, uint256 minProceeds, uint256 deadline)
        external
        nonReentrant
        returns (uint256 proceeds)
    {
        address collateral;
        (proceeds, collateral) = _sell(marketId, outcome, shares, minProceeds, deadline);
        _pushCollateral(collateral, msg.sender, proceeds);
    }

    /// @inheritdoc ILMSRMarket
    function sellToCredit(uint256 marketId, uint256 outcome, uint256 shares, uint256 minProceeds, uint256 deadline)
        external
        nonReentrant
        returns (uint256 proceeds)
    {
        address collateral;
        (proceeds, collateral) = _sell(marketId, outcome, shares, minProceeds, deadline);
        if (proceeds != 0) {
            uint256 balance = _credit[collateral][msg.sender] + proceeds;
            _credit[collateral][msg.sender] = balance;
            emit CreditChanged(collateral, msg.sender, balance);
        }
    }

    /// @inheritdoc ILMSRMarket
    function deposit(address collateral, uint256 amount, address to) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert InvalidCreditAccount();
        if (collateral.code.length == 0) revert InvalidCollateral(collateral);
        _pullCollateral(collateral, amount);
        uint256 balance = _credit[collateral][to] + amount;
        _credit[collateral][to] = balance;
        emit Deposited(collateral, msg.sender, to, amount);
        emit CreditChanged(collateral, to, balance);
    }

    /// @inheritdoc ILMSRMarket
    function withdraw(address collateral, uint256 amount, address to) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        if (to == address(0)) revert InvalidCreditAccount();
        _debitCredit(collateral, msg.sender, amount);
        emit Withdrawn(collateral, msg.sender, to, amount);
        _pushCollateral(collateral, to, amount);
    }

    /// @inheritdoc ILMSRMarket
    function resolve(uint256 marketId, uint256 outcome) external {
        Market storage m = _resolvable(marketId);
        uint256 n = uint256(m.outcomesMinusOne) + 1;
        if (outcome >= n) revert OutcomeOutOfRange(marketId, outcome, n);
        m.status = STATUS_RESOLVED;
        m.resolvedOutcome = uint8(outcome);
        emit MarketResolved(marketId, outcome, false);
    }

    /// @inheritdoc ILMSRMarket
    function resolveInvalid(uint256 marketId) external {
        Market storage m = _resolvable(marketId);
        m.status = STATUS_INVALID;
        emit MarketResolved(marketId, 0, true);
    }

    /// @inheritdoc ILMSRMarket
    function redeem(uint256 marketId, uint256 outcome, uint256 shares)
        external
        nonReentrant
        returns (uint256 payout)
    {
        if (shares == 0) revert ZeroAmount();
        Market storage m = _settled(marketId);
        _checkOutcome(m, marketId, outcome);
        uint256 id = _tokenId(marketId, outcome);
        if (m.status == STATUS_RESOLVED) {
            if (outcome != m.resolvedOutcome) revert NoPayout(marketId, outcome);
            payout = shares;
        } else {
            payout = (shares * LMSRMath.priceDown(m.logSum, totalSupply(id), m.liquidity)) >> 128;
        }
        // Escrow instead of burning: supplies, and so invalid-market prices, stay frozen.
        _transfer(msg.sender, address(this), id, shares);
        m.pool -= uint120(payout);
        _pushCollateral(m.collateral, msg.sender, payout);
        emit Redeemed(marketId, msg.sender, outcome, shares, payout);
    }

    /// @inheritdoc ILMSRMarket
    function withdrawSurplus(uint256 marketId) external nonReentrant returns (uint256 amount) {
        Market storage m = _settled(marketId);
        if (msg.sender != m.creator) revert NotCreator(marketId, msg.sender);
        uint256 owed = _liabilities(m, marketId);
        uint256 pool = m.pool;
        amount = pool > owed ? pool - owed : 0;
        if (amount == 0) revert NothingToWithdraw(marketId);
        m.pool = uint120(owed);
        _pushCollateral(m.collateral, msg.sender, amount);
        emit SurplusWithdrawn(marketId, msg.sender, amount);
    }

    /// @inheritdoc ILMSRMarket
    function quoteBuy(uint256 marketId, uint256 outcome, uint256 shares)
        external
        view
        returns (uint256 cost, uint256 fee)
    {
        if (shares == 0) revert ZeroAmount();
        Market storage m = _tradable(marketId, outcome);
        (, uint256 net) = _buyCost(m, totalSupply(_tokenId(marketId, outcome)), shares);
        fee = _feeOn(net, m.feeBps);
        cost = net + fee;
    }

    /// @inheritdoc ILMSRMarket
    function quoteSell(uint256 marketId, uint256 outcome, uint256 shares)
        external
        view
        returns (uint256 proceeds, uint256 fee)
    {
        if (shares == 0) revert ZeroAmount();
        Market storage m = _tradable(marketId, outcome);
        uint256 q = totalSupply(_tokenId(marketId, outcome));
        if (shares > q) revert ERC6909InsufficientBalance(address(0), q, shares, _tokenId(marketId, outcome));
        (, uint256 gross) = _sellProceeds(m, q, shares);
        fee = _feeOn(gross, m.feeBps);
        proceeds = gross - fee;
    }

    /// @inheritdoc ILMSRMarket
    function quoteBuyWithCollateral(uint256 marketId, uint256 outcome, uint256 collateralIn)
        external
        view
        returns (uint256 shares)
    {
        if (collateralIn == 0) revert ZeroAmount();
        Market storage m = _tradable(marketId, outcome);
        uint256 q = totalSupply(_tokenId(marketId, outcome));
        shares = LMSRMath.sharesForBudget(m.logSum, q, m.liquidity, _netOfFee(collateralIn, m.feeBps));
    }

    /// @inheritdoc ILMSRMarket
    function price(uint256 marketId, uint256 outcome) public view returns (uint256) {
        Market storage m = _existing(marketId);
        _checkOutcome(m, marketId, outcome);
        uint256 p = LMSRMath.priceDown(m.logSum, totalSupply(_tokenId(marketId, outcome)), m.liquidity);
        return (p * 1e18) >> 128;
    }

    /// @inheritdoc ILMSRMarket
    function prices(uint256 marketId) external view returns (uint256[] memory result) {
        Market storage m = _existing(marketId);
        uint256 n = uint256(m.outcomesMinusOne) + 1;
        result = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            result[i] = price(marketId, i);
        }
    }

    /// @inheritdoc ILMSRMarket
    function getMarket(uint256 marketId) external view returns (MarketInfo memory info) {
        Market storage m = _existing(marketId);
        info = MarketInfo({
            collateral: m.collateral,
            resolver: m.resolver,
            creator: m.creator,
            liquidity: m.liquidity,
            outcomeCount: uint256(m.outcomesMinusOne) + 1,
            closeTime: m.closeTime,
            feeBps: m.feeBps,
            logSum: m.logSum,
            pool: m.pool,
            state: state(marketId),
            resolvedOutcome: m.resolvedOutcome
        });
    }

    /// @inheritdoc ILMSRMarket
    function state(uint256 marketId) public view returns (MarketState) {
        Market storage m = _markets[marketId];
        uint8 status = m.status;
        if (status == STATUS_NONE) return MarketState.None;
        if (status == STATUS_RESOLVED) return MarketState.Resolved;
        if (status == STATUS_INVALID) return MarketState.Invalid;
        return block.timestamp >= m.closeTime ? MarketState.Closed : MarketState.Open;
    }

    /// @inheritdoc ILMSRMarket
    function supply(uint256 marketId, uint256 outcome) external view returns (uint256) {
        _checkOutcome(_existing(marketId), marketId, outcome);
        return totalSupply(_tokenId(marketId, outcome));
    }

    /// @inheritdoc ILMSRMarket
    function tokenId(uint256 marketId, uint256 outcome) external pure returns (uint256) {
        return _tokenId(marketId, outcome);
    }

    /// @inheritdoc ILMSRMarket
    function creditOf(address collateral, address account) external view returns (uint256) {
        return _credit[collateral][account];
    }

    // ---------------------------------------------------------------- internal

    function _buy(uint256 marketId, uint256 outcome, uint256 shares, uint256 maxCost, uint256 deadline)
        private
        returns (uint256 cost, address collateral)
    {
        _checkDeadline(deadline);
        if (shares == 0) revert ZeroAmount();
        Market storage m = _tradable(marketId, outcome);
        uint256 id = _tokenId(marketId, outcome);
        uint256 q = totalSupply(id);
        (uint256 newLogSum, uint256 net) = _buyCost(m, q, shares);
        uint256 fee = _feeOn(net, m.feeBps);
        cost = net + fee;
        if (cost > maxCost) revert CostAboveMax(cost, maxCost);

        _settleBuy(m, newLogSum, cost);
        _mint(msg.sender, id, shares);
        collateral = m.collateral;
        emit Trade(marketId, msg.sender, outcome, true, shares, cost, fee, q + shares, newLogSum);
    }

    function _sell(uint256 marketId, uint256 outcome, uint256 shares, uint256 minProceeds, uint256 deadline)
        private
        returns (uint256 proceeds, address collateral)
    {
        _checkDeadline(deadline);
        if (shares == 0) revert ZeroAmount();
        Market storage m = _tradable(marketId, outcome);
        uint256 id = _tokenId(marketId, outcome);
        uint256 held = balanceOf(msg.sender, id);
        if (held < shares) revert ERC6909InsufficientBalance(msg.sender, held, shares, id);
        uint256 q = totalSupply(id);
        (uint256 newLogSum, uint256 gross) = _sellProceeds(m, q, shares);
        uint256 fee = _feeOn(gross, m.feeBps);
        proceeds = gross - fee;
        if (proceeds < minProceeds) revert ProceedsBelowMin(proceeds, minProceeds);

        m.logSum = uint136(newLogSum);
        // The fee stays in the pool, which holds the creator's fees along with the traders' claims.
        m.pool -= uint120(proceeds);
        _burn(msg.sender, id, shares);
        collateral = m.collateral;
        emit Trade(marketId, msg.sender, outcome, false, shares, proceeds, fee, q - shares, newLogSum);
    }

    function _debitCredit(address collateral, address account, uint256 amount) private {
        uint256 available = _credit[collateral][account];
        if (available < amount) revert InsufficientCredit(collateral, account, available, amount);
        unchecked {
            available -= amount;
        }
        _credit[collateral][account] = available;
        emit CreditChanged(collateral, account, available);
    }

    function _buyCost(Market storage m, uint256 q, uint256 shares)
        private
        view
        returns (uint256 newLogSum, uint256 cost)
    {
        uint256 qNew = q + shares;
        if (qNew >= MAX_SHARES) revert SharesOutOfRange(qNew);
        uint256 logSum = m.logSum;
        uint256 b = m.liquidity;
        newLogSum = LMSRMath.logSumAfter(logSum, q, qNew, b);
        if (newLogSum > LMSRMath.MAX_LOG_SUM) revert LogSumOutOfRange(newLogSum, LMSRMath.MAX_LOG_SUM);
        cost = LMSRMath.costOf(logSum, newLogSum, b);
    }

    function _sellProceeds(Market storage m, uint256 q, uint256 shares)
        private
        view
        returns (uint256 newLogSum, uint256 proceeds)
    {
        uint256 logSum = m.logSum;
        uint256 b = m.liquidity;
        newLogSum = LMSRMath.logSumAfter(logSum, q, q - shares, b);
        proceeds = LMSRMath.proceedsOf(logSum, newLogSum, b);
    }

    function _settleBuy(Market storage m, uint256 newLogSum, uint256 paid) private {
        m.logSum = uint136(newLogSum);
        m.pool = _toUint120(m.pool + paid);
    }

    /// @dev What holders can still claim: the winners' unredeemed shares, or in an invalid market
    /// Σ_j ceil(unredeemed_j · p_j) (O(n), paid once by the creator, never by traders).
    function _liabilities(Market storage m, uint256 marketId) private view returns (uint256 owed) {
        if (m.status == STATUS_RESOLVED) {
            uint256 id = _tokenId(marketId, m.resolvedOutcome);
            return totalSupply(id) - balanceOf(address(this), id);
        }
        uint256 n = uint256(m.outcomesMinusOne) + 1;
        uint256 logSum = m.logSum;
        uint256 b = m.liquidity;
        for (uint256 j; j < n; ++j) {
            uint256 id = _tokenId(marketId, j);
            uint256 q = totalSupply(id);
            if (q == 0) continue;
            uint256 open = q - balanceOf(address(this), id);
            uint256 p = LMSRMath.priceDown(logSum, q, b);
            owed += (open * p + LMSRMath.ONE - 1) >> 128;
        }
    }

    function _feeOn(uint256 amount, uint256 feeBps) private pure returns (uint256) {
        return (amount * feeBps + BPS - 1) / BPS;
    }

    function _netOfFee(uint256 gross, uint256 feeBps) private pure returns (uint256) {
        return (gross * BPS) / (BPS + feeBps);
    }

    function _existing(uint256 marketId) private view returns (Market storage m) {
        m = _markets[marketId];
        if (m.status == STATUS_NONE) revert MarketNotFound(marketId);
    }

    function _tradable(uint256 marketId, uint256 outcome) private view returns (Market storage m) {
        m = _existing(marketId);
        if (m.status != STATUS_ACTIVE) revert MarketAlreadyResolved(marketId);
        if (block.timestamp >= m.closeTime) revert MarketClosed(marketId, m.closeTime);
        _checkOutcome(m, marketId, outcome);
    }

    function _resolvable(uint256 marketId) private view returns (Market storage m) {
        m = _existing(marketId);
        if (msg.sender != m.resolver) revert NotResolver(marketId, msg.sender);
        if (m.status != STATUS_ACTIVE) revert MarketAlreadyResolved(marketId);
    }

    function _settled(uint256 marketId) private view returns (Market storage m) {
        m = _existing(marketId);
        if (m.status == STATUS_ACTIVE) revert MarketNotResolved(marketId);
    }

    function _checkOutcome(Market storage m, uint256 marketId, uint256 outcome) private view {
        uint256 n = uint256(m.outcomesMinusOne) + 1;
        if (outcome >= n) revert OutcomeOutOfRange(marketId, outcome, n);
    }

    function _checkDeadline(uint256 deadline) private view {
        if (block.timestamp > deadline) revert DeadlinePassed(deadline, block.timestamp);
    }

    function _tokenId(uint256 marketId, uint256 outcome) private pure returns (uint256) {
        return (marketId << 8) | outcome;
    }

    function _toUint120(uint256 x) private pure returns (uint120) {
        if (x > type(uint120).max) revert SharesOutOfRange(x);
        return uint120(x);
    }

    /// @dev Pulls exactly `amount` from the caller; rejects tokens that fail or deliver less.
    function _pullCollateral(address collateral, uint256 amount) private {
        IERC20 token = IERC20(collateral);
        uint256 before = token.balanceOf(address(this));
        if (!token.trySafeTransferFrom(msg.sender, address(this), amount)) {
            revert CollateralTransferFailed(collateral);
        }
        uint256 afterwards = token.balanceOf(address(this));
        uint256 received = afterwards > before ? afterwards - before : 0;
        if (received != amount) revert CollateralFeeOnTransfer(collateral, amount, received);
    }

    function _pushCollateral(address collateral, address to, uint256 amount) private {
        if (amount == 0) return;
        if (!IERC20(collateral).trySafeTransfer(to, amount)) revert CollateralTransferFailed(collateral);
    }
}
