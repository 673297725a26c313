// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {Merkle} from "../utils/Merkle.sol";
import {IBatches, BatchStatus, ContributionStatus, Usage} from "../../src/interfaces/IBatches.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId, BatchId, TaskId} from "../../src/types/Ids.sol";
import {ResultHashing} from "../../src/libraries/ResultHashing.sol";
import {OracleConsumer} from "../../src/mocks/OracleConsumer.sol";

/// @notice Batches (P5, P7): claim after the deal's deadline, and deliverCallback of a multi-task
/// batch's results.
contract BatchesClaimTest is Fixture {
    bytes32 internal constant GOOD = keccak256("good");

    // ---- claim ----

    function test_claim_succeedsAfterTheDeadline_refundsPriceAndPoolStake() public {
        DealKey memory key = openDeal(3, 1, true);
        vm.warp(deadlineOf(key));
        vm.expectEmit(address(hub));
        emit IBatches.TasksClaimed(dealIdOf(key), 0, 3, 3);
        vm.prank(address(0xCA11)); // anyone may claim
        poco.claim(key, 0, 3);
        vm.assertEq(hub.lockedOf(requester), 0, "nothing locked");
        vm.assertEq(hub.balanceOf(requester), FUNDS + poolStakeOf(3), "refunded plus the pool's stake");
        vm.assertEq(totalOf(poolOwner), FUNDS - poolStakeOf(3), "pool stake seized");
        vm.assertEq(hub.lockedOf(poolOwner), 0, "nothing left locked");
        vm.assertEq(hub.settledCountOf(key), 3, "all settled");
        vm.assertTrue(poco.isTaskSettled(key, 2), "task closed");
        assertStatus(key, 0, 3, BatchStatus.Settled, "derived: every task settled");
        assertConserved();
    }

    function test_claim_succeedsForTheUnsettledPartOfARange() public {
        DealKey memory key = openDeal(3, 1, false);
        pushAs(workers[0], key, 1, 1, GOOD);
        vm.warp(deadlineOf(key));
        vm.expectEmit(address(hub));
        emit IBatches.TasksClaimed(dealIdOf(key), 0, 3, 2);
        poco.claim(key, 0, 3);
        vm.assertEq(hub.lockedOf(requester), 0, "two refunded, one paid");
        vm.assertEq(hub.balanceOf(requester), FUNDS - taskPrice(false) + poolStakeOf(2), "refund of two tasks");
        vm.assertEq(hub.settledCountOf(key), 3, "all settled");
        assertConserved();
    }

    function test_claim_succeedsOnARevealingBatch_seizesOnlyTheSilentMembers() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, GOOD);
        revealAs(workers[0], key, 0, 1, GOOD);
        vm.warp(deadlineOf(key));
        assertStatus(key, 0, 1, BatchStatus.Claimable, "claimable");
        poco.claim(key, 0, 1);
        BatchId id = batchIdOf(key, 0, 1);
        vm.assertEq(uint256(poco.batchOf(id).status), uint256(BatchStatus.Claimed), "claimed");
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS, "revealer gets its stake back, no pay");
        vm.assertEq(totalOf(workers[1]), FUNDS - workerStakeOf(1), "silent member loses its stake");
        vm.assertEq(hub.balanceOf(requester), FUNDS + poolStakeOf(1) + workerStakeOf(1), "requester gets the seized stakes");
        assertConserved();
    }

    function test_claim_succeedsOnAnActiveBatch_releasesEveryStake() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, keccak256("other"));
        vm.warp(deadlineOf(key));
        poco.claim(key, 0, 1);
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS, "released");
        vm.assertEq(hub.balanceOf(workers[1]), FUNDS, "released");
        vm.assertEq(hub.lockedOf(workers[0]) + hub.lockedOf(workers[1]), 0, "nothing locked");
        assertConserved();
    }

    function test_claim_succeedsOnAnOpenBatchWhoseTasksWereClaimedThroughAWiderRange() public {
        DealKey memory key = openDeal(2, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        vm.warp(deadlineOf(key));
        poco.claim(key, 0, 2); // refunds both tasks; batch [0,1) is not this range
        vm.assertEq(hub.lockedOf(workers[0]), workerStakeOf(1), "stake still locked");
        vm.expectEmit(address(hub));
        emit IBatches.TasksClaimed(dealIdOf(key), 0, 1, 0);
        poco.claim(key, 0, 1); // nothing to refund, but the open batch releases its stake
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS, "released");
        assertConserved();
    }

    function test_claim_revertsBeforeTheDeadline() public {
        DealKey memory key = openDeal(1, 1, false);
        uint256 deadline = deadlineOf(key);
        vm.warp(deadline - 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchDeadlineNotReached.selector, dealIdOf(key), deadline));
        poco.claim(key, 0, 1);
    }

    function test_claim_revertsWhenTasksAlreadyPaid() public {
        DealKey memory key = openDeal(1, 1, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        vm.warp(deadlineOf(key));
        vm.expectRevert(abi.encodeWithSelector(IBatches.TaskAlreadySettled.selector, dealIdOf(key), 0));
        poco.claim(key, 0, 1);
    }

    function test_claim_revertsWhenClaimedTwice() public {
        DealKey memory key = openDeal(2, 1, false);
        vm.warp(deadlineOf(key));
        poco.claim(key, 1, 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.TaskAlreadySettled.selector, dealIdOf(key), 1));
        poco.claim(key, 1, 1);
    }

    function test_claim_revertsWhenAWholeDealBatchWasFinalized() public {
        hub.setRollbackWindow(1 days);
        DealKey memory key = openDeal(2, 1, false);
        pushAs(workers[0], key, 0, 2, GOOD); // finalized, waiting for the window
        vm.warp(deadlineOf(key));
        vm.expectRevert(abi.encodeWithSelector(IBatches.TaskAlreadySettled.selector, dealIdOf(key), 1));
        poco.claim(key, 1, 1);
    }

    function test_claim_revertsWhenOutOfRange() public {
        DealKey memory key = openDeal(2, 1, false);
        vm.warp(deadlineOf(key));
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchOutOfRange.selector, dealIdOf(key), 0, 3, 2));
        poco.claim(key, 0, 3);
    }

    function test_claim_revertsWhenDealUnknown() public {
        DealKey memory key = openDeal(2, 1, false);
        key.volume = 1;
        DealId id = dealIdOf(key);
        vm.warp(deadlineOf(key));
        vm.expectRevert(abi.encodeWithSelector(IDeals.DealUnknown.selector, id));
        poco.claim(key, 0, 1);
    }

    // ---- deliverCallback ----

    function _digests(uint256 n) internal pure returns (bytes32[] memory d) {
        d = new bytes32[](n);
        for (uint256 i; i < n; ++i) d[i] = keccak256(abi.encode("digest", i));
    }

    /// @dev A 4-task deal with an oracle callback, pushed as one batch with the Merkle root.
    function _pushedBatch() internal returns (DealKey memory key, OracleConsumer consumer, bytes32[] memory leaves, bytes32[] memory digests) {
        consumer = new OracleConsumer(address(hub));
        key = openDealWithCallback(4, 1, address(consumer));
        digests = _digests(4);
        leaves = Merkle.batchLeaves(0, digests);
        pushAs(workers[0], key, 0, 4, Merkle.root(leaves));
    }

    function test_deliverCallback_succeedsWithAValidProof_callsTheConsumerOnce() public {
        (DealKey memory key, OracleConsumer consumer, bytes32[] memory leaves, bytes32[] memory digests) = _pushedBatch();
        vm.assertEq(uint256(poco.batchOf(batchIdOf(key, 0, 4)).status), uint256(BatchStatus.Settled), "root kept for callbacks");
        TaskId taskId = ResultHashing.taskId(dealIdOf(key), 2);
        vm.expectEmit(address(hub));
        emit IBatches.CallbackDelivered(taskId, address(consumer), digests[2], true);
        vm.prank(address(0xCA11)); // anyone may deliver
        poco.deliverCallback(key, 0, 4, 2, digests[2], Merkle.proof(leaves, 2));
        vm.assertEq(consumer.resultOf(TaskId.unwrap(taskId)), digests[2], "digest delivered");
        vm.assertEq(consumer.calls(), 1, "one call");
    }

    function test_deliverCallback_revertsWhenDeliveredTwice() public {
        (DealKey memory key,, bytes32[] memory leaves, bytes32[] memory digests) = _pushedBatch();
        bytes32[] memory proof = Merkle.proof(leaves, 1);
        poco.deliverCallback(key, 0, 4, 1, digests[1], proof);
        TaskId taskId = ResultHashing.taskId(dealIdOf(key), 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.CallbackAlreadyDelivered.selector, taskId));
        poco.deliverCallback(key, 0, 4, 1, digests[1], proof);
    }

    function test_deliverCallback_revertsWhenProofInvalid() public {
        (DealKey memory key,, bytes32[] memory leaves,) = _pushedBatch();
        bytes32[] memory proof = Merkle.proof(leaves, 3);
        BatchId id = batchIdOf(key, 0, 4);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchResultProofInvalid.selector, id, 3, keccak256("forged")));
        poco.deliverCallback(key, 0, 4, 3, keccak256("forged"), proof);
    }

    function test_deliverCallback_revertsWhenIndexOutsideTheBatch() public {
        (DealKey memory key,, bytes32[] memory leaves, bytes32[] memory digests) = _pushedBatch();
        bytes32[] memory proof = Merkle.proof(leaves, 0);
        BatchId id = batchIdOf(key, 0, 4);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchResultProofInvalid.selector, id, 4, digests[0]));
        poco.deliverCallback(key, 0, 4, 4, digests[0], proof);
    }

    function test_deliverCallback_revertsWhenSingleTaskBatch_deliveredAtSettlement() public {
        OracleConsumer consumer = new OracleConsumer(address(hub));
        DealKey memory key = openDealWithCallback(2, 1, address(consumer));
        pushAs(workers[0], key, 0, 1, GOOD);
        TaskId taskId = ResultHashing.taskId(dealIdOf(key), 0);
        vm.assertEq(consumer.resultOf(TaskId.unwrap(taskId)), GOOD, "delivered by pushResult");
        vm.warp(block.timestamp + 1);
        // Stored status of a single pushed task is None (the bits are the record).
        BatchId id = batchIdOf(key, 0, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.None, 1 << uint8(BatchStatus.Settled))
        );
        poco.deliverCallback(key, 0, 1, 0, GOOD, new bytes32[](0));
    }

    function test_deliverCallback_revertsWhenSingleTaskContributedBatch_alreadyDelivered() public {
        OracleConsumer consumer = new OracleConsumer(address(hub));
        DealKey memory key = openDealWithCallback(1, 1, address(consumer));
        contributeAs(workers[0], key, 0, 1, GOOD);
        revealAs(workers[0], key, 0, 1, GOOD);
        poco.finalize(key, 0, 1);
        TaskId taskId = ResultHashing.taskId(dealIdOf(key), 0);
        vm.assertEq(consumer.calls(), 1, "delivered at settlement");
        vm.expectRevert(abi.encodeWithSelector(IBatches.CallbackAlreadyDelivered.selector, taskId));
        poco.deliverCallback(key, 0, 1, 0, GOOD, new bytes32[](0));
    }

    function test_deliverCallback_revertsWhenBatchNotSettled() public {
        hub.setRollbackWindow(1 days);
        OracleConsumer consumer = new OracleConsumer(address(hub));
        DealKey memory key = openDealWithCallback(2, 1, address(consumer));
        bytes32[] memory digests = _digests(2);
        bytes32[] memory leaves = Merkle.batchLeaves(0, digests);
        pushAs(workers[0], key, 0, 2, Merkle.root(leaves));
        bytes32[] memory proof = Merkle.proof(leaves, 0);
        BatchId id = batchIdOf(key, 0, 2);
        vm.expectRevert(
            abi.encodeWithSelector(IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Finalized, 1 << uint8(BatchStatus.Settled))
        );
        poco.deliverCallback(key, 0, 2, 0, digests[0], proof);
        vm.warp(block.timestamp + 1 days);
        settleOne(key, 0, 2);
        poco.deliverCallback(key, 0, 2, 0, digests[0], proof);
        vm.assertEq(consumer.calls(), 1, "delivered once settled");
    }

    function test_deliverCallback_revertsWhenGasTooLowForTheCallback() public {
        (DealKey memory key,, bytes32[] memory leaves, bytes32[] memory digests) = _pushedBatch();
        bytes32[] memory proof = Merkle.proof(leaves, 0);
        vm.expectPartialRevert(IBatches.CallbackGasTooLow.selector);
        poco.deliverCallback{gas: 150_000}(key, 0, 4, 0, digests[0], proof);
    }

    function test_deliverCallback_succeedsWithoutCallback_marksTheTask() public {
        DealKey memory key = openDeal(2, 1, false);
        bytes32[] memory digests = _digests(2);
        bytes32[] memory leaves = Merkle.batchLeaves(0, digests);
        contributeAs(workers[0], key, 0, 2, Merkle.root(leaves));
        revealAs(workers[0], key, 0, 2, Merkle.root(leaves));
        poco.finalize(key, 0, 2);
        bytes32[] memory proof = Merkle.proof(leaves, 1);
        poco.deliverCallback(key, 0, 2, 1, digests[1], proof);
        TaskId taskId = ResultHashing.taskId(dealIdOf(key), 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.CallbackAlreadyDelivered.selector, taskId));
        poco.deliverCallback(key, 0, 2, 1, digests[1], proof);
    }
}
