// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {HubDisputeFixture} from "../utils/HubDisputeFixture.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {IConfig} from "../../src/interfaces/IConfig.sol";
import {RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";

/// @notice A request's verification terms (decision 026): mode and windows, within the hub's bounds.
contract DealsVerificationTest is HubDisputeFixture {
    function _match(RequestOrder memory r) internal returns (DealKey memory) {
        return matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(r.trust)), signed(r));
    }

    function _expectInvalid(RequestOrder memory r, string memory field, uint256 value) internal {
        RequestOrder memory s = signed(r);
        (bool ok, bytes memory err) = address(hub).call(
            abi.encodeCall(hub.matchOrders, (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(r.trust)), s))
        );
        vm.assertFalse(ok, "refused");
        vm.assertEq(err, abi.encodeWithSelector(IDeals.DealVerificationInvalid.selector, field, value), field);
    }

    function test_matchOrders_succeedsWithDefaultTerms() public {
        DealKey memory key = openDeal(1, 1, false);
        vm.assertEq(key.verification, 0, "replicated");
        vm.assertEq(key.challengeWindow, 0, "no challenge window");
        vm.assertEq(key.rollbackWindow, 0, "the hub's rollback window");
    }

    function test_matchOrders_succeedsWithOptimisticTerms() public {
        DealKey memory key = openOptimisticDeal(2);
        vm.assertEq(key.verification, 1, "optimistic");
        vm.assertEq(key.challengeWindow, WINDOW, "window");
        vm.assertEq(key.trust, 1, "one answer per task");
    }

    function test_matchOrders_revertsWhenTermsInvalid() public {
        RequestOrder memory r = optimisticRequest(1, WINDOW);
        r.verification = 2;
        _expectInvalid(r, "verification", 2);
        r = optimisticRequest(1, 30 seconds);
        _expectInvalid(r, "challengeWindow", 30 seconds);
        r = optimisticRequest(1, 31 days);
        _expectInvalid(r, "challengeWindow", 31 days);
        r = optimisticRequest(1, WINDOW);
        r.rollbackWindow = WINDOW;
        _expectInvalid(r, "rollbackWindow", WINDOW);
        r = optimisticRequest(1, WINDOW);
        r.trust = 3;
        _expectInvalid(r, "trust", 3);
        r = requestOrder(1, 1, false);
        r.challengeWindow = WINDOW;
        _expectInvalid(r, "challengeWindow", WINDOW);
        r = requestOrder(1, 1, false);
        r.rollbackWindow = 59;
        _expectInvalid(r, "rollbackWindow", 59);
    }

    function test_matchOrders_succeedsWithinOwnerSetBounds() public {
        hub.setWindowBounds(10, 100, 5, 50);
        RequestOrder memory r = optimisticRequest(1, 10);
        vm.assertEq(_match(r).challengeWindow, 10, "the new minimum is accepted");
        r = requestOrder(2, 1, false);
        r.rollbackWindow = 51;
        _expectInvalid(r, "rollbackWindow", 51);
    }

    function test_setWindowBounds_revertsWhenNotOwnerOrInvalid() public {
        vm.prank(requester);
        vm.expectRevert();
        hub.setWindowBounds(1, 2, 1, 2);
        vm.expectRevert(abi.encodeWithSelector(IConfig.ConfigInvalidValue.selector, "challengeWindow", 0));
        hub.setWindowBounds(0, 2, 1, 2);
        vm.expectRevert(abi.encodeWithSelector(IConfig.ConfigInvalidValue.selector, "rollbackWindow", 1));
        hub.setWindowBounds(1, 2, 2, 1);
        vm.expectEmit(address(hub));
        emit IConfig.WindowBoundsChanged(1, 2, 3, 4);
        hub.setWindowBounds(1, 2, 3, 4);
        (uint64 a, uint64 b, uint64 c, uint64 d) = hub.windowBounds();
        vm.assertEq(uint256(a) + b + c + d, 10, "stored");
    }

    function test_setDisputeSettings_revertsWhenClockZero() public {
        vm.expectRevert(abi.encodeWithSelector(IConfig.ConfigInvalidValue.selector, "disputeClock", 0));
        hub.setDisputeSettings(address(game), 0, DEPOSIT);
        (address g, uint64 clock, uint96 deposit) = hub.disputeSettings();
        vm.assertEq(g, address(game), "game");
        vm.assertEq(clock, CLOCK, "clock");
        vm.assertEq(deposit, DEPOSIT, "deposit");
    }
}
