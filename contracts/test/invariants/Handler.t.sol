// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {Handler, Actors} from "./Handler.sol";

/// @notice The invariant handler itself: a fixed sequence of its actions reaches every step
/// (so the random runs exercise the protocol, not just reverts).
contract HandlerTest is Fixture {
    Handler internal handler;

    function setUp() public override {
        super.setUp();
        Actors memory actors = Actors(
            requester, requesterKey, appOwner, appOwnerKey, datasetOwner, datasetOwnerKey, poolOwner, poolOwnerKey,
            scheduler, schedulerKey, checker, appId, datasetId, poolId
        );
        hub.createCategory("L", 1000); // category 1: deadlines of 10 000 s, reveals of 2 000 s
        handler = new Handler(hub, token, actors, workers);
        token.transfer(address(handler), 10_000_000 ether);
        hub.transferOwnership(address(handler));
    }

    function test_handler_succeeds_drivesEveryStep() public {
        handler.matchDeal(2, 3, false); // volume 2, trust 3
        handler.contribute(0, 0, 1, 0xff); // whole-deal batch, workers 1 and 2, honest
        handler.reveal(0, 0, 0xffff);
        handler.finalize(0, 0);
        vm.assertEq(handler.ghostPaidTasks(), 2, "two tasks paid");
        handler.matchDeal(1, 1, true); // volume 1, trust 1
        handler.pushResult(0, 0, 2);
        vm.assertEq(handler.ghostPaidTasks(), 3, "pushed task paid");
        handler.matchDeal(1, 1, false);
        handler.claim(2, 0); // batchSeed 0: warps to the deadline first
        vm.assertEq(hub.settledCountOf(handler.dealAt(2)), 1, "claimed");
        vm.assertEq(handler.ghostWrongSeizure() + handler.ghostWrongReward() + handler.ghostClaimPaid(), 0, "clean");
        assertConserved();
    }

    function test_handler_succeeds_drivesTheAppFailures() public {
        handler.matchDeal(2, 3, false); // volume 2, trust 3
        handler.failApp(0, 0, 1); // whole-deal batch, workers 1 and 2 fail the same way
        handler.reveal(0, 0, 0xffff); // through revealAppFailure
        handler.finalize(0, 0);
        vm.assertTrue(poco.batchOf(batchIdOf(handler.dealAt(0), 0, 2)).failed, "failed by the app");
        vm.assertEq(handler.ghostPaidTasks(), 2, "a failure pays the app owner as a success");
        handler.matchDeal(1, 1, false); // volume 1, trust 1
        handler.pushAppFailure(0, 0, 2);
        vm.assertTrue(poco.batchOf(batchIdOf(handler.dealAt(1), 0, 1)).failed, "pushed failure");
        vm.assertEq(handler.ghostPaidTasks(), 3, "pushed failure paid");
        vm.assertEq(handler.ghostWrongSeizure() + handler.ghostWrongReward() + handler.ghostClaimPaid(), 0, "clean");
        assertConserved();
    }
}
