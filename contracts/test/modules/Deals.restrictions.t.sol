// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MatchFixture} from "../utils/MatchFixture.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {AppMetadata} from "../../src/registries/AppRegistry.sol";
import {DatasetMetadata} from "../../src/registries/DatasetRegistry.sol";
import {Resources} from "../../src/registries/WorkerpoolRegistry.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder, OrderKind} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";

/// @notice Deals (M3): who an order may be matched with (restrictions) and what the pool must offer (tags).
contract DealsRestrictionsTest is MatchFixture {
    // ---- restrictions ----

    function test_matchOrders_revertsWhenAppRestrictsTheDataset() public {
        AppOrder memory a = appOrder();
        a.datasetRestrict = datasetId + 1;
        _matchReverts(a, datasetOrder(), poolOrder(1), requestOrder(1, 1, true), _restricted(OrderKind.App, "datasetRestrict", datasetId + 1, datasetId));
    }

    function test_matchOrders_revertsWhenAppRestrictsToADatasetButNoneIsUsed() public {
        AppOrder memory a = appOrder();
        a.datasetRestrict = datasetId;
        _matchReverts(a, datasetOrder(), poolOrder(1), requestOrder(1, 1, false), _restricted(OrderKind.App, "datasetRestrict", datasetId, 0));
    }

    function test_matchOrders_revertsWhenAppRestrictsTheWorkerpool() public {
        AppOrder memory a = appOrder();
        a.workerpoolRestrict = 99;
        _matchReverts(a, datasetOrder(), poolOrder(1), requestOrder(1, 1, false), _restricted(OrderKind.App, "workerpoolRestrict", 99, poolId));
    }

    function test_matchOrders_revertsWhenAppRestrictsTheRequester() public {
        AppOrder memory a = appOrder();
        a.requesterRestrict = address(0xBEEF);
        _matchReverts(
            a, datasetOrder(), poolOrder(1), requestOrder(1, 1, false),
            _restricted(OrderKind.App, "requesterRestrict", uint160(address(0xBEEF)), uint160(requester))
        );
    }

    function test_matchOrders_revertsWhenDatasetRestrictsTheApp() public {
        DatasetOrder memory d = datasetOrder();
        d.appRestrict = appId + 3;
        _matchReverts(appOrder(), d, poolOrder(1), requestOrder(1, 1, true), _restricted(OrderKind.Dataset, "appRestrict", appId + 3, appId));
    }

    function test_matchOrders_revertsWhenDatasetRestrictsTheWorkerpool() public {
        DatasetOrder memory d = datasetOrder();
        d.workerpoolRestrict = poolId + 3;
        _matchReverts(
            appOrder(), d, poolOrder(1), requestOrder(1, 1, true), _restricted(OrderKind.Dataset, "workerpoolRestrict", poolId + 3, poolId)
        );
    }

    function test_matchOrders_revertsWhenDatasetRestrictsTheRequester() public {
        DatasetOrder memory d = datasetOrder();
        d.requesterRestrict = appOwner;
        _matchReverts(
            appOrder(), d, poolOrder(1), requestOrder(1, 1, true),
            _restricted(OrderKind.Dataset, "requesterRestrict", uint160(appOwner), uint160(requester))
        );
    }

    function test_matchOrders_revertsWhenPoolRestrictsTheApp() public {
        WorkerpoolOrder memory p = poolOrder(1);
        p.appRestrict = 12;
        _matchReverts(appOrder(), datasetOrder(), p, requestOrder(1, 1, false), _restricted(OrderKind.Workerpool, "appRestrict", 12, appId));
    }

    function test_matchOrders_revertsWhenPoolRestrictsTheDataset() public {
        WorkerpoolOrder memory p = poolOrder(1);
        p.datasetRestrict = datasetId;
        _matchReverts(
            appOrder(), datasetOrder(), p, requestOrder(1, 1, false), _restricted(OrderKind.Workerpool, "datasetRestrict", datasetId, 0)
        );
    }

    function test_matchOrders_revertsWhenPoolRestrictsTheRequester() public {
        WorkerpoolOrder memory p = poolOrder(1);
        p.requesterRestrict = datasetOwner;
        _matchReverts(
            appOrder(), datasetOrder(), p, requestOrder(1, 1, false),
            _restricted(OrderKind.Workerpool, "requesterRestrict", uint160(datasetOwner), uint160(requester))
        );
    }

    function test_matchOrders_succeedsWhenEveryRestrictionNamesTheActualParty() public {
        AppOrder memory a = appOrder();
        (a.datasetRestrict, a.workerpoolRestrict, a.requesterRestrict) = (datasetId, poolId, requester);
        DatasetOrder memory d = datasetOrder();
        (d.appRestrict, d.workerpoolRestrict, d.requesterRestrict) = (appId, poolId, requester);
        WorkerpoolOrder memory p = poolOrder(1);
        (p.appRestrict, p.datasetRestrict, p.requesterRestrict) = (appId, datasetId, requester);
        DealKey memory key = matchAll(signed(a), signed(d), signed(p), signed(requestOrder(2, 1, true)));
        vm.assertEq(uint256(key.volume), 2, "matched");
    }

    // ---- tags ----

    function test_matchOrders_revertsWhenAppOrderNeedsATagThePoolLacks() public {
        AppOrder memory a = appOrder();
        a.tag = TEE;
        _matchReverts(a, datasetOrder(), poolOrder(1), requestOrder(1, 1, false), abi.encodeWithSelector(IDeals.DealTagMismatch.selector, TEE, bytes32(0), TEE));
    }

    function test_matchOrders_revertsWhenRequestNeedsATagThePoolLacks() public {
        RequestOrder memory r = requestOrder(1, 1, false);
        r.tag = GPU | TEE;
        WorkerpoolOrder memory p = poolOrder(1);
        p.tag = TEE;
        _matchReverts(appOrder(), datasetOrder(), p, r, abi.encodeWithSelector(IDeals.DealTagMismatch.selector, GPU | TEE, TEE, GPU));
    }

    function test_matchOrders_revertsWhenDatasetOrderNeedsATagThePoolLacks() public {
        DatasetOrder memory d = datasetOrder();
        d.tag = TEE;
        _matchReverts(appOrder(), d, poolOrder(1), requestOrder(1, 1, true), abi.encodeWithSelector(IDeals.DealTagMismatch.selector, TEE, bytes32(0), TEE));
    }

    function test_matchOrders_revertsWhenTheRegisteredAppNeedsATagThePoolLacks() public {
        uint256 teeApp = apps.createApp(appOwner, AppMetadata("tee", "ipfs://tee", keccak256("tee.wasm"), TEE, 64, 0));
        AppOrder memory a = appOrder();
        a.app = teeApp;
        RequestOrder memory r = requestOrder(1, 1, false);
        r.app = teeApp;
        _matchReverts(a, datasetOrder(), poolOrder(1), r, abi.encodeWithSelector(IDeals.DealTagMismatch.selector, TEE, bytes32(0), TEE));
    }

    function test_matchOrders_revertsWhenTheRegisteredDatasetNeedsATagThePoolLacks() public {
        uint256 teeData = datasets.createDataset(datasetOwner, DatasetMetadata("secret", "ipfs://s", keccak256("s"), TEE));
        DatasetOrder memory d = datasetOrder();
        d.dataset = teeData;
        RequestOrder memory r = requestOrder(1, 1, true);
        r.dataset = teeData;
        _matchReverts(appOrder(), d, poolOrder(1), r, abi.encodeWithSelector(IDeals.DealTagMismatch.selector, TEE, bytes32(0), TEE));
    }

    function test_matchOrders_succeedsWhenThePoolsResourcesOfferTheTag_recordsTheNeededTag() public {
        vm.prank(poolOwner);
        pools.setResources(poolId, Resources(8, 16384, 100, 1, true, "eu"));
        AppOrder memory a = appOrder();
        a.tag = TEE;
        RequestOrder memory r = requestOrder(1, 1, true);
        r.tag = GPU;
        DealKey memory key = matchAll(signed(a), signed(datasetOrder()), signed(poolOrder(1)), signed(r));
        vm.assertEq(key.tag, TEE | GPU, "app | dataset | request tags");
    }

    function test_matchOrders_succeedsWhenThePoolOrderDeclaresTheTag() public {
        RequestOrder memory r = requestOrder(1, 1, false);
        r.tag = TEE;
        WorkerpoolOrder memory p = poolOrder(1);
        p.tag = TEE;
        DealKey memory key = matchAll(signed(appOrder()), signed(datasetOrder()), signed(p), signed(r));
        vm.assertEq(key.tag, TEE, "tag");
    }
}
