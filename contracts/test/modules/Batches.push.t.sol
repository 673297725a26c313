// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BatchFixture} from "../utils/BatchFixture.sol";
import {IBatches, BatchStatus, BatchView, Usage} from "../../src/interfaces/IBatches.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId, BatchId} from "../../src/types/Ids.sol";

/// @notice Batches (P5): pushResult for trust <= 1, with and without a rollback window, and its revert paths.
contract BatchesPushTest is BatchFixture {
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
}
