// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @notice Builds OpenZeppelin-style Merkle trees in tests (sorted pairs; the caller passes
/// leaves already double-hashed, as ResultHashing.leaf does): level by level, an odd node is
/// carried up unchanged, which MerkleProof.verify accepts.
library Merkle {
    function hashPair(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    /// @notice The leaf of task `index` with result `digest`, computed independently of the hub.
    function leaf(uint256 index, bytes32 digest) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(index, digest))));
    }

    function root(bytes32[] memory leaves) internal pure returns (bytes32) {
        bytes32[] memory level = leaves;
        while (level.length > 1) level = _up(level);
        return level[0];
    }

    function proof(bytes32[] memory leaves, uint256 i) internal pure returns (bytes32[] memory path) {
        bytes32[] memory buf = new bytes32[](64);
        uint256 depth;
        bytes32[] memory level = leaves;
        while (level.length > 1) {
            uint256 sibling = i ^ 1;
            if (sibling < level.length) buf[depth++] = level[sibling];
            level = _up(level);
            i >>= 1;
        }
        path = new bytes32[](depth);
        for (uint256 k; k < depth; ++k) path[k] = buf[k];
    }

    /// @notice Leaves of a batch [first, first+count) whose task i has digest digestOf(i).
    function batchLeaves(uint256 first, bytes32[] memory digests) internal pure returns (bytes32[] memory leaves) {
        leaves = new bytes32[](digests.length);
        for (uint256 k; k < digests.length; ++k) leaves[k] = leaf(first + k, digests[k]);
    }

    function _up(bytes32[] memory level) private pure returns (bytes32[] memory next) {
        next = new bytes32[]((level.length + 1) / 2);
        for (uint256 k; k < next.length; ++k) {
            uint256 l = 2 * k;
            next[k] = l + 1 < level.length ? hashPair(level[l], level[l + 1]) : level[l];
        }
    }
}
