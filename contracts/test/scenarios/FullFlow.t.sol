// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {BatchStatus} from "../../src/interfaces/IBatches.sol";

/// @notice End-to-end flows on chain: match -> (push | contribute, reveal, finalize) -> payouts.
contract FullFlowTest is Fixture {
    function test_pushResult_succeedsWhenTrustOne_paysEveryoneOnce() public {
        DealKey memory key = openDeal(1, 1, true);
        uint256 requesterLocked = hub.lockedOf(requester);
        vm.assertEq(requesterLocked, APP_PRICE + DATASET_PRICE + POOL_PRICE, "requester locked the price");
        pushAs(workers[0], key, 0, 1, keccak256("result"));
        vm.assertEq(hub.lockedOf(requester), 0, "requester payment spent");
        vm.assertEq(hub.balanceOf(appOwner), APP_PRICE, "app owner paid");
        vm.assertEq(hub.balanceOf(datasetOwner), DATASET_PRICE, "dataset owner paid");
        vm.assertEq(hub.balanceOf(workers[0]), FUNDS + POOL_PRICE * 90 / 100, "worker paid 90% of pool price");
        vm.assertEq(hub.balanceOf(poolOwner), FUNDS + POOL_PRICE * 10 / 100, "pool owner paid its cut, stake back");
        vm.assertEq(escrowTotal(), token.balanceOf(address(hub)), "escrow conserved");
        vm.assertTrue(poco.isTaskSettled(key, 0), "task settled");
    }

    function test_consensus_fourFreshWorkersOutvoteOneDissenter_whoLosesItsStake() public {
        DealKey memory key = openDeal(1, 5, false);
        bytes32 good = keccak256("good");
        contributeAs(workers[0], key, 0, 1, good);
        contributeAs(workers[1], key, 0, 1, keccak256("bad"));
        contributeAs(workers[2], key, 0, 1, good);
        contributeAs(workers[3], key, 0, 1, good);
        // trust 5 with one fresh dissenter: 2^3 * 5 = 40 <= (1 + 8 + 2) * 4 = 44, a fourth is needed
        vm.assertEq(uint8(poco.batchStatus(key, 0, 1)), uint8(BatchStatus.Active), "no consensus with 3 of 4");
        contributeAs(workers[4], key, 0, 1, good);
        vm.assertEq(uint8(poco.batchStatus(key, 0, 1)), uint8(BatchStatus.Revealing), "consensus reached");
        revealAs(workers[0], key, 0, 1, good);
        revealAs(workers[2], key, 0, 1, good);
        revealAs(workers[3], key, 0, 1, good);
        revealAs(workers[4], key, 0, 1, good);
        poco.finalize(key, 0, 1);
        uint256 stake = POOL_PRICE * 30 / 100;
        vm.assertEq(hub.balanceOf(workers[1]), FUNDS - stake, "dissenter lost its stake");
        vm.assertEq(poco.scoreOf(workers[0]), 1, "accurate worker gained reputation");
        vm.assertEq(escrowTotal(), token.balanceOf(address(hub)), "escrow conserved");
    }
}
