// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineHostCtx as C} from "./MachineHostCtx.sol";
import {MachineHostPath} from "./MachineHostPath.sol";
import {MachineHostTransfer} from "./MachineHostTransfer.sol";
import {MachineHostTypes} from "./MachineHostTypes.sol";
import {Proof} from "./MachineProof.sol";
import {MachineState} from "./MachineState.sol";

/// @title MachineHostIo
/// @notice The host-call (WASI) micro-steps of packages/machine (decision 019), deployed apart from OneStepProver, which
/// checks the state, the instruction, the callee and the operands and hands a host call's step here. Each step moves
/// at most one 32-byte-bounded chunk or stores one value, touching at most two memory leaves (three when an iovec
/// straddles two) and one fd, file and data leaf; the call's progress is in its operands' high words. Covered:
/// args_get, args_sizes_get, environ_get, environ_sizes_get, fd_write, fd_read, fd_close, fd_prestat_get,
/// fd_prestat_dir_name, proc_exit, path_open, random_get, clock_time_get, clock_res_get (decision 023). Its answer means something only through OneStepProver.step.
contract MachineHostIo {
    using MachineState for MachineState.State;
    using MachineState for MachineState.Path;
    using C for C.Ctx;

    error UnsupportedHostCall(uint32 kind);

    uint256 private constant RANDOM_BYTES = 1 << 20;
    uint256 private constant RANDOM_DEPTH = 15;
    uint256 private constant CLOCK_STEP = 1_000_000; // ns per clock read (the sandbox's virtual clock)

    /// @notice Names the HostProof type in the ABI, for encoders (packages/machine/src/testing/onchainProver.ts).
    function hostProofType(MachineHostTypes.HostProof calldata) external pure {}

    /// @notice The post-state root of a host-call micro-step whose state, instruction, callee and operands are checked.
    function step(Proof memory proof) external pure returns (bytes32) {
        MachineState.State memory s = proof.state;
        C.Ctx memory c;
        c.s = s;
        c.ops = proof.operands;
        c.mem = proof.memory_;
        c.end = uint256(s.pages) * 65536;
        c.h = abi.decode(proof.host, (MachineHostTypes.HostProof));
        if (MachineHostTypes.ioHash(c.h.io) != s.ioHash) revert MachineState.BadProof("I/O fields");
        if (MachineHostTypes.staticHash(c.h) != c.h.io.staticHash) revert MachineState.BadProof("static I/O fields");
        uint256 f = uint256(proof.callee.leaf);
        (uint8 outcome, uint256 result) = _dispatch(uint32(f >> 160), c);
        s.steps += 1;
        if (outcome == C.TRAP) {
            s.status = MachineState.TRAPPED; // the output cap: nothing else changes
            return s.hash();
        }
        if (c.used != c.mem.length) revert MachineState.BadProof("memory leaves");
        s.ioHash = MachineHostTypes.ioHash(c.h.io);
        bytes32 h = proof.stackRest;
        if (outcome == C.REPEAT) {
            for (uint256 i = 0; i < c.ops.length; i++) h = MachineState.link(h, c.ops[i]);
            s.stackHash = h;
            return s.hash();
        }
        s.pc += 1;
        s.stackHeight -= uint32(c.ops.length);
        if (outcome == C.EXIT) {
            s.status = 1;
            s.exitCode = uint32(c.arg(0));
        } else if (uint32(f) == 1) {
            h = MachineState.link(h, bytes32(result));
            s.stackHeight += 1;
        }
        s.stackHash = h;
        return s.hash();
    }

    function _dispatch(uint32 kind, C.Ctx memory c) private pure returns (uint8, uint256) {
        if (kind == 10) return (C.EXIT, 0); // proc_exit
        if (kind == 1 || kind == 3) return _strings(c, kind == 1 ? c.h.args : c.h.env);
        if (kind == 2 || kind == 4) return _sizes(c, kind == 2 ? c.h.args : c.h.env);
        if (kind == 5 || kind == 6) return MachineHostTransfer.transfer(c, kind == 5);
        if (kind >= 7 && kind <= 9) return _fdCall(c, kind);
        if (kind == 11) return MachineHostPath.pathOpen(c);
        if (kind == 12) return _random(c);
        if (kind == 13 || kind == 14) return _clock(c, kind);
        revert UnsupportedHostCall(kind);
    }

    /// @dev args_get / environ_get: both areas checked on the first step, then one pointer per step, then one chunk.
    function _strings(C.Ctx memory c, MachineHostTypes.Strings memory st) private pure returns (uint8, uint256) {
        (uint256 argv, uint256 buf, uint256 pointers, uint256 copied) = (c.arg(0), c.arg(1), c.hi(0), c.hi(1));
        if (pointers == 0 && copied == 0 && (argv + 4 * uint256(st.count) > c.end || buf + st.bytes_ > c.end)) {
            return (C.DONE, C.FAULT);
        }
        if (pointers < st.count) {
            c.h.data.check(pointers, st.offsetsDepth, st.offsetsRoot, "offset");
            c.store(argv + 4 * pointers, 4, buf + uint32(uint256(c.h.data.leaf)));
            c.setHi(0, pointers + 1);
            return pointers + 1 == st.count && st.bytes_ == 0 ? (C.DONE, C.SUCCESS) : (C.REPEAT, 0);
        }
        if (copied == st.bytes_) return (C.DONE, C.SUCCESS);
        uint256 k = C.min(C.min(st.bytes_ - copied, C.within(copied)), C.within(buf + copied));
        c.h.data.check(copied / 32, st.depth, st.root, "string chunk");
        MachineState.Path memory m = c.leaf((buf + copied) / 32);
        bytes32 updated = m.leaf;
        for (uint256 i = 0; i < k; i++) updated = C.setByte(updated, (buf + copied) % 32 + i, uint8(c.h.data.leaf[copied % 32 + i]));
        c.s.memoryRoot = MachineState.rootOf(updated, m.index, m.siblings);
        c.setHi(1, copied + k);
        return copied + k == st.bytes_ ? (C.DONE, C.SUCCESS) : (C.REPEAT, 0);
    }

    /// @dev args_sizes_get / environ_sizes_get: both areas checked, the count stored; next step the byte total.
    function _sizes(C.Ctx memory c, MachineHostTypes.Strings memory st) private pure returns (uint8, uint256) {
        if (c.hi(0) == 0) {
            if (c.arg(0) + 4 > c.end || c.arg(1) + 4 > c.end) return (C.DONE, C.FAULT);
            c.store(c.arg(0), 4, st.count);
            c.setHi(0, 1);
            return (C.REPEAT, 0);
        }
        if (c.arg(1) + 4 > c.end) return (C.DONE, C.FAULT);
        c.store(c.arg(1), 4, st.bytes_);
        return (C.DONE, C.SUCCESS);
    }

    /// @dev fd_close (7), fd_prestat_get (8), fd_prestat_dir_name (9): one step each.
    function _fdCall(C.Ctx memory c, uint32 kind) private pure returns (uint8, uint256) {
        uint256 n = c.arg(0);
        uint256 leaf = c.fd(n);
        if (leaf >> 248 == 0) return (C.DONE, C.BADF);
        if (kind == 7) {
            if (n > 2) {
                c.setFd(n, 0); // stdio stays open, as in the sandbox
                MachineHostPath.mark(c, MachineHostPath.bitmap(c), n, false);
            }
            return (C.DONE, C.SUCCESS);
        }
        uint256 preopen = (leaf >> 224) & 0xff;
        if (leaf >> 248 != 2 || preopen == 0) return (C.DONE, C.INVAL);
        (uint256 length, uint256 name) = preopen == 1 ? (3, uint256(0x6e692f)) : (4, uint256(0x74756f2f)); // "/in", "/out"
        if (kind == 8) {
            if (c.arg(1) + 8 > c.end) return (C.DONE, C.FAULT);
            c.store(c.arg(1), 8, length << 32); // tag 0 (a directory), then the name's length
            return (C.DONE, C.SUCCESS);
        }
        if (length > c.arg(2)) return (C.DONE, C.NOBUFS);
        if (c.arg(1) + length > c.end) return (C.DONE, C.FAULT);
        c.store(c.arg(1), length, name);
        return (C.DONE, C.SUCCESS);
    }

    /// @dev random_get: the buffer checked first, then one chunk per step from the committed keystream (its first
    /// 2^20 bytes as a depth-15 tree whose root is the static `seedHash`); past it the step traps.
    function _random(C.Ctx memory c) private pure returns (uint8, uint256) {
        (uint256 buf, uint256 length) = (c.arg(0), c.arg(1));
        if (c.hi(0) == 0) {
            if (buf + length > c.end) return (C.DONE, C.FAULT);
            if (length == 0) return (C.DONE, C.SUCCESS);
            c.setHi(0, 1);
            return (C.REPEAT, 0);
        }
        (uint256 copied, uint256 at) = (c.hi(1), c.h.io.randomPosition);
        uint256 k = C.min(C.min(length - copied, C.within(buf + copied)), C.within(at));
        if (at + k > RANDOM_BYTES) return (C.TRAP, 0); // random stream exhausted
        c.h.data.check(at / 32, RANDOM_DEPTH, c.h.seedHash, "random chunk");
        MachineState.Path memory m = c.leaf((buf + copied) / 32);
        bytes32 updated = m.leaf;
        for (uint256 i = 0; i < k; i++) updated = C.setByte(updated, (buf + copied) % 32 + i, uint8(c.h.data.leaf[at % 32 + i]));
        c.s.memoryRoot = MachineState.rootOf(updated, m.index, m.siblings);
        c.h.io.randomPosition = uint64(at + k);
        c.setHi(1, copied + k);
        return copied + k == length ? (C.DONE, C.SUCCESS) : (C.REPEAT, 0);
    }

    /// @dev clock_time_get (13): the virtual clock, then 1 ms later (advanced even when the store faults, as the
    /// sandbox); clock_res_get (14): 1 ms. Clock ids 0-3.
    function _clock(C.Ctx memory c, uint32 kind) private pure returns (uint8, uint256) {
        if (c.arg(0) >= 4) return (C.DONE, C.INVAL);
        uint256 ptr = c.arg(kind == 13 ? 2 : 1);
        uint256 value = kind == 13 ? c.h.io.clock : CLOCK_STEP;
        if (kind == 13) c.h.io.clock += uint64(CLOCK_STEP);
        if (ptr + 8 > c.end) return (C.DONE, C.FAULT);
        c.store(ptr, 8, value);
        return (C.DONE, C.SUCCESS);
    }
}
