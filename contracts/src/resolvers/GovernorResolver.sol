// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {ILMSRMarket} from "../interfaces/ILMSRMarket.sol";
import {IGovernorResolver} from "../interfaces/IGovernorResolver.sol";
import {IMarketResolver} from "../interfaces/IMarketResolver.sol";
import {LMSRMath} from "../libraries/LMSRMath.sol";

/// @title GovernorResolver
/// @notice Binary markets on the proposals of one OpenZeppelin Governor, resolved from the
/// governor's own state. See `IGovernorResolver` for the rules.
/// @dev The resolver is each market's creator (it calls `createMarket`), so it holds the funding
/// only for the duration of `createMarket` and the surplus only for the duration of
/// `withdrawSurplus`; it never holds tokens between calls.
contract GovernorResolver is IGovernorResolver, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @inheritdoc IGovernorResolver
    uint256 public constant OUTCOME_NO = 0;

    /// @inheritdoc IGovernorResolver
    uint256 public constant OUTCOME_YES = 1;

    uint256 private constant OUTCOMES = 2;
    uint256 private constant MAX_LIQUIDITY = type(uint96).max;
    bytes32 private constant TIMESTAMP_MODE = keccak256("mode=timestamp");

    /// @inheritdoc IGovernorResolver
    ILMSRMarket public immutable market;

    /// @inheritdoc IGovernorResolver
    IGovernor public immutable governor;

    /// @inheritdoc IGovernorResolver
    address public immutable collateral;

    /// @inheritdoc IGovernorResolver
    uint256 public immutable feeBps;

    /// @inheritdoc IGovernorResolver
    uint256 public immutable minLiquidity;

    struct ProposalMarket {
        uint256 marketId;
        address funder;
    }

    mapping(uint256 proposalId => ProposalMarket) private _markets;

    /// @param market_ The market singleton.
    /// @param governor_ The governor; its clock must count seconds (`CLOCK_MODE() == "mode=timestamp"`).
    /// @param collateral_ The collateral of every market opened here.
    /// @param feeBps_ The trading fee of every market opened here, at most the market's `MAX_FEE_BPS`.
    /// @param minLiquidity_ The least liquidity `b` an opener may choose, base units, in [1, 2^96 − 1].
    constructor(
        ILMSRMarket market_,
        IGovernor governor_,
        address collateral_,
        uint256 feeBps_,
        uint256 minLiquidity_
    ) {
        if (address(market_).code.length == 0) revert GovernorResolverInvalidMarket(address(market_));
        if (address(governor_).code.length == 0) revert GovernorResolverInvalidGovernor(address(governor_));
        if (collateral_.code.length == 0) revert GovernorResolverInvalidCollateral(collateral_);
        uint256 maxFee = market_.MAX_FEE_BPS();
        if (feeBps_ > maxFee) revert GovernorResolverInvalidFee(feeBps_, maxFee);
        if (minLiquidity_ == 0 || minLiquidity_ > MAX_LIQUIDITY) {
            revert GovernorResolverInvalidMinLiquidity(minLiquidity_);
        }
        string memory mode;
        try governor_.CLOCK_MODE() returns (string memory m) {
            mode = m;
        } catch {}
        if (keccak256(bytes(mode)) != TIMESTAMP_MODE) revert GovernorResolverUnsupportedClock(mode);
        market = market_;
        governor = governor_;
        collateral = collateral_;
        feeBps = feeBps_;
        minLiquidity = minLiquidity_;
    }

    /// @inheritdoc IGovernorResolver
    function createMarket(uint256 proposalId, uint256 liquidity, bytes32 metadataHash, string calldata metadataURI)
        external
        nonReentrant
        returns (uint256 marketId)
    {
        uint256 existing = _markets[proposalId].marketId;
        if (existing != 0) revert GovernorResolverMarketExists(proposalId, existing);
        uint256 funding = fundingFor(liquidity);
        // Reverts for a proposal the governor does not know.
        IGovernor.ProposalState state = governor.state(proposalId);
        if (state != IGovernor.ProposalState.Pending && state != IGovernor.ProposalState.Active) {
            revert GovernorResolverProposalNotOpen(proposalId, state);
        }
        uint256 deadline = governor.proposalDeadline(proposalId);
        if (deadline <= block.timestamp) revert GovernorResolverVotingEnded(proposalId, deadline, block.timestamp);

        IERC20 token = IERC20(collateral);
        token.safeTransferFrom(msg.sender, address(this), funding);
        token.forceApprove(address(market), funding);
        marketId = market.createMarket(
            ILMSRMarket.CreateParams({
                collateral: collateral,
                liquidity: liquidity,
                outcomeCount: OUTCOMES,
                resolver: address(this),
                closeTime: deadline,
                feeBps: feeBps,
                metadataHash: metadataHash,
                metadataURI: metadataURI
            })
        );
        _markets[proposalId] = ProposalMarket({marketId: marketId, funder: msg.sender});
        emit ProposalMarketOpened(proposalId, marketId, msg.sender, liquidity, funding, deadline);
    }

    /// @inheritdoc IGovernorResolver
    function resolve(uint256 proposalId) external nonReentrant returns (uint256 outcome) {
        uint256 marketId = _marketOf(proposalId);
        ILMSRMarket.MarketState marketState = market.state(marketId);
        if (marketState == ILMSRMarket.MarketState.Resolved || marketState == ILMSRMarket.MarketState.Invalid) {
            revert GovernorResolverAlreadyResolved(proposalId, marketId);
        }
        bool isFinal;
        IGovernor.ProposalState state;
        (isFinal, outcome, state) = outcomeOf(proposalId);
        if (!isFinal) revert GovernorResolverNotFinal(proposalId, state);
        emit ProposalMarketResolved(proposalId, marketId, state, outcome);
        market.resolve(marketId, outcome);
    }

    /// @inheritdoc IGovernorResolver
    function withdrawSurplus(uint256 proposalId) external nonReentrant returns (uint256 amount) {
        uint256 marketId = _marketOf(proposalId);
        address funder = _markets[proposalId].funder;
        amount = market.withdrawSurplus(marketId);
        IERC20(collateral).safeTransfer(funder, amount);
        emit SurplusForwarded(proposalId, marketId, funder, amount);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IMarketResolver
    function describe() external view returns (string memory) {
        return string.concat("governor proposal state: ", Strings.toHexString(address(governor)));
    }

    /// @inheritdoc IGovernorResolver
    function outcomeOf(uint256 proposalId)
        public
        view
        returns (bool isFinal, uint256 outcome, IGovernor.ProposalState state)
    {
        state = governor.state(proposalId);
        if (
            state == IGovernor.ProposalState.Succeeded || state == IGovernor.ProposalState.Queued
                || state == IGovernor.ProposalState.Executed
        ) {
            return (true, OUTCOME_YES, state);
        }
        if (
            state == IGovernor.ProposalState.Defeated || state == IGovernor.ProposalState.Expired
                || state == IGovernor.ProposalState.Canceled
        ) {
            return (true, OUTCOME_NO, state);
        }
        return (false, 0, state);
    }

    /// @inheritdoc IGovernorResolver
    function marketOf(uint256 proposalId) external view returns (uint256) {
        return _markets[proposalId].marketId;
    }

    /// @inheritdoc IGovernorResolver
    function funderOf(uint256 proposalId) external view returns (address) {
        return _markets[proposalId].funder;
    }

    /// @inheritdoc IGovernorResolver
    function fundingFor(uint256 liquidity) public view returns (uint256) {
        if (liquidity < minLiquidity || liquidity > MAX_LIQUIDITY) {
            revert GovernorResolverInvalidLiquidity(liquidity, minLiquidity, MAX_LIQUIDITY);
        }
        return LMSRMath.costOf(0, LMSRMath.initialLogSum(OUTCOMES), liquidity);
    }

    function _marketOf(uint256 proposalId) private view returns (uint256 marketId) {
        marketId = _markets[proposalId].marketId;
        if (marketId == 0) revert GovernorResolverNoMarket(proposalId);
    }
}
