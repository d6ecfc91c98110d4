// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {ILMSRMarket} from "./ILMSRMarket.sol";
import {IMarketResolver} from "./IMarketResolver.sol";

/// @title IGovernorResolver
/// @notice Opens and resolves binary proposal markets "Will proposal N of this governor succeed?"
/// for an OpenZeppelin Governor (`IGovernor`) that counts time in seconds (ERC-6372
/// `CLOCK_MODE() == "mode=timestamp"`). Outcome 0 is NO, outcome 1 is YES.
/// @dev Rules, in full:
/// - Opening. Anyone may open the one market of a proposal while the proposal is `Pending` or
///   `Active` and its voting deadline is in the future. The opener chooses the liquidity (at least
///   `minLiquidity`) and the metadata, pays the funding `ceil(b·ln 2)` in `collateral` (approve this
///   contract first) and is recorded as the market's funder. The resolver creates the market with
///   itself as resolver and creator, the deployment's `collateral` and `feeBps`, and the proposal's
///   voting deadline (`proposalDeadline`, Unix seconds) as close time: trading stops when the last
///   second of voting begins. A second market for the same proposal reverts with
///   `GovernorResolverMarketExists`. Collateral and fee are fixed at deployment so that the first
///   opener cannot squat a proposal with a worthless token or a punitive fee.
/// - Resolution. Trustless, from `governor.state(proposalId)` at the time of the call. Anyone may
///   call `resolve` once the state is final for the question:
///   `Succeeded`, `Queued`, `Executed` → YES (1); `Defeated`, `Expired`, `Canceled` → NO (0);
///   `Pending`, `Active` → not final (`GovernorResolverNotFinal`). The market is settled by the
///   first successful call and never changes afterwards.
/// - What "succeed" means. The vote passed (quorum reached and the vote succeeded), observed before
///   the proposal was canceled or expired. `Succeeded` is treated as final even though a governor
///   may later move the proposal on: to `Queued`/`Executed` (still YES), or, with some extensions,
///   to `Canceled` (a guardian or a timelock canceller can cancel a succeeded or queued proposal)
///   or `Expired` (timelocks that set an ETA, e.g. `GovernorTimelockCompound`, expire a queued
///   proposal not executed within the grace period). Such a later state only matters if nobody
///   resolved while the proposal was `Succeeded` or `Queued`; YES holders, who want the payout,
///   are expected to resolve as soon as the vote passes. A proposal canceled or defeated before
///   its deadline resolves NO as soon as that state is reached (before the market's close time,
///   which ends trading at once).
/// - Extensions that move the deadline (`GovernorPreventLateQuorum`) leave the market's close time
///   at the deadline read when it was opened; resolution still waits for a final state.
/// - Surplus. The resolver is the market's creator; `withdrawSurplus` (anyone may call it after
///   resolution) takes the market's surplus and fees and forwards them to the funder.
interface IGovernorResolver is IMarketResolver {
    /// @notice `funder` opened `marketId` on `proposalId`, paying `funding` base units for liquidity
    /// `liquidity`; trading closes at `closeTime` (the proposal's voting deadline, Unix seconds).
    event ProposalMarketOpened(
        uint256 indexed proposalId,
        uint256 indexed marketId,
        address indexed funder,
        uint256 liquidity,
        uint256 funding,
        uint256 closeTime
    );

    /// @notice `marketId` on `proposalId` resolved to `outcome` (0 NO, 1 YES) from the governor's
    /// `state`.
    event ProposalMarketResolved(
        uint256 indexed proposalId, uint256 indexed marketId, IGovernor.ProposalState state, uint256 outcome
    );

    /// @notice `amount` base units of surplus of `marketId` went to its `funder`.
    event SurplusForwarded(
        uint256 indexed proposalId, uint256 indexed marketId, address indexed funder, uint256 amount
    );

