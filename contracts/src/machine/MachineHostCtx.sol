// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineHostTypes} from "./MachineHostTypes.sol";
import {MachineMemory} from "./MachineMemory.sol";
import {MachineState} from "./MachineState.sol";

/// @title MachineHostCtx
/// @notice What a host-call micro-step works on (the state, the I/O proof, the call's operands, the memory leaves in
/// the order the step uses them) and its memory, fd and progress accessors. Every leaf is checked before use.
library MachineHostCtx {
    using MachineState for MachineState.Path;

    struct Ctx {
        MachineState.State s;
        MachineHostTypes.HostProof h;
        bytes32[] ops;
        MachineState.Path[] mem;
        uint256 used; // memory leaves consumed so far: the proof must hold exactly those
        uint256 end; // memory size in bytes
    }

    uint8 internal constant REPEAT = 0;
    uint8 internal constant DONE = 1;
    uint8 internal constant TRAP = 2;
    uint8 internal constant EXIT = 3;

    uint256 internal constant SUCCESS = 0;
    uint256 internal constant BADF = 8;
    uint256 internal constant FAULT = 21;
    uint256 internal constant INVAL = 28;
    uint256 internal constant ISDIR = 31;
    uint256 internal constant NOBUFS = 42;
    uint256 internal constant SPIPE = 70;
    uint256 internal constant NOTCAPABLE = 76;

    /// @notice Parameter k's low word (its i32 value).
    function arg(Ctx memory c, uint256 k) internal pure returns (uint256) {
        return uint32(uint256(c.ops[k]));
    }

    /// @notice Parameter k's high word: the call's progress (zero when it starts).
    function hi(Ctx memory c, uint256 k) internal pure returns (uint256) {
        return uint32(uint256(c.ops[k]) >> 32);
    }

    function setHi(Ctx memory c, uint256 k, uint256 v) internal pure {
        c.ops[k] = bytes32((uint256(uint32(v)) << 32) | uint32(uint256(c.ops[k])));
    }

    /// @notice The next memory leaf of the proof, checked to be leaf `index` of the memory root.
    function leaf(Ctx memory c, uint256 index) internal pure returns (MachineState.Path memory p) {
        if (c.used >= c.mem.length) revert MachineState.BadProof("memory leaves");
        p = c.mem[c.used++];
        p.check(index, MachineState.MEMORY_DEPTH, c.s.memoryRoot, "memory leaf");
    }

    /// @notice `size` (<= 8) bytes at `at`, little-endian, from the next one or two memory leaves.
    function load(Ctx memory c, uint256 at, uint256 size) internal pure returns (uint256 value) {
        MachineState.Path memory a = leaf(c, at / 32);
        bool two = (at + size - 1) / 32 != at / 32;
        MachineState.Path memory b = two ? leaf(c, at / 32 + 1) : a;
        for (uint256 i = 0; i < size; i++) {
            uint256 x = at + i;
            value |= uint256(uint8((x / 32 == at / 32 ? a : b).leaf[x % 32])) << (8 * i);
        }
    }

    /// @notice Stores the low `size` bytes of `value` at `at` (one or two leaves); the memory root follows.
    function store(Ctx memory c, uint256 at, uint256 size, uint256 value) internal pure {
        uint256 count = (at + size - 1) / 32 == at / 32 ? 1 : 2;
        if (c.used + count > c.mem.length) revert MachineState.BadProof("memory leaves");
        MachineState.Path[] memory paths = new MachineState.Path[](count);
        for (uint256 i = 0; i < count; i++) paths[i] = c.mem[c.used + i];
        c.used += count;
        c.s.memoryRoot = MachineMemory.storeSized(size, at, bytes32(value), c.s.memoryRoot, paths);
    }

    /// @notice fd's leaf (zero, i.e. closed, past the table), checked against the fd root.
    function fd(Ctx memory c, uint256 n) internal pure returns (uint256) {
        if (n >= 1 << MachineHostTypes.FD_DEPTH) return 0;
        c.h.fd.check(n, MachineHostTypes.FD_DEPTH, c.h.io.fdRoot, "fd");
        return uint256(c.h.fd.leaf);
    }

    function setFd(Ctx memory c, uint256 n, uint256 leaf_) internal pure {
        c.h.io.fdRoot = MachineState.rootOf(bytes32(leaf_), n, c.h.fd.siblings);
    }

    /// @notice Byte `i` of a leaf replaced by `b`.
    function setByte(bytes32 word, uint256 i, uint256 b) internal pure returns (bytes32) {
        uint256 shift = 8 * (31 - i);
        return bytes32((uint256(word) & ~(uint256(0xff) << shift)) | ((b & 0xff) << shift));
    }

    /// @notice Bytes a chunk starting at `at` may take without crossing a 32-byte boundary.
    function within(uint256 at) internal pure returns (uint256) {
        return 32 - (at % 32);
    }

    function min(uint256 a, uint256 b) internal pure returns (uint256) {
        return a < b ? a : b;
    }
}
