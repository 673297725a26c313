// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IDisputeGameMoves} from "../../src/disputes/IDisputeGameMoves.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {DisputeFixture} from "./DisputeFixture.sol";

/// @notice Why a hub names the defender (decision 022 point 2): in a game anyone may defend, the challenger plays the
/// defender's side itself from a second address and beats a true claim.
contract DisputeGameDefenderTest is DisputeFixture {
    address internal sockPuppet = address(0xBAD);

    function _sabotage(uint256 id, uint64 steps) private returns (IDisputeGameMoves.Segment memory seg, bool sabotaged) {
        seg = firstSegment(steps, HONEST);
        IDisputeGameMoves.Segment memory lie = vectorOf(seg, 0, steps / 2); // a false challenge
        vm.prank(challenger);
        game.bisect(id, seg, 0, lie.roots);
        // the puppet "defends": it names the first part, where both sides agree, and makes up its end
        IDisputeGameMoves.Segment memory bad = vectorOf(lie, 0, 1);
        vm.prank(sockPuppet);
        try game.bisect(id, lie, 0, bad.roots) {
            sabotaged = true;
        } catch {}
        seg = bad;
    }

    function test_open_anyoneDefending_aChallengerBeatsATrueClaimWithASecondAddress() public {
        vm.prank(hub);
        uint256 id = game.open(claimOf(1000, HONEST), challenger, CLOCK);
        (IDisputeGameMoves.Segment memory seg, bool sabotaged) = _sabotage(id, 1000);
        vm.assertTrue(sabotaged, "the puppet played the defender's side");
        // the challenger now disputes the puppet's made-up roots honestly and wins
        (, bool stuck) = playOut(id, seg, HONEST, 1);
        vm.assertFalse(stuck, "the challenger proves the puppet's first made-up step wrong");
        vm.assertEq(uint256(game.status(id)), uint256(IDisputeGame.Status.ChallengerWon), "a true claim lost");
    }

    function test_openDefended_theNamedDefenderAloneAnswers() public {
        uint256 id = openGame(1000, HONEST);
        (, bool sabotaged) = _sabotage(id, 1000);
        vm.assertFalse(sabotaged, "the puppet is not a player");
        vm.assertEq(uint256(game.game(id).turn), uint256(IDisputeGameMoves.Side.Defender), "still the defender's move");
    }
}
