// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {InvariantTest} from "../utils/Test.sol";
import {Handler, Actors} from "./Handler.sol";
import {BatchStatus, BatchView} from "../../src/interfaces/IBatches.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {BatchId} from "../../src/types/Ids.sol";

/// @notice Handler-based invariants of the whole protocol (escrow, matching, PoCo, payouts): after
/// any random sequence of deposits, withdrawals, matches, contributions (the app's deterministic failures
/// included), reveals, finalizations, reopens, pushes (of failures too), settlements, overturns, claims and clock jumps.
contract ProtocolInvariantsTest is Fixture, InvariantTest {
    Handler internal handler;

    function setUp() public override {
        super.setUp();
        Actors memory actors = Actors(
            requester,
            requesterKey,
            appOwner,
            appOwnerKey,
            datasetOwner,
            datasetOwnerKey,
            poolOwner,
            poolOwnerKey,
            scheduler,
            schedulerKey,
            checker,
            appId,
            datasetId,
            poolId
        );
        hub.createCategory("L", 1000); // category 1: deadlines of 10 000 s, reveals of 2 000 s
        handler = new Handler(hub, token, actors, workers);
        token.transfer(address(handler), 10_000_000 ether);
        hub.transferOwnership(address(handler)); // setWindow

        bytes4[] memory selectors = new bytes4[](15);
        selectors[0] = Handler.deposit.selector;
        selectors[1] = Handler.withdraw.selector;
        selectors[2] = Handler.matchDeal.selector;
        selectors[3] = Handler.contribute.selector;
        selectors[4] = Handler.reveal.selector;
        selectors[5] = Handler.reopen.selector;
        selectors[6] = Handler.finalize.selector;
        selectors[7] = Handler.pushResult.selector;
        selectors[8] = Handler.settle.selector;
        selectors[9] = Handler.overturn.selector;
        selectors[10] = Handler.claim.selector;
        selectors[11] = Handler.warp.selector;
        selectors[12] = Handler.setWindow.selector;
        selectors[13] = Handler.failApp.selector;
        selectors[14] = Handler.pushAppFailure.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector(address(handler), selectors));
    }

    /// @dev Σ balance + Σ locked over every account == the tokens the hub holds.
    function invariant_escrowConservation() public view {
        vm.assertEq(escrowTotal(), token.balanceOf(address(hub)), "escrow conserved");
    }

    /// @dev No task is paid twice, and a payout always covers exactly its batch's tasks.
    function invariant_noTaskPaidTwice() public view {
        vm.assertEq(handler.ghostDoublePaid(), 0, "a task was paid twice");
        vm.assertEq(handler.ghostPayMismatch(), 0, "a payout did not match its batch");
        vm.assertEq(hub.balanceOf(appOwner), handler.ghostPaidTasks() * 3 ether, "app owner paid once per paid task");
    }

    /// @dev A batch's result is set once: finalized (or pushed) at most once, and its root never
    /// changes afterwards.
    function invariant_consensusValueSetOnce() public view {
        vm.assertEq(handler.ghostFinalizedTwice(), 0, "a batch was finalized twice");
        uint256 n = handler.finalizedCount();
        for (uint256 i; i < n; ++i) {
            BatchId id = handler.finalizedAt(i);
            BatchView memory b = poco.batchOf(id);
            if (b.status == BatchStatus.Finalized || b.status == BatchStatus.Settled) {
                vm.assertEq(b.resultRoot, handler.finalRoot(id), "the agreed root never changes");
            }
        }
    }

    /// @dev Stakes are seized only from wrong contributors of the judged batch, and only accurate
    /// contributors (or the pusher) are paid.
    function invariant_stakesSeizedOnlyFromWrongContributors() public view {
        vm.assertEq(handler.ghostWrongSeizure(), 0, "a stake was seized from an accurate worker");
        vm.assertEq(handler.ghostWrongReward(), 0, "a worker was paid without being accurate");
    }

    /// @dev No deal settles more tasks than its volume; the deals never take more than the
    /// shared app order's volume; settled counts agree with the per-task view.
    function invariant_dealVolumeNeverExceeded() public view {
        uint256 n = handler.dealCount();
        for (uint256 i; i < n; ++i) {
            DealKey memory key = handler.dealAt(i);
            uint256 settled = hub.settledCountOf(key);
            vm.assertLe(settled, key.volume, "settled <= volume");
            uint256 counted;
            for (uint32 t; t < key.volume; ++t) if (poco.isTaskSettled(key, t)) ++counted;
            vm.assertEq(counted, settled, "settled count == settled tasks");
        }
        vm.assertEq(hub.consumedOf(handler.appOrderHash()), handler.ghostMatchedVolume(), "app order consumption");
        vm.assertLe(handler.ghostMatchedVolume(), 40, "app order volume");
        vm.assertLe(hub.lockedOf(requester), handler.ghostMatchedVolume() * 15 ether, "requester locks at most price x volume");
    }

    /// @dev A claimed task pays no worker and no asset owner.
    function invariant_claimedTaskPaysNoWorker() public view {
        vm.assertEq(handler.ghostClaimPaid(), 0, "a claim paid someone");
    }
}
