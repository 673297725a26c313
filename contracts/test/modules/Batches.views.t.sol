// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {Merkle} from "../utils/Merkle.sol";
import {IBatches, BatchStatus, BatchView, ContributionStatus, ContributionView} from "../../src/interfaces/IBatches.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {BatchId} from "../../src/types/Ids.sol";
import {ResultHashing} from "../../src/libraries/ResultHashing.sol";

/// @notice Batches views: batchIdOf, batchStatus (stored and derived), batchOf, contributionOf,
/// contributorAt, isTaskSettled, verifyTaskResult; and Reputation's scoreOf / weightOf.
contract BatchesViewsTest is Fixture {
    bytes32 internal constant GOOD = keccak256("good");

    function test_batchIdOf_succeeds_matchesTheLibrary() public {
        DealKey memory key = openDeal(4, 1, false);
        vm.assertEq(BatchId.unwrap(poco.batchIdOf(dealIdOf(key), 1, 3)), keccak256(abi.encode(dealIdOf(key), uint256(1), uint256(3))), "id");
    }

    function test_batchStatus_succeeds_walksTheLifecycle() public {
        hub.setRollbackWindow(100);
        DealKey memory key = openDeal(1, 3, false);
        assertStatus(key, 0, 1, BatchStatus.None, "none");
        contributeAs(workers[0], key, 0, 1, GOOD);
        assertStatus(key, 0, 1, BatchStatus.Active, "active");
        contributeAs(workers[1], key, 0, 1, GOOD);
        assertStatus(key, 0, 1, BatchStatus.Revealing, "revealing");
        revealAs(workers[0], key, 0, 1, GOOD);
        revealAs(workers[1], key, 0, 1, GOOD);
        poco.finalize(key, 0, 1);
        assertStatus(key, 0, 1, BatchStatus.Finalized, "finalized");
        vm.warp(block.timestamp + 100);
        assertStatus(key, 0, 1, BatchStatus.Settleable, "settleable");
        settleOne(key, 0, 1);
        assertStatus(key, 0, 1, BatchStatus.Settled, "settled");
    }

    function test_batchStatus_succeeds_claimableThenClaimed() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        vm.warp(deadlineOf(key) - 1);
        assertStatus(key, 0, 1, BatchStatus.Active, "before the deadline");
        vm.warp(deadlineOf(key));
        assertStatus(key, 0, 1, BatchStatus.Claimable, "past the deadline");
        poco.claim(key, 0, 1);
        assertStatus(key, 0, 1, BatchStatus.Claimed, "claimed");
    }

    function test_batchStatus_succeeds_untouchedBatchBecomesClaimable() public {
        DealKey memory key = openDeal(2, 1, false);
        vm.warp(deadlineOf(key));
        assertStatus(key, 0, 2, BatchStatus.Claimable, "nothing happened by the deadline");
    }

    function test_batchStatus_revertsWhenOutOfRange() public {
        DealKey memory key = openDeal(2, 1, false);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchOutOfRange.selector, dealIdOf(key), 2, 1, 2));
        poco.batchStatus(key, 2, 1);
    }

    function test_batchOf_succeeds_zeroForAnUnknownBatch() public view {
        BatchView memory b = poco.batchOf(BatchId.wrap(keccak256("none")));
        vm.assertEq(uint256(b.status), 0, "none");
        vm.assertEq(uint256(b.total), 1, "1 + nothing");
        vm.assertEq(b.consensusHash, bytes32(0), "no hash");
    }

    function test_batchOf_succeeds_countsReveals() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        vm.assertEq(uint256(poco.batchOf(id).revealed), 0, "none yet");
        revealAs(workers[1], key, 0, 1, GOOD);
        vm.assertEq(uint256(poco.batchOf(id).revealed), 1, "one");
        vm.assertEq(poco.batchOf(id).resultRoot, GOOD, "root after the first reveal");
    }

    function test_contributionOf_succeeds_emptyForAStranger() public {
        DealKey memory key = openDeal(1, 3, false);
        ContributionView memory c = poco.contributionOf(batchIdOf(key, 0, 1), workers[0]);
        vm.assertEq(uint256(c.status), uint256(ContributionStatus.None), "none");
        vm.assertEq(c.resultHash, bytes32(0), "no hash");
    }

    function test_contributorAt_succeeds_listsInOrder() public {
        DealKey memory key = openDeal(1, 5, false);
        contributeAs(workers[2], key, 0, 1, GOOD);
        contributeAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        vm.assertEq(poco.contributorAt(id, 0), workers[2], "first");
        vm.assertEq(poco.contributorAt(id, 1), workers[0], "second");
        vm.assertEq(poco.contributorAt(id, 2), address(0), "past the end");
    }

    function test_isTaskSettled_succeeds_perTaskAndForWholeDealBatches() public {
        DealKey memory key = openDeal(3, 1, false);
        vm.assertFalse(poco.isTaskSettled(key, 1), "open");
        pushAs(workers[0], key, 1, 1, GOOD);
        vm.assertTrue(poco.isTaskSettled(key, 1), "pushed");
        vm.assertFalse(poco.isTaskSettled(key, 0), "neighbour open");

        DealKey memory whole = matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)), signed(requestOrder(4, 1, false)));
        pushAs(workers[0], whole, 0, 4, GOOD);
        vm.assertTrue(poco.isTaskSettled(whole, 3), "whole-deal batch: the count says all");
    }

    function test_isTaskSettled_revertsWhenIndexPastTheVolume() public {
        DealKey memory key = openDeal(3, 1, false);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchOutOfRange.selector, dealIdOf(key), 3, 1, 3));
        poco.isTaskSettled(key, 3);
    }

    function test_verifyTaskResult_succeeds_trueOnlyForTheAgreedDigests() public {
        hub.setRollbackWindow(100);
        DealKey memory key = openDeal(3, 1, false);
        bytes32[] memory digests = new bytes32[](3);
        for (uint256 i; i < 3; ++i) digests[i] = keccak256(abi.encode(i));
        bytes32[] memory leaves = Merkle.batchLeaves(0, digests);
        bytes32 root = Merkle.root(leaves);
        BatchId id = batchIdOf(key, 0, 3);
        vm.assertFalse(poco.verifyTaskResult(dealIdOf(key), 0, 3, 1, digests[1], Merkle.proof(leaves, 1)), "nothing agreed yet");
        pushAs(workers[0], key, 0, 3, root);
        vm.assertTrue(poco.verifyTaskResult(dealIdOf(key), 0, 3, 1, digests[1], Merkle.proof(leaves, 1)), "finalized: proven");
        vm.assertFalse(poco.verifyTaskResult(dealIdOf(key), 0, 3, 1, digests[2], Merkle.proof(leaves, 1)), "wrong digest");
        vm.assertFalse(poco.verifyTaskResult(dealIdOf(key), 0, 3, 3, digests[1], Merkle.proof(leaves, 1)), "index outside the batch");
        vm.warp(block.timestamp + 100);
        settleOne(key, 0, 3);
        vm.assertTrue(poco.verifyTaskResult(dealIdOf(key), 0, 3, 2, digests[2], Merkle.proof(leaves, 2)), "settled: proven");
    }

    function test_verifyTaskResult_succeeds_singleTaskRootIsTheDigest() public {
        hub.setRollbackWindow(100);
        DealKey memory key = openDeal(1, 1, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        vm.assertTrue(poco.verifyTaskResult(dealIdOf(key), 0, 1, 0, GOOD, new bytes32[](0)), "digest == root");
        vm.assertFalse(poco.verifyTaskResult(dealIdOf(key), 0, 1, 0, GOOD, new bytes32[](1)), "no proof allowed");
    }

    function test_verifyTaskResult_succeeds_falseWhenOverturned() public {
        hub.setRollbackWindow(100);
        DealKey memory key = openDeal(1, 1, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        vm.prank(checker);
        poco.overturn(key, 0, 1, bytes32(0));
        vm.assertFalse(poco.verifyTaskResult(dealIdOf(key), 0, 1, 0, GOOD, new bytes32[](0)), "overturned results are not results");
    }

    // ---- reputation ----

    function test_weightOf_succeeds_growsWithScoreUpToTheCap() public {
        vm.assertEq(uint256(poco.weightOf(workers[0])), 2, "fresh");
        setScore(workers[0], 3);
        vm.assertEq(uint256(poco.weightOf(workers[0])), 2, "below one step");
        setScore(workers[0], 4);
        vm.assertEq(uint256(poco.weightOf(workers[0])), 3, "one step");
        setScore(workers[0], 24);
        vm.assertEq(uint256(poco.weightOf(workers[0])), 8, "cap");
        setScore(workers[0], type(uint32).max);
        vm.assertEq(uint256(poco.weightOf(workers[0])), 8, "still the cap");
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS, "setScore keeps the funds");
    }

    function test_scoreOf_succeeds_risesOnAccurateReplicatedWorkAndResetsOnWrong() public {
        DealKey memory key = openDeal(1, 3, false);
        bytes32 bad = keccak256("bad");
        setScore(workers[1], 9);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, bad);
        contributeAs(workers[2], key, 0, 1, GOOD);
        // GOOD 4, bad (weight 4) 4: 12 > (1 + 8) x 2 = 18? no
        contributeAs(workers[3], key, 0, 1, GOOD); // 8: 24 > (1 + 12) x 2 = 26? no
        contributeAs(workers[4], key, 0, 1, GOOD); // 16: 48 > (1 + 20) x 2 = 42
        for (uint256 i; i < 5; ++i) if (i != 1) revealAs(workers[i], key, 0, 1, GOOD);
        poco.finalize(key, 0, 1);
        vm.assertEq(uint256(poco.scoreOf(workers[0])), 1, "accurate: +1");
        vm.assertEq(uint256(poco.scoreOf(workers[1])), 0, "wrong: reset to 0");
    }
}
