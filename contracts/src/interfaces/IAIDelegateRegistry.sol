// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";

/// @title IAIDelegateRegistry
/// @notice The registry of Mandate's AI delegates and the on-chain log of their decisions. Each
/// delegate has an `IAIDelegate` instance (the address holders delegate their votes to), an
/// owner, an operator key, a profile (name, metadata URI, model/engine) and a versioned mandate.
/// Every vote a delegate casts goes through this registry, which records why it voted.
/// @dev Roles, in full:
/// - Owner: the account that called `register`. Only the owner changes the operator, the profile
///   and the mandate (`RegistryNotOwner`). Ownership cannot be transferred.
/// - Operator: the agent's hot key. Only the operator casts votes and records pending decisions
///   (`RegistryNotOperator`); the owner is not an operator unless it names itself. Setting the
///   operator to `address(0)` pauses the delegate: nobody can act for it until the owner names
///   a new operator. The operator can never move tokens: the instance has no such function.
/// - Holders: delegate their token votes to the instance address (`token.delegate(instance)`)
///   and can override any of its votes on the governor (`castOverrideVote`).
///
/// Voting path: operator → `castVote` here → `IAIDelegate.castVote` → governor
/// `castVoteWithReason`. One entry point checks the operator, resolves the mandate version,
/// formats the reason and records the decision in the same transaction; the governor's own
/// checks (proposal Active, one vote per proposal, support 0–2) apply and its errors bubble up.
///
/// Mandates: an append-only list per delegate, numbered from 1. Version 1 is published by
/// `register`; `publishMandate` appends the next. A vote or pending decision names the version
/// it was decided under; any published version is accepted (a superseded one stays visible in
/// the record), version 0 and unpublished versions are not (`RegistryUnknownMandateVersion`).
///
/// Reason format (v1) of every AI vote, as passed to `castVoteWithReason` and returned by
/// `formatVoteReason`:
/// ```
/// <rationale>\n\n#mandate-vote v1 summary=0x<64 hex> mandate=0x<64 hex> version=<decimal>
/// ```
/// Hex is lowercase, the version is the mandate version in decimal without leading zeros, and
/// the trailer is the last line. Parse it with the regular expression
/// `\n\n#mandate-vote v1 summary=(0x[0-9a-f]{64}) mandate=(0x[0-9a-f]{64}) version=([0-9]+)$`
/// anchored at the end; everything before the match is the rationale (possibly empty).
///
/// Decision records keep hashes of long texts (`rationaleHash`, `noteHash` = keccak256 of the
/// UTF-8 bytes); the texts themselves are in the events (and, for votes, in the governor's
/// `VoteCast` reason). Timestamps are Unix seconds. A record with `timestamp == 0` does not exist.
/// The records are the on-chain audit trail; the events carry everything an indexer needs.
interface IAIDelegateRegistry {
    /// @notice What `register` takes.
    /// @param operator The agent's key that will vote; `address(0)` registers a paused delegate.
    /// @param name Display name.
    /// @param metadataURI Where the delegate's profile document lives (description, avatar...).
    /// @param model The model or engine the agent runs, e.g. "offline-extractive-v1" or
    /// "openai:gpt-4o-mini".
    /// @param mandateHash keccak256 of mandate version 1's document; must not be zero.
    /// @param mandateURI Where mandate version 1 can be fetched.
    struct RegisterParams {
        address operator;
        string name;
        string metadataURI;
        string model;
        bytes32 mandateHash;
        string mandateURI;
    }

    /// @notice Everything known about a delegate.
    /// @param instance The `IAIDelegate` address holders delegate to.
    /// @param latestMandateVersion Number of published mandate versions (≥ 1).
    /// @param registeredAt Unix seconds.
    struct DelegateInfo {
        address instance;
        address owner;
        address operator;
        uint256 latestMandateVersion;
        uint256 registeredAt;
        string name;
        string metadataURI;
        string model;
    }

    /// @notice One version of a delegate's mandate.
    /// @param publishedAt Unix seconds.
    struct Mandate {
        bytes32 mandateHash;
        uint256 publishedAt;
        string mandateURI;
    }

    /// @notice A vote a delegate cast, as recorded by `castVote`. The weight counted is in the
    /// `DelegateVoteRecorded` event and the governor's `VoteCast`; it is not stored, because
    /// later overrides reduce it (`VoteReduced`) and the governor's tally is the live figure.
    /// @param support 0 = Against, 1 = For, 2 = Abstain.
    /// @param mandateHash The hash of `mandateVersion`, read from the mandate list.
    /// @param rationaleHash keccak256 of the rationale text (or URI) given to `castVote`.
    /// @param operator The operator key that cast the vote.
    /// @param timestamp Unix seconds; 0 when the delegate has not voted on the proposal.
    struct VoteRecord {
        uint256 proposalId;
        uint8 support;
        bytes32 summaryHash;
        uint256 mandateVersion;
        bytes32 mandateHash;
        bytes32 rationaleHash;
        address operator;
        uint256 timestamp;
    }

