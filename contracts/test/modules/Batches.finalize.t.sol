// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BatchFixture} from "../utils/BatchFixture.sol";
import {IBatches, BatchStatus, BatchView} from "../../src/interfaces/IBatches.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId, BatchId} from "../../src/types/Ids.sol";

/// @notice Batches (P2-P4): finalize after the reveals, and its revert paths.
contract BatchesFinalizeTest is BatchFixture {
    // ---- finalize ----

    function test_finalize_succeedsWhenAllRevealed_settlesAtOnceWithoutWindow() public {
        DealKey memory key = _revealingDeal();
        revealAs(workers[0], key, 0, 1, GOOD);
        revealAs(workers[1], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        uint256 share = POOL_PRICE * 90 / 100 / 2;
        vm.expectEmit(address(hub));
        emit IBatches.BatchFinalized(id, dealIdOf(key), 0, 1, GOOD);
        vm.expectEmit(address(hub));
        emit IBatches.BatchSettled(id, dealIdOf(key), share, 2, 0);
        vm.prank(address(0xCA11)); // anyone may finalize
        poco.finalize(key, 0, 1);
        assertStatus(key, 0, 1, BatchStatus.Settled, "settled");
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS + share, "worker paid, stake back");
        vm.assertEq(hub.lockedOf(workers[0]), 0, "stake released");
        vm.assertEq(hub.balanceOf(appOwner), APP_PRICE, "app owner paid");
        vm.assertEq(hub.balanceOf(poolOwner), FUNDS + POOL_PRICE - 2 * share, "pool owner: its cut, stake back");
        vm.assertEq(hub.lockedOf(requester), 0, "requester payment spent");
        vm.assertEq(uint256(poco.scoreOf(workers[0])), 1, "replicated: +1");
        vm.assertTrue(poco.isTaskSettled(key, 0), "task settled");
        vm.assertEq(hub.settledCountOf(key), 1, "settled count");
        assertConserved();
    }

    function test_finalize_succeedsWithAWindow_thenSettleableAfterIt() public {
        hub.setRollbackWindow(1 hours);
        DealKey memory key = _revealingDeal();
        revealAs(workers[0], key, 0, 1, GOOD);
        revealAs(workers[1], key, 0, 1, GOOD);
        poco.finalize(key, 0, 1);
        BatchView memory b = poco.batchOf(batchIdOf(key, 0, 1));
        vm.assertEq(uint256(b.status), uint256(BatchStatus.Finalized), "finalized, not paid");
        vm.assertEq(uint256(b.finalizedAt), block.timestamp + 1 hours, "released at the window's end");
        vm.assertEq(hub.lockedOf(workers[0]), workerStakeOf(1), "stake still locked");
        vm.assertEq(hub.balanceOf(appOwner), 0, "not paid yet");
        vm.assertTrue(poco.isTaskSettled(key, 0), "the task is taken: cannot be claimed");
        vm.warp(block.timestamp + 1 hours);
        assertStatus(key, 0, 1, BatchStatus.Settleable, "window passed");
    }

    function test_finalize_succeedsAfterRevealDeadline_withTheRevealedGroup() public {
        setScore(workers[1], 24); // weight 8: alone it reaches trust 3
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD); // 2: no consensus
        contributeAs(workers[1], key, 0, 1, GOOD); // 16: consensus
        revealAs(workers[1], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        uint256 revealDeadline = poco.batchOf(id).revealDeadline;
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchRevealPending.selector, id, revealDeadline));
        poco.finalize(key, 0, 1);
        vm.warp(revealDeadline + 1);
        poco.finalize(key, 0, 1); // 8 x 3 = 24 > (1 + 8) x 2 = 18
        assertStatus(key, 0, 1, BatchStatus.Settled, "settled without the silent worker");
        vm.assertEq(totalOf(workers[0]), FUNDS - workerStakeOf(1), "the silent worker lost its stake");
        vm.assertEq(hub.balanceOf(workers[1]), FUNDS + (POOL_PRICE + workerStakeOf(1)) * 90 / 100, "the revealer takes the reward and the seized stake");
        assertConserved();
    }

    function test_finalize_revertsWhenBatchActive() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Active, REVEALING));
        poco.finalize(key, 0, 1);
    }

    function test_finalize_revertsWhenAlreadySettled() public {
        DealKey memory key = _revealingDeal();
        revealAs(workers[0], key, 0, 1, GOOD);
        revealAs(workers[1], key, 0, 1, GOOD);
        poco.finalize(key, 0, 1);
        BatchId id = batchIdOf(key, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Settled, REVEALING));
        poco.finalize(key, 0, 1);
    }

    function test_finalize_revertsWhenRevealsPending() public {
        DealKey memory key = _revealingDeal();
        revealAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        uint256 revealDeadline = poco.batchOf(id).revealDeadline;
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchRevealPending.selector, id, revealDeadline));
        poco.finalize(key, 0, 1);
    }

    function test_finalize_revertsWhenRevealedGroupFallsShortAfterTheDeadline() public {
        DealKey memory key = _revealingDeal();
        revealAs(workers[0], key, 0, 1, GOOD); // 2 x 3 = 6 > (1 + 2) x 2 = 6? no
        BatchId id = batchIdOf(key, 0, 1);
        vm.warp(poco.batchOf(id).revealDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchConsensusNotMet.selector, id));
        poco.finalize(key, 0, 1);
    }

    function test_finalize_revertsWhenNobodyRevealedByTheDeadline() public {
        DealKey memory key = _revealingDeal();
        BatchId id = batchIdOf(key, 0, 1);
        vm.warp(poco.batchOf(id).revealDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchConsensusNotMet.selector, id));
        poco.finalize(key, 0, 1);
    }

    function test_finalize_revertsWhenATaskWasSettledByAnOverlappingBatch() public {
        DealKey memory key = openDeal(2, 1, false);
        contributeAs(workers[0], key, 1, 1, GOOD);
        revealAs(workers[0], key, 1, 1, GOOD);
        poco.finalize(key, 1, 1); // task 1 settled
        contributeAs(workers[1], key, 0, 2, GOOD);
        revealAs(workers[1], key, 0, 2, GOOD);
        vm.expectRevert(abi.encodeWithSelector(IBatches.TaskAlreadySettled.selector, dealIdOf(key), 0));
        poco.finalize(key, 0, 2); // whole-deal batch: something is settled already
    }

    function test_finalize_revertsWhenAnOverlappingSubRangeClashes() public {
        DealKey memory key = openDeal(3, 1, false);
        pushAs(workers[0], key, 2, 1, GOOD); // task 2 settled
        contributeAs(workers[1], key, 1, 2, GOOD);
        revealAs(workers[1], key, 1, 2, GOOD);
        vm.expectRevert(abi.encodeWithSelector(IBatches.TaskAlreadySettled.selector, dealIdOf(key), 2));
        poco.finalize(key, 1, 2);
    }

    function test_finalize_revertsWhenDealUnknown() public {
        DealKey memory key = _revealingDeal();
        key.requester = address(7);
        DealId id = dealIdOf(key);
        vm.expectRevert(abi.encodeWithSelector(IDeals.DealUnknown.selector, id));
        poco.finalize(key, 0, 1);
    }
}
