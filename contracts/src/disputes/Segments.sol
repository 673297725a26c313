// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title Segments
/// @notice The arithmetic of a k-ary dissection of a step range (decision 022): a segment `[start, start + length]`
/// of the trace, cut into `min(DEGREE, length)` parts whose bounds are `start + floor(length * j / parts)`, and the
/// hash a game stores in place of a posted root vector (the roots themselves travel in events and calldata).
library Segments {
    /// @notice The dissection degree k: roots per move k + 1. Chosen from measured gas (decision 022).
    uint256 internal constant DEGREE = 32;

    /// @notice What a game stores for the last posted vector: `roots[j]` is the state root after step
    /// `start + floor(length * j / (roots.length - 1))`.
    function hash(uint64 start, uint64 length, bytes32[] calldata roots) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(start, length, roots));
    }

    /// @notice The same hash over a vector in memory (the two roots of a claim).
    function hashMemory(uint64 start, uint64 length, bytes32[] memory roots) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(start, length, roots));
    }

    /// @notice How many parts a segment of `length` steps is cut into: k, or one per step when shorter.
    function parts(uint64 length) internal pure returns (uint256) {
        return length < DEGREE ? length : DEGREE;
    }

    /// @notice Part `index` of a segment cut into `count` parts: its first step and its length.
    function part(uint64 start, uint64 length, uint256 count, uint256 index)
        internal
        pure
        returns (uint64 partStart, uint64 partLength)
    {
        uint256 from = (uint256(length) * index) / count;
        uint256 to = (uint256(length) * (index + 1)) / count;
        return (start + uint64(from), uint64(to - from));
    }
}
