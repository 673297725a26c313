// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BatchFixture} from "../utils/BatchFixture.sol";
import {IBatches, BatchStatus} from "../../src/interfaces/IBatches.sol";
import {IReputation} from "../../src/interfaces/IReputation.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId, BatchId} from "../../src/types/Ids.sol";

/// @notice Batches (P6): settle after the rollback window, and the checker's overturn inside it.
/// pushResult is in Batches.push.
contract BatchesSettleTest is BatchFixture {
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
