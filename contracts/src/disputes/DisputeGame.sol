// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IDisputeGame} from "../interfaces/IDisputeGame.sol";
import {Proof} from "../machine/MachineProof.sol";
import {MachineState} from "../machine/MachineState.sol";
import {IDisputeGameMoves} from "./IDisputeGameMoves.sol";
import {Segments} from "./Segments.sol";

/// @notice The one-step prover as the game calls it (contracts/src/machine/OneStepProver.sol).
interface IOneStepProver {
    function step(bytes32 preRoot, Proof calldata proof) external view returns (bytes32);
}

/// @title DisputeGame
/// @notice A k-ary dissection game over the provable machine (decision 022). The claim `(startRoot, steps, endRoot)`
/// is the defender's first vector of two roots over `[0, steps]`. Each move names a part of the opponent's last
/// vector (the mover agrees with its first root and disputes its last) and posts the mover's own `min(k, length) + 1`
/// roots of that part: same first root, a different last root. When the named part is one step long, the mover proves
/// instead: the contract executes that step from the agreed root (OneStepProver.step, or the identity for a halted
/// state shown from its fields) and the mover wins if the result differs from the opponent's root. Each side has a
/// chess clock; `timeout` ends a game whose side to move ran out. Only the hash of the last vector is stored: the
/// roots are in the `Bisected` events and the next mover supplies them again as calldata.
contract DisputeGame is IDisputeGame, IDisputeGameMoves {
    struct Game {
        address opener;
        Status status;
        Side turn;
        uint64 lastMoveAt;
        address challenger;
        uint64 challengerClock; // seconds left to the challenger's side
        address defender; // address(0): anyone may play the defender's side
        uint64 defenderClock;
        bytes32 segment; // Segments.hash of the last posted vector
    }

    /// @notice The dissection degree k (roots per move: k + 1).
    uint256 public constant DEGREE = Segments.DEGREE;
    IOneStepProver public immutable prover;
    uint256 public gameCount;
    mapping(uint256 gameId => Game) private _games;

    constructor(IOneStepProver prover_) {
        prover = prover_;
    }

    /// @inheritdoc IDisputeGame
    /// @dev The defender's side is open to anyone. Only safe where the challenger cannot gain by playing the defender's
    /// side badly itself; a hub should name the defender with `openDefended`.
    function open(Claim calldata claim, address challenger, uint64 clock) external returns (uint256) {
        return _open(claim, address(0), challenger, clock);
    }

    /// @notice Opens a game whose defender's side only `defender` may play (the party the claim is from).
    function openDefended(Claim calldata claim, address defender, address challenger, uint64 clock) external returns (uint256) {
        if (defender == address(0)) revert ZeroAddress();
        return _open(claim, defender, challenger, clock);
    }

    /// @inheritdoc IDisputeGameMoves
    function bisect(uint256 gameId, Segment calldata prev, uint256 index, bytes32[] calldata roots) external {
        Game storage g = _games[gameId];
        (Side side, uint64 left) = _authorize(g, gameId);
        (uint64 start, uint64 length) = _part(g, gameId, prev, index);
        if (length == 1) revert SegmentIsOneStep(gameId);
        uint256 want = Segments.parts(length) + 1;
        if (roots.length != want) revert WrongRootCount(roots.length, want);
        if (roots[0] != prev.roots[index]) revert StartRootMismatch(roots[0], prev.roots[index]);
        if (roots[want - 1] == prev.roots[index + 1]) revert EndRootNotDisputed(roots[want - 1]);
        g.segment = Segments.hash(start, length, roots);
        if (side == Side.Challenger) g.challengerClock = left;
        else g.defenderClock = left;
        g.turn = side == Side.Challenger ? Side.Defender : Side.Challenger;
        g.lastMoveAt = uint64(block.timestamp);
        emit Bisected(gameId, side, msg.sender, start, length, roots, left);
    }

    /// @inheritdoc IDisputeGameMoves
    function proveStep(uint256 gameId, Segment calldata prev, uint256 index, Proof calldata proof) external {
        Game storage g = _games[gameId];
        (Side side,) = _authorize(g, gameId);
        (uint64 start, uint64 length) = _part(g, gameId, prev, index);
        if (length != 1) revert SegmentNotOneStep(gameId, length);
        bytes32 pre = prev.roots[index];
        _refute(g, gameId, side, start, pre, prover.step(pre, proof), prev.roots[index + 1]);
    }

    /// @inheritdoc IDisputeGameMoves
    function proveHalted(uint256 gameId, Segment calldata prev, uint256 index, MachineState.State calldata state) external {
        Game storage g = _games[gameId];
        (Side side,) = _authorize(g, gameId);
        (uint64 start, uint64 length) = _part(g, gameId, prev, index);
        if (length != 1) revert SegmentNotOneStep(gameId, length);
        bytes32 pre = prev.roots[index];
        if (MachineState.hash(state) != pre) revert HaltedStateMismatch(pre);
        if (state.status == MachineState.RUNNING) revert PreStateRunning(pre);
        _refute(g, gameId, side, start, pre, pre, prev.roots[index + 1]);
    }

    /// @inheritdoc IDisputeGameMoves
    function timeout(uint256 gameId) external {
        Game storage g = _games[gameId];
        if (g.status != Status.Open) revert GameNotOpen(gameId, g.status);
        Side side = g.turn;
        uint256 elapsed = block.timestamp - g.lastMoveAt;
        uint64 clock = side == Side.Challenger ? g.challengerClock : g.defenderClock;
        if (elapsed <= clock) revert ClockNotRunOut(gameId, side, uint64(clock - elapsed));
        _end(g, gameId, side == Side.Challenger ? Status.DefenderWon : Status.ChallengerWon, true);
    }

    /// @inheritdoc IDisputeGame
    function status(uint256 gameId) external view returns (Status) {
        return _games[gameId].status;
    }

    /// @inheritdoc IDisputeGame
    function opener(uint256 gameId) external view returns (address) {
        return _games[gameId].opener;
    }

    /// @notice The whole record of a game (its last vector as a hash; the roots are in its last `Bisected` event).
    function game(uint256 gameId) external view returns (Game memory) {
        return _games[gameId];
    }

    function _open(Claim calldata claim, address defender, address challenger, uint64 clock) private returns (uint256 gameId) {
        if (claim.steps == 0) revert EmptyClaim();
        if (challenger == address(0)) revert ZeroAddress();
        if (clock == 0) revert ZeroClock();
        gameId = ++gameCount;
        bytes32[] memory ends = new bytes32[](2);
        (ends[0], ends[1]) = (claim.startRoot, claim.endRoot);
        _games[gameId] = Game({
            opener: msg.sender,
            status: Status.Open,
            turn: Side.Challenger,
            lastMoveAt: uint64(block.timestamp),
            challenger: challenger,
            challengerClock: clock,
            defender: defender,
            defenderClock: clock,
            segment: Segments.hashMemory(0, claim.steps, ends)
        });
        emit GameOpened(gameId, msg.sender, challenger, defender, claim.startRoot, claim.endRoot, claim.steps, clock);
    }

    /// @dev Checks that the game is open, the sender may play the side to move and its clock has time left.
    function _authorize(Game storage g, uint256 gameId) private view returns (Side side, uint64 left) {
        if (g.status != Status.Open) revert GameNotOpen(gameId, g.status);
        side = g.turn;
        bool isChallenger = msg.sender == g.challenger;
        bool mayDefend = g.defender == address(0) || msg.sender == g.defender;
        if (side == Side.Challenger ? !isChallenger : !mayDefend) {
            if (isChallenger || mayDefend) revert NotYourTurn(gameId, side);
            revert NotAPlayer(gameId, msg.sender);
        }
        uint256 elapsed = block.timestamp - g.lastMoveAt;
        uint64 clock = side == Side.Challenger ? g.challengerClock : g.defenderClock;
        if (elapsed > clock) revert ClockRanOut(gameId, side);
        left = uint64(clock - elapsed);
    }

    /// @dev Checks `prev` against the stored hash and returns part `index` of it.
    function _part(Game storage g, uint256 gameId, Segment calldata prev, uint256 index) private view returns (uint64, uint64) {
        if (Segments.hash(prev.start, prev.length, prev.roots) != g.segment) revert SegmentMismatch(gameId);
        uint256 count = prev.roots.length - 1;
        if (index >= count) revert BadIndex(index, count);
        return Segments.part(prev.start, prev.length, count, index);
    }

    /// @dev Ends the game for `side` when the executed step's root differs from the opponent's.
    function _refute(Game storage g, uint256 gameId, Side side, uint64 stepIndex, bytes32 pre, bytes32 post, bytes32 disputed)
        private
    {
        if (post == disputed) revert StepAgrees(post);
        emit OneStepProven(gameId, side, msg.sender, stepIndex, pre, post, disputed);
        _end(g, gameId, side == Side.Challenger ? Status.ChallengerWon : Status.DefenderWon, false);
    }

    function _end(Game storage g, uint256 gameId, Status result, bool byTimeout) private {
        g.status = result;
        emit GameEnded(gameId, result, byTimeout);
    }
}
