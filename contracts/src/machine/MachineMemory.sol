// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineState} from "./MachineState.sol";

/// @title MachineMemory
/// @notice Loads and stores (0x28..0x3e) against the memory root: little-endian, unaligned allowed, an access
/// crossing a 32-byte leaf proves both leaves. Byte k of a leaf is memory[32 * index + k].
library MachineMemory {
    using MachineState for MachineState.Path;

    /// @notice Bytes accessed by load/store opcode `op`.
    function accessBytes(uint32 op) internal pure returns (uint256) {
        uint8[23] memory sizes = [4, 8, 4, 8, 1, 1, 2, 2, 1, 1, 2, 2, 4, 4, 4, 8, 4, 8, 1, 2, 1, 2, 4];
        return sizes[op - 0x28];
    }

    /// @notice The leaves an access at `address_` of `size` bytes touches: 1 or 2 (first, last).
    function leaves(uint256 address_, uint256 size) internal pure returns (uint256 first, uint256 count) {
        first = address_ / 32;
        count = (address_ + size - 1) / 32 == first ? 1 : 2;
    }

    /// @notice Reads `size` bytes at `address_` (checked against `root`), sign- or zero-extended as `op` says, as a slot word.
    function load(uint32 op, uint256 address_, bytes32 root, MachineState.Path[] memory paths) internal pure returns (bytes32) {
        uint256 size = accessBytes(op);
        (uint256 first, uint256 count) = leaves(address_, size);
        if (paths.length != count) revert MachineState.BadProof("memory leaves");
        for (uint256 i = 0; i < count; i++) paths[i].check(first + i, MachineState.MEMORY_DEPTH, root, "memory leaf");
        uint256 value;
        for (uint256 i = 0; i < size; i++) {
            uint256 at = address_ + i;
            value |= uint256(uint8(paths[at / 32 - first].leaf[at % 32])) << (8 * i);
        }
        bool signed = op == 0x2c || op == 0x2e || op == 0x30 || op == 0x32 || op == 0x34;
        if (signed && (value >> (8 * size - 1)) & 1 == 1) value |= type(uint256).max << (8 * size);
        bool wide = op == 0x29 || op == 0x2b || op >= 0x30;
        return bytes32(wide ? uint256(uint64(value)) : uint256(uint32(value)));
    }

    /// @notice Writes the low bytes of `word` at `address_` and returns the new memory root.
    function store(uint32 op, uint256 address_, bytes32 word, bytes32 root, MachineState.Path[] memory paths)
        internal
        pure
        returns (bytes32)
    {
        return storeSized(accessBytes(op), address_, word, root, paths);
    }

    /// @notice Writes the low `size` (<= 32) bytes of `word` at `address_`, little-endian; returns the new memory root.
    function storeSized(uint256 size, uint256 address_, bytes32 word, bytes32 root, MachineState.Path[] memory paths)
        internal
        pure
        returns (bytes32)
    {
        (uint256 first, uint256 count) = leaves(address_, size);
        if (paths.length != count) revert MachineState.BadProof("memory leaves");
        paths[0].check(first, MachineState.MEMORY_DEPTH, root, "memory leaf");
        bytes32[2] memory updated = [paths[0].leaf, count == 2 ? paths[1].leaf : bytes32(0)];
        for (uint256 i = 0; i < size; i++) {
            uint256 at = address_ + i;
            uint256 shift = 8 * (31 - (at % 32));
            uint256 j = at / 32 - first;
            uint256 b = (uint256(word) >> (8 * i)) & 0xff;
            updated[j] = bytes32((uint256(updated[j]) & ~(uint256(0xff) << shift)) | (b << shift));
        }
        bytes32 next = MachineState.rootOf(updated[0], first, paths[0].siblings);
        if (count == 1) return next;
        // The second leaf's path as of after the first write: its sibling where the two paths meet is the first's new node there.
        bytes32[] memory siblings = paths[1].siblings;
        bytes32 node = updated[0];
        for (uint256 l = 0; l < siblings.length; l++) {
            if (((first >> l) ^ 1) == ((first + 1) >> l)) {
                siblings[l] = node;
                break;
            }
            bytes32 sibling = paths[0].siblings[l];
            node = (first >> l) & 1 == 1 ? MachineState.link(sibling, node) : MachineState.link(node, sibling);
        }
        paths[1].check(first + 1, MachineState.MEMORY_DEPTH, next, "memory leaf");
        return MachineState.rootOf(updated[1], first + 1, siblings);
    }

    /// @notice The next chunk of a memory.copy (0xea) or memory.fill (0xeb) of n > 0 bytes, inside one leaf of each
    /// side: [k, from, to, nextDst, nextSrc]: k bytes from `from` to `to`, then what is left starts at nextDst/nextSrc
    /// (a copy upwards goes from the end).
    function chunk(uint32 op, uint256 dst, uint256 src, uint256 n) internal pure returns (uint256[5] memory c) {
        if (op == 0xeb) {
            uint256 k = _min(n, 32 - (dst % 32));
            return [k, dst, dst, dst + k, src];
        }
        if (dst <= src) {
            uint256 k = _min(_min(n, 32 - (dst % 32)), 32 - (src % 32));
            return [k, src, dst, dst + k, src + k];
        }
        uint256 back = _min(_min(n, ((dst + n - 1) % 32) + 1), ((src + n - 1) % 32) + 1);
        return [back, src + n - back, dst + n - back, dst, src];
    }

    /// @notice Moves (copy) or sets (fill, byte `value`) the chunk `c` (as `chunk` returns it); returns the new memory root.
    /// The proof holds the source leaf then, when it differs, the destination leaf.
    function moveChunk(uint32 op, uint256[5] memory c, uint256 value, bytes32 root, MachineState.Path[] memory paths)
        internal
        pure
        returns (bytes32)
    {
        (uint256 k, uint256 from, uint256 to) = (c[0], c[1], c[2]);
        uint256 toLeaf = to / 32;
        uint256 count = op == 0xeb || from / 32 == toLeaf ? 1 : 2;
        if (paths.length != count) revert MachineState.BadProof("memory leaves");
        paths[0].check(op == 0xeb ? toLeaf : from / 32, MachineState.MEMORY_DEPTH, root, "memory leaf");
        if (count == 2) paths[1].check(toLeaf, MachineState.MEMORY_DEPTH, root, "memory leaf");
        bytes32 source = paths[0].leaf;
        bytes32 updated = paths[count - 1].leaf;
        for (uint256 i = 0; i < k; i++) {
            uint256 b = op == 0xeb ? value & 0xff : uint8(source[(from % 32) + i]);
            updated = _setByte(updated, (to % 32) + i, b);
        }
        return MachineState.rootOf(updated, toLeaf, paths[count - 1].siblings);
    }

    function _setByte(bytes32 leaf, uint256 at, uint256 b) private pure returns (bytes32) {
        uint256 shift = 8 * (31 - at);
        return bytes32((uint256(leaf) & ~(uint256(0xff) << shift)) | (b << shift));
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
