// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {DisputeGame, IOneStepProver} from "../../src/disputes/DisputeGame.sol";
import {IDisputeGameMoves} from "../../src/disputes/IDisputeGameMoves.sol";
import {Segments} from "../../src/disputes/Segments.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {Proof} from "../../src/machine/MachineProof.sol";
import {Test} from "../utils/Test.sol";

/// @notice A stand-in for OneStepProver over a synthetic trace: the root after step i is `TraceProver.root(i)`, and the
/// step from it (named by `proof.state.steps = i`) gives `root(i + 1)`. The real prover is played in
/// packages/disputes (anvil, real proofs) and DisputeGame.realProof.t.sol.
contract TraceProver is IOneStepProver {
    error NotOnTrace(bytes32 preRoot);

    function root(uint256 index) public pure returns (bytes32) {
        return keccak256(abi.encode("trace", index));
    }

    function step(bytes32 preRoot, Proof calldata proof) external pure returns (bytes32) {
        if (root(proof.state.steps) != preRoot) revert NotOnTrace(preRoot);
        return root(proof.state.steps + 1);
    }
}

/// @notice A deployed game over the synthetic trace, named players and the moves of an honest or lying party.
abstract contract DisputeFixture is Test {
    DisputeGame internal game;
    TraceProver internal trace;
    address internal hub = address(0xB0B);
    address internal challenger = address(0xC0FFEE);
    address internal defender = address(0xDEF);
    address internal stranger = address(0x5757);
    uint64 internal constant CLOCK = 1 days;
    uint256 internal constant HONEST = type(uint256).max;

    function setUp() public virtual {
        trace = new TraceProver();
        game = new DisputeGame(trace);
        vm.warp(1_000_000);
    }

    /// @dev The root a party that lies from step `lieFrom` on (HONEST: never) claims after `step`.
    function rootOf(uint256 lieFrom, uint256 step) internal view returns (bytes32) {
        return step >= lieFrom ? keccak256(abi.encode("lie", step)) : trace.root(step);
    }

    function claimOf(uint64 steps, uint256 lieFrom) internal view returns (IDisputeGame.Claim memory) {
        return IDisputeGame.Claim({startRoot: trace.root(0), endRoot: rootOf(lieFrom, steps), steps: steps});
    }

    function openGame(uint64 steps, uint256 defenderLiesFrom) internal returns (uint256 id) {
        vm.prank(hub);
        id = game.openDefended(claimOf(steps, defenderLiesFrom), defender, challenger, CLOCK);
    }

    /// @dev The claim as the first vector of the game.
    function firstSegment(uint64 steps, uint256 defenderLiesFrom) internal view returns (IDisputeGameMoves.Segment memory s) {
        s.start = 0;
        s.length = steps;
        s.roots = new bytes32[](2);
        (s.roots[0], s.roots[1]) = (trace.root(0), rootOf(defenderLiesFrom, steps));
    }

    /// @dev The vector a party lying from `lieFrom` posts over part `index` of `prev`.
    function vectorOf(IDisputeGameMoves.Segment memory prev, uint256 index, uint256 lieFrom)
        internal
        view
        returns (IDisputeGameMoves.Segment memory next)
    {
        (next.start, next.length) = Segments.part(prev.start, prev.length, prev.roots.length - 1, index);
        uint256 parts = Segments.parts(next.length);
        next.roots = new bytes32[](parts + 1);
        for (uint256 j = 0; j <= parts; j++) {
            next.roots[j] = rootOf(lieFrom, next.start + (uint256(next.length) * j) / parts);
        }
        next.roots[0] = prev.roots[index]; // the agreed first root, whatever the party's view of it
    }

    /// @dev The first part of `prev` whose last root the party lying from `lieFrom` disagrees with.
    function pick(IDisputeGameMoves.Segment memory prev, uint256 lieFrom) internal view returns (uint256) {
        uint256 count = prev.roots.length - 1;
        for (uint256 j = 0; j < count; j++) {
            (uint64 start, uint64 length) = Segments.part(prev.start, prev.length, count, j);
            if (prev.roots[j + 1] != rootOf(lieFrom, start + length)) return j;
        }
        return count - 1;
    }

    function stepProof(uint256 step) internal pure returns (Proof memory p) {
        p.state.steps = uint64(step);
    }

    /// @dev Plays `id` until it ends or the side to move cannot refute the one step it faces: each side picks its
    /// first disagreement and bisects it, or proves its last step. Returns the moves made and whether it stopped stuck.
    function playOut(uint256 id, IDisputeGameMoves.Segment memory seg, uint256 challengerLiesFrom, uint256 defenderLiesFrom)
        internal
        returns (uint256 moves, bool stuck)
    {
        bool challengerMoves = true;
        while (game.status(id) == IDisputeGame.Status.Open) {
            uint256 lieFrom = challengerMoves ? challengerLiesFrom : defenderLiesFrom;
            uint256 index = pick(seg, lieFrom);
            (uint64 start, uint64 length) = Segments.part(seg.start, seg.length, seg.roots.length - 1, index);
            address mover = challengerMoves ? challenger : defender;
            if (length == 1) {
                if (trace.root(start + 1) == seg.roots[index + 1]) {
                    // the part is right: executing it refutes nothing
                    vm.prank(mover);
                    vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.StepAgrees.selector, seg.roots[index + 1]));
                    game.proveStep(id, seg, index, stepProof(start));
                    return (moves, true);
                }
                vm.prank(mover);
                game.proveStep(id, seg, index, stepProof(start));
                return (moves + 1, false);
            }
            IDisputeGameMoves.Segment memory next = vectorOf(seg, index, lieFrom);
            vm.prank(mover);
            game.bisect(id, seg, index, next.roots);
            moves++;
            seg = next;
            challengerMoves = !challengerMoves;
        }
    }
}