    /// @notice The latest decision of a delegate not to vote (yet) on a proposal.
    /// @param reasonCode Why the delegate did not vote. Well-known codes: 0 = ask the human
    /// (the mandate leaves this decision to the holders), 1 = outside the mandate, 2 = low
    /// confidence in the extracted facts, 3 = the proposal's text does not match its decoded
    /// actions, 4 = other (see the note). Other values are accepted and mean "other".
    /// @param noteHash keccak256 of the note text (or URI).
    /// @param timestamp Unix seconds; 0 when no pending decision was recorded.
    struct PendingDecision {
        uint256 proposalId;
        uint8 reasonCode;
        bytes32 summaryHash;
        uint256 mandateVersion;
        bytes32 mandateHash;
        bytes32 noteHash;
        address operator;
        uint256 timestamp;
    }

    /// @notice `owner` registered delegate `delegateId`, whose votes live at `instance`.
    /// Followed by `MandatePublished` for version 1.
    event DelegateRegistered(
        uint256 indexed delegateId,
        address indexed instance,
        address indexed owner,
        address operator,
        string name,
        string metadataURI,
        string model
    );

    /// @notice The owner replaced the operator of `delegateId` (`address(0)`: paused).
    event OperatorChanged(uint256 indexed delegateId, address indexed previousOperator, address indexed newOperator);

    /// @notice The owner replaced the profile of `delegateId`.
    event ProfileUpdated(uint256 indexed delegateId, string name, string metadataURI, string model);

    /// @notice Mandate `version` of `delegateId` was published.
    event MandatePublished(uint256 indexed delegateId, uint256 indexed version, bytes32 mandateHash, string mandateURI);

    /// @notice Delegate `delegateId` (voting from `instance`) voted `support` on `proposalId`
    /// with `weight` votes, under mandate `mandateVersion` (`mandateHash`), after reading the
    /// summary `summaryHash`. `rationale` is the text or URI also embedded in the governor reason.
    /// @param weight Votes counted when the vote was cast, token base units: the instance's votes
    /// at the snapshot minus those its delegators had already overridden. Later overrides reduce
    /// the governor's tally further (`VoteReduced`), not this number.
    event DelegateVoteRecorded(
        uint256 indexed delegateId,
        uint256 indexed proposalId,
        address indexed instance,
        address operator,
        uint8 support,
        uint256 weight,
        bytes32 summaryHash,
        uint256 mandateVersion,
        bytes32 mandateHash,
        string rationale
    );

    /// @notice Delegate `delegateId` decided not to vote (yet) on `proposalId`, for `reasonCode`
    /// (see `PendingDecision`), under mandate `mandateVersion` (`mandateHash`).
    event PendingDecisionRecorded(
        uint256 indexed delegateId,
        uint256 indexed proposalId,
        address indexed instance,
        address operator,
        uint8 reasonCode,
        bytes32 summaryHash,
        uint256 mandateVersion,
        bytes32 mandateHash,
        string note
    );

    /// @notice `governor` has no code.
    error RegistryInvalidGovernor(address governor);

    /// @notice No delegate has id `delegateId` (ids run from 1 to `delegateCount()`).
    error RegistryUnknownDelegate(uint256 delegateId);

    /// @notice `caller` is not the operator of `delegateId`.
    error RegistryNotOperator(uint256 delegateId, address caller);

    /// @notice `caller` is not the owner of `delegateId`.
    error RegistryNotOwner(uint256 delegateId, address caller);

    /// @notice `delegateId` has no mandate `version`; versions 1 to `latestVersion` exist.
    error RegistryUnknownMandateVersion(uint256 delegateId, uint256 version, uint256 latestVersion);

    /// @notice A mandate hash of zero was given for `delegateId`.
    error RegistryEmptyMandateHash(uint256 delegateId);

    /// @notice A summary hash of zero was given for `delegateId`'s decision on `proposalId`: every
    /// decision must name the summary it was made from.
    error RegistryEmptySummaryHash(uint256 delegateId, uint256 proposalId);

    /// @notice `proposalId` is in `state`: pending decisions are recorded only while it is
    /// Pending or Active.
    error RegistryProposalNotOpen(uint256 proposalId, IGovernor.ProposalState state);

    /// @notice `delegateId` already voted on `proposalId`: a pending decision can no longer be
    /// recorded.
    error RegistryAlreadyVoted(uint256 delegateId, uint256 proposalId);

