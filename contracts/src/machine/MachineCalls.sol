// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Proof} from "./MachineProof.sol";
import {MachineState} from "./MachineState.sol";

/// @title MachineCalls
/// @notice The steps of OneStepProver that read the function and call tables and the frame stack: br_table's entry,
/// call_indirect's callee, call (a frame pushed, the parameters made locals) and return (a frame popped).
library MachineCalls {
    using MachineState for MachineState.Path;

    /// @dev Checks the br_table entry the index operand selects; returns its target height.
    function tableEntry(Proof memory proof, uint32 count) internal pure returns (uint32) {
        bytes32[] memory ops = proof.operands;
        if (ops.length == 0) revert MachineState.BadProof("operand count");
        uint256 index = uint32(uint256(ops[ops.length - 1]));
        uint256 at = uint256(proof.state.pc) + 1 + (index < count ? index : count);
        proof.entry.check(at, proof.program.codeDepth, proof.program.codeRoot, "br_table entry");
        return uint32(uint256(proof.entry.leaf));
    }

    /// @dev call_indirect: the function the table entry names (its leaf checked), or -1 when the index is past the
    /// table or the entry is empty (the step traps).
    function indirectCallee(Proof memory proof) internal pure returns (int256) {
        bytes32[] memory ops = proof.operands;
        if (ops.length == 0) revert MachineState.BadProof("operand count");
        uint256 index = uint32(uint256(ops[ops.length - 1]));
        if (index >= proof.program.tableLength) return -1;
        proof.table.check(index, proof.program.tableDepth, proof.program.tableRoot, "table entry");
        int256 callee = int32(uint32(uint256(proof.table.leaf)));
        if (callee < 0) return -1;
        proof.callee.check(uint256(callee), proof.program.funcsDepth, proof.program.funcsRoot, "callee");
        return callee;
    }

    /// @dev Whether a call_indirect calls a host function of the expected signature (its micro-step is a host call's).
    function indirectHost(Proof memory proof, uint32 typeId) internal pure returns (bool) {
        int256 callee = indirectCallee(proof);
        uint256 f = uint256(proof.callee.leaf);
        return callee >= 0 && uint32(f >> 96) == typeId && int32(uint32(f >> 128)) < 0;
    }

    /// @dev call: saves the caller's frame, makes the parameters the callee's first locals (the rest zero).
    function call(uint32 callee, MachineState.State memory s, Proof memory proof) internal pure returns (bytes32, uint256, bool) {
        if (s.depth + 1 >= proof.program.maxFrames) return (0, 0, true); // call stack exhausted
        uint256 f = uint256(proof.callee.leaf);
        s.framesHash = MachineState.link(s.framesHash, MachineState.frameHash(s.pc, s.func, s.localsRoot, s.baseHeight));
        s.depth += 1;
        bytes32[] memory params = proof.operands;
        (uint256 read, uint256 n) = (params.length, uint32(f >> 64));
        assembly ("memory-safe") {
            mstore(params, n) // call_indirect: the index above the parameters is not one of them
        }
        s.localsRoot = MachineState.rootOfLeaves(params, MachineState.depthFor(uint32(f >> 32)));
        assembly ("memory-safe") {
            mstore(params, read)
        }
        s.baseHeight = uint32(s.stackHeight - read);
        s.func = callee;
        s.pc = uint32(f >> 128); // entry
        return (0, 0, false);
    }

    /// @dev return: pops the caller's frame (or, from the outermost function, exits with code 0) keeping the result.
    function ret(MachineState.State memory s, Proof memory proof) internal pure returns (bytes32, uint256, bool) {
        proof.func.check(s.func, proof.program.funcsDepth, proof.program.funcsRoot, "current function");
        uint256 results = uint32(uint256(proof.func.leaf));
        bytes32 value = results == 1 ? proof.operands[proof.operands.length - 1] : bytes32(0);
        if (s.depth == 0) {
            s.status = 1; // exited, code 0
            return (value, results, false);
        }
        MachineState.Frame memory r = proof.frame;
        if (MachineState.link(r.rest, MachineState.frameHash(r.returnPc, r.func, r.localsRoot, r.operandBase)) != s.framesHash) {
            revert MachineState.BadProof("caller frame");
        }
        s.framesHash = r.rest;
        s.depth -= 1;
        s.pc = r.returnPc;
        s.func = r.func;
        s.localsRoot = r.localsRoot;
        s.baseHeight = r.operandBase;
        return (value, results, false);
    }
}