    /// @notice The market given at construction holds no code.
    error GovernorResolverInvalidMarket(address market);
    /// @notice The governor given at construction holds no code.
    error GovernorResolverInvalidGovernor(address governor);
    /// @notice The governor does not count time in seconds: its `CLOCK_MODE()` is `mode`.
    error GovernorResolverUnsupportedClock(string mode);
    /// @notice The collateral given at construction holds no code.
    error GovernorResolverInvalidCollateral(address collateral);
    /// @notice The fee given at construction exceeds the market's `MAX_FEE_BPS`.
    error GovernorResolverInvalidFee(uint256 feeBps, uint256 maxFeeBps);
    /// @notice The minimum liquidity given at construction is zero or above 2^96 − 1.
    error GovernorResolverInvalidMinLiquidity(uint256 minLiquidity);
    /// @notice The liquidity asked for is outside [`minLiquidity`, `maxLiquidity`] (the market's
    /// bound, 2^96 − 1).
    error GovernorResolverInvalidLiquidity(uint256 liquidity, uint256 minLiquidity, uint256 maxLiquidity);
    /// @notice `proposalId` already has its market, `marketId`.
    error GovernorResolverMarketExists(uint256 proposalId, uint256 marketId);
    /// @notice A market can only be opened while the proposal is `Pending` or `Active`.
    error GovernorResolverProposalNotOpen(uint256 proposalId, IGovernor.ProposalState state);
    /// @notice The proposal's voting deadline `deadline` is not after the current time `nowTimestamp`.
    error GovernorResolverVotingEnded(uint256 proposalId, uint256 deadline, uint256 nowTimestamp);
    /// @notice `proposalId` has no market.
    error GovernorResolverNoMarket(uint256 proposalId);
    /// @notice The proposal's state `state` does not answer the question yet.
    error GovernorResolverNotFinal(uint256 proposalId, IGovernor.ProposalState state);
    /// @notice `marketId` on `proposalId` is already resolved.
    error GovernorResolverAlreadyResolved(uint256 proposalId, uint256 marketId);

    /// @notice The outcome index of NO: 0.
    function OUTCOME_NO() external view returns (uint256);

    /// @notice The outcome index of YES: 1.
    function OUTCOME_YES() external view returns (uint256);

    /// @notice The market singleton.
    function market() external view returns (ILMSRMarket);

    /// @notice The governor whose proposals this resolver's markets are about.
    function governor() external view returns (IGovernor);

    /// @notice The collateral of every market this resolver opens.
    function collateral() external view returns (address);

    /// @notice The trading fee of every market this resolver opens, basis points.
    function feeBps() external view returns (uint256);

    /// @notice The least liquidity `b` an opener may choose, base units.
    function minLiquidity() external view returns (uint256);

    /// @notice Opens the market of `proposalId` with liquidity `liquidity`, paid by the caller
    /// (`ceil(liquidity · ln 2)` base units of `collateral`; approve this contract first).
    /// @param metadataHash keccak256 of the market's metadata document, as `ILMSRMarket` stores it.
    /// @param metadataURI Where that document can be fetched.
    /// @return marketId The new market.
    function createMarket(uint256 proposalId, uint256 liquidity, bytes32 metadataHash, string calldata metadataURI)
        external
        returns (uint256 marketId);

    /// @notice Resolves the market of `proposalId` from the governor's state. Anyone may call it.
    /// @return outcome 1 (YES) or 0 (NO).
    function resolve(uint256 proposalId) external returns (uint256 outcome);

    /// @notice Takes the market's surplus (after resolution) and sends it to the funder. Anyone may
    /// call it; it reverts with the market's `NothingToWithdraw` when there is none.
    /// @return amount Base units forwarded.
    function withdrawSurplus(uint256 proposalId) external returns (uint256 amount);

    /// @notice The outcome the market of `proposalId` would resolve to now.
    /// @return isFinal Whether the state answers the question.
    /// @return outcome The outcome if final, else 0.
    /// @return state The governor's state of the proposal.
    function outcomeOf(uint256 proposalId)
        external
        view
        returns (bool isFinal, uint256 outcome, IGovernor.ProposalState state);

    /// @notice The market of `proposalId`, 0 if none.
    function marketOf(uint256 proposalId) external view returns (uint256);

    /// @notice Who funded the market of `proposalId` (receives its surplus), zero if none.
    function funderOf(uint256 proposalId) external view returns (address);

    /// @notice The funding `ceil(liquidity · ln 2)` an opener pays for `liquidity`, base units
    /// (exactly what `ILMSRMarket.createMarket` charges for two outcomes).
    function fundingFor(uint256 liquidity) external view returns (uint256);
}
