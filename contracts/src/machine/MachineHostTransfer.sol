// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineHostCtx as C} from "./MachineHostCtx.sol";
import {MachineHostTypes} from "./MachineHostTypes.sol";
import {MachineState} from "./MachineState.sol";

/// @title MachineHostTransfer
/// @notice fd_write and fd_read micro-steps (wasi/microCalls.ts transferCall). Phase 0 (parameter 3's high word 0)
/// checks one iovec per step; phase 1 moves one chunk per step, bounded by the 32-byte leaves of memory and of the
/// file: parameter 0's high word is the offset in the current iovec, parameter 1's the iovec, parameter 2's the bytes
/// moved so far. stdout and stderr are running hashes; a file is its entry (size, content root) in the file table.
library MachineHostTransfer {
    using MachineState for MachineState.Path;
    using C for C.Ctx;

    uint256 private constant FD_READ = 1 << 1;
    uint256 private constant FD_WRITE = 1 << 6;
    uint256 private constant POSITION = uint256(type(uint64).max) << 64;

    function transfer(C.Ctx memory c, bool write) internal pure returns (uint8, uint256) {
        (uint256 iovs, uint256 count) = (c.arg(1), c.arg(2));
        if (c.hi(3) == 0) {
            uint256 i = c.hi(1);
            if (i < count) {
                if (iovs + 8 * i + 8 > c.end) return (C.DONE, C.FAULT);
                uint256 v = c.load(iovs + 8 * i, 8);
                if (uint32(v) + (v >> 32) > c.end) return (C.DONE, C.FAULT);
                c.setHi(1, i + 1);
                return (C.REPEAT, 0);
            }
            c.setHi(1, 0);
            c.setHi(3, 1);
        }
        uint256 fd = c.arg(0);
        uint256 leaf = c.fd(fd);
        bool stream = write && (fd == 1 || fd == 2);
        bool stdin = !write && leaf >> 248 == 1;
        if (!stream && !stdin) {
            uint256 errno = _fileOf(c, leaf, write ? FD_WRITE : FD_READ);
            if (errno != 0) return (C.DONE, errno);
        }
        if (stdin || c.hi(1) >= count) {
            if (c.arg(3) + 4 > c.end) return (C.DONE, C.FAULT);
            c.store(c.arg(3), 4, stdin ? 0 : c.hi(2));
            return (C.DONE, C.SUCCESS);
        }
        return _move(c, write, stream, leaf);
    }

    /// @dev One chunk of iovec hi(1), from its offset hi(0): the output cap charged when the iovec starts.
    function _move(C.Ctx memory c, bool write, bool stream, uint256 leaf) private pure returns (uint8, uint256) {
        if (c.arg(1) + 8 * c.hi(1) + 8 > c.end) return (C.DONE, C.FAULT);
        (uint256 ptr, uint256 length) = _iovec(c);
        if (write && c.hi(0) == 0) {
            if (c.h.io.written + length > c.h.maxOutput) return (C.TRAP, 0); // output limit
            c.h.io.written += uint64(length);
        }
        if (ptr + length > c.end) return (C.DONE, C.FAULT);
        if (stream) return _next(c, length, _emit(c, ptr, length));
        return write ? _write(c, leaf, ptr, length) : _read(c, leaf, ptr, length);
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

    /// @dev The current iovec: its buffer and length.
    function _iovec(C.Ctx memory c) private pure returns (uint256 ptr, uint256 length) {
        uint256 iov = c.load(c.arg(1) + 8 * c.hi(1), 8);
        (ptr, length) = (uint32(iov), iov >> 32);
    }

    /// @dev Appends the iovec's next chunk (inside one memory leaf) to stdout's or stderr's running hash.
    function _emit(C.Ctx memory c, uint256 ptr, uint256 length) private pure returns (uint256 k) {
        if (length == c.hi(0)) return 0;
        uint256 at = ptr + c.hi(0);
        k = C.min(length - c.hi(0), C.within(at));
        bytes32 word = c.leaf(at / 32).leaf;
        bytes memory chunk = new bytes(k);
        for (uint256 i = 0; i < k; i++) chunk[i] = word[at % 32 + i];
        if (c.arg(0) == 1) c.h.io.stdoutHash = keccak256(abi.encodePacked(c.h.io.stdoutHash, chunk));
        else c.h.io.stderrHash = keccak256(abi.encodePacked(c.h.io.stderrHash, chunk));
    }

    function _write(C.Ctx memory c, uint256 leaf, uint256 ptr, uint256 length) private pure returns (uint8, uint256) {
        MachineHostTypes.FileEntry memory e = c.h.file;
        uint256 from = ptr + c.hi(0);
        uint256 at = (leaf >> 232) & 0xff == 1 ? e.size : uint64(leaf >> 64); // appending: at the end
        uint256 k = C.min(C.min(length - c.hi(0), C.within(from)), C.within(at));
        if (k > 0) {
            bytes32 source = c.leaf(from / 32).leaf;
            c.h.data.check(at / 32, MachineHostTypes.CONTENT_DEPTH, e.contentRoot, "file chunk");
            bytes32 updated = c.h.data.leaf;
            for (uint256 i = 0; i < k; i++) updated = C.setByte(updated, at % 32 + i, uint8(source[from % 32 + i]));
            e.contentRoot = MachineState.rootOf(updated, at / 32, c.h.data.siblings);
        }
        if (at + k > e.size) e.size = uint64(at + k); // a zero-length write past the end still moves it
        _setFile(c, leaf, at + k);
        return _next(c, length, k);
    }

    function _read(C.Ctx memory c, uint256 leaf, uint256 ptr, uint256 length) private pure returns (uint8, uint256) {
        uint256 size = c.h.file.size;
        uint256 at = C.min(uint64(leaf >> 64), size); // a read clamps the position to the end
        uint256 k = C.min(C.min(length - c.hi(0), C.within(ptr + c.hi(0))), C.min(C.within(at), size - at));
        if (k > 0) _copyIn(c, ptr + c.hi(0), at, k);
        c.setFd(c.arg(0), (leaf & ~POSITION) | ((at + k) << 64));
        if (k == 0 && length > c.hi(0)) {
            c.setHi(1, c.arg(2)); // end of file: what was read so far is the answer
            return (C.REPEAT, 0);
        }
        return _next(c, length, k);
    }

    /// @dev k bytes of the file at `at` into memory at `to` (each inside one leaf).
    function _copyIn(C.Ctx memory c, uint256 to, uint256 at, uint256 k) private pure {
        c.h.data.check(at / 32, MachineHostTypes.CONTENT_DEPTH, c.h.file.contentRoot, "file chunk");
        MachineState.Path memory m = c.leaf(to / 32);
        bytes32 updated = m.leaf;
        for (uint256 i = 0; i < k; i++) updated = C.setByte(updated, to % 32 + i, uint8(c.h.data.leaf[at % 32 + i]));
        c.s.memoryRoot = MachineState.rootOf(updated, m.index, m.siblings);
    }

    /// @dev The file's entry into its slot and the fd's new position.
    function _setFile(C.Ctx memory c, uint256 leaf, uint256 position) private pure {
        c.h.io.filesRoot = MachineState.rootOf(MachineHostTypes.fileHash(c.h.file), c.h.fileSlot.index, c.h.fileSlot.siblings);
        c.setFd(c.arg(0), (leaf & ~POSITION) | (position << 64));
    }

    /// @dev Progress after moving k bytes of an iovec of `length`: the next one when it is done.
    function _next(C.Ctx memory c, uint256 length, uint256 k) private pure returns (uint8, uint256) {
        (uint256 o, uint256 i) = (c.hi(0), c.hi(1));
        bool done = o + k == length;
        c.setHi(0, done ? 0 : o + k);
        c.setHi(1, done ? i + 1 : i);
        c.setHi(2, c.hi(2) + k);
        return (C.REPEAT, 0);
    }
}
