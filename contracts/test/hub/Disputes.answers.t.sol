// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {HubDisputeFixture} from "../utils/HubDisputeFixture.sol";
import {Vm} from "../utils/Vm.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IDisputes, Resolution, AnswerView, ChallengeView} from "../../src/interfaces/IDisputes.sol";
import {IBatches, Usage} from "../../src/interfaces/IBatches.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {TaskId} from "../../src/types/Ids.sol";

/// @notice Optimistic answers: the ECM lifecycle per task, deposits and payouts (decision 026).
contract DisputesAnswersTest is HubDisputeFixture {
    DealKey internal key;
    address internal answerer;
    IDisputeGame.Claim internal claim;

    function setUp() public override {
        super.setUp();
        key = openOptimisticDeal(2);
        answerer = workers[0];
        claim = claimOf("honest");
    }

    function _state(uint32 index) internal view returns (Resolution) {
        return poco.resolutionOf(taskIdOf(key, index));
    }

    function test_answer_succeedsWhenAuthorized() public {
        vm.assertEq(uint256(_state(0)), uint256(Resolution.Pending), "pending before");
        uint256 balance = hub.balanceOf(answerer);
        vm.expectEmit(address(hub));
        emit IDisputes.TaskAnswered(
            taskIdOf(key, 0), dealIdOf(key), answerer, 0, digestOf(OUTPUT, claim), OUTPUT, claim, uint40(block.timestamp + WINDOW), DEPOSIT
        );
        answerAs(answerer, key, 0, OUTPUT, claim);
        AnswerView memory a = poco.answerOf(taskIdOf(key, 0));
        vm.assertEq(uint256(a.state), uint256(Resolution.WaitingForResolution), "waiting");
        vm.assertEq(a.answerer, answerer, "answerer");
        vm.assertEq(a.digest, digestOf(OUTPUT, claim), "digest of decision 022");
        vm.assertEq(hub.balanceOf(answerer), balance - DEPOSIT, "deposit locked");
        vm.assertTrue(poco.isTaskSettled(key, 0), "the task is off the claimable books");
        assertConserved();
    }

    function test_answer_revertsWhenDealReplicated() public {
        DealKey memory replicated = openDeal(1, 1, false);
        bytes memory auth = authorize(replicated, 0, 1, answerer);
        vm.prank(answerer);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchVerificationMismatch.selector, dealIdOf(replicated), 0));
        poco.answer(replicated, 0, OUTPUT, claim, auth);
    }

    function test_pushResult_revertsWhenDealOptimistic() public {
        bytes memory auth = authorize(key, 0, 1, answerer);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchVerificationMismatch.selector, dealIdOf(key), 1));
        vm.prank(answerer);
        poco.pushResult(key, 0, 1, OUTPUT, Usage(10, 1024), auth);
    }

    function test_contribute_revertsWhenDealOptimistic() public {
        bytes memory auth = authorize(key, 0, 1, answerer);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchVerificationMismatch.selector, dealIdOf(key), 1));
        vm.prank(answerer);
        poco.contribute(key, 0, 1, bytes32(uint256(1)), bytes32(uint256(2)), auth);
    }

    function test_answer_revertsWhenAnsweredTwice() public {
        answerAs(answerer, key, 0, OUTPUT, claim);
        bytes memory auth = authorize(key, 0, 1, workers[1]);
        vm.prank(workers[1]);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.DisputeUnexpectedState.selector, taskIdOf(key, 0), Resolution.WaitingForResolution)
        );
        poco.answer(key, 0, OUTPUT, claim, auth);
    }

    function test_answer_revertsWhenUnauthorized() public {
        bytes memory auth = authorize(key, 0, 1, workers[1]); // signed for another worker
        vm.prank(answerer);
        vm.expectPartialRevert(IBatches.ContributionUnauthorized.selector);
        poco.answer(key, 0, OUTPUT, claim, auth);
    }

    function test_finalizeAnswer_succeedsWhenWindowPassedUnchallenged() public {
        answerAs(answerer, key, 0, OUTPUT, claim);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.DisputeUnexpectedState.selector, taskIdOf(key, 0), Resolution.WaitingForResolution)
        );
        poco.finalizeAnswer(key, 0);
        vm.warp(block.timestamp + WINDOW);
        vm.assertEq(uint256(_state(0)), uint256(Resolution.SoftResolution), "soft-resolved by time");
        uint256 worker0 = totalOf(answerer);
        uint256 app0 = totalOf(appOwner);
        uint256 req0 = totalOf(requester);
        vm.expectEmit(address(hub));
        emit IDisputes.AnswerFinalized(taskIdOf(key, 0), dealIdOf(key), false);
        poco.finalizeAnswer(key, 0);
        vm.assertEq(uint256(_state(0)), uint256(Resolution.Finalized), "finalized");
        vm.assertEq(hub.lockedOf(answerer), 0, "deposit released");
        vm.assertEq(totalOf(answerer), worker0 + POOL_PRICE * 90 / 100, "the worker's share, as a pushed result");
        vm.assertEq(totalOf(appOwner), app0 + APP_PRICE, "app owner paid");
        vm.assertEq(totalOf(requester), req0 - taskPrice(false), "requester paid one task");
        vm.expectRevert(abi.encodeWithSelector(IDisputes.DisputeUnexpectedState.selector, taskIdOf(key, 0), Resolution.Finalized));
        poco.finalizeAnswer(key, 0);
        assertConserved();
    }

    function test_challenge_succeedsOpeningAGameAgainstTheClaim() public {
        answerAs(answerer, key, 0, OUTPUT, claim);
        uint256 balance = hub.balanceOf(challenger);
        vm.expectEmit(address(hub));
        emit IDisputes.TaskChallenged(taskIdOf(key, 0), challenger, 0);
        vm.expectEmit(address(hub));
        emit IDisputes.DisputeGameOpened(TaskId.unwrap(taskIdOf(key, 0)), 0, challenger, address(game), 0, DEPOSIT);
        uint256 index = challengeAs(challenger, key, 0, OUTPUT, claim);
        vm.assertEq(index, 0, "first challenge");
        vm.assertEq(uint256(_state(0)), uint256(Resolution.Resolving), "resolving");
        vm.assertEq(hub.balanceOf(challenger), balance - DEPOSIT, "same deposit as the answer");
        vm.assertEq(game.opener(0), address(hub), "the hub opened the game");
        vm.assertEq(game.gameOf(0).challenger, challenger, "the caller challenges");
        vm.assertEq(game.gameOf(0).defender, answerer, "the answerer defends its claim");
        vm.assertEq(game.gameOf(0).claim.endRoot, claim.endRoot, "over the answer's claim");
        vm.assertEq(game.gameOf(0).clock, CLOCK, "with the hub's clock");
        ChallengeView memory c = poco.challengeOf(TaskId.unwrap(taskIdOf(key, 0)), 0);
        vm.assertEq(c.game, address(game), "game recorded");
        vm.assertEq(poco.challengeCount(TaskId.unwrap(taskIdOf(key, 0))), 1, "one challenge");
        vm.warp(block.timestamp + WINDOW);
        vm.assertEq(uint256(_state(0)), uint256(Resolution.Resolving), "still resolving after the window while the game runs");
        vm.expectRevert(abi.encodeWithSelector(IDisputes.DisputeUnexpectedState.selector, taskIdOf(key, 0), Resolution.Resolving));
        poco.finalizeAnswer(key, 0);
        assertConserved();
    }

    function test_challenge_revertsWhenClaimDiffers() public {
        answerAs(answerer, key, 0, OUTPUT, claim);
        IDisputeGame.Claim memory other = claimOf("other");
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.DisputeClaimMismatch.selector, digestOf(OUTPUT, claim), digestOf(OUTPUT, other))
        );
        challengeAs(challenger, key, 0, OUTPUT, other);
    }

    function test_challenge_revertsWhenWindowClosed() public {
        answerAs(answerer, key, 0, OUTPUT, claim);
        vm.warp(block.timestamp + WINDOW);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.DisputeWindowClosed.selector, TaskId.unwrap(taskIdOf(key, 0)), block.timestamp)
        );
        challengeAs(challenger, key, 0, OUTPUT, claim);
    }

    function test_challenge_revertsWhenNotAnswered() public {
        vm.expectRevert(abi.encodeWithSelector(IDisputes.DisputeUnexpectedState.selector, taskIdOf(key, 0), Resolution.Pending));
        challengeAs(challenger, key, 0, OUTPUT, claim);
    }

    function test_challenge_revertsWhenNoGameConfigured() public {
        answerAs(answerer, key, 0, OUTPUT, claim);
        hub.setDisputeSettings(address(0), CLOCK, DEPOSIT);
        vm.expectRevert(IDisputes.DisputeGameUnset.selector);
        challengeAs(challenger, key, 0, OUTPUT, claim);
    }

    function test_resolveChallenge_revertsWhenGameOpen() public {
        answerAs(answerer, key, 0, OUTPUT, claim);
        challengeAs(challenger, key, 0, OUTPUT, claim);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.DisputeGameNotOver.selector, address(game), 0));
        poco.resolveChallenge(key, 0, 0);
    }

    function test_resolveChallenge_succeedsOverturningWhenChallengerWon() public {
        setScore(answerer, 7);
        answerAs(answerer, key, 0, OUTPUT, claim);
        challengeAs(challenger, key, 0, OUTPUT, claim);
        game.decide(0, IDisputeGame.Status.ChallengerWon);
        uint256 challenger0 = totalOf(challenger);
        uint256 answerer0 = totalOf(answerer);
        vm.expectEmit(address(hub));
        emit IDisputes.ChallengeResolved(TaskId.unwrap(taskIdOf(key, 0)), 0, true, challenger, DEPOSIT);
        vm.expectEmit(address(hub));
        emit IDisputes.AnswerResolved(taskIdOf(key, 0), true);
        poco.resolveChallenge(key, 0, 0);
        vm.assertEq(uint256(_state(0)), uint256(Resolution.FirmResolution), "firm");
        vm.assertEq(totalOf(challenger), challenger0 + DEPOSIT, "the liar's deposit to the challenger");
        vm.assertEq(hub.lockedOf(challenger), 0, "challenger's own deposit released");
        vm.assertEq(totalOf(answerer), answerer0 - DEPOSIT, "the liar loses its deposit");
        vm.assertEq(poco.scoreOf(answerer), 0, "the liar's score reset");
        vm.expectRevert(abi.encodeWithSelector(IDisputes.DisputeChallengeUnknown.selector, TaskId.unwrap(taskIdOf(key, 0)), 0));
        poco.resolveChallenge(key, 0, 0);

        uint256 req0 = totalOf(requester);
        uint256 pool0 = totalOf(poolOwner);
        poco.finalizeAnswer(key, 0); // inside the window: an overturned answer is final
        vm.assertEq(uint256(_state(0)), uint256(Resolution.Finalized), "finalized");
        vm.assertEq(totalOf(requester), req0 + poolStakeOf(1), "requester refunded, with the pool's stake");
        vm.assertEq(totalOf(poolOwner), pool0 - poolStakeOf(1), "pool stake seized");
        vm.assertEq(totalOf(answerer), answerer0 - DEPOSIT, "the liar is not paid");
        assertConserved();
    }

    function test_resolveChallenge_succeedsPayingTheAnswererWhenDefenderWon() public {
        answerAs(answerer, key, 0, OUTPUT, claim);
        challengeAs(challenger, key, 0, OUTPUT, claim);
        game.decide(0, IDisputeGame.Status.DefenderWon);
        uint256 answerer0 = totalOf(answerer);
        poco.resolveChallenge(key, 0, 0);
        vm.assertEq(uint256(_state(0)), uint256(Resolution.WaitingForResolution), "window still open to others");
        vm.assertEq(totalOf(answerer), answerer0 + DEPOSIT, "the false challenger's deposit to the answerer");
        vm.warp(block.timestamp + WINDOW);
        vm.assertEq(uint256(_state(0)), uint256(Resolution.FirmResolution), "upheld once the window passed");
        poco.finalizeAnswer(key, 0);
        vm.assertEq(totalOf(answerer), answerer0 + DEPOSIT + POOL_PRICE * 90 / 100, "then paid");
        vm.assertEq(hub.lockedOf(answerer), 0, "nothing left locked");
        assertConserved();
    }

    function test_resolveChallenge_succeedsWithTwoChallengersOneLying() public {
        answerAs(answerer, key, 0, OUTPUT, claim);
        challengeAs(challenger, key, 0, OUTPUT, claim);
        challengeAs(challenger2, key, 0, OUTPUT, claim);
        game.decide(1, IDisputeGame.Status.ChallengerWon);
        game.decide(0, IDisputeGame.Status.DefenderWon); // a colluding challenger who loses on purpose
        vm.warp(block.timestamp + WINDOW + 1);
        uint256 req0 = totalOf(requester);
        poco.resolveChallenge(key, 0, 1);
        poco.finalizeAnswer(key, 0);
        poco.resolveChallenge(key, 0, 0);
        vm.assertEq(uint256(_state(0)), uint256(Resolution.Finalized), "a resolved challenge never reopens a finalized answer");
        vm.assertEq(
            totalOf(requester), req0 + poolStakeOf(1) + DEPOSIT, "refund, pool stake, and the losing challenger's deposit after overturn"
        );
        vm.assertEq(poco.answerOf(taskIdOf(key, 0)).openGames, 0, "no game left");
        assertConserved();
    }

    function test_resolveChallenge_succeedsEnteringFirmResolutionOnce() public {
        answerAs(answerer, key, 0, OUTPUT, claim);
        challengeAs(challenger, key, 0, OUTPUT, claim);
        challengeAs(challenger2, key, 0, OUTPUT, claim);
        game.decide(0, IDisputeGame.Status.ChallengerWon);
        game.decide(1, IDisputeGame.Status.ChallengerWon);
        vm.recordLogs();
        poco.resolveChallenge(key, 0, 0);
        poco.resolveChallenge(key, 0, 1);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 resolved;
        for (uint256 i; i < logs.length; ++i) if (logs[i].topics[0] == IDisputes.AnswerResolved.selector) ++resolved;
        vm.assertEq(resolved, 1, "AnswerResolved once");
        vm.assertEq(hub.lockedOf(challenger2), 0, "the second winner gets its deposit back");
        vm.assertEq(uint256(_state(0)), uint256(Resolution.FirmResolution), "firm");
        assertConserved();
    }

    function test_claim_succeedsRefundingOnlyUnansweredTasks() public {
        answerAs(answerer, key, 0, OUTPUT, claim);
        vm.warp(block.timestamp + WINDOW); // past the deal's deadline (startTime + 10 x RUN_TIME) and the window
        uint256 req0 = totalOf(requester);
        poco.claim(key, 0, 2);
        vm.assertEq(totalOf(requester), req0 + poolStakeOf(1), "only task 1 refunded (with its pool stake)");
        vm.assertEq(hub.lockedOf(requester), taskPrice(false), "task 0's price still locked for its answer");
        poco.finalizeAnswer(key, 0);
        vm.assertEq(hub.lockedOf(requester), 0, "paid once");
        assertConserved();
    }
}
