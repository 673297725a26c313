// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineState} from "./MachineState.sol";

/// @title MachineHostTypes
/// @notice The I/O state of packages/machine (src/state/ioState.ts, docs/decisions/019-provable-host-io.md) and the
/// proof of one host-call micro-step (hostProof.ts), ABI-encoded into `Proof.host`.
library MachineHostTypes {
    /// @notice argv or the environment: NUL-terminated strings end to end in 32-byte chunks, and their offsets.
    struct Strings {
        uint32 count;
        uint32 bytes_;
        bytes32 root;
        uint8 depth;
        bytes32 offsetsRoot;
        uint8 offsetsDepth;
    }

    /// @notice The pre-image of a state's I/O hash.
    struct Io {
        bytes32 staticHash;
        bytes32 fdRoot; // fds 0..2^12-1
        bytes32 fdBitmap; // keccak256 of the 16-word occupancy bitmap (bit fd % 256 of word fd / 256)
        bytes32 filesRoot; // files and directories, slots keyed by keccak256(area, path), depth 32
        bytes32 pathHash; // path_open's scratch: the path folded so far, then keccak256 of the resolved path
        bytes32 stdoutHash; // keccak256(previous ‖ chunk) per chunk written
        bytes32 stderrHash;
        uint64 randomPosition;
        uint64 clock;
        uint64 written; // output bytes charged
    }

    /// @notice A file or directory as committed: its slot's leaf is keccak256 of these, packed.
    struct FileEntry {
        uint8 area; // 0 /in, 1 /out, + 2 for a directory
        uint64 size;
        bytes32 contentRoot; // 32-byte chunks, depth 27, zero past the size
        bytes32 nameHash;
    }

    struct HostProof {
        Io io;
        Strings args;
        Strings env;
        bytes32 seedHash; // the random stream: root of its first 2^20 bytes (modules importing random_get), else keccak256(key)
        uint64 maxOutput;
        MachineState.Path fd;
        FileEntry file;
        MachineState.Path fileSlot;
        MachineState.Path data; // a chunk of the strings, an offset, a chunk of the file; or carried words (path_open, fd_close)
    }

    uint256 internal constant FD_DEPTH = 12;
    uint256 internal constant FILE_DEPTH = 32;
    uint256 internal constant CONTENT_DEPTH = 27;

    function ioHash(Io memory io) internal pure returns (bytes32) {
        return keccak256(
            abi.encodePacked(
                io.staticHash,
                io.fdRoot,
                io.fdBitmap,
                io.filesRoot,
                io.pathHash,
                io.stdoutHash,
                io.stderrHash,
                io.randomPosition,
                io.clock,
                io.written
            )
        );
    }

    function staticHash(HostProof memory h) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(_strings(h.args), _strings(h.env), h.seedHash, h.maxOutput));
    }

    function fileHash(FileEntry memory e) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(e.area, e.size, e.contentRoot, e.nameHash));
    }

    function _strings(Strings memory s) private pure returns (bytes memory) {
        return abi.encodePacked(s.count, s.bytes_, s.root, s.depth, s.offsetsRoot, s.offsetsDepth);
    }
}
