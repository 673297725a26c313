// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {IDisputeGameMoves} from "../../src/disputes/IDisputeGameMoves.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {MachineState} from "../../src/machine/MachineState.sol";
import {DisputeFixture} from "./DisputeFixture.sol";

/// @notice Every rule of a move and the error that enforces it.
contract DisputeGameMovesTest is DisputeFixture {
    uint64 internal constant STEPS = 1000;
    uint256 internal id;
    IDisputeGameMoves.Segment internal claim;

    function setUp() public override {
        super.setUp();
        id = openGame(STEPS, HONEST);
        claim = firstSegment(STEPS, HONEST);
    }

    function _lie() private view returns (bytes32[] memory) {
        return vectorOf(claim, 0, 500).roots;
    }

    function test_open_recordsTheClaimAndEmits() public {
        IDisputeGame.Claim memory c = claimOf(10, HONEST);
        vm.expectEmit(address(game));
        emit IDisputeGameMoves.GameOpened(2, hub, challenger, defender, c.startRoot, c.endRoot, 10, CLOCK);
        vm.prank(hub);
        uint256 second = game.openDefended(c, defender, challenger, CLOCK);
        vm.assertEq(second, 2, "ids count from 1");
        vm.assertEq(game.opener(second), hub, "opener");
        vm.assertEq(uint256(game.status(second)), uint256(IDisputeGame.Status.Open), "open");
        vm.assertEq(uint256(game.status(99)), uint256(IDisputeGame.Status.None), "unknown game");
        DisputeGameView memory g = _view(second);
        vm.assertEq(g.challengerClock, CLOCK, "clock");
    }

    struct DisputeGameView {
        uint64 challengerClock;
        uint64 defenderClock;
    }

    function _view(uint256 gameId) private view returns (DisputeGameView memory v) {
        v.challengerClock = game.game(gameId).challengerClock;
        v.defenderClock = game.game(gameId).defenderClock;
    }

    function test_open_revertsWhenClaimHasNoSteps() public {
        IDisputeGame.Claim memory c = claimOf(0, HONEST);
        vm.expectRevert(IDisputeGameMoves.EmptyClaim.selector);
        game.open(c, challenger, CLOCK);
    }

    function test_open_revertsWhenClockIsZero() public {
        IDisputeGame.Claim memory c = claimOf(5, HONEST);
        vm.expectRevert(IDisputeGameMoves.ZeroClock.selector);
        game.open(c, challenger, 0);
    }

    function test_open_revertsWhenChallengerOrDefenderIsZero() public {
        IDisputeGame.Claim memory c = claimOf(5, HONEST);
        vm.expectRevert(IDisputeGameMoves.ZeroAddress.selector);
        game.open(c, address(0), CLOCK);
        vm.expectRevert(IDisputeGameMoves.ZeroAddress.selector);
        game.openDefended(c, address(0), challenger, CLOCK);
    }

    function test_bisect_emitsTheRootsAndPassesTheTurn() public {
        bytes32[] memory roots = _lie();
        vm.warp(block.timestamp + 100);
        vm.expectEmit(address(game));
        emit IDisputeGameMoves.Bisected(id, IDisputeGameMoves.Side.Challenger, challenger, 0, STEPS, roots, CLOCK - 100);
        vm.prank(challenger);
        game.bisect(id, claim, 0, roots);
        vm.assertEq(uint256(game.game(id).turn), uint256(IDisputeGameMoves.Side.Defender), "defender to move");
        vm.assertEq(game.game(id).challengerClock, CLOCK - 100, "the challenger's clock ran while it was its turn");
        vm.assertEq(game.game(id).defenderClock, CLOCK, "the defender's did not");
    }

    function test_bisect_revertsWhenSenderIsNotAPlayer() public {
        bytes32[] memory roots = _lie();
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.NotAPlayer.selector, id, stranger));
        game.bisect(id, claim, 0, roots);
    }

    function test_bisect_revertsWhenNotTheSendersTurn() public {
        bytes32[] memory roots = _lie();
        vm.prank(defender);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.NotYourTurn.selector, id, IDisputeGameMoves.Side.Challenger));
        game.bisect(id, claim, 0, roots);
        vm.prank(challenger);
        game.bisect(id, claim, 0, roots);
        IDisputeGameMoves.Segment memory seg = IDisputeGameMoves.Segment(0, STEPS, roots);
        bytes32[] memory reply = vectorOf(seg, 15, HONEST).roots;
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.NotYourTurn.selector, id, IDisputeGameMoves.Side.Defender));
        game.bisect(id, seg, 15, reply);
    }

    function test_bisect_anyoneMayDefendAnOpenGame() public {
        vm.prank(hub);
        uint256 anyone = game.open(claimOf(STEPS, HONEST), challenger, CLOCK);
        bytes32[] memory roots = _lie();
        vm.prank(challenger);
        game.bisect(anyone, claim, 0, roots);
        IDisputeGameMoves.Segment memory seg = IDisputeGameMoves.Segment(0, STEPS, roots);
        bytes32[] memory reply = vectorOf(seg, 15, HONEST).roots;
        vm.prank(stranger);
        game.bisect(anyone, seg, 15, reply);
        vm.assertEq(uint256(game.game(anyone).turn), uint256(IDisputeGameMoves.Side.Challenger), "a stranger defended");
    }

    function test_bisect_revertsWhenSegmentIsNotTheLastPosted() public {
        bytes32[] memory roots = _lie();
        claim.roots[1] = keccak256("other end");
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.SegmentMismatch.selector, id));
        game.bisect(id, claim, 0, roots);
    }

    function test_bisect_revertsWhenIndexIsPastTheParts() public {
        bytes32[] memory roots = _lie();
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.BadIndex.selector, 1, 1));
        game.bisect(id, claim, 1, roots);
    }

    function test_bisect_revertsWhenVectorHasTheWrongLength() public {
        bytes32[] memory roots = new bytes32[](32);
        roots[0] = claim.roots[0];
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.WrongRootCount.selector, 32, 33));
        game.bisect(id, claim, 0, roots);
    }

    function test_bisect_revertsWhenFirstRootIsNotTheAgreedOne() public {
        bytes32[] memory roots = _lie();
        roots[0] = keccak256("elsewhere");
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.StartRootMismatch.selector, roots[0], claim.roots[0]));
        game.bisect(id, claim, 0, roots);
    }

    function test_bisect_revertsWhenLastRootAgreesWithTheOpponent() public {
        bytes32[] memory roots = vectorOf(claim, 0, HONEST).roots;
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.EndRootNotDisputed.selector, claim.roots[1]));
        game.bisect(id, claim, 0, roots);
    }

    function test_bisect_revertsWhenPartIsOneStep_andProveStepWhenItIsNot() public {
        vm.prank(hub);
        uint256 one = game.openDefended(claimOf(1, 1), defender, challenger, CLOCK);
        IDisputeGameMoves.Segment memory seg = firstSegment(1, 1);
        bytes32[] memory roots = new bytes32[](2);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.SegmentIsOneStep.selector, one));
        game.bisect(one, seg, 0, roots);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.SegmentNotOneStep.selector, id, STEPS));
        game.proveStep(id, claim, 0, stepProof(0));
    }

    function test_proveStep_revertsWhenTheStepGivesTheOpponentsRoot() public {
        vm.prank(hub);
        uint256 one = game.openDefended(claimOf(1, HONEST), defender, challenger, CLOCK);
        IDisputeGameMoves.Segment memory seg = firstSegment(1, HONEST);
        bytes32 honest = trace.root(1);
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.StepAgrees.selector, honest));
        game.proveStep(one, seg, 0, stepProof(0));
    }

    function test_proveStep_endsTheGameAndEmits() public {
        vm.prank(hub);
        uint256 one = game.openDefended(claimOf(1, 1), defender, challenger, CLOCK);
        IDisputeGameMoves.Segment memory seg = firstSegment(1, 1);
        vm.expectEmit(address(game));
        emit IDisputeGameMoves.OneStepProven(one, IDisputeGameMoves.Side.Challenger, challenger, 0, trace.root(0), trace.root(1), seg.roots[1]);
        vm.expectEmit(address(game));
        emit IDisputeGameMoves.GameEnded(one, IDisputeGame.Status.ChallengerWon, false);
        vm.prank(challenger);
        game.proveStep(one, seg, 0, stepProof(0));
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.GameNotOpen.selector, one, IDisputeGame.Status.ChallengerWon));
        game.proveStep(one, seg, 0, stepProof(0));
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.GameNotOpen.selector, one, IDisputeGame.Status.ChallengerWon));
        game.timeout(one);
    }

    function _halted() private pure returns (MachineState.State memory s) {
        s.status = 1;
        s.exitCode = 0;
        s.steps = 40;
        s.memoryRoot = keccak256("memory");
    }

    /// @dev A one-step game from the halted state `s` to `end`.
    function _haltedGame(MachineState.State memory s, bytes32 end) private returns (uint256 g, IDisputeGameMoves.Segment memory seg) {
        bytes32 pre = MachineState.hash(s);
        vm.prank(hub);
        g = game.openDefended(IDisputeGame.Claim(pre, end, 1), defender, challenger, CLOCK);
        seg.length = 1;
        seg.roots = new bytes32[](2);
        (seg.roots[0], seg.roots[1]) = (pre, end);
    }

    function test_proveHalted_aHaltedStateStaysAsItIs() public {
        MachineState.State memory s = _halted();
        (uint256 g, IDisputeGameMoves.Segment memory seg) = _haltedGame(s, keccak256("moved on"));
        vm.prank(challenger);
        game.proveHalted(g, seg, 0, s);
        vm.assertEq(uint256(game.status(g)), uint256(IDisputeGame.Status.ChallengerWon), "the claimed step out of a halted state is wrong");
    }

    function test_proveHalted_revertsWhenTheOpponentKeptTheState() public {
        MachineState.State memory s = _halted();
        (uint256 g, IDisputeGameMoves.Segment memory seg) = _haltedGame(s, MachineState.hash(s));
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.StepAgrees.selector, MachineState.hash(s)));
        game.proveHalted(g, seg, 0, s);
    }

    function test_proveHalted_revertsWhenFieldsAreNotThePreStateOrItRuns() public {
        MachineState.State memory s = _halted();
        (uint256 g, IDisputeGameMoves.Segment memory seg) = _haltedGame(s, keccak256("moved on"));
        MachineState.State memory other = _halted();
        other.exitCode = 3;
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.HaltedStateMismatch.selector, seg.roots[0]));
        game.proveHalted(g, seg, 0, other);
        MachineState.State memory running = _halted();
        running.status = 0;
        (uint256 r, IDisputeGameMoves.Segment memory rseg) = _haltedGame(running, keccak256("moved on"));
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.PreStateRunning.selector, rseg.roots[0]));
        game.proveHalted(r, rseg, 0, running);
    }
}
