// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {MachineState} from "../machine/MachineState.sol";
import {MachineHostTypes} from "../machine/MachineHostTypes.sol";
import {IDisputeGame} from "../interfaces/IDisputeGame.sol";
import {Reveal, InputsProof} from "../interfaces/IDisputes.sol";

/// @title The two ends of a dispute claim bound to the task by single checks (decision 027).
/// @notice Every hash here equals packages/disputes/src/output/commitment.ts byte for byte.
library BindingChecks {
    /// @notice The fd table and its occupancy bitmap of every initial state (stdio 0-2, /in at 3, /out at 4).
    bytes32 internal constant INITIAL_FD_ROOT = 0xbd7e21c2dfa1bb4be43b087062b8463de099009f14f53ca2c4e771b81aaed123;
    bytes32 internal constant INITIAL_FD_BITMAP = 0x9879075979669721347e573e563970e4d43ca2624f06094a07f5560fcd94f8d2;

    /// @notice The revealed pre-images do not hash to the claim's root (`what` names the first that does not).
    error BindingRevealInvalid(string what);

    /// @notice keccak256(abi.encode("proofgrid.output.v1", status, exitCode, stdoutHash, stderrHash, filesRoot)).
    function outputCommitment(uint8 status, uint32 exitCode, bytes32 stdoutHash, bytes32 stderrHash, bytes32 filesRoot)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode("proofgrid.output.v1", status, exitCode, stdoutHash, stderrHash, filesRoot));
    }

    /// @notice The machine image of a start state: its program fields but the memory cap (a term of the request),
    /// the entry point, the entry frame's locals, the globals, the initial memory and its size:
    /// keccak256(abi.encode("proofgrid.image.v1", keccak256(abi.encode(codeRoot, codeDepth, funcsRoot, funcsDepth,
    /// tableRoot, tableDepth, tableLength, globalsDepth, maxFrames)), keccak256(abi.encode(pc, func, pages, localsRoot,
    /// globalsRoot, memoryRoot)))).
    function imageOf(MachineState.Program calldata p, MachineState.State calldata s) internal pure returns (bytes32) {
        bytes32 program = keccak256(
            abi.encode(
                p.codeRoot,
                p.codeDepth,
                p.funcsRoot,
                p.funcsDepth,
                p.tableRoot,
                p.tableDepth,
                p.tableLength,
                p.globalsDepth,
                p.maxFrames
            )
        );
        bytes32 entry = keccak256(abi.encode(s.pc, s.func, s.pages, s.localsRoot, s.globalsRoot, s.memoryRoot));
        return keccak256(abi.encode("proofgrid.image.v1", program, entry));
    }

    /// @notice Whether the claim's end is unbound: the revealed end state (hashing to `claim.endRoot`) is not
    /// halted, or its output commitment is not `outputDigest`. Reverts when the reveal is not the end state's.
    function endBroken(IDisputeGame.Claim calldata claim, bytes32 outputDigest, Reveal calldata r)
        internal
        pure
        returns (bool)
    {
        _checkState(r, claim.endRoot);
        MachineState.State calldata s = r.state;
        if (s.status == MachineState.RUNNING) return true;
        return outputCommitment(s.status, s.exitCode, r.io.stdoutHash, r.io.stderrHash, r.io.filesRoot) != outputDigest;
    }

    /// @notice Whether the claim's start is unbound: the revealed start state (hashing to `startRoot`) is not
    /// an initial state, or (`image` nonzero) its machine image is not `image`. Reverts when the reveal is not the
    /// start state's.
    function startBroken(bytes32 startRoot, bytes32 image, Reveal calldata r) internal pure returns (bool) {
        _checkState(r, startRoot);
        if (MachineState.hash(r.program) != r.state.programHash) revert BindingRevealInvalid("program");
        if (image != bytes32(0) && imageOf(r.program, r.state) != image) return true;
        return !_initial(r.state) || !_initialIo(r.io);
    }

    /// @notice Whether the revealed start (already checked against its root) runs on task `index`'s inputs as signed
    /// under `root` (decision 031): `p`'s static fields hash with its seedHash to the start's staticHash, and the leaf
    /// of (args, env, maxOutput, filesRoot, maxPages) at `index` folds with `p.siblings` to `root`.
    function inputsHold(bytes32 root, uint256 index, bytes32 taskId, Reveal calldata r, InputsProof calldata p)
        internal
        pure
        returns (bool)
    {
        bytes memory fields = bytes.concat(_strings(p.args), _strings(p.env));
        if (keccak256(abi.encodePacked(fields, p.seedHash, p.maxOutput)) != r.io.staticHash) return false;
        if (!p.random && p.seedHash != seedHashOf(taskId)) return false;
        bytes32 node = inputsLeaf(
            index, keccak256(abi.encodePacked(fields, p.maxOutput)), r.io.filesRoot, r.program.maxPages, p.random
        );
        uint256 at = index;
        for (uint256 k; k < p.siblings.length; ++k) {
            bytes32 sibling = p.siblings[k];
            node = at & 1 == 1 ? keccak256(abi.encode(sibling, node)) : keccak256(abi.encode(node, sibling));
            at >>= 1;
        }
        return at == 0 && node == root;
    }

    /// @notice Task `index`'s leaf of an inputs root: keccak256(abi.encode("proofgrid.inputs.v1", index, inputsStatic,
    /// filesRoot, maxPages, random)), inputsStatic = keccak256(args ‖ env ‖ maxOutput) packed as the machine's
    /// staticHash without its seed (packages/disputes/src/output/inputs.ts).
    function inputsLeaf(uint256 index, bytes32 inputsStatic, bytes32 filesRoot, uint32 maxPages, bool random)
        internal
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode("proofgrid.inputs.v1", index, inputsStatic, filesRoot, maxPages, random));
    }

    /// @notice The seedHash of a task whose module does not import random_get: keccak256 of its random stream's key,
    /// sha256("proofgrid/sandbox/random/v1:" ‖ the task id as 0x-prefixed lowercase hex) (packages/machine randomStream).
    function seedHashOf(bytes32 taskId) internal pure returns (bytes32) {
        bytes memory hex_ = new bytes(66);
        (hex_[0], hex_[1]) = ("0", "x");
        bytes16 digits = "0123456789abcdef";
        for (uint256 i; i < 32; ++i) {
            uint8 b = uint8(taskId[i]);
            (hex_[2 + 2 * i], hex_[3 + 2 * i]) = (digits[b >> 4], digits[b & 15]);
        }
        return keccak256(abi.encodePacked(sha256(abi.encodePacked("proofgrid/sandbox/random/v1:", hex_))));
    }

    function _strings(MachineHostTypes.Strings calldata s) private pure returns (bytes memory) {
        return abi.encodePacked(s.count, s.bytes_, s.root, s.depth, s.offsetsRoot, s.offsetsDepth);
    }

    function _checkState(Reveal calldata r, bytes32 root) private pure {
        if (MachineState.hash(r.state) != root) revert BindingRevealInvalid("state");
        if (MachineHostTypes.ioHash(r.io) != r.state.ioHash) revert BindingRevealInvalid("io");
    }

    function _initial(MachineState.State calldata s) private pure returns (bool) {
        return s.status == 0 && s.exitCode == 0 && s.steps == 0 && s.depth == 0 && s.stackHeight == 0
            && s.baseHeight == 0 && s.stackHash == 0 && s.framesHash == 0;
    }

    function _initialIo(MachineHostTypes.Io calldata io) private pure returns (bool) {
        return io.fdRoot == INITIAL_FD_ROOT && io.fdBitmap == INITIAL_FD_BITMAP && io.pathHash == 0
            && io.stdoutHash == 0 && io.stderrHash == 0 && io.randomPosition == 0 && io.clock == 0 && io.written == 0;
    }
}
