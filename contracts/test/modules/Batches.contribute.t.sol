// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {IBatches, BatchStatus, BatchView, ContributionStatus, ContributionView} from "../../src/interfaces/IBatches.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {IEscrow} from "../../src/interfaces/IEscrow.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId, BatchId} from "../../src/types/Ids.sol";

/// @notice Batches (P1-P3): contribute, the commitment step, and its revert paths.
contract BatchesContributeTest is Fixture {
    bytes32 internal constant GOOD = keccak256("good");

    function _statusBits(BatchStatus a, BatchStatus b) internal pure returns (uint256) {
        return (1 << uint8(a)) | (1 << uint8(b));
    }

    function test_contribute_succeeds_locksTheStakeAndRecordsTheCommitment() public {
        DealKey memory key = openDeal(4, 3, false);
        BatchId id = batchIdOf(key, 0, 2);
        bytes32 h = resultHashOf(key, 0, 2, GOOD);
        bytes32 seal = sealOf(workers[0], id, GOOD, saltOf(workers[0]));
        vm.expectEmit(address(hub));
        emit IBatches.BatchContributed(id, dealIdOf(key), workers[0], 0, 2, h, 2);
        contributeAs(workers[0], key, 0, 2, GOOD);

        vm.assertEq(hub.lockedOf(workers[0]), workerStakeOf(2), "stake x count locked");
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS - workerStakeOf(2), "from the balance");
        ContributionView memory c = poco.contributionOf(id, workers[0]);
        vm.assertEq(uint256(c.status), uint256(ContributionStatus.Contributed), "contributed");
        vm.assertEq(uint256(c.weight), 2, "fresh weight");
        vm.assertEq(c.resultHash, h, "hash");
        vm.assertEq(bytes32(c.resultSeal), bytes32(bytes24(seal)), "seal truncated to 24 bytes");
        vm.assertEq(poco.contributorAt(id, 0), workers[0], "position 0");
        BatchView memory b = poco.batchOf(id);
        vm.assertEq(uint256(b.status), uint256(BatchStatus.Active), "active: trust 3 needs more");
        vm.assertEq(uint256(b.contributors), 1, "one contributor");
        vm.assertEq(uint256(b.total), 3, "1 + group 2");
        vm.assertEq(b.consensusHash, h, "lead hash");
        vm.assertEq(b.resultRoot, bytes32(0), "no root before a reveal");
        assertStatus(key, 0, 2, BatchStatus.Active, "derived status");
        assertConserved();
    }

    function test_contribute_succeedsWhenConsensusReached_movesToRevealing() public {
        vm.warp(50);
        DealKey memory key = openDeal(1, 3, false);
        BatchId id = batchIdOf(key, 0, 1);
        contributeAs(workers[0], key, 0, 1, GOOD);
        vm.expectEmit(address(hub));
        emit IBatches.BatchConsensusReached(id, resultHashOf(key, 0, 1, GOOD), uint40(50 + 2 * RUN_TIME));
        contributeAs(workers[1], key, 0, 1, GOOD);
        BatchView memory b = poco.batchOf(id);
        vm.assertEq(uint256(b.status), uint256(BatchStatus.Revealing), "revealing");
        vm.assertEq(uint256(b.revealDeadline), 50 + 2 * RUN_TIME, "reveal deadline = now + 2 x run time");
        vm.assertEq(uint256(b.total), 5, "1 + 2 x 2");
    }

    function test_contribute_succeedsWhenTrustOne_reachesConsensusAtOnce() public {
        DealKey memory key = openDeal(1, 1, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        assertStatus(key, 0, 1, BatchStatus.Revealing, "one contribution suffices");
    }

    function test_contribute_succeedsWhenRevealDeadlineCappedByTheDealDeadline() public {
        DealKey memory key = openDeal(1, 1, false);
        vm.warp(deadlineOf(key) - 10);
        contributeAs(workers[0], key, 0, 1, GOOD);
        vm.assertEq(uint256(poco.batchOf(batchIdOf(key, 0, 1)).revealDeadline), deadlineOf(key), "capped");
    }

    function test_contribute_succeedsWhenADissentingGroupTakesTheLead() public {
        DealKey memory key = openDeal(1, 3, false);
        bytes32 other = keccak256("other");
        contributeAs(workers[0], key, 0, 1, GOOD); // lead: GOOD (2)
        contributeAs(workers[1], key, 0, 1, other); // other (2), sum 4
        contributeAs(workers[2], key, 0, 1, other); // other (4): 12 > (1 + 6) x 2 = 14? no
        assertStatus(key, 0, 1, BatchStatus.Active, "no consensus yet");
        contributeAs(workers[3], key, 0, 1, other); // other (8): 24 > (1 + 10) x 2 = 22
        BatchView memory b = poco.batchOf(batchIdOf(key, 0, 1));
        vm.assertEq(uint256(b.status), uint256(BatchStatus.Revealing), "consensus");
        vm.assertEq(b.consensusHash, resultHashOf(key, 0, 1, other), "the other group leads now");
        vm.assertEq(uint256(b.total), 11, "1 + 8 + 2");
    }

    function test_contribute_succeedsWhenCallerIsTheScheduler_withoutAuthorization() public {
        _fund(scheduler);
        DealKey memory key = openDeal(1, 3, false);
        BatchId id = batchIdOf(key, 0, 1);
        bytes32 h = resultHashOf(key, 0, 1, GOOD);
        vm.prank(scheduler);
        poco.contribute(key, 0, 1, h, sealOf(scheduler, id, GOOD, saltOf(scheduler)), "");
        vm.assertEq(uint256(poco.contributionOf(id, scheduler).status), uint256(ContributionStatus.Contributed), "accepted");
    }

    function test_contribute_succeedsWithAHighScoreWorker_weighsMore() public {
        setScore(workers[0], 24);
        vm.assertEq(uint256(poco.weightOf(workers[0])), 8, "max weight");
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD); // 8 x 3 = 24 > (1 + 8) x 2 = 18
        assertStatus(key, 0, 1, BatchStatus.Revealing, "a reputable worker alone reaches trust 3");
        vm.assertEq(uint256(poco.contributionOf(batchIdOf(key, 0, 1), workers[0]).weight), 8, "weight stored");
    }

    // ---- reverts ----

    function test_contribute_revertsWhenDealUnknown() public {
        DealKey memory key = openDeal(1, 3, false);
        key.trust = 2;
        DealId id = dealIdOf(key);
        bytes memory auth = authorize(key, 0, 1, workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IDeals.DealUnknown.selector, id));
        poco.contribute(key, 0, 1, GOOD, GOOD, auth);
    }

    function test_contribute_revertsWhenCountZero() public {
        DealKey memory key = openDeal(2, 3, false);
        bytes memory auth = authorize(key, 0, 0, workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchOutOfRange.selector, dealIdOf(key), 0, 0, 2));
        poco.contribute(key, 0, 0, GOOD, GOOD, auth);
    }

    function test_contribute_revertsWhenRangePastTheVolume() public {
        DealKey memory key = openDeal(2, 3, false);
        bytes memory auth = authorize(key, 1, 2, workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchOutOfRange.selector, dealIdOf(key), 1, 2, 2));
        poco.contribute(key, 1, 2, GOOD, GOOD, auth);
    }

    function test_contribute_revertsWhenBatchRevealing() public {
        DealKey memory key = openDeal(1, 1, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        bytes memory auth = authorize(key, 0, 1, workers[1]);
        vm.prank(workers[1]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Revealing, _statusBits(BatchStatus.None, BatchStatus.Active)
            )
        );
        poco.contribute(key, 0, 1, GOOD, GOOD, auth);
    }

    function test_contribute_revertsWhenDeadlinePassed() public {
        DealKey memory key = openDeal(1, 3, false);
        uint256 deadline = deadlineOf(key);
        vm.warp(deadline);
        BatchId id = batchIdOf(key, 0, 1);
        bytes memory auth = authorize(key, 0, 1, workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchDeadlinePassed.selector, id, deadline));
        poco.contribute(key, 0, 1, GOOD, GOOD, auth);
    }

    function test_contribute_revertsWhenWorkerContributesTwice() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        bytes memory auth = authorize(key, 0, 1, workers[0]);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionDuplicate.selector, id, workers[0]));
        poco.contribute(key, 0, 1, keccak256("x"), GOOD, auth);
    }

    function test_contribute_revertsWhenMaxContributorsReached() public {
        // trust 2^30: twenty fresh workers agreeing (2^20) stay far below consensus.
        DealKey memory key = openDeal(1, 1 << 30, false);
        for (uint256 i; i < 20; ++i) {
            address w = i < workers.length ? workers[i] : newWorker(string.concat("extra", vm_toString(i)));
            contributeAs(w, key, 0, 1, GOOD);
        }
        vm.assertEq(uint256(poco.batchOf(batchIdOf(key, 0, 1)).contributors), 20, "cap reached");
        address late = newWorker("late");
        BatchId id = batchIdOf(key, 0, 1);
        bytes memory auth = authorize(key, 0, 1, late);
        vm.prank(late);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchTooManyContributors.selector, id, 20));
        poco.contribute(key, 0, 1, GOOD, GOOD, auth);
    }

    function test_contribute_revertsWhenAuthorizationSignedByAnotherKey() public {
        DealKey memory key = openDeal(1, 3, false);
        BatchId id = batchIdOf(key, 0, 1);
        bytes32 digest = keccak256(abi.encode(id, workers[0]));
        bytes memory auth = _sig(requesterKey, toEthSigned(digest));
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionUnauthorized.selector, id, workers[0], requester, scheduler));
        poco.contribute(key, 0, 1, GOOD, GOOD, auth);
    }

    function test_contribute_revertsWhenAuthorizationIsForAnotherWorker() public {
        DealKey memory key = openDeal(1, 3, false);
        BatchId id = batchIdOf(key, 0, 1);
        bytes memory auth = authorize(key, 0, 1, workers[1]); // the scheduler authorized workers[1]
        address recovered = recoverSigner(toEthSigned(keccak256(abi.encode(id, workers[0]))), auth);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionUnauthorized.selector, id, workers[0], recovered, scheduler));
        poco.contribute(key, 0, 1, GOOD, GOOD, auth);
    }

    function test_contribute_revertsWhenAuthorizationIsForAnotherBatch() public {
        DealKey memory key = openDeal(2, 3, false);
        BatchId id = batchIdOf(key, 0, 1);
        bytes memory auth = authorize(key, 1, 1, workers[0]);
        address recovered = recoverSigner(toEthSigned(keccak256(abi.encode(id, workers[0]))), auth);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionUnauthorized.selector, id, workers[0], recovered, scheduler));
        poco.contribute(key, 0, 1, GOOD, GOOD, auth);
    }

    function test_contribute_revertsWhenAuthorizationEmpty() public {
        DealKey memory key = openDeal(1, 3, false);
        BatchId id = batchIdOf(key, 0, 1);
        vm.prank(workers[0]);
        vm.expectRevert(abi.encodeWithSelector(IBatches.ContributionUnauthorized.selector, id, workers[0], address(0), scheduler));
        poco.contribute(key, 0, 1, GOOD, GOOD, "");
    }

    function test_contribute_revertsWhenWorkerCannotLockItsStake() public {
        DealKey memory key = openDeal(3, 3, false);
        (address broke,) = makeAccount("broke");
        bytes memory auth = authorize(key, 0, 3, broke);
        vm.prank(broke);
        vm.expectRevert(abi.encodeWithSelector(IEscrow.EscrowInsufficientBalance.selector, broke, 0, workerStakeOf(3)));
        poco.contribute(key, 0, 3, GOOD, GOOD, auth);
    }

    function test_contribute_revertsWhenBatchFinalized() public {
        hub.setRollbackWindow(100);
        DealKey memory key = openDeal(1, 1, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        revealAs(workers[0], key, 0, 1, GOOD);
        poco.finalize(key, 0, 1);
        BatchId id = batchIdOf(key, 0, 1);
        bytes memory auth = authorize(key, 0, 1, workers[1]);
        vm.prank(workers[1]);
        vm.expectRevert(
            abi.encodeWithSelector(
                IBatches.BatchUnexpectedStatus.selector, id, BatchStatus.Finalized, _statusBits(BatchStatus.None, BatchStatus.Active)
            )
        );
        poco.contribute(key, 0, 1, GOOD, GOOD, auth);
    }

    // ---- helpers ----

    function toEthSigned(bytes32 digest) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("\x19Ethereum Signed Message:\n32", digest));
    }

    function recoverSigner(bytes32 digest, bytes memory sig) internal pure returns (address) {
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly ("memory-safe") {
            r := mload(add(sig, 0x20))
            s := mload(add(sig, 0x40))
            v := byte(0, mload(add(sig, 0x60)))
        }
        return ecrecover(digest, v, r, s);
    }
}
