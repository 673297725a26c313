// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IDisputeGameMoves} from "../../src/disputes/IDisputeGameMoves.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {DisputeFixture} from "./DisputeFixture.sol";

/// @notice Whole games over the synthetic trace: the honest side wins whoever lies, in ceil(log_k steps) bisections
/// and one proven step.
contract DisputeGameWholeGameTest is DisputeFixture {
    function test_game_honestDefenderBeatsLyingChallenger() public {
        uint256 id = openGame(1000, HONEST);
        (uint256 moves, bool stuck) = playOut(id, firstSegment(1000, HONEST), 637, HONEST);
        vm.assertTrue(stuck, "the lying challenger cannot refute the last step");
        vm.assertEq(uint256(game.status(id)), uint256(IDisputeGame.Status.Open), "still open until its clock runs out");
        vm.assertEq(moves, 2, "1000 steps: 1000 -> 32 -> 1 in two bisections");
        vm.warp(block.timestamp + CLOCK + 1);
        game.timeout(id);
        vm.assertEq(uint256(game.status(id)), uint256(IDisputeGame.Status.DefenderWon), "defender won");
    }

    function test_game_honestChallengerBeatsLyingDefender() public {
        uint256 id = openGame(1000, 1000); // only the claimed end root is wrong
        (uint256 moves, bool stuck) = playOut(id, firstSegment(1000, 1000), HONEST, 1000);
        vm.assertFalse(stuck, "the honest challenger proves the last step");
        vm.assertEq(moves, 3, "two bisections and the one-step proof");
        vm.assertEq(uint256(game.status(id)), uint256(IDisputeGame.Status.ChallengerWon), "challenger won");
    }

    function test_game_liarFromTheFirstStepLoses() public {
        uint256 id = openGame(77, 1);
        playOut(id, firstSegment(77, 1), HONEST, 1);
        vm.assertEq(uint256(game.status(id)), uint256(IDisputeGame.Status.ChallengerWon), "challenger won at step 1");
    }

    function test_game_oneStepClaimIsProvenAtOnce() public {
        uint256 id = openGame(1, 1);
        (uint256 moves,) = playOut(id, firstSegment(1, 1), HONEST, 1);
        vm.assertEq(moves, 1, "a one-step claim is refuted by the first move");
        vm.assertEq(uint256(game.status(id)), uint256(IDisputeGame.Status.ChallengerWon), "challenger won");
    }

    /// @notice Target of issue 16: 10^9 steps in at most 7 on-chain moves (6 bisections of k = 32, one proof).
    function test_game_billionStepsInSevenMoves() public {
        uint64 steps = 1e9;
        uint256 id = openGame(steps, 123_456_789);
        (uint256 moves, bool stuck) = playOut(id, firstSegment(steps, 123_456_789), HONEST, 123_456_789);
        vm.assertFalse(stuck, "proven");
        vm.assertEq(moves, 7, "6 bisections and one proof");
        vm.assertEq(uint256(game.status(id)), uint256(IDisputeGame.Status.ChallengerWon), "challenger won");
    }

    function testFuzz_game_honestSideWins(uint64 steps, uint256 lieFrom, bool defenderLies) public {
        steps = uint64(bound(steps, 1, 1e12));
        lieFrom = bound(lieFrom, 1, steps);
        uint256 id = openGame(steps, defenderLies ? lieFrom : HONEST);
        (, bool stuck) = playOut(id, firstSegment(steps, defenderLies ? lieFrom : HONEST), defenderLies ? HONEST : lieFrom, defenderLies ? lieFrom : HONEST);
        if (stuck) {
            vm.warp(block.timestamp + CLOCK + 1);
            game.timeout(id);
        }
        IDisputeGame.Status want = defenderLies ? IDisputeGame.Status.ChallengerWon : IDisputeGame.Status.DefenderWon;
        vm.assertEq(uint256(game.status(id)), uint256(want), "the honest side won");
    }

    function test_game_twoGamesAgainstOneClaimRunApart() public {
        uint256 a = openGame(500, HONEST);
        uint256 b = openGame(500, HONEST);
        IDisputeGameMoves.Segment memory seg = firstSegment(500, HONEST);
        IDisputeGameMoves.Segment memory next = vectorOf(seg, 0, 100);
        vm.prank(challenger);
        game.bisect(a, seg, 0, next.roots);
        // game b still expects the claim itself: a's vector is not b's
        bytes32[] memory deeper = vectorOf(next, 0, 100).roots;
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.SegmentMismatch.selector, b));
        game.bisect(b, next, 0, deeper);
        playOut(b, seg, 300, HONEST);
        vm.warp(block.timestamp + CLOCK + 1);
        game.timeout(b);
        vm.assertEq(uint256(game.status(b)), uint256(IDisputeGame.Status.DefenderWon), "b over");
        vm.assertEq(uint256(game.status(a)), uint256(IDisputeGame.Status.Open), "a is its own game");
        game.timeout(a); // nobody answered a's challenger: each game is defended on its own
        vm.assertEq(uint256(game.status(a)), uint256(IDisputeGame.Status.ChallengerWon), "a lost by the defender's time");
    }
}
