// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {IOrders} from "../../src/interfaces/IOrders.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder, OrderKind} from "../../src/types/Orders.sol";

/// @notice Orders (M2): cancelling on chain makes the rest of an order's volume unmatchable.
contract OrdersCancelTest is Fixture {
    function test_cancelAppOrder_succeedsWhenOwner_consumesTheWholeVolume() public {
        AppOrder memory o = appOrder();
        bytes32 h = hub.hashAppOrder(o);
        vm.expectEmit(address(hub));
        emit IOrders.OrderCancelled(h, OrderKind.App, appOwner);
        vm.prank(appOwner);
        hub.cancelAppOrder(o);
        vm.assertEq(hub.consumedOf(h), o.volume, "nothing left");
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p, RequestOrder memory r) =
            (signed(o), signed(datasetOrder()), signed(poolOrder(1)), signed(requestOrder(1, 1, false)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, h));
        hub.matchOrders(a, d, p, r);
    }

    function test_cancelAppOrder_revertsWhenCallerNotOwner() public {
        AppOrder memory o = appOrder();
        bytes32 h = hub.hashAppOrder(o);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderUnauthorized.selector, h, requester, appOwner));
        hub.cancelAppOrder(o);
    }

    function test_cancelDatasetOrder_succeedsWhenOwner() public {
        DatasetOrder memory o = datasetOrder();
        bytes32 h = hub.hashDatasetOrder(o);
        vm.expectEmit(address(hub));
        emit IOrders.OrderCancelled(h, OrderKind.Dataset, datasetOwner);
        vm.prank(datasetOwner);
        hub.cancelDatasetOrder(o);
        vm.assertEq(hub.consumedOf(h), o.volume, "nothing left");
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p, RequestOrder memory r) =
            (signed(appOrder()), signed(o), signed(poolOrder(1)), signed(requestOrder(1, 1, true)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, h));
        hub.matchOrders(a, d, p, r);
    }

    function test_cancelDatasetOrder_revertsWhenCallerNotOwner() public {
        DatasetOrder memory o = datasetOrder();
        bytes32 h = hub.hashDatasetOrder(o);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderUnauthorized.selector, h, requester, datasetOwner));
        hub.cancelDatasetOrder(o);
    }

    function test_cancelWorkerpoolOrder_succeedsWhenOwner() public {
        WorkerpoolOrder memory o = poolOrder(1);
        bytes32 h = hub.hashWorkerpoolOrder(o);
        vm.expectEmit(address(hub));
        emit IOrders.OrderCancelled(h, OrderKind.Workerpool, poolOwner);
        vm.prank(poolOwner);
        hub.cancelWorkerpoolOrder(o);
        vm.assertEq(hub.consumedOf(h), o.volume, "nothing left");
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p, RequestOrder memory r) =
            (signed(appOrder()), signed(datasetOrder()), signed(o), signed(requestOrder(1, 1, false)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, h));
        hub.matchOrders(a, d, p, r);
    }

    function test_cancelWorkerpoolOrder_revertsWhenCallerNotOwner() public {
        WorkerpoolOrder memory o = poolOrder(1);
        bytes32 h = hub.hashWorkerpoolOrder(o);
        vm.prank(scheduler);
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderUnauthorized.selector, h, scheduler, poolOwner));
        hub.cancelWorkerpoolOrder(o);
    }

    function test_cancelRequestOrder_succeedsWhenRequester_afterAPartialFill() public {
        AppOrder memory a = appOrder();
        a.volume = 2;
        RequestOrder memory r = requestOrder(5, 1, false);
        matchAll(signed(a), signed(datasetOrder()), signed(poolOrder(1)), signed(r));
        bytes32 h = hub.hashRequestOrder(r);
        vm.assertEq(hub.requestConsumedOf(h, 5), 2, "two of five used");
        vm.expectEmit(address(hub));
        emit IOrders.OrderCancelled(h, OrderKind.Request, requester);
        vm.prank(requester);
        hub.cancelRequestOrder(r);
        vm.assertEq(hub.requestConsumedOf(h, 5), 5, "the rest is gone");
        (AppOrder memory a2, DatasetOrder memory d, WorkerpoolOrder memory p, RequestOrder memory rs) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)), signed(r));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, h));
        hub.matchOrders(a2, d, p, rs);
    }

    function test_cancelRequestOrder_revertsWhenCallerNotRequester() public {
        RequestOrder memory r = requestOrder(5, 1, false);
        bytes32 h = hub.hashRequestOrder(r);
        vm.prank(appOwner);
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderUnauthorized.selector, h, appOwner, requester));
        hub.cancelRequestOrder(r);
    }

    /// @dev B2: whichever of cancel and match comes first, the total matched never exceeds the volume.
    function testFuzz_cancelAndMatch_succeedsInEitherOrder_neverOverfills(uint8 volumeSeed, bool cancelFirst) public {
        uint256 volume = bound(volumeSeed, 1, 50);
        RequestOrder memory r = requestOrder(volume, 1, false);
        bytes32 h = hub.hashRequestOrder(r);
        if (cancelFirst) {
            vm.prank(requester);
            hub.cancelRequestOrder(r);
            (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p, RequestOrder memory rs) =
                (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)), signed(r));
            vm.expectRevert(abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, h));
            hub.matchOrders(a, d, p, rs);
            vm.assertEq(hub.lockedOf(requester), 0, "nothing matched");
        } else {
            matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)), signed(r));
            vm.prank(requester);
            hub.cancelRequestOrder(r);
            vm.assertEq(hub.lockedOf(requester), volume * taskPrice(false), "matched once, for the volume");
        }
        vm.assertEq(hub.requestConsumedOf(h, volume), volume, "used up either way");
    }
}
