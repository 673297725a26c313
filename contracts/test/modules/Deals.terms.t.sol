// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MatchFixture} from "../utils/MatchFixture.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {IOrders} from "../../src/interfaces/IOrders.sol";
import {ICategories} from "../../src/interfaces/ICategories.sol";
import {AssetRegistry} from "../../src/registries/AssetRegistry.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";

/// @notice Deals (M3): the terms four orders must agree on: identities, category and trust, prices
/// and integer widths, registered assets, expiry.
contract DealsTermsTest is MatchFixture {
    // ---- identity rules ----

    function test_matchOrders_revertsWhenAppMismatch() public {
        RequestOrder memory r = requestOrder(1, 1, false);
        r.app = appId + 1;
        _matchReverts(appOrder(), datasetOrder(), poolOrder(1), r, abi.encodeWithSelector(IDeals.DealAppMismatch.selector, appId + 1, appId));
    }

    function test_matchOrders_revertsWhenDatasetMismatch() public {
        DatasetOrder memory d = datasetOrder();
        d.dataset = datasetId + 1;
        _matchReverts(
            appOrder(), d, poolOrder(1), requestOrder(1, 1, true),
            abi.encodeWithSelector(IDeals.DealDatasetMismatch.selector, datasetId, datasetId + 1)
        );
    }

    function test_matchOrders_revertsWhenWorkerpoolMismatch() public {
        RequestOrder memory r = requestOrder(1, 1, false);
        r.workerpool = poolId + 5;
        _matchReverts(
            appOrder(), datasetOrder(), poolOrder(1), r,
            abi.encodeWithSelector(IDeals.DealWorkerpoolMismatch.selector, poolId + 5, poolId)
        );
    }

    function test_matchOrders_succeedsWhenRequestNamesThePool() public {
        RequestOrder memory r = requestOrder(1, 1, false);
        r.workerpool = poolId;
        DealKey memory key = matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)), signed(r));
        vm.assertEq(key.workerpool, poolId, "the named pool");
    }

    function test_matchOrders_revertsWhenCategoryMismatch() public {
        hub.createCategory("M", 500);
        RequestOrder memory r = requestOrder(1, 1, false);
        r.category = 1;
        _matchReverts(appOrder(), datasetOrder(), poolOrder(1), r, abi.encodeWithSelector(IDeals.DealCategoryMismatch.selector, 1, 0));
    }

    function test_matchOrders_revertsWhenCategoryUnknown() public {
        WorkerpoolOrder memory p = poolOrder(1);
        p.category = 9;
        RequestOrder memory r = requestOrder(1, 1, false);
        r.category = 9;
        _matchReverts(appOrder(), datasetOrder(), p, r, abi.encodeWithSelector(ICategories.CategoryUnknown.selector, 9));
    }

    function test_matchOrders_revertsWhenTrustTooHigh() public {
        RequestOrder memory r = requestOrder(1, 4, false);
        _matchReverts(appOrder(), datasetOrder(), poolOrder(3), r, abi.encodeWithSelector(IDeals.DealTrustTooHigh.selector, 4, 3));
    }

    // ---- prices ----

    function test_matchOrders_revertsWhenAppPriceAboveMax() public {
        RequestOrder memory r = requestOrder(1, 1, false);
        r.appMaxPrice = APP_PRICE - 1;
        _matchReverts(
            appOrder(), datasetOrder(), poolOrder(1), r,
            abi.encodeWithSelector(IDeals.DealPriceTooHigh.selector, uint8(0), APP_PRICE, APP_PRICE - 1)
        );
    }

    function test_matchOrders_revertsWhenDatasetPriceAboveMax() public {
        RequestOrder memory r = requestOrder(1, 1, true);
        r.datasetMaxPrice = 1;
        _matchReverts(
            appOrder(), datasetOrder(), poolOrder(1), r, abi.encodeWithSelector(IDeals.DealPriceTooHigh.selector, uint8(1), DATASET_PRICE, 1)
        );
    }

    function test_matchOrders_revertsWhenPoolPriceAboveMax() public {
        RequestOrder memory r = requestOrder(1, 1, false);
        r.workerpoolMaxPrice = 0;
        _matchReverts(
            appOrder(), datasetOrder(), poolOrder(1), r, abi.encodeWithSelector(IDeals.DealPriceTooHigh.selector, uint8(2), POOL_PRICE, 0)
        );
    }

    function test_matchOrders_revertsWhenPriceDoesNotFitUint96() public {
        uint256 huge = uint256(type(uint96).max) + 1;
        AppOrder memory a = appOrder();
        a.price = huge;
        RequestOrder memory r = requestOrder(1, 1, false);
        r.appMaxPrice = huge;
        _matchReverts(a, datasetOrder(), poolOrder(1), r, abi.encodeWithSelector(IDeals.DealValueOverflow.selector, huge));
    }

    function test_matchOrders_revertsWhenVolumeDoesNotFitUint32() public {
        uint256 huge = uint256(type(uint32).max) + 1;
        AppOrder memory a = appOrder();
        a.volume = huge;
        WorkerpoolOrder memory p = poolOrder(1);
        p.volume = huge;
        _matchReverts(a, datasetOrder(), p, requestOrder(huge, 1, false), abi.encodeWithSelector(IDeals.DealValueOverflow.selector, huge));
    }

    function test_matchOrders_revertsWhenTrustDoesNotFitUint32() public {
        uint256 huge = uint256(type(uint32).max) + 1;
        _matchReverts(
            appOrder(), datasetOrder(), poolOrder(huge), requestOrder(1, huge, false),
            abi.encodeWithSelector(IDeals.DealValueOverflow.selector, huge)
        );
    }

    // ---- registries ----

    function test_matchOrders_revertsWhenAppUnknown() public {
        AppOrder memory a = appOrder();
        a.app = 50;
        RequestOrder memory r = requestOrder(1, 1, false);
        r.app = 50;
        _matchReverts(a, datasetOrder(), poolOrder(1), r, abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 50));
    }

    function test_matchOrders_revertsWhenDatasetUnknown() public {
        DatasetOrder memory d = datasetOrder();
        d.dataset = 51;
        RequestOrder memory r = requestOrder(1, 1, true);
        r.dataset = 51;
        _matchReverts(appOrder(), d, poolOrder(1), r, abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 51));
    }

    function test_matchOrders_revertsWhenWorkerpoolUnknown() public {
        WorkerpoolOrder memory p = poolOrder(1);
        p.workerpool = 52;
        _matchReverts(appOrder(), datasetOrder(), p, requestOrder(1, 1, false), abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 52));
    }

    function test_matchOrders_succeeds_paysTheCurrentAssetOwner() public {
        address buyer = address(0xB0B);
        vm.prank(appOwner);
        apps.transferFrom(appOwner, buyer, appId);
        AppOrder memory a = appOrder();
        a.signature = "";
        bytes32 ah = hub.hashAppOrder(a);
        // The old owner's signature no longer speaks for the app.
        _matchReverts(a, datasetOrder(), poolOrder(1), requestOrder(1, 1, false), abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, ah, buyer));
        a.signature = ""; // signed() wrote the old owner's signature into `a`
        vm.prank(buyer);
        hub.presignAppOrder(a);
        DealKey memory key = matchAll(a, signed(datasetOrder()), signed(poolOrder(1)), signed(requestOrder(1, 1, false)));
        vm.assertEq(key.appOwner, buyer, "the token owner is the app owner");
    }

    // ---- expiry ----

    function test_matchOrders_revertsWhenAppOrderExpired() public {
        vm.warp(500);
        AppOrder memory a = appOrder();
        a.expiry = 499;
        bytes32 h = hub.hashAppOrder(a);
        _matchReverts(a, datasetOrder(), poolOrder(1), requestOrder(1, 1, false), abi.encodeWithSelector(IOrders.OrderExpired.selector, h, 499));
    }

    function test_matchOrders_revertsWhenDatasetOrderExpired() public {
        vm.warp(500);
        DatasetOrder memory d = datasetOrder();
        d.expiry = 1;
        bytes32 h = hub.hashDatasetOrder(d);
        _matchReverts(appOrder(), d, poolOrder(1), requestOrder(1, 1, true), abi.encodeWithSelector(IOrders.OrderExpired.selector, h, 1));
    }

    function test_matchOrders_revertsWhenPoolOrderExpired() public {
        vm.warp(500);
        WorkerpoolOrder memory p = poolOrder(1);
        p.expiry = 300;
        bytes32 h = hub.hashWorkerpoolOrder(p);
        _matchReverts(appOrder(), datasetOrder(), p, requestOrder(1, 1, false), abi.encodeWithSelector(IOrders.OrderExpired.selector, h, 300));
    }

    function test_matchOrders_revertsWhenRequestOrderExpired() public {
        vm.warp(500);
        RequestOrder memory r = requestOrder(1, 1, false);
        r.expiry = 100;
        bytes32 h = hub.hashRequestOrder(r);
        _matchReverts(appOrder(), datasetOrder(), poolOrder(1), r, abi.encodeWithSelector(IOrders.OrderExpired.selector, h, 100));
    }

    function test_matchOrders_succeedsWhenExpiryIsNow() public {
        vm.warp(500);
        AppOrder memory a = appOrder();
        a.expiry = 500;
        RequestOrder memory r = requestOrder(1, 1, true);
        r.expiry = 500;
        DatasetOrder memory d = datasetOrder();
        d.expiry = 500;
        WorkerpoolOrder memory p = poolOrder(1);
        p.expiry = 500;
        DealKey memory key = matchAll(signed(a), signed(d), signed(p), signed(r));
        vm.assertEq(uint256(key.volume), 1, "an order is live until its expiry second included");
    }
}
