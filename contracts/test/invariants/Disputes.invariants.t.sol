// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {InvariantTest} from "../utils/Test.sol";
import {MockDisputeGame} from "../utils/MockDisputeGame.sol";
import {Actors} from "./HandlerBase.sol";
import {DisputeHandler} from "./DisputeHandler.sol";
import {Resolution} from "../../src/interfaces/IDisputes.sol";
import {AppOrder} from "../../src/types/Orders.sol";
import {TaskId} from "../../src/types/Ids.sol";

/// @notice Invariants of disputes (decision 026): after any sequence of optimistic matches, answers,
/// challenges, game outcomes, resolutions, finalizations, claims, windowed pushes, batch challenges,
/// settlements and clock jumps, escrow is conserved, no task is paid twice, and a settled game never reopens.
contract DisputeInvariantsTest is Fixture, InvariantTest {
    DisputeHandler internal handler;

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
        hub.createCategory("L", 1000); // category 1: deadlines of 10 000 s
        MockDisputeGame game = new MockDisputeGame();
        hub.setDisputeSettings(address(game), 1 hours, 4 ether);
        hub.setWindowBounds(1, 30 days, 1, 30 days);
        AppOrder memory appOrder = AppOrder(appId, 3 ether, 40, bytes32(0), 0, 0, address(0), 0, bytes32("disputes"), "");
        appOrder.signature = _sig(appOwnerKey, hub.hashAppOrder(appOrder));
        handler = new DisputeHandler(hub, game, actors, workers, appOrder);

        bytes4[] memory selectors = new bytes4[](12);
        selectors[0] = DisputeHandler.matchDeal.selector;
        selectors[1] = DisputeHandler.answer.selector;
        selectors[2] = DisputeHandler.challenge.selector;
        selectors[3] = DisputeHandler.resolve.selector;
        selectors[4] = DisputeHandler.finalizeAnswer.selector;
        selectors[5] = DisputeHandler.decide.selector;
        selectors[6] = DisputeHandler.claim.selector;
        selectors[7] = DisputeHandler.push.selector;
        selectors[8] = DisputeHandler.challengeBatch.selector;
        selectors[9] = DisputeHandler.resolveBatch.selector;
        selectors[10] = DisputeHandler.settle.selector;
        selectors[11] = DisputeHandler.warp.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector(address(handler), selectors));
    }

    /// @dev Σ balance + Σ locked over every account == the tokens the hub holds, deposits of answers and
    /// challenges included.
    function invariant_escrowConservation() public view {
        vm.assertEq(escrowTotal(), token.balanceOf(address(hub)), "escrow conserved");
    }

    /// @dev No task is paid twice; every app-owner payout is one upheld answer or one settled batch.
    function invariant_nobodyPaidTwice() public view {
        vm.assertEq(handler.ghostDoublePaid(), 0, "a task was paid twice");
        vm.assertEq(handler.ghostPayMismatch(), 0, "a payout that was not exactly one task");
        vm.assertEq(hub.balanceOf(appOwner), handler.ghostPaidTasks() * 3 ether, "app owner paid once per paid task");
    }

    /// @dev A resolved challenge is never resolved again, and a finalized answer stays Finalized.
    function invariant_settledGameNeverReopens() public view {
        vm.assertEq(handler.ghostReopened(), 0, "a settled game reopened");
        uint256 n = handler.finalizedTaskCount();
        for (uint256 i; i < n; ++i) {
            vm.assertEq(
                uint256(poco.resolutionOf(TaskId.wrap(handler.finalizedTaskAt(i)))), uint256(Resolution.Finalized), "finalized stays"
            );
        }
    }
}
