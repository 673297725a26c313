// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {Merkle} from "../utils/Merkle.sol";
import {IBatches, BatchStatus, Usage} from "../../src/interfaces/IBatches.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {BatchId, TaskId} from "../../src/types/Ids.sol";
import {ResultHashing} from "../../src/libraries/ResultHashing.sol";
import {GasBurnerConsumer} from "../../src/mocks/GasBurnerConsumer.sol";
import {RevertingConsumer} from "../../src/mocks/RevertingConsumer.sol";
import {ReturnBombConsumer} from "../../src/mocks/ReturnBombConsumer.sol";

/// @notice Attacks by withholding or sabotage: a worker that never reveals, a wrong minority,
/// hostile callbacks, and the contributor cap that bounds settlement loops.
contract GriefingAttackTest is Fixture {
    bytes32 internal constant GOOD = keccak256("good");
    bytes32 internal constant BAD = keccak256("bad");

    // ---- a worker that never reveals ----

    function test_finalize_succeedsWhenAWorkerNeverReveals_afterTheRevealDeadline() public {
        setScore(workers[1], 24); // weight 8
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD); // the griefer
        contributeAs(workers[1], key, 0, 1, GOOD);
        revealAs(workers[1], key, 0, 1, GOOD);
        vm.warp(poco.batchOf(batchIdOf(key, 0, 1)).revealDeadline + 1);
        vm.prank(address(0xCA11)); // the scheduler need not cooperate: anyone finalizes
        poco.finalize(key, 0, 1);
        vm.assertEq(totalOf(workers[0]), FUNDS - workerStakeOf(1), "the griefer loses its stake");
        vm.assertGt(hub.balanceOf(workers[1]), FUNDS, "the revealer is paid");
        vm.assertEq(hub.balanceOf(appOwner), APP_PRICE, "the task completes");
        assertConserved();
    }

    function test_claim_succeedsWhenAWorkerNeverReveals_theTaskIsNotBlocked() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, GOOD); // the griefer
        revealAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        vm.warp(poco.batchOf(id).revealDeadline + 1);
        // The revealed root is public: no reopen (it could be copied); the deadline ends it.
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchRevealedCannotReopen.selector, id, 1));
        poco.reopen(key, 0, 1);
        vm.warp(deadlineOf(key));
        poco.claim(key, 0, 1);
        vm.assertTrue(poco.isTaskSettled(key, 0), "the task ends: refunded");
        assertConserved();
    }

    function test_claim_succeedsWhenNobodyReveals_refundsTheRequesterWithTheSilentStakes() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, GOOD);
        vm.warp(deadlineOf(key));
        poco.claim(key, 0, 1);
        vm.assertEq(hub.balanceOf(requester), FUNDS + poolStakeOf(1) + 2 * workerStakeOf(1), "refund + pool stake + silent stakes");
        vm.assertEq(hub.lockedOf(requester), 0, "nothing locked");
        vm.assertEq(hub.balanceOf(appOwner), 0, "a claimed task pays nobody");
        assertConserved();
    }

    // ---- wrong minority ----

    function test_finalize_succeeds_wrongMinorityLosesItsStakeToTheMajority() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, BAD);
        contributeAs(workers[2], key, 0, 1, GOOD);
        contributeAs(workers[3], key, 0, 1, GOOD);
        for (uint256 i; i < 4; ++i) if (i != 1) revealAs(workers[i], key, 0, 1, GOOD);
        uint256 poolBefore = hub.balanceOf(poolOwner);
        BatchId id = batchIdOf(key, 0, 1);
        uint256 stake = workerStakeOf(1);
        uint256 share = (POOL_PRICE + stake) * 90 / 100 / 3;
        vm.expectEmit(address(hub));
        emit IBatches.ContributionJudged(id, workers[1], false);
        vm.expectEmit(address(hub));
        emit IBatches.BatchSettled(id, dealIdOf(key), share, 3, 1);
        poco.finalize(key, 0, 1);
        vm.assertEq(totalOf(workers[1]), FUNDS - stake, "minority stake seized");
        for (uint256 i; i < 4; ++i) {
            if (i != 1) vm.assertEq(hub.balanceOf(workers[i]), FUNDS + share, "majority shares reward + seized stake");
        }
        vm.assertEq(hub.balanceOf(poolOwner) - poolBefore, poolStakeOf(1) + POOL_PRICE + stake - 3 * share, "pool owner: stake back + its cut");
        assertConserved();
    }

    // ---- hostile callbacks ----

    function _assertPaidDespiteCallback(DealKey memory key) internal view {
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS + POOL_PRICE * 90 / 100, "worker paid");
        vm.assertEq(hub.balanceOf(appOwner), APP_PRICE, "app owner paid");
        vm.assertTrue(poco.isTaskSettled(key, 0), "settled");
        assertConserved();
    }

    function test_pushResult_succeedsWhenTheCallbackBurnsAllItsGas() public {
        GasBurnerConsumer burner = new GasBurnerConsumer();
        DealKey memory key = openDealWithCallback(1, 1, address(burner));
        TaskId taskId = ResultHashing.taskId(dealIdOf(key), 0);
        vm.expectEmit(address(hub));
        emit IBatches.CallbackDelivered(taskId, address(burner), GOOD, false);
        pushAs(workers[0], key, 0, 1, GOOD);
        _assertPaidDespiteCallback(key);
    }

    function test_finalize_succeedsWhenTheCallbackReverts() public {
        RevertingConsumer rev = new RevertingConsumer();
        DealKey memory key = openDealWithCallback(1, 1, address(rev));
        contributeAs(workers[0], key, 0, 1, GOOD);
        revealAs(workers[0], key, 0, 1, GOOD);
        TaskId taskId = ResultHashing.taskId(dealIdOf(key), 0);
        vm.expectEmit(address(hub));
        emit IBatches.CallbackDelivered(taskId, address(rev), GOOD, false);
        poco.finalize(key, 0, 1);
        _assertPaidDespiteCallback(key);
    }

    function test_pushResult_succeedsWhenTheCallbackReturnsABomb_copyingNothing() public {
        ReturnBombConsumer bomb = new ReturnBombConsumer(100_000);
        DealKey memory key = openDealWithCallback(1, 1, address(bomb));
        TaskId taskId = ResultHashing.taskId(dealIdOf(key), 0);
        vm.expectEmit(address(hub));
        emit IBatches.CallbackDelivered(taskId, address(bomb), GOOD, true);
        bytes memory auth = authorize(key, 0, 1, workers[0]);
        uint256 before = gasleft();
        vm.prank(workers[0]);
        poco.pushResult(key, 0, 1, GOOD, usage(), auth);
        uint256 used = before - gasleft();
        vm.assertLt(used, 400_000, "the 100 KB return data is not copied into the hub's memory");
        _assertPaidDespiteCallback(key);
    }

    function test_settle_succeedsWhenTheCallbackIsHostile_withAWindow() public {
        hub.setRollbackWindow(100);
        GasBurnerConsumer burner = new GasBurnerConsumer();
        DealKey memory key = openDealWithCallback(1, 1, address(burner));
        pushAs(workers[0], key, 0, 1, GOOD);
        vm.warp(block.timestamp + 100);
        settleOne(key, 0, 1);
        _assertPaidDespiteCallback(key);
    }

    function test_deliverCallback_succeedsWhenTheCallbackReverts_andCannotBeRetried() public {
        RevertingConsumer rev = new RevertingConsumer();
        DealKey memory key = openDealWithCallback(2, 1, address(rev));
        bytes32[] memory digests = new bytes32[](2);
        (digests[0], digests[1]) = (keccak256("d0"), keccak256("d1"));
        bytes32[] memory leaves = Merkle.batchLeaves(0, digests);
        pushAs(workers[0], key, 0, 2, Merkle.root(leaves));
        bytes32[] memory proof = Merkle.proof(leaves, 0);
        poco.deliverCallback(key, 0, 2, 0, digests[0], proof);
        TaskId taskId = ResultHashing.taskId(dealIdOf(key), 0);
        vm.expectRevert(abi.encodeWithSelector(IBatches.CallbackAlreadyDelivered.selector, taskId));
        poco.deliverCallback(key, 0, 2, 0, digests[0], proof);
    }

    /// @dev No silent starvation: a caller that gives too little gas for the callback's cap
    /// makes the whole settlement revert rather than skipping the callback.
    function test_pushResult_revertsWhenGasTooLowForTheCallbackCap() public {
        GasBurnerConsumer burner = new GasBurnerConsumer();
        DealKey memory key = openDealWithCallback(1, 1, address(burner));
        bytes memory auth = authorize(key, 0, 1, workers[0]);
        vm.prank(workers[0]);
        vm.expectPartialRevert(IBatches.CallbackGasTooLow.selector);
        poco.pushResult{gas: 250_000}(key, 0, 1, GOOD, usage(), auth);
        vm.assertFalse(poco.isTaskSettled(key, 0), "nothing happened");
    }

    // ---- bounded loops ----

    /// @dev At the 20-contributor cap, finalize (judge + pay every contributor) stays far below
    /// half of a 30M block. Trust 2^19 + 1 with fresh workers (weight 2): consensus needs
    /// 2^k > 2^19, that is exactly the 20th contribution.
    function test_finalize_succeedsAtTheContributorCap_underHalfABlock() public {
        DealKey memory key = openDeal(1, (1 << 19) + 1, false);
        address[] memory ws = new address[](20);
        for (uint256 i; i < 20; ++i) {
            ws[i] = i < workers.length ? workers[i] : newWorker(string.concat("cap", vm_toString(i)));
            contributeAs(ws[i], key, 0, 1, GOOD);
            if (i < 19) assertStatus(key, 0, 1, BatchStatus.Active, "no consensus before the cap");
        }
        assertStatus(key, 0, 1, BatchStatus.Revealing, "consensus at the 20th");
        for (uint256 i; i < 20; ++i) revealAs(ws[i], key, 0, 1, GOOD);
        uint256 before = gasleft();
        poco.finalize(key, 0, 1);
        uint256 used = before - gasleft();
        vm.assertLt(used, 15_000_000, "finalize at the cap < 50% of a 30M block");
        vm.assertEq(hub.lockedOf(ws[19]), 0, "every stake released");
        assertConserved();
    }

    function usage() internal pure returns (Usage memory) {
        return Usage(10, 1024);
    }
}
