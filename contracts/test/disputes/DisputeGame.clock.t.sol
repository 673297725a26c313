// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IDisputeGameMoves} from "../../src/disputes/IDisputeGameMoves.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {DisputeFixture} from "./DisputeFixture.sol";

/// @notice Chess clocks: each side's time runs only on its turn; a side out of time cannot move and loses on `timeout`.
contract DisputeGameClockTest is DisputeFixture {
    uint64 internal constant STEPS = 1000;
    uint256 internal id;
    IDisputeGameMoves.Segment internal claim;

    function setUp() public override {
        super.setUp();
        id = openGame(STEPS, HONEST);
        claim = firstSegment(STEPS, HONEST);
    }

    function test_timeout_challengerOutOfTimeLoses() public {
        vm.warp(block.timestamp + CLOCK);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.ClockNotRunOut.selector, id, IDisputeGameMoves.Side.Challenger, 0));
        game.timeout(id);
        vm.warp(block.timestamp + 1);
        bytes32[] memory roots = vectorOf(claim, 0, 10).roots;
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.ClockRanOut.selector, id, IDisputeGameMoves.Side.Challenger));
        game.bisect(id, claim, 0, roots);
        vm.expectEmit(address(game));
        emit IDisputeGameMoves.GameEnded(id, IDisputeGame.Status.DefenderWon, true);
        vm.prank(stranger);
        game.timeout(id);
        vm.assertEq(uint256(game.status(id)), uint256(IDisputeGame.Status.DefenderWon), "defender won on time");
    }

    function test_timeout_defenderOutOfTimeLoses() public {
        vm.warp(block.timestamp + CLOCK - 10); // the challenger spends all but 10 s
        bytes32[] memory roots = vectorOf(claim, 0, 10).roots;
        vm.prank(challenger);
        game.bisect(id, claim, 0, roots);
        vm.warp(block.timestamp + CLOCK - 1);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.ClockNotRunOut.selector, id, IDisputeGameMoves.Side.Defender, 1));
        game.timeout(id);
        vm.warp(block.timestamp + 2);
        game.timeout(id);
        vm.assertEq(uint256(game.status(id)), uint256(IDisputeGame.Status.ChallengerWon), "challenger won on time");
    }

    function test_clock_eachSideSpendsOnlyItsOwnTime() public {
        vm.warp(block.timestamp + 600);
        IDisputeGameMoves.Segment memory seg = vectorOf(claim, 0, 10);
        vm.prank(challenger);
        game.bisect(id, claim, 0, seg.roots);
        vm.warp(block.timestamp + 300);
        uint256 index = pick(seg, HONEST);
        IDisputeGameMoves.Segment memory reply = vectorOf(seg, index, HONEST);
        vm.prank(defender);
        game.bisect(id, seg, index, reply.roots);
        vm.warp(block.timestamp + CLOCK - 601); // the challenger has CLOCK - 600 left
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.ClockNotRunOut.selector, id, IDisputeGameMoves.Side.Challenger, 1));
        game.timeout(id);
        vm.assertEq(game.game(id).defenderClock, CLOCK - 300, "defender spent 300 s");
        vm.warp(block.timestamp + 2);
        game.timeout(id);
        vm.assertEq(uint256(game.status(id)), uint256(IDisputeGame.Status.DefenderWon), "the challenger's own time ran out");
    }
}
