// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IDisputeGame} from "../interfaces/IDisputeGame.sol";
import {Proof} from "../machine/MachineProof.sol";
import {MachineState} from "../machine/MachineState.sol";

/// @title IDisputeGameMoves
/// @notice The moves of DisputeGame, its events (the timeline the CLI and the web read) and its errors.
interface IDisputeGameMoves {
    enum Side {
        Challenger,
        Defender
    }

    /// @notice A posted root vector as the next mover re-supplies it: `roots[j]` is the root after step
    /// `start + floor(length * j / (roots.length - 1))`.
    struct Segment {
        uint64 start;
        uint64 length;
        bytes32[] roots;
    }

    event GameOpened(
        uint256 indexed gameId,
        address indexed opener,
        address indexed challenger,
        address defender,
        bytes32 startRoot,
        bytes32 endRoot,
        uint64 steps,
        uint64 clock
    );
    /// @notice `mover` (playing `side`) posted `roots` over `[start, start + length]`; `clockLeft`: its side's seconds left.
    event Bisected(
        uint256 indexed gameId, Side side, address indexed mover, uint64 start, uint64 length, bytes32[] roots, uint64 clockLeft
    );
    /// @notice Step `stepIndex + 1` executed from `preRoot` gives `postRoot`, not the opponent's `refutedRoot`.
    event OneStepProven(
        uint256 indexed gameId, Side side, address indexed mover, uint64 stepIndex, bytes32 preRoot, bytes32 postRoot, bytes32 refutedRoot
    );
    event GameEnded(uint256 indexed gameId, IDisputeGame.Status status, bool byTimeout);

    error EmptyClaim();
    error ZeroClock();
    error ZeroAddress();
    error GameNotOpen(uint256 gameId, IDisputeGame.Status status);
    /// @notice The sender plays the other side: it is not its side's move.
    error NotYourTurn(uint256 gameId, Side toMove);
    error NotAPlayer(uint256 gameId, address sender);
    error ClockRanOut(uint256 gameId, Side side);
    error ClockNotRunOut(uint256 gameId, Side side, uint64 secondsLeft);
    /// @notice The re-supplied vector is not the one last posted in this game.
    error SegmentMismatch(uint256 gameId);
    error BadIndex(uint256 index, uint256 parts);
    error WrongRootCount(uint256 count, uint256 expected);
    error StartRootMismatch(bytes32 root, bytes32 expected);
    error EndRootNotDisputed(bytes32 root);
    /// @notice The named part is one step: prove it (proveStep, proveHalted) instead of bisecting it.
    error SegmentIsOneStep(uint256 gameId);
    error SegmentNotOneStep(uint256 gameId, uint64 length);
    /// @notice The executed step gives the opponent's root: nothing is refuted.
    error StepAgrees(bytes32 postRoot);
    error HaltedStateMismatch(bytes32 preRoot);
    /// @notice The pre-state is running: prove the step with proveStep.
    error PreStateRunning(bytes32 preRoot);

    /// @notice Names part `index` of `prev` (the opponent's last vector) and posts the mover's roots over it:
    /// `min(k, length) + 1` roots, the first equal to `prev.roots[index]`, the last different from `prev.roots[index + 1]`.
    function bisect(uint256 gameId, Segment calldata prev, uint256 index, bytes32[] calldata roots) external;

    /// @notice Ends the game for the mover: part `index` of `prev` is one step, and executing it from
    /// `prev.roots[index]` with `proof` (OneStepProver) gives a root other than `prev.roots[index + 1]`.
    function proveStep(uint256 gameId, Segment calldata prev, uint256 index, Proof calldata proof) external;

    /// @notice As proveStep for a halted pre-state, shown from its fields: the step leaves it unchanged.
    function proveHalted(uint256 gameId, Segment calldata prev, uint256 index, MachineState.State calldata state) external;

    /// @notice Ends a game whose side to move ran out of time: the other side wins. Anyone may call it.
    function timeout(uint256 gameId) external;
}
