// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {IOrders} from "../../src/interfaces/IOrders.sol";
import {AssetRegistry} from "../../src/registries/AssetRegistry.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder, OrderKind} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";

/// @notice Orders (M2): presigning on chain, for owners that cannot sign (contracts), and
/// matching presigned orders with an empty signature.
contract OrdersPresignTest is Fixture {
    function test_presignAppOrder_succeedsWhenOwner() public {
        AppOrder memory o = appOrder();
        bytes32 h = hub.hashAppOrder(o);
        vm.expectEmit(address(hub));
        emit IOrders.OrderPresigned(h, OrderKind.App, appOwner);
        vm.prank(appOwner);
        hub.presignAppOrder(o);
        vm.assertTrue(hub.isPresigned(h), "presigned");
    }

    function test_presignAppOrder_revertsWhenCallerNotOwner() public {
        AppOrder memory o = appOrder();
        bytes32 h = hub.hashAppOrder(o);
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderUnauthorized.selector, h, requester, appOwner));
        hub.presignAppOrder(o);
    }

    function test_presignAppOrder_revertsWhenAppUnknown() public {
        AppOrder memory o = appOrder();
        o.app = 42;
        vm.prank(appOwner);
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 42));
        hub.presignAppOrder(o);
    }

    function test_presignDatasetOrder_succeedsWhenOwner() public {
        DatasetOrder memory o = datasetOrder();
        bytes32 h = hub.hashDatasetOrder(o);
        vm.expectEmit(address(hub));
        emit IOrders.OrderPresigned(h, OrderKind.Dataset, datasetOwner);
        vm.prank(datasetOwner);
        hub.presignDatasetOrder(o);
        vm.assertTrue(hub.isPresigned(h), "presigned");
    }

    function test_presignDatasetOrder_revertsWhenCallerNotOwner() public {
        DatasetOrder memory o = datasetOrder();
        bytes32 h = hub.hashDatasetOrder(o);
        vm.prank(appOwner);
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderUnauthorized.selector, h, appOwner, datasetOwner));
        hub.presignDatasetOrder(o);
    }

    function test_presignWorkerpoolOrder_succeedsWhenOwner() public {
        WorkerpoolOrder memory o = poolOrder(1);
        bytes32 h = hub.hashWorkerpoolOrder(o);
        vm.expectEmit(address(hub));
        emit IOrders.OrderPresigned(h, OrderKind.Workerpool, poolOwner);
        vm.prank(poolOwner);
        hub.presignWorkerpoolOrder(o);
        vm.assertTrue(hub.isPresigned(h), "presigned");
    }

    function test_presignWorkerpoolOrder_revertsWhenCallerIsTheSchedulerNotTheOwner() public {
        WorkerpoolOrder memory o = poolOrder(1);
        bytes32 h = hub.hashWorkerpoolOrder(o);
        vm.prank(scheduler);
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderUnauthorized.selector, h, scheduler, poolOwner));
        hub.presignWorkerpoolOrder(o);
    }

    function test_presignRequestOrder_succeedsWhenRequester() public {
        RequestOrder memory o = requestOrder(2, 1, false);
        bytes32 h = hub.hashRequestOrder(o);
        vm.expectEmit(address(hub));
        emit IOrders.OrderPresigned(h, OrderKind.Request, requester);
        vm.prank(requester);
        hub.presignRequestOrder(o);
        vm.assertTrue(hub.isPresigned(h), "presigned");
    }

    function test_presignRequestOrder_revertsWhenCallerNotRequester() public {
        RequestOrder memory o = requestOrder(2, 1, false);
        bytes32 h = hub.hashRequestOrder(o);
        vm.prank(poolOwner);
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderUnauthorized.selector, h, poolOwner, requester));
        hub.presignRequestOrder(o);
    }

    function test_matchOrders_succeedsWhenAllOrdersPresigned_withEmptySignatures() public {
        AppOrder memory a = appOrder();
        DatasetOrder memory d = datasetOrder();
        WorkerpoolOrder memory p = poolOrder(1);
        RequestOrder memory r = requestOrder(2, 1, true);
        vm.prank(appOwner);
        hub.presignAppOrder(a);
        vm.prank(datasetOwner);
        hub.presignDatasetOrder(d);
        vm.prank(poolOwner);
        hub.presignWorkerpoolOrder(p);
        vm.prank(requester);
        hub.presignRequestOrder(r);
        DealKey memory key = matchAll(a, d, p, r);
        vm.assertEq(uint256(key.volume), 2, "matched");
        vm.assertEq(hub.lockedOf(requester), 2 * taskPrice(true), "payment locked");
    }

    function test_matchOrders_revertsWhenSignatureEmptyAndNotPresigned() public {
        RequestOrder memory r = requestOrder(2, 1, false);
        bytes32 h = hub.hashRequestOrder(r);
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, h, requester));
        hub.matchOrders(a, d, p, r);
    }

    function test_presignWorkerpoolOrder_revertsWhenPoolUnknown() public {
        WorkerpoolOrder memory o = poolOrder(1);
        o.workerpool = 77;
        vm.prank(poolOwner);
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 77));
        hub.presignWorkerpoolOrder(o);
    }

    function test_presignDatasetOrder_revertsWhenDatasetUnknown() public {
        DatasetOrder memory o = datasetOrder();
        o.dataset = 78;
        vm.prank(datasetOwner);
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 78));
        hub.presignDatasetOrder(o);
    }

    function test_isPresigned_succeeds_falseByDefault() public view {
        vm.assertFalse(hub.isPresigned(keccak256("anything")), "not presigned");
    }
}
