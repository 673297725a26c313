// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {HubDisputeFixture} from "../utils/HubDisputeFixture.sol";
import {TraceProver} from "../disputes/DisputeFixture.sol";
import {DisputeGame} from "../../src/disputes/DisputeGame.sol";
import {IDisputeGameMoves} from "../../src/disputes/IDisputeGameMoves.sol";
import {Segments} from "../../src/disputes/Segments.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {Resolution} from "../../src/interfaces/IDisputes.sol";
import {DealKey} from "../../src/types/DealKey.sol";

/// @notice The hub with the real DisputeGame (over the synthetic trace prover of the game's own tests): a
/// challenge opens a game the hub records, the game is played and ended by timeout, and the hub reads
/// the outcome and moves the deposits (decisions 022, 026).
contract DisputesRealGameTest is HubDisputeFixture {
    uint64 internal constant STEPS = 1_000_000;
    DisputeGame internal real;
    TraceProver internal trace;
    DealKey internal key;
    IDisputeGame.Claim internal lie;

    function setUp() public override {
        super.setUp();
        trace = new TraceProver();
        real = new DisputeGame(trace);
        hub.setDisputeSettings(address(real), CLOCK, DEPOSIT);
        key = openOptimisticDeal(1);
        lie = IDisputeGame.Claim(trace.root(0), keccak256("a wrong end"), STEPS);
        answerAs(workers[0], key, 0, OUTPUT, lie);
        challengeAs(challenger, key, 0, OUTPUT, lie);
    }

    /// @dev The challenger's first move: its own roots over the claim's range (the honest trace).
    function _challengerBisects() internal {
        IDisputeGameMoves.Segment memory claimSeg;
        (claimSeg.start, claimSeg.length, claimSeg.roots) = (0, STEPS, new bytes32[](2));
        (claimSeg.roots[0], claimSeg.roots[1]) = (lie.startRoot, lie.endRoot);
        uint256 parts = Segments.parts(STEPS);
        bytes32[] memory roots = new bytes32[](parts + 1);
        for (uint256 j; j <= parts; ++j) roots[j] = trace.root(uint256(STEPS) * j / parts);
        vm.prank(challenger);
        real.bisect(1, claimSeg, 0, roots);
    }

    function test_challenge_succeedsNamingTheAnswerer_soNoPuppetDefends() public {
        vm.assertEq(real.game(1).defender, workers[0], "the answerer defends its claim");
        vm.assertEq(real.game(1).challenger, challenger, "the caller challenges");
        _challengerBisects();
        // The challenger's own second address cannot play the defender's side badly to win.
        IDisputeGameMoves.Segment memory any;
        vm.prank(challenger2);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.NotAPlayer.selector, 1, challenger2));
        real.bisect(1, any, 0, new bytes32[](0));
    }

    function test_resolveChallenge_succeedsOverturningWhenTheLiarRunsOutOfTime() public {
        vm.assertEq(real.opener(1), address(hub), "the hub opened the game");
        vm.assertEq(poco.challengeOf(keccak256(abi.encode(dealIdOf(key), uint256(0))), 0).game, address(real), "recorded");
        _challengerBisects();
        vm.warp(block.timestamp + CLOCK + 1);
        real.timeout(1);
        vm.assertEq(uint256(real.status(1)), uint256(IDisputeGame.Status.ChallengerWon), "the liar did not defend");
        uint256 challenger0 = totalOf(challenger);
        poco.resolveChallenge(key, 0, 0);
        vm.assertEq(totalOf(challenger), challenger0 + DEPOSIT, "the liar's deposit to the challenger");
        poco.finalizeAnswer(key, 0);
        vm.assertEq(uint256(poco.resolutionOf(taskIdOf(key, 0))), uint256(Resolution.Finalized), "finalized");
        vm.assertTrue(poco.answerOf(taskIdOf(key, 0)).overturned, "overturned");
        assertConserved();
    }

    function test_resolveChallenge_succeedsUpholdingWhenTheChallengerRunsOutOfTime() public {
        vm.expectRevert(abi.encodeWithSignature("DisputeGameNotOver(address,uint256)", address(real), 1));
        poco.resolveChallenge(key, 0, 0);
        vm.warp(block.timestamp + CLOCK + 1);
        real.timeout(1);
        uint256 answerer0 = totalOf(workers[0]);
        poco.resolveChallenge(key, 0, 0);
        vm.assertEq(totalOf(workers[0]), answerer0 + DEPOSIT, "the silent challenger's deposit to the answerer");
        vm.warp(block.timestamp + WINDOW);
        poco.finalizeAnswer(key, 0);
        vm.assertFalse(poco.answerOf(taskIdOf(key, 0)).overturned, "upheld");
        assertConserved();
    }
}
