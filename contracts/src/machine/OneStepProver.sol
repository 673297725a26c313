// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineMath} from "./MachineMath.sol";
import {MachineCalls} from "./MachineCalls.sol";
import {MachineFloat, MachineFloatOps} from "./MachineFloat.sol";
import {MachineMath64} from "./MachineMath64.sol";
import {MachineHostIo} from "./MachineHostIo.sol";
import {MachineMemory} from "./MachineMemory.sol";
import {Proof} from "./MachineProof.sol";
import {MachineState} from "./MachineState.sol";

/// @title OneStepProver
/// @notice Executes one step of the machine of packages/machine on chain: from the pre-image of a state root
/// and the proof `proveStep` emits (the instruction, the operands it reads with the stack hash below them, the
/// local, global and memory leaves it touches, each with its Merkle path) it returns the root of the state after
/// the step. This first part covers consts, locals, globals, drop/select, i32 and i64 arithmetic, the integer
/// conversions and reinterpretations, branches (jump, if, br, br_if, br_table), call, call_indirect and return,
/// memory.size and memory.grow, every load and store width, memory.copy and memory.fill (one leaf-bounded chunk
/// per step), unreachable, every f32 and f64 instruction and float conversion (executed by the MachineFloat contract
/// this one creates, decision 024), and host calls (each micro-step executed by the MachineHostIo contract given at
/// deployment, decisions 019 and 023), also through call_indirect.
contract OneStepProver {
    using MachineState for MachineState.State;
    using MachineState for MachineState.Path;


    error UnsupportedInstruction(uint32 op);
    /// @notice A host call that is not split into micro-steps yet (path_open, random_get, the clock, ...: decision 019).
    error UnsupportedHostCall(uint32 kind);

    /// @dev `pushed` value of an instruction that set the stack itself (a memory.copy/fill with bytes left).
    uint256 private constant STACK_SET = type(uint256).max;
    error MachineHalted(uint8 status);

    /// @notice The host-call sub-prover (deployed separately: the two would not fit one contract's 24 KB).
    MachineHostIo public immutable hostIo;
    /// @notice The float unit (created here: its code is in this contract's creation code, not in its runtime code).
    MachineFloat public immutable floats;

    constructor(MachineHostIo hostIo_) {
        hostIo = hostIo_;
        floats = new MachineFloat();
    }

    /// @notice The state root after the step that `proof` describes, starting from `preRoot`.
    function step(bytes32 preRoot, Proof memory proof) external view returns (bytes32) {
        MachineState.State memory s = proof.state;
        uint256 instruction = _validate(preRoot, proof);
        uint32 op = uint32(instruction >> 96);
        if (op == 0x12 || (op == 0x11 && MachineCalls.indirectHost(proof, uint32(instruction >> 64)))) {
            // a host call, or call_indirect of one: the callee's leaf was checked by _validate or indirectHost
            uint32 kind = uint32(uint256(proof.callee.leaf) >> 160);
            if (kind == 0) revert UnsupportedHostCall(kind); // MachineHostIo reverts it too for kinds it does not know
            return hostIo.step(proof);
        }
        uint32 pc = s.pc;
        s.steps += 1;
        s.pc += 1;
        (bytes32 result, uint256 pushed, bool trapped) = _execute(instruction, s, proof);
        if (trapped) {
            // A trapping step changes nothing but the status and the step count.
            s.status = MachineState.TRAPPED;
            s.pc = pc;
            return s.hash();
        }
        if (pushed == STACK_SET) return s.hash();
        bytes32 h = proof.stackRest;
        if (pushed == 1) h = MachineState.link(h, result);
        s.stackHash = h;
        s.stackHeight = uint32(s.stackHeight - proof.operands.length + pushed);
        return s.hash();
    }

    /// @dev Checks the proof against the pre-state root and returns the instruction leaf (op, a, b, c in its low 16 bytes).
    function _validate(bytes32 preRoot, Proof memory proof) private pure returns (uint256 word) {
        MachineState.State memory s = proof.state;
        if (s.hash() != preRoot) revert MachineState.BadProof("state fields do not hash to the pre-state root");
        if (s.status != MachineState.RUNNING) revert MachineHalted(s.status);
        if (MachineState.hash(proof.program) != s.programHash) revert MachineState.BadProof("program fields");
        proof.instruction.check(s.pc, proof.program.codeDepth, proof.program.codeRoot, "instruction");
        word = uint256(proof.instruction.leaf);
        bytes32[] memory ops = proof.operands;
        uint32 op = uint32(word >> 96);
        // what the operand count depends on: a br_table entry's height, a callee, call_indirect's parameter count, a target height
        uint32 height = op == 0x0e
            ? MachineCalls.tableEntry(proof, uint32(word >> 64))
            : op == 0x10 || op == 0x12 ? uint32(word >> 64) : op == 0x11 ? uint32(word >> 32) : uint32(word);
        if (ops.length != _operandsRead(op, height, proof)) revert MachineState.BadProof("operand count");
        bytes32 h = proof.stackRest;
        for (uint256 i = 0; i < ops.length; i++) h = MachineState.link(h, ops[i]);
        if (h != s.stackHash) revert MachineState.BadProof("operands");
    }



    /// @dev How many operands the step reads; branches read every operand above their target height.
    function _operandsRead(uint32 op, uint32 c, Proof memory proof) private pure returns (uint256) {
        MachineState.State memory s = proof.state;
        bytes32[] memory ops = proof.operands;
        if (op == 0x10 || op == 0x12) {
            proof.callee.check(c, proof.program.funcsDepth, proof.program.funcsRoot, "callee");
            return uint32(uint256(proof.callee.leaf) >> 64); // its parameters
        }
        if (op == 0x11) return uint256(c) + 1; // the expected signature's parameters and the index
        if (op == 0x3f) return 0;
        if (op == 0x40) return 1;
        if (op == 0xea || op == 0xeb) return 3;
        uint256 above = uint256(s.stackHeight) - s.baseHeight - c;
        if (op >= 0x28 && op <= 0x35) return 1;
        if (op >= 0x36 && op <= 0x3e) return 2;
        if (MachineMath.isI32(op)) return MachineMath.isUnary(op) ? 1 : 2;
        if (MachineMath64.isI64(op)) return MachineMath64.isUnary(op) ? 1 : 2;
        if (MachineFloatOps.isFloat(op)) return MachineFloatOps.isUnary(op) ? 1 : 2;
        if (op == 0x00) return 0;
        if (op >= 0x41 && op <= 0x44) return 0;
        if (op == 0x20 || op == 0x23 || op == 0x02) return 0;
        if (op == 0x21 || op == 0x22 || op == 0x24 || op == 0x1a || op == 0x04) return 1;
        if (op == 0x1b) return 3;
        if (op == 0x0c || op == 0x0e) return above;
        if (op == 0x0f) return uint256(s.stackHeight) - s.baseHeight;
        if (op == 0x0d) return ops.length > 0 && uint32(uint256(ops[ops.length - 1])) != 0 ? above : 1;
        revert UnsupportedInstruction(op);
    }

    /// @dev Executes the instruction on `s` (pc already advanced); returns the value it pushes, if any.
    function _execute(uint256 instruction, MachineState.State memory s, Proof memory proof)
        private
        view
        returns (bytes32 result, uint256 pushed, bool trapped)
    {
        (uint32 op, uint32 a, uint32 b) = (uint32(instruction >> 96), uint32(instruction >> 64), uint32(instruction >> 32));
        bytes32[] memory ops = proof.operands;
        if (op >= 0x41 && op <= 0x44) {
            uint256 v = op == 0x42 || op == 0x44 ? (uint256(b) << 32) | a : a;
            return (bytes32(v), 1, false);
        }
        if (MachineMath.isI32(op)) {
            uint32 x = uint32(uint256(ops[0]));
            if (MachineMath.isUnary(op)) return (bytes32(uint256(MachineMath.unary(op, x))), 1, false);
            (uint32 r, bool t) = MachineMath.binary(op, x, uint32(uint256(ops[1])));
            return (bytes32(uint256(r)), 1, t);
        }
        if (MachineMath64.isI64(op)) {
            uint64 x = uint64(uint256(ops[0]));
            if (MachineMath64.isUnary(op)) return (bytes32(uint256(MachineMath64.unary(op, x))), 1, false);
            (uint64 r, bool t) = MachineMath64.binary(op, x, uint64(uint256(ops[1])));
            return (bytes32(uint256(r)), 1, t);
        }
        if (MachineFloatOps.isFloat(op)) {
            (uint256 r, bool t) = floats.execute(op, uint256(ops[0]), ops.length > 1 ? uint256(ops[1]) : 0);
            return (bytes32(r), 1, t);
        }
        if (op == 0x00) return (0, 0, true); // unreachable
        if (op >= 0x28 && op <= 0x3e) return _memory(op, a, s, proof);
        if (op == 0x10) return MachineCalls.call(a, s, proof);
        if (op == 0xea || op == 0xeb) return _bulk(op, s, proof);
        if (op == 0x11) {
            int256 callee = MachineCalls.indirectCallee(proof);
            // an index past the table, an empty entry or another signature traps; a host function went to hostIo in step()
            if (callee < 0 || uint32(uint256(proof.callee.leaf) >> 96) != a) return (0, 0, true);
            if (int32(uint32(uint256(proof.callee.leaf) >> 128)) < 0) revert UnsupportedInstruction(0x12);
            return MachineCalls.call(uint32(uint256(callee)), s, proof);
        }
        if (op == 0x3f) return (bytes32(uint256(s.pages)), 1, false);
        if (op == 0x40) {
            uint256 old = s.pages;
            uint256 delta = uint32(uint256(ops[0]));
            if (old + delta > proof.program.maxPages) return (bytes32(uint256(type(uint32).max)), 1, false);
            s.pages = uint32(old + delta);
            return (bytes32(old), 1, false);
        }
        if (op == 0x0f) return MachineCalls.ret(s, proof);
        if (op >= 0x20 && op <= 0x22) {
            proof.func.check(s.func, proof.program.funcsDepth, proof.program.funcsRoot, "current function");
            uint256 depth = MachineState.depthFor(uint32(uint256(proof.func.leaf) >> 32));
            proof.local.check(a, depth, s.localsRoot, "local");
            if (op == 0x20) return (proof.local.leaf, 1, false);
            s.localsRoot = MachineState.rootOf(ops[0], a, proof.local.siblings);
            return (ops[0], op == 0x22 ? 1 : 0, false);
        }
        if (op == 0x23 || op == 0x24) {
            proof.global.check(a, proof.program.globalsDepth, s.globalsRoot, "global");
            if (op == 0x23) return (proof.global.leaf, 1, false);
            s.globalsRoot = MachineState.rootOf(ops[0], a, proof.global.siblings);
            return (0, 0, false);
        }
        if (op == 0x1a) return (0, 0, false);
        if (op == 0x1b) return (uint32(uint256(ops[2])) != 0 ? ops[0] : ops[1], 1, false);
        if (op == 0x02) {
            s.pc = a;
            return (0, 0, false);
        }
        if (op == 0x04) {
            if (uint32(uint256(ops[0])) == 0) s.pc = a;
            return (0, 0, false);
        }
        // br, br_if taken and br_table (their operands are everything above the target): keep the top b values
        // below the condition or index.
        if (op == 0x0d && ops.length == 1 && uint32(uint256(ops[0])) == 0) return (0, 0, false);
        if (op == 0x0e) (a, b) = (uint32(uint256(proof.entry.leaf) >> 64), uint32(uint256(proof.entry.leaf) >> 32));
        uint256 top = op == 0x0c ? ops.length : ops.length - 1;
        s.pc = a;
        return b == 1 ? (ops[top - 1], 1, false) : (bytes32(0), 0, false);
    }



    /// @dev memory.copy / memory.fill: one chunk inside one leaf per step; with bytes left the operands say what remains
    /// and the instruction runs again (pc kept), so no step touches more than two leaves.
    function _bulk(uint32 op, MachineState.State memory s, Proof memory proof) private pure returns (bytes32, uint256, bool) {
        bytes32[] memory ops = proof.operands;
        (uint256 dst, uint256 value, uint256 n) = (uint32(uint256(ops[0])), uint32(uint256(ops[1])), uint32(uint256(ops[2])));
        uint256 end = uint256(s.pages) * 65536;
        bool outside = dst + n > end || (op == 0xea && value + n > end);
        if (outside || n == 0) {
            if (proof.memory_.length != 0) revert MachineState.BadProof("memory leaves");
            return (0, 0, outside);
        }
        uint256[5] memory c = MachineMemory.chunk(op, dst, value, n); // k, from, to, next dst, next src
        s.memoryRoot = MachineMemory.moveChunk(op, c, value, s.memoryRoot, proof.memory_);
        if (c[0] == n) return (0, 0, false);
        s.pc -= 1;
        bytes32 h = MachineState.link(proof.stackRest, bytes32(c[3]));
        h = MachineState.link(h, op == 0xea ? bytes32(c[4]) : ops[1]);
        s.stackHash = MachineState.link(h, bytes32(n - c[0]));
        return (0, STACK_SET, false);
    }

    function _memory(uint32 op, uint32 offset, MachineState.State memory s, Proof memory proof)
        private
        pure
        returns (bytes32, uint256, bool)
    {
        bytes32[] memory ops = proof.operands;
        bool isLoad = op <= 0x35;
        uint256 address_ = uint256(uint32(uint256(ops[0]))) + offset;
        if (address_ + MachineMemory.accessBytes(op) > uint256(s.pages) * 65536) {
            if (proof.memory_.length != 0) revert MachineState.BadProof("memory leaves");
            return (0, 0, true);
        }
        if (isLoad) return (MachineMemory.load(op, address_, s.memoryRoot, proof.memory_), 1, false);
        s.memoryRoot = MachineMemory.store(op, address_, ops[1], s.memoryRoot, proof.memory_);
        return (0, 0, false);
    }
}
