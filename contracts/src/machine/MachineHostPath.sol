// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineHostCtx as C} from "./MachineHostCtx.sol";
import {MachineHostTypes as T} from "./MachineHostTypes.sol";
import {MachinePathBytes as B} from "./MachinePathBytes.sol";
import {MachineState} from "./MachineState.sol";

/// @title MachineHostPath
/// @notice path_open in micro-steps (packages/machine/src/wasi/pathOpen.ts, decision 023). Progress: parameter 0's high
/// word the phase, 1's the bytes folded (then the opened name's slot), 2's the directory's slot, 4's INFO bits. CHECK
/// the directory fd, the path's bounds and length and that an fd is free (the bitmap); FOLD the path into the I/O
/// state's pathHash one chunk inside a memory leaf per step, then resolve it (UTF-8, `.`, `..`, inside the preopen)
/// from the bytes carried in `data`; PARENT: whether the parent is a directory; LOOKUP: the errno or the change
/// (truncate, create) in the file table; ALLOCATE the lowest free fd and store it. Also the fd bitmap for fd_close.
library MachineHostPath {
    using MachineState for MachineState.Path;
    using C for C.Ctx;

    uint256 internal constant PATH_MAX = 512;
    uint256 private constant PATH_OPEN = 1 << 13;
    uint256 private constant ALL_RIGHTS = (1 << 29) - 1;
    uint256 private constant NONE = type(uint256).max;
    uint256 private constant OUT = 2;
    uint256 private constant PREOPEN = 4;
    uint256 private constant PARENT_DIR = 8;
    uint256 private constant OPEN_DIR = 16;
    uint256 private constant OPEN_FILE = 32;
    uint256 private constant EXIST = 20;
    uint256 private constant ILSEQ = 25;
    uint256 private constant MFILE = 33;
    uint256 private constant NAMETOOLONG = 37;
    uint256 private constant NOENT = 44;
    uint256 private constant NOTDIR = 54;

    function pathOpen(C.Ctx memory c) internal pure returns (uint8, uint256) {
        uint256 phase = c.hi(0);
        if (phase == 0) return _check(c);
        if (phase == 1 && c.hi(1) < c.arg(3)) return _fold(c);
        if (phase == 1) return _resolve(c);
        if (phase == 2 || phase == 3) return _slot(c, phase);
        return _allocate(c);
    }

    /// @notice The fd bitmap carried in `data` (16 words), checked against the I/O state.
    function bitmap(C.Ctx memory c) internal pure returns (bytes32[] memory words) {
        words = c.h.data.siblings;
        if (words.length != 16 || keccak256(abi.encodePacked(words)) != c.h.io.fdBitmap) revert MachineState.BadProof("fd bitmap");
    }

    /// @notice Sets (open) or clears bit `fd` of the bitmap and commits it.
    function mark(C.Ctx memory c, bytes32[] memory words, uint256 fd, bool open) internal pure {
        uint256 w = uint256(words[fd / 256]);
        uint256 bit = 1 << (fd % 256);
        words[fd / 256] = bytes32(open ? w | bit : w & ~bit);
        c.h.io.fdBitmap = keccak256(abi.encodePacked(words));
    }

    function _check(C.Ctx memory c) private pure returns (uint8, uint256) {
        uint256 leaf = c.fd(c.arg(0));
        uint256 kind = leaf >> 248;
        if (kind == 0) return (C.DONE, C.BADF);
        if (kind != 1 && (uint64(leaf >> 128) & PATH_OPEN) == 0) return (C.DONE, C.NOTCAPABLE);
        if (kind != 2) return (C.DONE, NOTDIR);
        if (c.arg(2) + c.arg(3) > c.end) return (C.DONE, C.FAULT);
        if (c.arg(3) > PATH_MAX) return (C.DONE, NAMETOOLONG);
        if (_lowestFree(bitmap(c)) == NONE) return (C.DONE, MFILE);
        c.setHi(0, 1);
        c.setHi(2, uint32(leaf >> 192));
        c.setHi(4, 1 | ((leaf >> 240) & 0xff == 1 ? OUT : 0) | ((leaf >> 224) & 0xff != 0 ? PREOPEN : 0));
        return (C.REPEAT, 0);
    }

    function _fold(C.Ctx memory c) private pure returns (uint8, uint256) {
        uint256 at = c.arg(2) + c.hi(1);
        uint256 k = C.min(c.arg(3) - c.hi(1), C.within(at));
        bytes32 word = c.leaf(at / 32).leaf;
        bytes memory chunk = new bytes(k);
        for (uint256 i = 0; i < k; i++) chunk[i] = word[at % 32 + i];
        c.h.io.pathHash = keccak256(abi.encodePacked(c.h.io.pathHash, chunk));
        c.setHi(1, c.hi(1) + k);
        return (C.REPEAT, 0);
    }

    /// @dev The path's bytes (checked against the folded hash) and the directory's name resolve to the opened name.
    function _resolve(C.Ctx memory c) private pure returns (uint8, uint256) {
        (uint256 ptr, uint256 length, uint256 info) = (c.arg(2), c.arg(3), c.hi(4));
        if (c.h.data.index != length) revert MachineState.BadProof("path bytes");
        bytes memory raw = _carried(c, 0, length);
        bytes32 h = B.refold(raw, ptr);
        if (h != c.h.io.pathHash) revert MachineState.BadProof("path bytes");
        bytes memory dir;
        if (info & PREOPEN == 0) {
            dir = _carried(c, (length + 31) / 32 * 32, uint32(uint256(c.h.data.leaf)));
            (bool present, bool isDir) = _entry(c, c.hi(2), info, dir);
            if (!present || !isDir) revert MachineState.BadProof("directory entry");
        }
        if (!B.utf8(raw)) return _fail(c, ILSEQ);
        (bytes memory path, bool escaped) = B.normalize(dir, raw);
        if (escaped || (length > 0 && raw[0] == "/")) return _fail(c, C.NOTCAPABLE);
        if (path.length > PATH_MAX) return _fail(c, NAMETOOLONG);
        c.h.io.pathHash = keccak256(path);
        c.setHi(0, 2);
        return (C.REPEAT, 0);
    }

    /// @dev PARENT (2): whether the parent is a directory. LOOKUP (3): the errno, or the file truncated or created.
    function _slot(C.Ctx memory c, uint256 phase) private pure returns (uint8, uint256) {
        uint256 length = c.h.data.index;
        bytes memory path = _carried(c, 0, length);
        if (keccak256(path) != c.h.io.pathHash) revert MachineState.BadProof("path bytes");
        uint256 info = c.hi(4);
        bytes memory name = phase == 2 ? B.parent(path) : path;
        uint256 slot = uint32(uint256(keccak256(abi.encodePacked(uint8(info & OUT == 0 ? 0 : 1), name))) >> 224);
        (bool present, bool isDir) = _entry(c, slot, info, name);
        if (phase == 2) {
            c.setHi(4, info | (isDir ? PARENT_DIR : 0));
            c.setHi(0, 3);
            return (C.REPEAT, 0);
        }
        return _lookup(c, slot, present, isDir, path);
    }

    /// @dev LOOKUP: EXIST, ISDIR, NOTDIR or NOENT as the sandbox answers them, else the file truncated or created.
    function _lookup(C.Ctx memory c, uint256 slot, bool present, bool isDir, bytes memory path) private pure returns (uint8, uint256) {
        (uint256 oflags, uint256 info) = (c.arg(4), c.hi(4));
        bool exclusive = oflags & 1 != 0 && oflags & 4 != 0;
        if (present && (exclusive || (isDir && oflags & 8 != 0) || (!isDir && oflags & 2 != 0))) {
            return _fail(c, exclusive ? EXIST : isDir ? C.ISDIR : NOTDIR);
        }
        if (!present && (oflags & 1 == 0 || info & PARENT_DIR == 0)) return _fail(c, NOENT);
        if (!isDir && (!present || oflags & 8 != 0)) {
            T.FileEntry memory e = c.h.file;
            (e.area, e.size, e.contentRoot, e.nameHash) = (uint8(info & OUT == 0 ? 0 : 1), 0, _emptyContent(), keccak256(path));
            c.h.io.filesRoot = MachineState.rootOf(T.fileHash(e), slot, c.h.fileSlot.siblings);
        }
        c.setHi(4, info | (isDir ? OPEN_DIR : OPEN_FILE));
        c.setHi(1, slot);
        c.setHi(0, 4);
        return (C.REPEAT, 0);
    }

    function _allocate(C.Ctx memory c) private pure returns (uint8, uint256) {
        bytes32[] memory words = bitmap(c);
        uint256 fd = _lowestFree(words);
        if (fd == NONE || c.fd(fd) != 0) revert MachineState.BadProof("fd bitmap");
        uint256 info = c.hi(4);
        uint256 rights = uint64(uint256(c.ops[5]));
        uint256 leaf = (c.hi(1) << 192) | (info & OUT == 0 ? 0 : uint256(1) << 240);
        if (info & OPEN_DIR != 0) leaf |= (2 << 248) | (rights << 128);
        else leaf |= (3 << 248) | ((c.arg(7) & 1) << 232) | ((rights & ALL_RIGHTS) << 128);
        c.setFd(fd, leaf);
        mark(c, words, fd, true);
        c.h.io.pathHash = 0;
        if (c.arg(8) + 4 > c.end) return (C.DONE, C.FAULT);
        c.store(c.arg(8), 4, fd);
        return (C.DONE, C.SUCCESS);
    }

    /// @dev The slot's entry: present or empty, checked; a present one must be this name in this area.
    function _entry(C.Ctx memory c, uint256 slot, uint256 info, bytes memory name) private pure returns (bool present, bool isDir) {
        c.h.fileSlot.check(slot, T.FILE_DEPTH, c.h.io.filesRoot, "file");
        if (c.h.fileSlot.leaf == 0) return (false, false);
        T.FileEntry memory e = c.h.file;
        if (T.fileHash(e) != c.h.fileSlot.leaf) revert MachineState.BadProof("file entry");
        if (e.nameHash != keccak256(name) || (e.area & 1 == 1) != (info & OUT != 0)) revert MachineState.BadProof("file table slot");
        return (true, e.area & 2 != 0);
    }

    function _fail(C.Ctx memory c, uint256 errno) private pure returns (uint8, uint256) {
        c.h.io.pathHash = 0;
        return (C.DONE, errno);
    }

    /// @dev `length` bytes of the words carried in `data`, from byte `from`.
    function _carried(C.Ctx memory c, uint256 from, uint256 length) private pure returns (bytes memory out) {
        bytes32[] memory w = c.h.data.siblings;
        if ((from + length + 31) / 32 > w.length) revert MachineState.BadProof("path bytes");
        out = new bytes(length);
        assembly ("memory-safe") {
            mcopy(add(out, 32), add(add(w, 32), from), length)
        }
    }

    function _lowestFree(bytes32[] memory words) private pure returns (uint256) {
        for (uint256 i = 0; i < words.length; i++) {
            uint256 w = uint256(words[i]);
            if (w == type(uint256).max) continue;
            uint256 b = 0;
            while ((w >> b) & 1 == 1) b++;
            return i * 256 + b;
        }
        return NONE;
    }

    /// @dev The content root of an empty file: the root of a depth-27 tree of zero leaves.
    function _emptyContent() private pure returns (bytes32 h) {
        for (uint256 l = 0; l < T.CONTENT_DEPTH; l++) h = keccak256(abi.encodePacked(h, h));
    }
}
