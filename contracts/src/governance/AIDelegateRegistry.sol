// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IAIDelegate} from "../interfaces/IAIDelegate.sol";
import {IAIDelegateRegistry} from "../interfaces/IAIDelegateRegistry.sol";
import {AIDelegate} from "./AIDelegate.sol";

/// @title AIDelegateRegistry
/// @notice Registry of AI delegates and log of their decisions. See `IAIDelegateRegistry`.
/// @dev Storage per delegate: one slot read by every vote (operator, mandate count,
/// registration time), the owner, the instance, and the profile strings. A vote record and a
/// pending decision are three slots each. Records are written before the external call that
/// casts the vote (checks, effects, interactions); the governor is immutable, set at deployment.
contract AIDelegateRegistry is IAIDelegateRegistry {
    struct DelegateData {
        // slot 0: everything a vote reads. `mandateCount != 0` marks a registered delegate.
        address operator;
        uint32 mandateCount;
        uint48 registeredAt;
        // slot 1
        address owner;
        // slot 2
        address instance;
        string name;
        string metadataURI;
        string model;
    }

    struct MandateData {
        bytes32 mandateHash;
        uint48 publishedAt;
        string mandateURI;
    }

    struct VoteData {
        // slot 0
        address operator;
        uint48 timestamp;
        uint32 mandateVersion;
        uint8 support;
        // slots 1–2
        bytes32 summaryHash;
        bytes32 rationaleHash;
    }

    struct PendingData {
        // slot 0
        address operator;
        uint48 timestamp;
        uint32 mandateVersion;
        uint8 reasonCode;
        // slots 1–2
        bytes32 summaryHash;
        bytes32 noteHash;
    }

    /// @inheritdoc IAIDelegateRegistry
    IGovernor public immutable governor;

    /// @inheritdoc IAIDelegateRegistry
    address public immutable implementation;

    /// @inheritdoc IAIDelegateRegistry
    uint256 public delegateCount;

    /// @inheritdoc IAIDelegateRegistry
    mapping(address instance => uint256 delegateId) public delegateIdOf;

    mapping(uint256 delegateId => DelegateData) private _delegates;
    mapping(uint256 delegateId => mapping(uint256 version => MandateData)) private _mandates;
    mapping(uint256 delegateId => mapping(uint256 proposalId => VoteData)) private _votes;
    mapping(uint256 delegateId => mapping(uint256 proposalId => PendingData)) private _pending;

    /// @param governor_ The governor every delegate of this registry votes on; must have code.
    /// Deploys the `AIDelegate` implementation, bound to this registry and `governor_`.
    constructor(IGovernor governor_) {
        if (address(governor_).code.length == 0) revert RegistryInvalidGovernor(address(governor_));
        governor = governor_;
        implementation = address(new AIDelegate(governor_));
    }

    // ---------------------------------------------------------------- owner actions

    /// @inheritdoc IAIDelegateRegistry
    function register(RegisterParams calldata params) external returns (uint256 delegateId, address instance) {
        delegateId = ++delegateCount;
        if (params.mandateHash == bytes32(0)) revert RegistryEmptyMandateHash(delegateId);

        instance = Clones.cloneWithImmutableArgs(implementation, abi.encode(delegateId));
        delegateIdOf[instance] = delegateId;

        DelegateData storage d = _delegates[delegateId];
        d.operator = params.operator;
        d.mandateCount = 1;
        d.registeredAt = uint48(block.timestamp);
        d.owner = msg.sender;
        d.instance = instance;
        d.name = params.name;
        d.metadataURI = params.metadataURI;
        d.model = params.model;
        _mandates[delegateId][1] = MandateData(params.mandateHash, uint48(block.timestamp), params.mandateURI);

        emit DelegateRegistered(
            delegateId, instance, msg.sender, params.operator, params.name, params.metadataURI, params.model
        );
        emit MandatePublished(delegateId, 1, params.mandateHash, params.mandateURI);
    }

    /// @inheritdoc IAIDelegateRegistry
    function setOperator(uint256 delegateId, address newOperator) external {
        DelegateData storage d = _ownedDelegate(delegateId);
        address previous = d.operator;
        d.operator = newOperator;
        emit OperatorChanged(delegateId, previous, newOperator);
    }

    /// @inheritdoc IAIDelegateRegistry
    function updateProfile(uint256 delegateId, string calldata name, string calldata metadataURI, string calldata model)
        external
    {
        DelegateData storage d = _ownedDelegate(delegateId);
        d.name = name;
        d.metadataURI = metadataURI;
        d.model = model;
        emit ProfileUpdated(delegateId, name, metadataURI, model);
    }

    /// @inheritdoc IAIDelegateRegistry
    function publishMandate(uint256 delegateId, bytes32 mandateHash, string calldata mandateURI)
        external
        returns (uint256 version)
    {
        DelegateData storage d = _ownedDelegate(delegateId);
        if (mandateHash == bytes32(0)) revert RegistryEmptyMandateHash(delegateId);
        // A uint32 overflow would need 2^32 publications; checked arithmetic reverts before.
        uint32 next = d.mandateCount + 1;
        d.mandateCount = next;
        _mandates[delegateId][next] = MandateData(mandateHash, uint48(block.timestamp), mandateURI);
        emit MandatePublished(delegateId, next, mandateHash, mandateURI);
        return next;
    }

    // ---------------------------------------------------------------- operator actions

    /// @inheritdoc IAIDelegateRegistry
    function castVote(
        uint256 delegateId,
        uint256 proposalId,
        uint8 support,
        bytes32 summaryHash,
        uint256 mandateVersion,
        string calldata rationale
    ) external returns (uint256 weight) {
        (DelegateData storage d, bytes32 mandateHash) =
            _operatedDelegate(delegateId, proposalId, summaryHash, mandateVersion);
        address instance = d.instance;

        // Recorded before the call; the governor's checks (Active, first vote, support ≤ 2)
        // revert the whole transaction, record included.
        _votes[delegateId][proposalId] = VoteData({
            operator: msg.sender,
            timestamp: uint48(block.timestamp),
            // `_operatedDelegate` checked mandateVersion ≤ mandateCount, a uint32.
            mandateVersion: uint32(mandateVersion),
            support: support,
            summaryHash: summaryHash,
            rationaleHash: keccak256(bytes(rationale))
        });

        weight = IAIDelegate(instance).castVote(
            proposalId, support, formatVoteReason(rationale, summaryHash, mandateHash, mandateVersion)
        );

        emit DelegateVoteRecorded(
            delegateId,
            proposalId,
            instance,
            msg.sender,
            support,
            weight,
            summaryHash,
            mandateVersion,
            mandateHash,
            rationale
        );
    }

    /// @inheritdoc IAIDelegateRegistry
    function recordPendingDecision(
        uint256 delegateId,
        uint256 proposalId,
        uint8 reasonCode,
        bytes32 summaryHash,
        uint256 mandateVersion,
        string calldata note
    ) external {
        (DelegateData storage d, bytes32 mandateHash) =
            _operatedDelegate(delegateId, proposalId, summaryHash, mandateVersion);

        IGovernor.ProposalState proposalState = governor.state(proposalId);
        if (proposalState != IGovernor.ProposalState.Pending && proposalState != IGovernor.ProposalState.Active) {
            revert RegistryProposalNotOpen(proposalId, proposalState);
        }
        if (_votes[delegateId][proposalId].timestamp != 0) revert RegistryAlreadyVoted(delegateId, proposalId);

        _pending[delegateId][proposalId] = PendingData({
            operator: msg.sender,
            timestamp: uint48(block.timestamp),
            mandateVersion: uint32(mandateVersion),
            reasonCode: reasonCode,
            summaryHash: summaryHash,
            noteHash: keccak256(bytes(note))
        });

        emit PendingDecisionRecorded(
            delegateId, proposalId, d.instance, msg.sender, reasonCode, summaryHash, mandateVersion, mandateHash, note
        );
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IAIDelegateRegistry
    function delegateInfo(uint256 delegateId) external view returns (DelegateInfo memory) {
        DelegateData storage d = _knownDelegate(delegateId);
        return DelegateInfo({
            instance: d.instance,
            owner: d.owner,
            operator: d.operator,
            latestMandateVersion: d.mandateCount,
            registeredAt: d.registeredAt,
            name: d.name,
            metadataURI: d.metadataURI,
            model: d.model
        });
    }

    /// @inheritdoc IAIDelegateRegistry
    function mandate(uint256 delegateId, uint256 version) external view returns (Mandate memory) {
        _mandateHash(delegateId, _knownDelegate(delegateId).mandateCount, version);
        MandateData storage m = _mandates[delegateId][version];
        return Mandate({mandateHash: m.mandateHash, publishedAt: m.publishedAt, mandateURI: m.mandateURI});
    }

    /// @inheritdoc IAIDelegateRegistry
    function voteRecord(uint256 delegateId, uint256 proposalId) external view returns (VoteRecord memory record) {
        _knownDelegate(delegateId);
        VoteData storage v = _votes[delegateId][proposalId];
        if (v.timestamp == 0) return record;
        record = VoteRecord({
            proposalId: proposalId,
            support: v.support,
            summaryHash: v.summaryHash,
            mandateVersion: v.mandateVersion,
            mandateHash: _mandates[delegateId][v.mandateVersion].mandateHash,
            rationaleHash: v.rationaleHash,
            operator: v.operator,
            timestamp: v.timestamp
        });
    }

    /// @inheritdoc IAIDelegateRegistry
    function pendingDecision(uint256 delegateId, uint256 proposalId)
        external
        view
        returns (PendingDecision memory decision)
    {
        _knownDelegate(delegateId);
        PendingData storage p = _pending[delegateId][proposalId];
        if (p.timestamp == 0) return decision;
        decision = PendingDecision({
            proposalId: proposalId,
            reasonCode: p.reasonCode,
            summaryHash: p.summaryHash,
            mandateVersion: p.mandateVersion,
            mandateHash: _mandates[delegateId][p.mandateVersion].mandateHash,
            noteHash: p.noteHash,
            operator: p.operator,
            timestamp: p.timestamp
        });
    }

    /// @inheritdoc IAIDelegateRegistry
    function formatVoteReason(string calldata rationale, bytes32 summaryHash, bytes32 mandateHash, uint256 mandateVersion)
        public
        pure
        returns (string memory)
    {
        return string.concat(
            rationale,
            "\n\n#mandate-vote v1 summary=",
            _toHex(summaryHash),
            " mandate=",
            _toHex(mandateHash),
            " version=",
            Strings.toString(mandateVersion)
        );
    }

    // ---------------------------------------------------------------- internal

    /// @dev The delegate `delegateId`, or `RegistryUnknownDelegate`.
    function _knownDelegate(uint256 delegateId) private view returns (DelegateData storage d) {
        d = _delegates[delegateId];
        if (d.mandateCount == 0) revert RegistryUnknownDelegate(delegateId);
    }

    /// @dev The delegate `delegateId` when the caller owns it.
    function _ownedDelegate(uint256 delegateId) private view returns (DelegateData storage d) {
        d = _knownDelegate(delegateId);
        if (msg.sender != d.owner) revert RegistryNotOwner(delegateId, msg.sender);
    }

    /// @dev The delegate `delegateId` when the caller operates it, and the hash of a valid mandate
    /// version, for a decision on `proposalId` made from a non-empty summary.
    function _operatedDelegate(uint256 delegateId, uint256 proposalId, bytes32 summaryHash, uint256 mandateVersion)
        private
        view
        returns (DelegateData storage d, bytes32 mandateHash)
    {
        d = _knownDelegate(delegateId);
        if (msg.sender != d.operator) revert RegistryNotOperator(delegateId, msg.sender);
        mandateHash = _mandateHash(delegateId, d.mandateCount, mandateVersion);
        if (summaryHash == bytes32(0)) revert RegistryEmptySummaryHash(delegateId, proposalId);
    }

    /// @dev "0x" and the 64 lowercase hex digits of `value`. Two calls cost about 14k gas less
    /// than two `Strings.toHexString(uint256, 32)` (measured); the fuzz test of
    /// `formatVoteReason` compares the output with `vm.toString`.
    function _toHex(bytes32 value) private pure returns (string memory str) {
        assembly ("memory-safe") {
            str := mload(0x40)
            mstore(0x40, add(str, 0x80)) // length word + 66 characters, rounded up to 32 bytes
            mstore(str, 66)
            mstore(add(str, 0x20), "0x")
            // The digit table "0123456789abcdef" ends at scratch byte 0x2e, so the lowest byte
            // of the word loaded at address d (0 ≤ d < 16) is the digit for d.
            mstore(0x0f, 0x30313233343536373839616263646566)
            let out := add(str, 0x22)
            for { let i := 0 } lt(i, 32) { i := add(i, 1) } {
                let b := byte(i, value)
                mstore8(add(out, shl(1, i)), mload(shr(4, b)))
                mstore8(add(out, add(shl(1, i), 1)), mload(and(b, 15)))
            }
        }
    }

    /// @dev The hash of mandate `version` of `delegateId`, which has `count` versions.
    function _mandateHash(uint256 delegateId, uint256 count, uint256 version) private view returns (bytes32) {
        if (version == 0 || version > count) revert RegistryUnknownMandateVersion(delegateId, version, count);
        return _mandates[delegateId][version].mandateHash;
    }
}
