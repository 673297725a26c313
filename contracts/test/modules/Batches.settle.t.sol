// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {IBatches, BatchStatus, BatchView, Usage} from "../../src/interfaces/IBatches.sol";
import {IReputation} from "../../src/interfaces/IReputation.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId, BatchId} from "../../src/types/Ids.sol";

/// @notice Batches (P5, P6): pushResult for trust <= 1, settle after the rollback window, and the
/// checker's overturn inside it.
contract BatchesSettleTest is Fixture {
    bytes32 internal constant GOOD = keccak256("good");
    uint256 internal constant FINALIZED = 1 << uint8(BatchStatus.Finalized);
    uint64 internal constant WINDOW = 1 days;

    // ---- pushResult ----

    function test_pushResult_succeedsWithoutWindow_paysAtOnce() public {
        DealKey memory key = openDeal(2, 1, false);
        BatchId id = batchIdOf(key, 0, 2);
        uint256 share = 2 * POOL_PRICE * 90 / 100;
        vm.expectEmit(address(hub));
        emit IBatches.BatchRevealed(id, workers[0], GOOD, Usage(10, 1024));
        vm.expectEmit(address(hub));
        emit IBatches.BatchFinalized(id, dealIdOf(key), 0, 2, GOOD);
        vm.expectEmit(address(hub));
        emit IBatches.ContributionJudged(id, workers[0], true);
        vm.expectEmit(address(hub));
        emit IBatches.BatchSettled(id, dealIdOf(key), share, 1, 0);
        pushAs(workers[0], key, 0, 2, GOOD);
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS + share, "worker paid, no stake");
        vm.assertEq(hub.lockedOf(workers[0]), 0, "nothing locked");
        vm.assertEq(hub.balanceOf(appOwner), 2 * APP_PRICE, "app owner");
        vm.assertEq(hub.lockedOf(requester), 0, "requester spent");
        vm.assertEq(hub.lockedOf(poolOwner), 0, "pool stake back");
        vm.assertEq(uint256(poco.scoreOf(workers[0])), 0, "no reputation for unreplicated work");
        assertStatus(key, 0, 2, BatchStatus.Settled, "settled (derived)");
        vm.assertEq(uint256(poco.batchOf(id).status), uint256(BatchStatus.None), "nothing stored: no callback");
        assertConserved();
    }

    function test_pushResult_succeedsWhenCallerIsTheScheduler_withoutAuthorization() public {
        DealKey memory key = openDeal(1, 1, false);
        vm.prank(scheduler);
        poco.pushResult(key, 0, 1, GOOD, Usage(1, 1), "");
        vm.assertEq(hub.balanceOf(scheduler), POOL_PRICE * 90 / 100, "the scheduler worked and is paid");
    }

    function test_pushResult_succeedsWithWindow_keepsThePusherUntilSettle() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(1, 1, true);
        pushAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        BatchView memory b = poco.batchOf(id);
        vm.assertEq(uint256(b.status), uint256(BatchStatus.Finalized), "finalized");
        vm.assertEq(uint256(b.contributors), 1, "the pusher");
        vm.assertEq(uint256(b.revealed), 1, "counts as revealed");
        vm.assertEq(uint256(b.finalizedAt), block.timestamp + WINDOW, "release time");
        vm.assertEq(b.resultRoot, GOOD, "root");
        vm.assertEq(poco.contributorAt(id, 0), workers[0], "pusher recorded");
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS, "not paid yet");
        vm.assertEq(hub.lockedOf(requester), taskPrice(true), "still locked");
        vm.assertTrue(poco.isTaskSettled(key, 0), "task taken");
    }

    function test_pushResult_revertsWhenTrustAboveOne() public {
        DealKey memory key = openDeal(1, 2, false);
        bytes memory auth = authorize(key, 0, 1, workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchConsensusRequired.selector, dealIdOf(key), 2));
        poco.pushResult(key, 0, 1, GOOD, Usage(1, 1), auth);
    }

    function test_pushResult_revertsWhenBatchAlreadyFinalized() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(1, 1, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        bytes memory auth = authorize(key, 0, 1, workers[1]);
        vm.prank(workers[1]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Finalized, 1));
        poco.pushResult(key, 0, 1, GOOD, Usage(1, 1), auth);
    }

    function test_pushResult_revertsWhenTaskAlreadyPushed() public {
        DealKey memory key = openDeal(3, 1, false);
        pushAs(workers[0], key, 1, 1, GOOD);
        bytes memory auth = authorize(key, 1, 1, workers[1]);
        vm.prank(workers[1]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.TaskAlreadySettled.selector, dealIdOf(key), 1));
        poco.pushResult(key, 1, 1, GOOD, Usage(1, 1), auth);
    }

    function test_pushResult_revertsWhenBatchHasContributions() public {
        DealKey memory key = openDeal(1, 1, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        bytes memory auth = authorize(key, 0, 1, workers[1]);
        vm.prank(workers[1]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Revealing, 1));
        poco.pushResult(key, 0, 1, GOOD, Usage(1, 1), auth);
    }

    function test_pushResult_revertsWhenDeadlinePassed() public {
        DealKey memory key = openDeal(1, 1, false);
        uint256 deadline = deadlineOf(key);
        vm.warp(deadline);
        BatchId id = batchIdOf(key, 0, 1);
        bytes memory auth = authorize(key, 0, 1, workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchDeadlinePassed.selector, id, deadline));
        poco.pushResult(key, 0, 1, GOOD, Usage(1, 1), auth);
    }

    function test_pushResult_revertsWhenNotAuthorized() public {
        DealKey memory key = openDeal(1, 1, false);
        BatchId id = batchIdOf(key, 0, 1);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionUnauthorized.selector, id, workers[0], address(0), scheduler));
        poco.pushResult(key, 0, 1, GOOD, Usage(1, 1), "");
    }

    function test_pushResult_revertsWhenOutOfRange() public {
        DealKey memory key = openDeal(2, 1, false);
        bytes memory auth = authorize(key, 2, 1, workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchOutOfRange.selector, dealIdOf(key), 2, 1, 2));
        poco.pushResult(key, 2, 1, GOOD, Usage(1, 1), auth);
    }

    function test_pushResult_revertsWhenDealUnknown() public {
        DealKey memory key = openDeal(2, 1, false);
        key.startTime += 1;
        DealId id = dealIdOf(key);
        bytes memory auth = authorize(key, 0, 1, workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IDeals.DealUnknown.selector, id));
        poco.pushResult(key, 0, 1, GOOD, Usage(1, 1), auth);
    }

    // ---- settle ----

    function test_settle_succeedsAfterTheWindow_paysAPushedBatch() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(1, 1, true);
        pushAs(workers[0], key, 0, 1, GOOD);
        vm.warp(block.timestamp + WINDOW);
        BatchId id = batchIdOf(key, 0, 1);
        vm.expectEmit(address(hub));
        emit IBatches.BatchSettled(id, dealIdOf(key), POOL_PRICE * 90 / 100, 1, 0);
        vm.prank(address(0xCA11)); // anyone may settle
        settleOne(key, 0, 1);
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS + POOL_PRICE * 90 / 100, "pusher paid");
        vm.assertEq(hub.balanceOf(datasetOwner), DATASET_PRICE, "dataset owner paid");
        assertStatus(key, 0, 1, BatchStatus.Settled, "settled");
        assertConserved();
    }

    function test_settle_succeedsForSeveralBatchesOfADeal_contributedOnes() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(3, 1, false);
        for (uint32 i; i < 3; ++i) {
            contributeAs(workers[i], key, i, 1, keccak256(abi.encode(i)));
            revealAs(workers[i], key, i, 1, keccak256(abi.encode(i)));
            poco.finalize(key, i, 1);
        }
        vm.warp(block.timestamp + WINDOW);
        uint32[] memory firsts = new uint32[](3);
        uint32[] memory counts = new uint32[](3);
        for (uint32 i; i < 3; ++i) (firsts[i], counts[i]) = (i, 1);
        poco.settle(key, firsts, counts);
        for (uint256 i; i < 3; ++i) {
            vm.assertEq(hub.balanceOf(workers[i]), FUNDS + POOL_PRICE * 90 / 100, "each worker paid once");
            vm.assertEq(hub.lockedOf(workers[i]), 0, "stake back");
        }
        vm.assertEq(hub.balanceOf(appOwner), 3 * APP_PRICE, "three tasks paid");
        assertConserved();
    }

    function test_settle_revertsWhenWindowOpen() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(1, 1, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        uint256 until = block.timestamp + WINDOW;
        vm.warp(until - 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchWindowOpen.selector, id, until));
        settleOne(key, 0, 1);
    }

    function test_settle_revertsWhenBatchNotFinalized() public {
        DealKey memory key = openDeal(1, 1, false);
        BatchId id = batchIdOf(key, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.None, FINALIZED));
        settleOne(key, 0, 1);
    }

    function test_settle_revertsWhenSettledTwice() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(1, 1, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        vm.warp(block.timestamp + WINDOW);
        settleOne(key, 0, 1);
        BatchId id = batchIdOf(key, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Settled, FINALIZED));
        settleOne(key, 0, 1);
    }

    function test_settle_revertsWhenOneOfTheBatchesIsNotReady_settlesNone() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(2, 1, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        uint32[] memory firsts = new uint32[](2);
        uint32[] memory counts = new uint32[](2);
        (firsts[0], counts[0], firsts[1], counts[1]) = (0, 1, 1, 1);
        vm.warp(block.timestamp + WINDOW);
        BatchId id1 = batchIdOf(key, 1, 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id1, BatchStatus.None, FINALIZED));
        poco.settle(key, firsts, counts);
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS, "all or nothing");
    }

    function test_settle_revertsWhenDealUnknown() public {
        DealKey memory key = openDeal(1, 1, false);
        key.tag = bytes32(uint256(1));
        DealId id = dealIdOf(key);
        vm.expectRevert(abi.encodeWithSelector(IDeals.DealUnknown.selector, id));
        settleOne(key, 0, 1);
    }

    // ---- overturn ----

    function test_overturn_succeedsOnAPushedBatch_refundsTheRequesterAndResetsThePusher() public {
        hub.setRollbackWindow(WINDOW);
        setScore(workers[0], 7);
        DealKey memory key = openDeal(1, 1, true);
        pushAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        bytes32 evidence = keccak256("spot-check");
        vm.expectEmit(address(hub));
        emit IReputation.ReputationChanged(workers[0], 0);
        vm.expectEmit(address(hub));
        emit IBatches.BatchOverturned(id, dealIdOf(key), checker, evidence);
        vm.prank(checker);
        poco.overturn(key, 0, 1, evidence);
        vm.assertEq(hub.lockedOf(requester), 0, "refunded");
        vm.assertEq(hub.balanceOf(requester), FUNDS + poolStakeOf(1), "price back plus the pool's stake");
        vm.assertEq(totalOf(poolOwner), FUNDS - poolStakeOf(1), "pool stake seized");
        vm.assertEq(uint256(poco.scoreOf(workers[0])), 0, "pusher's reputation reset");
        vm.assertEq(hub.balanceOf(appOwner), 0, "app owner not paid");
        assertStatus(key, 0, 1, BatchStatus.Overturned, "overturned");
        vm.assertTrue(poco.isTaskSettled(key, 0), "the task stays closed: no double refund");
        assertConserved();
    }

    function test_overturn_succeedsOnAContributedBatch_seizesTheChosenGroupAndReleasesOthers() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(1, 3, false);
        bytes32 other = keccak256("other");
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, other);
        contributeAs(workers[2], key, 0, 1, GOOD);
        contributeAs(workers[3], key, 0, 1, GOOD);
        revealAs(workers[0], key, 0, 1, GOOD);
        revealAs(workers[2], key, 0, 1, GOOD);
        revealAs(workers[3], key, 0, 1, GOOD);
        poco.finalize(key, 0, 1);
        vm.prank(checker);
        poco.overturn(key, 0, 1, bytes32(0));
        uint256 stake = workerStakeOf(1);
        vm.assertEq(totalOf(workers[0]), FUNDS - stake, "chosen group seized");
        vm.assertEq(totalOf(workers[3]), FUNDS - stake, "chosen group seized");
        vm.assertEq(hub.balanceOf(workers[1]), FUNDS, "dissenter released");
        vm.assertEq(hub.lockedOf(workers[1]), 0, "nothing left locked");
        vm.assertEq(hub.balanceOf(requester), FUNDS + poolStakeOf(1) + 3 * stake, "requester compensated");
        assertConserved();
    }

    function test_overturn_revertsWhenCallerNotChecker() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(1, 1, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IBatches.CheckerUnauthorized.selector, requester));
        poco.overturn(key, 0, 1, bytes32(0));
    }

    function test_overturn_revertsWhenWindowClosed() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(1, 1, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        uint256 until = block.timestamp + WINDOW;
        vm.warp(until);
        vm.prank(checker);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchWindowClosed.selector, id, until));
        poco.overturn(key, 0, 1, bytes32(0));
    }

    function test_overturn_revertsWhenBatchNotFinalized() public {
        DealKey memory key = openDeal(1, 1, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        vm.prank(checker);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Revealing, FINALIZED));
        poco.overturn(key, 0, 1, bytes32(0));
    }

    function test_overturn_revertsWhenAlreadySettledWithoutWindow() public {
        DealKey memory key = openDeal(1, 1, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        revealAs(workers[0], key, 0, 1, GOOD);
        poco.finalize(key, 0, 1);
        BatchId id = batchIdOf(key, 0, 1);
        vm.prank(checker);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Settled, FINALIZED));
        poco.overturn(key, 0, 1, bytes32(0));
    }

    function test_overturn_revertsWhenOverturnedTwice() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(1, 1, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        vm.prank(checker);
        poco.overturn(key, 0, 1, bytes32(0));
        BatchId id = batchIdOf(key, 0, 1);
        vm.prank(checker);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Overturned, FINALIZED));
        poco.overturn(key, 0, 1, bytes32(0));
    }

    function test_settle_revertsWhenBatchOverturned() public {
        hub.setRollbackWindow(WINDOW);
        DealKey memory key = openDeal(1, 1, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        vm.prank(checker);
        poco.overturn(key, 0, 1, bytes32(0));
        vm.warp(block.timestamp + WINDOW);
        BatchId id = batchIdOf(key, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Overturned, FINALIZED));
        settleOne(key, 0, 1);
    }
}
