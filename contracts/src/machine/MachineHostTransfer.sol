// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineHostCtx as C} from "./MachineHostCtx.sol";
import {MachineHostTypes} from "./MachineHostTypes.sol";
import {MachineState} from "./MachineState.sol";

/// @title MachineHostTransfer
/// @notice fd_write and fd_read micro-steps (wasi/microCalls.ts transferCall). Parameter 1's high word counts steps:
/// below the iovec count, the iovec being checked (one per step); past it, count + 1 + the current iovec. With no
/// iovec loaded (parameter 3's high word 0) a step reads the next one and charges the output cap; then each step moves
/// one chunk inside a 32-byte leaf of memory and of the file (parameter 0's high word: the buffer cursor; 3's: bytes
/// left; 2's: bytes moved). stdout and stderr are running hashes; a file is its entry (size, content root) in the
/// file table.
library MachineHostTransfer {
    using MachineState for MachineState.Path;
    using C for C.Ctx;

    uint256 private constant FD_READ = 1 << 1;
    uint256 private constant FD_WRITE = 1 << 6;
    uint256 private constant POSITION = uint256(type(uint64).max) << 64;

    function transfer(C.Ctx memory c, bool write) internal pure returns (uint8, uint256) {
        (uint256 iovs, uint256 count, uint256 step) = (c.arg(1), c.arg(2), c.hi(1));
        if (step < count) {
            if (iovs + 8 * step + 8 > c.end) return (C.DONE, C.FAULT);
            uint256 v = c.load(iovs + 8 * step, 8);
            if (uint32(v) + (v >> 32) > c.end) return (C.DONE, C.FAULT);
            c.setHi(1, step + 1);
            return (C.REPEAT, 0);
        }
        if (step == count) c.setHi(1, step = count + 1);
        uint256 fd = c.arg(0);
        uint256 leaf = c.fd(fd);
        bool stream = write && (fd == 1 || fd == 2);
        bool stdin = !write && leaf >> 248 == 1;
        if (!stream && !stdin) {
            uint256 errno = _fileOf(c, leaf, write ? FD_WRITE : FD_READ);
            if (errno != 0) return (C.DONE, errno);
        }
        if (stdin || step - count - 1 >= count) {
            if (c.arg(3) + 4 > c.end) return (C.DONE, C.FAULT);
            c.store(c.arg(3), 4, stdin ? 0 : c.hi(2));
            return (C.DONE, C.SUCCESS);
        }
        if (c.hi(3) == 0) return _load(c, write, stream, leaf);
        if (stream) return _advance(c, _emit(c));
        return write ? _write(c, leaf) : _read(c, leaf);
    }

    /// @dev Reads iovec hi(1) - count - 1, charges the output cap; a zero-length one only settles the file position.
    function _load(C.Ctx memory c, bool write, bool stream, uint256 leaf) private pure returns (uint8, uint256) {
        uint256 at = c.arg(1) + 8 * (c.hi(1) - c.arg(2) - 1);
        if (at + 8 > c.end) return (C.DONE, C.FAULT);
        uint256 iov = c.load(at, 8);
        (uint256 ptr, uint256 length) = (uint32(iov), iov >> 32);
        if (write) {
            if (c.h.io.written + length > c.h.maxOutput) return (C.TRAP, 0); // output limit
            c.h.io.written += uint64(length);
        }
        if (ptr + length > c.end) return (C.DONE, C.FAULT);
        if (length > 0) {
            c.setHi(0, ptr);
            c.setHi(3, length);
            return (C.REPEAT, 0);
        }
        if (!stream) {
            MachineHostTypes.FileEntry memory e = c.h.file;
            if (write) {
                uint256 position = (leaf >> 232) & 0xff == 1 ? e.size : uint64(leaf >> 64);
                if (position > e.size) e.size = uint64(position); // a zero-length write still moves the end
                _setFile(c, leaf, position);
            } else {
                c.setFd(c.arg(0), (leaf & ~POSITION) | (C.min(uint64(leaf >> 64), e.size) << 64));
            }
        }
        c.setHi(1, c.hi(1) + 1);
        return (C.REPEAT, 0);
    }

    /// @dev The errno of an fd that is not a file holding `right` (rights first, as uvwasi); checks the file's slot.
    function _fileOf(C.Ctx memory c, uint256 leaf, uint256 right) private pure returns (uint256) {
        uint256 kind = leaf >> 248;
        if (kind == 0) return C.BADF;
        if (kind != 1 && (uint64(leaf >> 128) & right) == 0) return C.NOTCAPABLE;
        if (kind != 3) return kind == 2 ? C.ISDIR : C.SPIPE;
        c.h.fileSlot.check(uint32(leaf >> 192), MachineHostTypes.FILE_DEPTH, c.h.io.filesRoot, "file");
        if (MachineHostTypes.fileHash(c.h.file) != c.h.fileSlot.leaf) revert MachineState.BadProof("file entry");
        return 0;
    }

    /// @dev Appends the next chunk at the cursor (inside one memory leaf) to stdout's or stderr's running hash.
    function _emit(C.Ctx memory c) private pure returns (uint256 k) {
        uint256 at = c.hi(0);
        k = C.min(c.hi(3), C.within(at));
        bytes32 word = c.leaf(at / 32).leaf;
        bytes memory chunk = new bytes(k);
        for (uint256 i = 0; i < k; i++) chunk[i] = word[at % 32 + i];
        if (c.arg(0) == 1) c.h.io.stdoutHash = keccak256(abi.encodePacked(c.h.io.stdoutHash, chunk));
        else c.h.io.stderrHash = keccak256(abi.encodePacked(c.h.io.stderrHash, chunk));
    }

    function _write(C.Ctx memory c, uint256 leaf) private pure returns (uint8, uint256) {
        MachineHostTypes.FileEntry memory e = c.h.file;
        uint256 from = c.hi(0);
        uint256 at = (leaf >> 232) & 0xff == 1 ? e.size : uint64(leaf >> 64); // appending: at the end
        uint256 k = C.min(C.min(c.hi(3), C.within(from)), C.within(at));
        bytes32 source = c.leaf(from / 32).leaf;
        c.h.data.check(at / 32, MachineHostTypes.CONTENT_DEPTH, e.contentRoot, "file chunk");
        bytes32 updated = c.h.data.leaf;
        for (uint256 i = 0; i < k; i++) updated = C.setByte(updated, at % 32 + i, uint8(source[from % 32 + i]));
        e.contentRoot = MachineState.rootOf(updated, at / 32, c.h.data.siblings);
        if (at + k > e.size) e.size = uint64(at + k);
        _setFile(c, leaf, at + k);
        return _advance(c, k);
    }

    function _read(C.Ctx memory c, uint256 leaf) private pure returns (uint8, uint256) {
        uint256 size = c.h.file.size;
        uint256 at = C.min(uint64(leaf >> 64), size); // a read clamps the position to the end
        uint256 k = C.min(C.min(c.hi(3), C.within(c.hi(0))), C.min(C.within(at), size - at));
        c.setFd(c.arg(0), (leaf & ~POSITION) | ((at + k) << 64));
        if (k == 0) {
            c.setHi(1, 2 * c.arg(2) + 1); // end of file: what was read so far is the answer
            return (C.REPEAT, 0);
        }
        c.h.data.check(at / 32, MachineHostTypes.CONTENT_DEPTH, c.h.file.contentRoot, "file chunk");
        MachineState.Path memory m = c.leaf(c.hi(0) / 32);
        bytes32 updated = m.leaf;
        for (uint256 i = 0; i < k; i++) updated = C.setByte(updated, c.hi(0) % 32 + i, uint8(c.h.data.leaf[at % 32 + i]));
        c.s.memoryRoot = MachineState.rootOf(updated, m.index, m.siblings);
        return _advance(c, k);
    }

    /// @dev The file's entry into its slot and the fd's new position.
    function _setFile(C.Ctx memory c, uint256 leaf, uint256 position) private pure {
        c.h.io.filesRoot = MachineState.rootOf(MachineHostTypes.fileHash(c.h.file), c.h.fileSlot.index, c.h.fileSlot.siblings);
        c.setFd(c.arg(0), (leaf & ~POSITION) | (position << 64));
    }

    /// @dev Progress after moving k bytes: the cursor, the bytes left, the total; the next iovec when none are left.
    function _advance(C.Ctx memory c, uint256 k) private pure returns (uint8, uint256) {
        uint256 left = c.hi(3);
        c.setHi(0, c.hi(0) + k);
        c.setHi(3, left - k);
        c.setHi(2, c.hi(2) + k);
        if (left == k) c.setHi(1, c.hi(1) + 1);
        return (C.REPEAT, 0);
    }
}
