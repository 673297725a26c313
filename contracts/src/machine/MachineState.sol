// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title MachineState
/// @notice The commitment of packages/machine (docs/decisions/009-provable-machine.md) as Solidity: the state
/// fields a root is the hash of, the program fields, Merkle paths over 32-byte leaves and the stacks' hash chains.
/// Every hash here must equal the TypeScript one byte for byte (packages/machine/src/state).
library MachineState {
    /// @notice The pre-image of a state root, hashed packed in this order.
    struct State {
        uint8 status; // 0 running, 1 exited, 2 trapped
        uint32 exitCode;
        uint64 steps;
        uint32 pc;
        uint32 func;
        uint32 depth;
        uint32 stackHeight; // operands of every frame
        uint32 baseHeight; // operands of the callers
        uint32 pages;
        bytes32 stackHash;
        bytes32 localsRoot;
        bytes32 framesHash;
        bytes32 globalsRoot;
        bytes32 memoryRoot;
        bytes32 programHash;
        bytes32 ioHash;
    }

    /// @notice The pre-image of a program hash.
    struct Program {
        bytes32 codeRoot;
        uint8 codeDepth;
        bytes32 funcsRoot;
        uint8 funcsDepth;
        bytes32 tableRoot;
        uint8 tableDepth;
        uint32 tableLength;
        uint8 globalsDepth;
        uint32 maxFrames; // frames that may be active at once; a call past it traps
        uint32 maxPages; // the run's memory cap: memory.grow past it answers -1
    }

    /// @notice A caller's frame as committed, and the frames hash below it.
    struct Frame {
        uint32 returnPc;
        uint32 func;
        bytes32 localsRoot;
        uint32 operandBase;
        bytes32 rest;
    }

    /// @notice A leaf of one of the machine's trees and its siblings, bottom up.
    struct Path {
        uint32 index;
        bytes32 leaf;
        bytes32[] siblings;
    }

    uint8 internal constant RUNNING = 0;
    uint8 internal constant TRAPPED = 2;
    /// @notice 2^27 leaves of 32 bytes: the 4 GiB of a 32-bit memory.
    uint256 internal constant MEMORY_DEPTH = 27;

    error BadProof(string reason);

    function hash(State memory s) internal pure returns (bytes32) {
        bytes memory head = abi.encodePacked(s.status, s.exitCode, s.steps, s.pc, s.func, s.depth, s.stackHeight, s.baseHeight, s.pages);
        return keccak256(
            abi.encodePacked(head, s.stackHash, s.localsRoot, s.framesHash, s.globalsRoot, s.memoryRoot, s.programHash, s.ioHash)
        );
    }

    function hash(Program memory p) internal pure returns (bytes32) {
        return keccak256(
            abi.encodePacked(
                p.codeRoot,
                p.codeDepth,
                p.funcsRoot,
                p.funcsDepth,
                p.tableRoot,
                p.tableDepth,
                p.tableLength,
                p.globalsDepth,
                p.maxFrames,
                p.maxPages
            )
        );
    }

    /// @notice keccak256 of a frame record packed (return pc, function, locals root, operand base).
    function frameHash(uint32 returnPc, uint32 func, bytes32 localsRoot, uint32 operandBase) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(returnPc, func, localsRoot, operandBase));
    }

    /// @notice The root of a tree of `depth` whose first leaves are `values` and the rest zero.
    function rootOfLeaves(bytes32[] memory values, uint256 depth) internal pure returns (bytes32) {
        bytes32[] memory level = new bytes32[](uint256(1) << depth);
        for (uint256 i = 0; i < values.length; i++) level[i] = values[i];
        for (uint256 n = level.length; n > 1; n >>= 1) {
            for (uint256 i = 0; i < n / 2; i++) level[i] = _pair(level[2 * i], level[2 * i + 1]);
        }
        return level[0];
    }

    /// @notice The root `leaf` at `index` leads to through `siblings` (inner node = keccak256(left ‖ right)).
    function rootOf(bytes32 leaf, uint256 index, bytes32[] memory siblings) internal pure returns (bytes32 h) {
        h = leaf;
        for (uint256 l = 0; l < siblings.length; l++) {
            bytes32 s = siblings[l];
            h = (index >> l) & 1 == 1 ? _pair(s, h) : _pair(h, s);
        }
    }

    /// @notice Reverts unless `path` is leaf `index` of the tree of `depth` with root `root`.
    function check(Path memory path, uint256 index, uint256 depth, bytes32 root, string memory what) internal pure {
        if (path.index != index || path.siblings.length != depth || rootOf(path.leaf, index, path.siblings) != root) revert BadProof(what);
    }

    /// @notice One link of a hash chain (value stack, frames).
    function link(bytes32 previous, bytes32 item) internal pure returns (bytes32) {
        return _pair(previous, item);
    }

    /// @notice The depth of the smallest tree with at least `count` leaves.
    function depthFor(uint256 count) internal pure returns (uint256 depth) {
        while ((uint256(1) << depth) < count) depth++;
    }

    function _pair(bytes32 a, bytes32 b) private pure returns (bytes32 h) {
        assembly ("memory-safe") {
            mstore(0x00, a)
            mstore(0x20, b)
            h := keccak256(0x00, 0x40)
        }
    }
}
