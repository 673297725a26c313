// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BatchFixture} from "../utils/BatchFixture.sol";
import {IBatches, BatchStatus, BatchView, Usage} from "../../src/interfaces/IBatches.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {BatchId, TaskId} from "../../src/types/Ids.sol";
import {ResultHashing} from "../../src/libraries/ResultHashing.sol";
import {OracleConsumer} from "../../src/mocks/OracleConsumer.sol";

/// @notice A deterministic failure of the app is a result (decision 012): replicas that fail the
/// same way agree on failureRoot(exitCode, outputDigest) through contribute/reveal (revealAppFailure)
/// or push it at trust 1 (pushAppFailure); the batch is marked failed and paid as a success. Only a
/// pool that never answers is claimed.
contract BatchesFailureTest is BatchFixture {
    uint32 internal constant TRAP = 134;
    bytes32 internal constant REPORT = keccak256("the failure report");
    bytes32 internal immutable FAIL = ResultHashing.failureRoot(TRAP, REPORT);

    function revealAppFailureAs(address worker, DealKey memory key, uint32 first, uint32 count, uint32 exitCode) internal {
        vm.prank(worker);
        poco.revealAppFailure(key, first, count, exitCode, REPORT, saltOf(worker), Usage(10, 1024));
    }

    function pushAppFailureAs(address worker, DealKey memory key, uint32 first, uint32 count) internal {
        bytes memory auth = authorize(key, first, count, worker);
        vm.prank(worker);
        poco.pushAppFailure(key, first, count, TRAP, REPORT, Usage(10, 1024), auth);
    }

    /// @dev Payouts of a settled single-task batch whose two replicas agreed: exactly a success's.
    function assertPaidAsASuccess(DealKey memory key, bool withDataset) internal view {
        uint256 share = POOL_PRICE * 90 / 100 / 2;
        vm.assertEq(hub.balanceOf(appOwner), APP_PRICE, "the app owner is paid");
        vm.assertEq(hub.balanceOf(datasetOwner), withDataset ? DATASET_PRICE : 0, "the dataset owner is paid");
        vm.assertEq(hub.balanceOf(poolOwner), FUNDS + POOL_PRICE - 2 * share, "the pool owner: its cut, stake back");
        vm.assertEq(hub.lockedOf(poolOwner), 0, "the pool stake is released");
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS + share, "replica 0 paid, stake back");
        vm.assertEq(hub.balanceOf(workers[1]), FUNDS + share, "replica 1 paid, stake back");
        vm.assertEq(hub.balanceOf(requester), FUNDS - taskPrice(withDataset), "the requester is charged, gets no stake");
        vm.assertEq(hub.lockedOf(requester), 0, "nothing left locked");
        vm.assertEq(hub.settledCountOf(key), 1, "the task is settled");
        assertConserved();
    }

    // ---- replicated: revealAppFailure ----

    function test_revealAppFailure_succeedsWhenReplicasFailIdentically_finalizesFailedAndPaysAsASuccess() public {
        DealKey memory key = openDeal(1, 3, true);
        BatchId id = batchIdOf(key, 0, 1);
        contributeAs(workers[0], key, 0, 1, FAIL);
        contributeAs(workers[1], key, 0, 1, FAIL);
        assertStatus(key, 0, 1, BatchStatus.Revealing, "consensus on the failure");
        vm.expectEmit(address(hub));
        emit IBatches.BatchFailedByApp(id, TRAP, REPORT);
        revealAppFailureAs(workers[0], key, 0, 1, TRAP);
        revealAppFailureAs(workers[1], key, 0, 1, TRAP);
        vm.expectEmit(address(hub));
        emit IBatches.BatchFinalized(id, dealIdOf(key), 0, 1, FAIL);
        poco.finalize(key, 0, 1);
        BatchView memory b = poco.batchOf(id);
        vm.assertTrue(b.failed, "failed by the app");
        vm.assertEq(uint256(b.status), uint256(BatchStatus.Settled), "settled");
        vm.assertEq(b.resultRoot, FAIL, "the failure root is the agreed result");
        vm.assertEq(uint256(poco.scoreOf(workers[0])), 1, "replicated and accurate: +1");
        vm.assertFalse(poco.verifyTaskResult(dealIdOf(key), 0, 1, 0, FAIL, new bytes32[](0)), "a failure holds no task result");
        assertPaidAsASuccess(key, true);
    }

    function test_revealAppFailure_succeedsWithAWindow_thenSettlesAsASuccess() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, FAIL);
        contributeAs(workers[1], key, 0, 1, FAIL);
        revealAppFailureAs(workers[0], key, 0, 1, TRAP);
        revealAs(workers[1], key, 0, 1, FAIL); // a plain reveal of the same root counts too
        poco.finalize(key, 0, 1);
        BatchView memory b = poco.batchOf(batchIdOf(key, 0, 1));
        vm.assertTrue(b.failed && b.status == BatchStatus.Finalized, "finalized as failed, payouts wait");
        vm.assertEq(hub.balanceOf(appOwner), 0, "not paid yet");
        vm.warp(block.timestamp + WINDOW);
        settleOne(key, 0, 1);
        vm.assertTrue(poco.batchOf(batchIdOf(key, 0, 1)).failed, "still failed once settled");
        assertPaidAsASuccess(key, false);
    }

    function test_revealAppFailure_revertsWhenTheAgreedResultIsNotThatFailure() public {
        DealKey memory key = _revealingDeal(); // agreed on GOOD
        BatchId id = batchIdOf(key, 0, 1);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionRevealMismatch.selector, id, workers[0]));
        poco.revealAppFailure(key, 0, 1, TRAP, REPORT, saltOf(workers[0]), Usage(1, 1));
    }

    function test_revealAppFailure_revertsWhenTheExitCodeDiffers() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, FAIL);
        contributeAs(workers[1], key, 0, 1, FAIL);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionRevealMismatch.selector, batchIdOf(key, 0, 1), workers[0]));
        poco.revealAppFailure(key, 0, 1, TRAP + 1, REPORT, saltOf(workers[0]), Usage(1, 1));
    }

    function test_revealAppFailure_revertsWhenExitCodeZero() public {
        DealKey memory key = openDeal(1, 3, false);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchFailureExitCodeZero.selector, batchIdOf(key, 0, 1)));
        poco.revealAppFailure(key, 0, 1, 0, REPORT, saltOf(workers[0]), Usage(1, 1));
    }

    // ---- mixed failure and success: consensus decides ----

    function test_contribute_failureAndSuccessCompete_theSuccessWins() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, FAIL);
        contributeAs(workers[2], key, 0, 1, GOOD);
        assertStatus(key, 0, 1, BatchStatus.Active, "4 against 2: no consensus yet");
        contributeAs(workers[3], key, 0, 1, GOOD);
        assertStatus(key, 0, 1, BatchStatus.Revealing, "8 against 2: the success wins");
        revealAs(workers[0], key, 0, 1, GOOD);
        revealAs(workers[2], key, 0, 1, GOOD);
        revealAs(workers[3], key, 0, 1, GOOD);
        poco.finalize(key, 0, 1);
        vm.assertFalse(poco.batchOf(batchIdOf(key, 0, 1)).failed, "not failed");
        vm.assertEq(totalOf(workers[1]), FUNDS - workerStakeOf(1), "the failing replica was wrong: stake seized");
        vm.assertEq(hub.balanceOf(appOwner), APP_PRICE, "paid");
        assertConserved();
    }

    function test_contribute_failureAndSuccessCompete_theFailureWins() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, FAIL);
        contributeAs(workers[1], key, 0, 1, GOOD);
        contributeAs(workers[2], key, 0, 1, FAIL);
        contributeAs(workers[3], key, 0, 1, FAIL);
        revealAppFailureAs(workers[0], key, 0, 1, TRAP);
        revealAppFailureAs(workers[2], key, 0, 1, TRAP);
        revealAppFailureAs(workers[3], key, 0, 1, TRAP);
        poco.finalize(key, 0, 1);
        vm.assertTrue(poco.batchOf(batchIdOf(key, 0, 1)).failed, "failed by the app");
        vm.assertEq(totalOf(workers[1]), FUNDS - workerStakeOf(1), "the dissenting success was wrong: stake seized");
        vm.assertEq(hub.lockedOf(poolOwner), 0, "the pool keeps its stake");
        assertConserved();
    }

    function test_contribute_differentFailuresDoNotAgree() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, FAIL);
        contributeAs(workers[1], key, 0, 1, ResultHashing.failureRoot(TRAP, keccak256("another output")));
        contributeAs(workers[2], key, 0, 1, ResultHashing.failureRoot(1, REPORT));
        assertStatus(key, 0, 1, BatchStatus.Active, "three different failures: no consensus");
    }

    // ---- trust 1: pushAppFailure ----

    function test_pushAppFailure_succeedsWithoutWindow_storesTheFailureAndPays() public {
        DealKey memory key = openDeal(1, 1, true);
        BatchId id = batchIdOf(key, 0, 1);
        uint256 share = POOL_PRICE * 90 / 100;
        vm.expectEmit(address(hub));
        emit IBatches.BatchFailedByApp(id, TRAP, REPORT);
        vm.expectEmit(address(hub));
        emit IBatches.BatchFinalized(id, dealIdOf(key), 0, 1, FAIL);
        vm.expectEmit(address(hub));
        emit IBatches.BatchSettled(id, dealIdOf(key), share, 1, 0);
        pushAppFailureAs(workers[0], key, 0, 1);
        BatchView memory b = poco.batchOf(id);
        vm.assertTrue(b.failed, "failed by the app");
        vm.assertEq(uint256(b.status), uint256(BatchStatus.Settled), "stored as settled");
        vm.assertEq(b.resultRoot, FAIL, "the failure root is kept");
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS + share, "the pusher is paid");
        vm.assertEq(hub.balanceOf(appOwner), APP_PRICE, "the app owner is paid");
        vm.assertEq(hub.balanceOf(datasetOwner), DATASET_PRICE, "the dataset owner is paid");
        vm.assertEq(hub.balanceOf(poolOwner), FUNDS + POOL_PRICE - share, "the pool owner: its cut, stake back");
        vm.assertEq(hub.balanceOf(requester), FUNDS - taskPrice(true), "the requester is charged, gets no stake");
        vm.assertEq(hub.lockedOf(requester) + hub.lockedOf(poolOwner), 0, "nothing locked");
        assertConserved();
        vm.warp(deadlineOf(key));
        vm.expectRevert(abi.encodeWithSelector(IBatches.TaskAlreadySettled.selector, dealIdOf(key), 0));
        poco.claim(key, 0, 1);
    }

    function test_pushAppFailure_succeedsWithWindow_thenSettles() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(2, 1, false);
        pushAppFailureAs(workers[0], key, 0, 2);
        BatchView memory b = poco.batchOf(batchIdOf(key, 0, 2));
        vm.assertTrue(b.failed && b.status == BatchStatus.Finalized, "finalized as failed");
        vm.warp(block.timestamp + WINDOW);
        settleOne(key, 0, 2);
        vm.assertTrue(poco.batchOf(batchIdOf(key, 0, 2)).failed, "settled, still failed");
        vm.assertEq(hub.balanceOf(appOwner), 2 * APP_PRICE, "the app owner is paid for both tasks");
        vm.assertEq(hub.balanceOf(requester), FUNDS - 2 * taskPrice(false), "charged as a success");
        vm.assertEq(hub.lockedOf(poolOwner), 0, "the pool stake is released");
        assertConserved();
    }

    function test_pushAppFailure_deliversTheFailureRootToTheCallback() public {
        OracleConsumer consumer = new OracleConsumer(address(hub));
        DealKey memory key = openDealWithCallback(1, 1, address(consumer));
        pushAppFailureAs(workers[0], key, 0, 1);
        TaskId taskId = ResultHashing.taskId(dealIdOf(key), 0);
        vm.assertEq(consumer.resultOf(TaskId.unwrap(taskId)), FAIL, "the consumer learns the outcome: a failure root");
        vm.assertTrue(poco.batchOf(batchIdOf(key, 0, 1)).failed, "which batchOf names failed");
    }

    function test_pushAppFailure_revertsWhenExitCodeZero() public {
        DealKey memory key = openDeal(1, 1, false);
        bytes memory auth = authorize(key, 0, 1, workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchFailureExitCodeZero.selector, batchIdOf(key, 0, 1)));
        poco.pushAppFailure(key, 0, 1, 0, REPORT, Usage(1, 1), auth);
    }

    function test_pushAppFailure_revertsWhenTrustAboveOne() public {
        DealKey memory key = openDeal(1, 2, false);
        bytes memory auth = authorize(key, 0, 1, workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchConsensusRequired.selector, dealIdOf(key), 2));
        poco.pushAppFailure(key, 0, 1, TRAP, REPORT, Usage(1, 1), auth);
        vm.assertFalse(poco.batchOf(batchIdOf(key, 0, 1)).failed, "nothing marked");
    }

    function test_pushAppFailure_revertsWhenTheBatchIsAlreadyPushed() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(1, 1, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        bytes memory auth = authorize(key, 0, 1, workers[1]);
        vm.prank(workers[1]);
        vm.expectRevert(
            abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, batchIdOf(key, 0, 1), BatchStatus.Finalized, 1)
        );
        poco.pushAppFailure(key, 0, 1, TRAP, REPORT, Usage(1, 1), auth);
        vm.assertFalse(poco.batchOf(batchIdOf(key, 0, 1)).failed, "the pushed success stays a success");
    }

    // ---- only silence is claimed ----

    function test_claim_succeedsOnlyForTheTasksNobodyAnswered_afterAFailureOnTheOthers() public {
        DealKey memory key = openDeal(2, 1, false);
        pushAppFailureAs(workers[0], key, 0, 1);
        vm.warp(deadlineOf(key));
        vm.expectEmit(address(hub));
        emit IBatches.TasksClaimed(dealIdOf(key), 0, 2, 1);
        poco.claim(key, 0, 2);
        uint256 share = POOL_PRICE * 90 / 100;
        vm.assertEq(hub.balanceOf(requester), FUNDS - taskPrice(false) + poolStakeOf(1), "charged for the failure, refunded the silent task");
        vm.assertEq(totalOf(poolOwner), FUNDS + POOL_PRICE - share - poolStakeOf(1), "the pool loses the stake of the silent task only");
        assertConserved();
    }
}