    /// @notice Registers a delegate owned by the caller, deploys its instance and publishes
    /// mandate version 1. Emits `DelegateRegistered` then `MandatePublished`.
    /// @return delegateId The new id, `delegateCount()` after the call.
    /// @return instance The address holders delegate their votes to.
    function register(RegisterParams calldata params) external returns (uint256 delegateId, address instance);

    /// @notice Replaces the operator of `delegateId`; `address(0)` pauses the delegate. Only the
    /// owner. Emits `OperatorChanged`.
    function setOperator(uint256 delegateId, address newOperator) external;

    /// @notice Replaces the name, metadata URI and model of `delegateId`. Only the owner.
    /// Emits `ProfileUpdated`.
    function updateProfile(uint256 delegateId, string calldata name, string calldata metadataURI, string calldata model)
        external;

    /// @notice Appends a mandate version to `delegateId`. Only the owner. Emits `MandatePublished`.
    /// @param mandateHash keccak256 of the mandate document; must not be zero.
    /// @return version The new version number, `latestMandateVersion` after the call.
    function publishMandate(uint256 delegateId, bytes32 mandateHash, string calldata mandateURI)
        external
        returns (uint256 version);

    /// @notice Casts `delegateId`'s vote on `proposalId` and records why. Only the operator.
    /// The governor receives `formatVoteReason(rationale, summaryHash, mandateHash, mandateVersion)`
    /// as the reason. Emits `DelegateVoteRecorded` (after the governor's `VoteCast`).
    /// @dev Governor errors bubble up: `GovernorUnexpectedProposalState` outside the voting
    /// period, `GovernorAlreadyCastVote(instance)` on a second vote, `GovernorInvalidVoteType`
    /// for a support above 2, `GovernorNonexistentProposal` for an unknown proposal.
    /// @param support 0 = Against, 1 = For, 2 = Abstain.
    /// @param summaryHash keccak256 of the proposal summary the decision was made from; not zero.
    /// @param mandateVersion A published mandate version of the delegate.
    /// @param rationale Short text, or a URI to a longer document.
    /// @return weight Votes counted, token base units (see `DelegateVoteRecorded`).
    function castVote(
        uint256 delegateId,
        uint256 proposalId,
        uint8 support,
        bytes32 summaryHash,
        uint256 mandateVersion,
        string calldata rationale
    ) external returns (uint256 weight);

    /// @notice Records that `delegateId` decided not to vote (yet) on `proposalId`, e.g. to ask
    /// the human. Only the operator, only while the proposal is Pending or Active and the delegate
    /// has not voted on it. A later record replaces the stored one (all stay in the events); a
    /// later vote is still allowed. Emits `PendingDecisionRecorded`.
    /// @dev Reverts with the governor's `GovernorNonexistentProposal` for an unknown proposal.
    /// @param reasonCode See `PendingDecision.reasonCode`.
    /// @param summaryHash keccak256 of the proposal summary the decision was made from; not zero.
    /// @param mandateVersion A published mandate version of the delegate.
    /// @param note Short text, or a URI to a longer document.
    function recordPendingDecision(
        uint256 delegateId,
        uint256 proposalId,
        uint8 reasonCode,
        bytes32 summaryHash,
        uint256 mandateVersion,
        string calldata note
    ) external;

    /// @notice The governor every delegate of this registry votes on.
    function governor() external view returns (IGovernor);

    /// @notice The `IAIDelegate` implementation every instance is a clone of.
    function implementation() external view returns (address);

    /// @notice Number of registered delegates; ids run from 1 to this number.
    function delegateCount() external view returns (uint256);

    /// @notice Everything known about `delegateId`. Reverts with `RegistryUnknownDelegate`.
    function delegateInfo(uint256 delegateId) external view returns (DelegateInfo memory);

    /// @notice The id of the delegate whose instance is `instance`; 0 when it is none.
    function delegateIdOf(address instance) external view returns (uint256);

    /// @notice Mandate `version` of `delegateId`. Reverts with `RegistryUnknownDelegate` or
    /// `RegistryUnknownMandateVersion`.
    function mandate(uint256 delegateId, uint256 version) external view returns (Mandate memory);

    /// @notice The vote `delegateId` cast on `proposalId`; `timestamp == 0` when it has not voted.
    /// Reverts with `RegistryUnknownDelegate`.
    function voteRecord(uint256 delegateId, uint256 proposalId) external view returns (VoteRecord memory);

    /// @notice The latest pending decision of `delegateId` on `proposalId`; `timestamp == 0` when
    /// none was recorded. Reverts with `RegistryUnknownDelegate`.
    function pendingDecision(uint256 delegateId, uint256 proposalId) external view returns (PendingDecision memory);

    /// @notice The governor reason of an AI vote, in the v1 format described above.
    function formatVoteReason(string calldata rationale, bytes32 summaryHash, bytes32 mandateHash, uint256 mandateVersion)
        external
        pure
        returns (string memory);
}
