// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {ILMSRMarket} from "../interfaces/ILMSRMarket.sol";
import {IMarketResolver} from "../interfaces/IMarketResolver.sol";
import {IOptimisticResolver} from "../interfaces/IOptimisticResolver.sol";

/// @title OptimisticResolver
/// @notice Bonded proposals, a challenge window, and disputes settled by the DAO's timelock. See
/// `IOptimisticResolver` for the rules.
/// @dev Bond accounting: the contract's bond-token balance always equals the bonds of proposals
/// that are `Proposed` or `Disputed` (one or two bonds each) plus the credited `claimable` amounts.
contract OptimisticResolver is IOptimisticResolver, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc IOptimisticResolver
    uint256 public constant INVALID_OUTCOME = type(uint256).max;

    /// @inheritdoc IOptimisticResolver
    uint256 public constant MAX_CHALLENGE_WINDOW = 30 days;

    /// @inheritdoc IOptimisticResolver
    ILMSRMarket public immutable market;

    /// @inheritdoc IOptimisticResolver
    address public immutable bondToken;

    /// @inheritdoc IOptimisticResolver
    uint256 public immutable minBond;

    /// @inheritdoc IOptimisticResolver
    uint256 public immutable challengeWindow;

    /// @inheritdoc IOptimisticResolver
    address public immutable settler;

    struct StoredProposal {
        address proposer;
        uint40 proposedAt;
        Status status;
        address disputer;
        uint256 outcome;
        uint256 bond;
    }

    mapping(uint256 marketId => StoredProposal) private _proposals;
    mapping(address account => uint256) private _claimable;

    /// @param market_ The market singleton.
    /// @param bondToken_ The ERC-20 bonds are posted in (a plain token: no fee on transfer).
    /// @param minBond_ The least bond of a proposal, base units of `bondToken_`, at least 1.
    /// @param challengeWindow_ How long a proposal can be disputed, seconds, in [1, 30 days].
    /// @param settler_ The only address that may settle disputes: the DAO's timelock.
    constructor(
        ILMSRMarket market_,
        address bondToken_,
        uint256 minBond_,
        uint256 challengeWindow_,
        address settler_
    ) {
        if (address(market_).code.length == 0) revert OptimisticResolverInvalidMarket(address(market_));
        if (bondToken_.code.length == 0) revert OptimisticResolverInvalidBondToken(bondToken_);
        if (minBond_ == 0) revert OptimisticResolverInvalidMinBond();
        if (challengeWindow_ == 0 || challengeWindow_ > MAX_CHALLENGE_WINDOW) {
            revert OptimisticResolverInvalidChallengeWindow(challengeWindow_, MAX_CHALLENGE_WINDOW);
        }
        if (settler_ == address(0)) revert OptimisticResolverInvalidSettler();
        market = market_;
        bondToken = bondToken_;
        minBond = minBond_;
        challengeWindow = challengeWindow_;
        settler = settler_;
    }

    // ---------------------------------------------------------------- the game

    /// @inheritdoc IOptimisticResolver
    function propose(uint256 marketId, uint256 outcome, uint256 bond) external nonReentrant {
        StoredProposal storage p = _proposals[marketId];
        if (p.status != Status.None) revert OptimisticResolverProposalExists(marketId, p.proposer);
        // Reverts with the market's `MarketNotFound` for unknown ids.
        ILMSRMarket.MarketInfo memory info = market.getMarket(marketId);
        if (info.resolver != address(this)) revert OptimisticResolverNotMarketResolver(marketId, info.resolver);
        // Only this contract resolves the market, and it always leaves a proposal behind: an
        // unproposed market is Open or Closed.
        if (info.state == ILMSRMarket.MarketState.Open) {
            revert OptimisticResolverMarketNotClosed(marketId, info.closeTime, block.timestamp);
        }
        _checkOutcome(marketId, outcome, info.outcomeCount);
        if (bond < minBond) revert OptimisticResolverBondTooLow(bond, minBond);

        p.proposer = msg.sender;
        p.proposedAt = uint40(block.timestamp);
        p.status = Status.Proposed;
        p.outcome = outcome;
        p.bond = bond;
        _pullBond(bond);
        emit OutcomeProposed(marketId, msg.sender, outcome, bond, block.timestamp + challengeWindow);
    }

    /// @inheritdoc IOptimisticResolver
    function dispute(uint256 marketId) external nonReentrant {
        StoredProposal storage p = _proposals[marketId];
        Status status = p.status;
        if (status == Status.None) revert OptimisticResolverNoProposal(marketId);
        if (status == Status.Disputed || status == Status.Settled) {
            revert OptimisticResolverAlreadyDisputed(marketId, p.disputer);
        }
        uint256 endsAt = uint256(p.proposedAt) + challengeWindow;
        // A finalized proposal's window is over too.
        if (status == Status.Finalized || block.timestamp >= endsAt) {
            revert OptimisticResolverChallengeWindowOver(marketId, endsAt, block.timestamp);
        }
        uint256 bond = p.bond;
        p.disputer = msg.sender;
        p.status = Status.Disputed;
        _pullBond(bond);
        emit OutcomeDisputed(marketId, msg.sender, bond);
    }

    /// @inheritdoc IOptimisticResolver
    function finalize(uint256 marketId) external nonReentrant {
        StoredProposal storage p = _proposals[marketId];
        Status status = p.status;
        if (status == Status.None) revert OptimisticResolverNoProposal(marketId);
        if (status == Status.Disputed) revert OptimisticResolverDisputed(marketId);
        if (status != Status.Proposed) revert OptimisticResolverMarketSettled(marketId);
        uint256 endsAt = uint256(p.proposedAt) + challengeWindow;
        if (block.timestamp < endsAt) revert OptimisticResolverChallengeWindowOpen(marketId, endsAt, block.timestamp);

        p.status = Status.Finalized;
        address proposer = p.proposer;
        uint256 outcome = p.outcome;
        uint256 bond = p.bond;
        _resolve(marketId, outcome);
        emit ProposalFinalized(marketId, proposer, outcome, bond);
        _pay(proposer, bond);
    }

    /// @inheritdoc IOptimisticResolver
    function settle(uint256 marketId, uint256 outcome) external nonReentrant {
        if (msg.sender != settler) revert OptimisticResolverNotSettler(msg.sender);
        StoredProposal storage p = _proposals[marketId];
        Status status = p.status;
        if (status == Status.None) revert OptimisticResolverNoProposal(marketId);
        if (status == Status.Proposed) revert OptimisticResolverNotDisputed(marketId);
        if (status != Status.Disputed) revert OptimisticResolverMarketSettled(marketId);
        _checkOutcome(marketId, outcome, market.getMarket(marketId).outcomeCount);

        p.status = Status.Settled;
        address winner = outcome == p.outcome ? p.proposer : p.disputer;
        uint256 payout = 2 * p.bond;
        _resolve(marketId, outcome);
        emit DisputeSettled(marketId, outcome, winner, payout);
        _pay(winner, payout);
    }

    /// @inheritdoc IOptimisticResolver
    function claim() external nonReentrant returns (uint256 amount) {
        amount = _claimable[msg.sender];
        if (amount == 0) revert OptimisticResolverNothingToClaim(msg.sender);
        _claimable[msg.sender] = 0;
        if (!IERC20(bondToken).trySafeTransfer(msg.sender, amount)) {
            revert OptimisticResolverBondTransferFailed(bondToken);
        }
        emit BondClaimed(msg.sender, amount);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IMarketResolver
    function describe() external view returns (string memory) {
        return string.concat(
            "optimistic: bond >= ",
            Strings.toString(minBond),
            ", challenge window ",
            Strings.toString(challengeWindow),
            " s, disputes settled by ",
            Strings.toHexString(settler)
        );
    }

    /// @inheritdoc IOptimisticResolver
    function proposalOf(uint256 marketId) external view returns (Proposal memory) {
        StoredProposal storage p = _proposals[marketId];
        return Proposal({
            proposer: p.proposer,
            outcome: p.outcome,
            bond: p.bond,
            proposedAt: p.proposedAt,
            disputer: p.disputer,
            status: p.status
        });
    }

    /// @inheritdoc IOptimisticResolver
    function challengeEndsAt(uint256 marketId) external view returns (uint256) {
        StoredProposal storage p = _proposals[marketId];
        if (p.status == Status.None) return 0;
        return uint256(p.proposedAt) + challengeWindow;
    }

    /// @inheritdoc IOptimisticResolver
    function claimable(address account) external view returns (uint256) {
        return _claimable[account];
    }

    // ---------------------------------------------------------------- internal

    function _checkOutcome(uint256 marketId, uint256 outcome, uint256 outcomeCount) private pure {
        if (outcome != INVALID_OUTCOME && outcome >= outcomeCount) {
            revert OptimisticResolverInvalidOutcome(marketId, outcome, outcomeCount);
        }
    }

    function _resolve(uint256 marketId, uint256 outcome) private {
        if (outcome == INVALID_OUTCOME) market.resolveInvalid(marketId);
        else market.resolve(marketId, outcome);
    }

    /// @dev Pulls exactly `amount` bond tokens from the caller.
    function _pullBond(uint256 amount) private {
        IERC20 token = IERC20(bondToken);
        uint256 before = token.balanceOf(address(this));
        if (!token.trySafeTransferFrom(msg.sender, address(this), amount)) {
            revert OptimisticResolverBondTransferFailed(address(token));
        }
        uint256 afterwards = token.balanceOf(address(this));
        uint256 received = afterwards > before ? afterwards - before : 0;
        if (received != amount) revert OptimisticResolverBondFeeOnTransfer(amount, received);
    }

    /// @dev Pays `amount` to `to`, or credits it for `claim` if the transfer fails.
    function _pay(address to, uint256 amount) private {
        if (!IERC20(bondToken).trySafeTransfer(to, amount)) {
            _claimable[to] += amount;
            emit BondCredited(to, amount);
        }
    }
}
