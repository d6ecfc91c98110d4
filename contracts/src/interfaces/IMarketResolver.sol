// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IMarketResolver
/// @notice A contract that decides how markets resolve. A market names its resolver at creation,
/// and only that address may call `ILMSRMarket.resolve` for it.
/// @dev Resolvers differ in how they reach an answer (a committee, a governor's state, an
/// optimistic bond game); the market only needs the final call. `describe` lets an indexer or a UI
/// say who resolves a market without knowing the resolver's type.
interface IMarketResolver {
    /// @notice A short human-readable description of how this resolver decides, e.g.
    /// "committee 2-of-3" or "governor proposal state".
    function describe() external view returns (string memory);
}
