// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {Vm} from "../utils/Vm.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {IOrders} from "../../src/interfaces/IOrders.sol";
import {IEscrow} from "../../src/interfaces/IEscrow.sol";
import {ICategories} from "../../src/interfaces/ICategories.sol";
import {AssetRegistry} from "../../src/registries/AssetRegistry.sol";
import {AppMetadata} from "../../src/registries/AppRegistry.sol";
import {DatasetMetadata} from "../../src/registries/DatasetRegistry.sol";
import {Resources} from "../../src/registries/WorkerpoolRegistry.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder, OrderKind} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId} from "../../src/types/Ids.sol";
import {ERC1271Wallet} from "../../src/mocks/ERC1271Wallet.sol";

/// @notice Deals (M3): matchOrders, every compatibility rule of Deals.sol and its revert paths,
/// partial fills, presigned and ERC-1271 orders, and the deal views.
contract DealsMatchOrdersTest is Fixture {
    bytes32 internal constant TEE = bytes32(uint256(1));
    bytes32 internal constant GPU = bytes32(uint256(2));

    /// @dev Signs the four orders (external calls), then expects `err` from matchOrders.
    function _matchReverts(AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p, RequestOrder memory r, bytes memory err)
        internal
    {
        (a, d, p, r) = (signed(a), signed(d), signed(p), signed(r));
        vm.expectRevert(err);
        hub.matchOrders(a, d, p, r);
    }

    function _restricted(OrderKind kind, string memory field, uint256 allowed, uint256 actual) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IDeals.DealRestricted.selector, uint8(kind), field, allowed, actual);
    }

    // ---- success ----

    function test_matchOrders_succeeds_locksPriceTimesVolumeAndThePoolStake() public {
        uint256 poolBefore = hub.balanceOf(poolOwner);
        DealKey memory key = openDeal(5, 1, true);
        vm.assertTrue(hub.dealExists(key), "deal open");
        vm.assertEq(hub.lockedOf(requester), 5 * taskPrice(true), "requester locks volume x price");
        vm.assertEq(hub.balanceOf(requester), FUNDS - 5 * taskPrice(true), "from its balance");
        vm.assertEq(hub.lockedOf(poolOwner), poolStakeOf(5), "pool owner locks 30% of the pool price per task");
        vm.assertEq(hub.balanceOf(poolOwner), poolBefore - poolStakeOf(5), "from its balance");
        assertConserved();
    }

    function test_matchOrders_succeeds_snapshotsEveryTermIntoTheKey() public {
        vm.warp(1000);
        RequestOrder memory r = requestOrder(5, 1, true);
        bytes32 h = hub.hashRequestOrder(r);
        DealKey memory key = openDeal(5, 1, true);
        vm.assertEq(key.requestHash, h, "request hash");
        vm.assertEq(key.requestConsumed, 0, "first deal of the request");
        vm.assertEq(key.requester, requester, "requester");
        vm.assertEq(key.callback, address(0), "no callback");
        vm.assertEq(key.appOwner, appOwner, "app owner");
        vm.assertEq(uint256(key.appPrice), APP_PRICE, "app price");
        vm.assertEq(key.datasetOwner, datasetOwner, "dataset owner");
        vm.assertEq(uint256(key.datasetPrice), DATASET_PRICE, "dataset price");
        vm.assertEq(key.poolOwner, poolOwner, "pool owner");
        vm.assertEq(uint256(key.poolPrice), POOL_PRICE, "pool price");
        vm.assertEq(key.scheduler, scheduler, "scheduler");
        vm.assertEq(key.app, appId, "app");
        vm.assertEq(key.dataset, datasetId, "dataset");
        vm.assertEq(key.workerpool, poolId, "workerpool");
        vm.assertEq(uint256(key.volume), 5, "volume");
        vm.assertEq(uint256(key.trust), 1, "trust");
        vm.assertEq(uint256(key.timeRef), RUN_TIME, "category run time");
        vm.assertEq(uint256(key.startTime), 1000, "start time");
        vm.assertEq(uint256(key.workerStake), POOL_PRICE * 30 / 100, "worker stake ratio of the pool");
        vm.assertEq(uint256(key.schedulerRewardRatio), 10, "scheduler reward ratio");
        vm.assertEq(key.tag, bytes32(0), "no tag");
    }

    function test_matchOrders_succeeds_emitsDealMatchedWithTheKeyAndOrderHashes() public {
        AppOrder memory a = signed(appOrder());
        DatasetOrder memory d = signed(datasetOrder());
        WorkerpoolOrder memory p = signed(poolOrder(1));
        RequestOrder memory r = signed(requestOrder(2, 1, true));
        bytes32[4] memory hs = [hub.hashAppOrder(a), hub.hashDatasetOrder(d), hub.hashWorkerpoolOrder(p), hub.hashRequestOrder(r)];
        vm.recordLogs();
        DealId id = hub.matchOrders(a, d, p, r);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        Vm.Log memory log = logs[logs.length - 1];
        (DealKey memory key, bytes32 ah, bytes32 dh, bytes32 ph, string memory params) =
            abi.decode(log.data, (DealKey, bytes32, bytes32, bytes32, string));
        vm.assertEq(log.emitter, address(hub), "emitter");
        vm.assertEq(log.topics[1], DealId.unwrap(id), "deal id topic = return value");
        vm.assertEq(DealId.unwrap(id), keccak256(abi.encode(key)), "deal id = keccak(key)");
        vm.assertEq(log.topics[2], bytes32(uint256(uint160(requester))), "requester topic");
        vm.assertEq(log.topics[3], bytes32(poolId), "workerpool topic");
        vm.assertEq(ah, hs[0], "app order hash");
        vm.assertEq(dh, hs[1], "dataset order hash");
        vm.assertEq(ph, hs[2], "pool order hash");
        vm.assertEq(key.requestHash, hs[3], "request hash in the key");
        vm.assertEq(params, r.params, "params");
    }

    function test_matchOrders_succeedsWithoutDataset_ignoresTheDatasetOrder() public {
        DatasetOrder memory junk = datasetOrder();
        junk.dataset = 777; // unknown, unsigned: never looked at
        junk.price = type(uint256).max;
        vm.recordLogs();
        hub.matchOrders(signed(appOrder()), junk, signed(poolOrder(1)), signed(requestOrder(3, 1, false)));
        DealKey memory key = _lastDealKey();
        vm.assertEq(key.datasetOwner, address(0), "no dataset owner");
        vm.assertEq(uint256(key.datasetPrice), 0, "no dataset price");
        vm.assertEq(key.dataset, 0, "no dataset");
        vm.assertEq(hub.lockedOf(requester), 3 * taskPrice(false), "app + pool price only");
    }

    function test_matchOrders_succeedsWhenTrustZero_recordsTrustOne() public {
        DealKey memory key = openDeal(1, 0, false);
        vm.assertEq(uint256(key.trust), 1, "trust 0 is trust 1");
    }

    function test_matchOrders_succeedsWhenTrustBelowThePoolsOffer() public {
        RequestOrder memory r = requestOrder(1, 3, false);
        DealKey memory key = matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(5)), signed(r));
        vm.assertEq(uint256(key.trust), 3, "the request's trust");
    }

    function test_matchOrders_succeedsWhenCalledByAThirdParty_debitsTheRequesterOnly() public {
        address stranger = address(0x5778);
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p, RequestOrder memory r) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)), signed(requestOrder(4, 1, false)));
        vm.prank(stranger);
        hub.matchOrders(a, d, p, r);
        vm.assertEq(hub.lockedOf(requester), 4 * taskPrice(false), "the requester pays");
        vm.assertEq(hub.lockedOf(stranger), 0, "the caller pays nothing");
    }

    function test_matchOrders_succeedsWhenPricesBelowMax_usesTheAskingPrices() public {
        AppOrder memory a = appOrder();
        a.price = 1 ether;
        WorkerpoolOrder memory p = poolOrder(1);
        p.price = 4 ether;
        DealKey memory key = matchAll(signed(a), signed(datasetOrder()), signed(p), signed(requestOrder(2, 1, false)));
        vm.assertEq(uint256(key.appPrice), 1 ether, "app asks less");
        vm.assertEq(uint256(key.poolPrice), 4 ether, "pool asks less");
        vm.assertEq(hub.lockedOf(requester), 2 * 5 ether, "the asking prices are locked, not the max");
    }

    function test_matchOrders_succeedsWhenPricesZero_locksNothing() public {
        AppOrder memory a = appOrder();
        a.price = 0;
        WorkerpoolOrder memory p = poolOrder(1);
        p.price = 0;
        DealKey memory key = matchAll(signed(a), signed(datasetOrder()), signed(p), signed(requestOrder(2, 1, false)));
        vm.assertEq(hub.lockedOf(requester), 0, "free");
        vm.assertEq(hub.lockedOf(poolOwner), 0, "no stake");
        vm.assertTrue(hub.dealExists(key), "deal open");
    }

    // ---- partial fills ----

    function test_matchOrders_succeedsWhenAppVolumeSmaller_partiallyFillsTheRequest() public {
        AppOrder memory a = appOrder();
        a.volume = 3;
        RequestOrder memory r = requestOrder(5, 1, false);
        bytes32 rh = hub.hashRequestOrder(r);
        bytes32 ah = hub.hashAppOrder(a);
        DealKey memory k1 = matchAll(signed(a), signed(datasetOrder()), signed(poolOrder(1)), signed(r));
        vm.assertEq(uint256(k1.volume), 3, "limited by the app order");
        vm.assertEq(hub.consumedOf(ah), 3, "app order used up");
        vm.assertEq(hub.requestConsumedOf(rh, 5), 3, "three of five");
        vm.assertEq(hub.consumedOf(rh), 3, "written for a partial fill");

        AppOrder memory a2 = appOrder();
        a2.salt = "app2";
        DealKey memory k2 = matchAll(signed(a2), signed(datasetOrder()), signed(poolOrder(1)), signed(r));
        vm.assertEq(uint256(k2.volume), 2, "the rest of the request");
        vm.assertEq(k2.requestConsumed, 3, "second key starts after the first");
        vm.assertTrue(hub.dealExists(k1) && hub.dealExists(k2), "both deals open");
        vm.assertEq(hub.requestConsumedOf(rh, 5), 5, "request used up");
        vm.assertEq(hub.lockedOf(requester), 5 * taskPrice(false), "never more than the request's volume");

        AppOrder memory a3 = appOrder();
        a3.salt = "app3";
        _matchReverts(a3, datasetOrder(), poolOrder(1), r, abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, rh));
    }

    function test_matchOrders_succeedsWhenPoolVolumeSmaller_takesThePoolVolume() public {
        WorkerpoolOrder memory p = poolOrder(1);
        p.volume = 2;
        bytes32 ph = hub.hashWorkerpoolOrder(p);
        DealKey memory key = matchAll(signed(appOrder()), signed(datasetOrder()), signed(p), signed(requestOrder(9, 1, false)));
        vm.assertEq(uint256(key.volume), 2, "limited by the pool order");
        vm.assertEq(hub.consumedOf(ph), 2, "pool order used up");
        _matchReverts(appOrder(), datasetOrder(), p, requestOrder(8, 1, false), abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, ph));
    }

    function test_matchOrders_succeedsWhenDatasetVolumeSmaller_takesTheDatasetVolume() public {
        DatasetOrder memory d = datasetOrder();
        d.volume = 1;
        bytes32 dh = hub.hashDatasetOrder(d);
        DealKey memory key = matchAll(signed(appOrder()), signed(d), signed(poolOrder(1)), signed(requestOrder(9, 1, true)));
        vm.assertEq(uint256(key.volume), 1, "limited by the dataset order");
        _matchReverts(appOrder(), d, poolOrder(1), requestOrder(8, 1, true), abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, dh));
    }

    function test_matchOrders_succeedsWhenRequestFilledByOneDeal_writesNoConsumedCount() public {
        RequestOrder memory r = requestOrder(4, 1, false);
        bytes32 rh = hub.hashRequestOrder(r);
        openDeal(4, 1, false);
        vm.assertEq(hub.consumedOf(rh), 0, "not written (gas)");
        vm.assertEq(hub.requestConsumedOf(rh, 4), 4, "but reported used up");
        _matchReverts(appOrder(), datasetOrder(), poolOrder(1), r, abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, rh));
    }

    function test_matchOrders_revertsWhenRequestVolumeZero() public {
        RequestOrder memory r = requestOrder(0, 1, false);
        bytes32 rh = hub.hashRequestOrder(r);
        _matchReverts(appOrder(), datasetOrder(), poolOrder(1), r, abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, rh));
    }

    function test_matchOrders_revertsWhenAppVolumeZero() public {
        AppOrder memory a = appOrder();
        a.volume = 0;
        bytes32 ah = hub.hashAppOrder(a);
        _matchReverts(a, datasetOrder(), poolOrder(1), requestOrder(1, 1, false), abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, ah));
    }

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

    // ---- signatures ----

    function test_matchOrders_revertsWhenAppOrderSignedByAnotherKey() public {
        AppOrder memory a = appOrder();
        bytes32 h = hub.hashAppOrder(a);
        a.signature = _sig(requesterKey, h);
        (DatasetOrder memory d, WorkerpoolOrder memory p, RequestOrder memory r) =
            (signed(datasetOrder()), signed(poolOrder(1)), signed(requestOrder(1, 1, false)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, h, appOwner));
        hub.matchOrders(a, d, p, r);
    }

    function test_matchOrders_revertsWhenDatasetOrderSignedByAnotherKey() public {
        DatasetOrder memory d = datasetOrder();
        bytes32 h = hub.hashDatasetOrder(d);
        d.signature = _sig(appOwnerKey, h);
        (AppOrder memory a, WorkerpoolOrder memory p, RequestOrder memory r) =
            (signed(appOrder()), signed(poolOrder(1)), signed(requestOrder(1, 1, true)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, h, datasetOwner));
        hub.matchOrders(a, d, p, r);
    }

    function test_matchOrders_revertsWhenPoolOrderSignedByTheScheduler() public {
        WorkerpoolOrder memory p = poolOrder(1);
        bytes32 h = hub.hashWorkerpoolOrder(p);
        p.signature = _sig(schedulerKey, h);
        (AppOrder memory a, DatasetOrder memory d, RequestOrder memory r) =
            (signed(appOrder()), signed(datasetOrder()), signed(requestOrder(1, 1, false)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, h, poolOwner));
        hub.matchOrders(a, d, p, r);
    }

    function test_matchOrders_revertsWhenRequestOrderTampered() public {
        RequestOrder memory r = signed(requestOrder(1, 1, false));
        r.workerpoolMaxPrice = POOL_PRICE * 2; // changed after signing
        bytes32 h = hub.hashRequestOrder(r);
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, h, requester));
        hub.matchOrders(a, d, p, r);
    }

    function test_matchOrders_revertsWhenSignatureHasBadLength() public {
        RequestOrder memory r = signed(requestOrder(1, 1, false));
        bytes32 h = hub.hashRequestOrder(r);
        r.signature = bytes.concat(r.signature, bytes1(0));
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, h, requester));
        hub.matchOrders(a, d, p, r);
    }

    function test_matchOrders_succeedsWhenSomeOrdersPresignedAndOthersSigned() public {
        WorkerpoolOrder memory p = poolOrder(1);
        vm.prank(poolOwner);
        hub.presignWorkerpoolOrder(p);
        DealKey memory key = matchAll(signed(appOrder()), signed(datasetOrder()), p, signed(requestOrder(1, 1, false)));
        vm.assertEq(uint256(key.volume), 1, "presigned pool order matched");
    }

    // ---- ERC-1271 ----

    function _wallet() internal returns (ERC1271Wallet wallet, address walletOwner, uint256 walletOwnerKey) {
        (walletOwner, walletOwnerKey) = makeAccount("walletOwner");
        wallet = new ERC1271Wallet(walletOwner);
        token.approve(address(hub), 1000 ether);
        hub.depositFor(address(wallet), 1000 ether);
        track(address(wallet));
    }

    function test_matchOrders_succeedsWhenRequesterIsAnErc1271Wallet() public {
        (ERC1271Wallet wallet,, uint256 ownerKey) = _wallet();
        RequestOrder memory r = requestOrder(2, 1, false);
        r.requester = address(wallet);
        r.signature = _sig(ownerKey, hub.hashRequestOrder(r));
        DealKey memory key = matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)), r);
        vm.assertEq(key.requester, address(wallet), "the wallet is the requester");
        vm.assertEq(hub.lockedOf(address(wallet)), 2 * taskPrice(false), "the wallet pays");
        assertConserved();
    }

    function test_matchOrders_revertsWhenErc1271WalletRevokedItsSignatures() public {
        (ERC1271Wallet wallet, address walletOwner, uint256 ownerKey) = _wallet();
        RequestOrder memory r = requestOrder(2, 1, false);
        r.requester = address(wallet);
        bytes32 h = hub.hashRequestOrder(r);
        r.signature = _sig(ownerKey, h);
        vm.prank(walletOwner);
        wallet.setRevoked(true);
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, h, address(wallet)));
        hub.matchOrders(a, d, p, r);
    }

    function test_matchOrders_revertsWhenErc1271WalletSignatureFromAnotherKey() public {
        (ERC1271Wallet wallet,,) = _wallet();
        RequestOrder memory r = requestOrder(2, 1, false);
        r.requester = address(wallet);
        bytes32 h = hub.hashRequestOrder(r);
        r.signature = _sig(requesterKey, h);
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, h, address(wallet)));
        hub.matchOrders(a, d, p, r);
    }

    function test_matchOrders_succeedsWhenAppOwnedByAnErc1271Wallet() public {
        (ERC1271Wallet wallet,, uint256 ownerKey) = _wallet();
        uint256 walletApp = apps.createApp(address(wallet), AppMetadata("w", "ipfs://w", keccak256("w.wasm"), bytes32(0), 64, 0));
        AppOrder memory a = appOrder();
        a.app = walletApp;
        a.signature = _sig(ownerKey, hub.hashAppOrder(a));
        RequestOrder memory r = requestOrder(1, 1, false);
        r.app = walletApp;
        DealKey memory key = matchAll(a, signed(datasetOrder()), signed(poolOrder(1)), signed(r));
        vm.assertEq(key.appOwner, address(wallet), "wallet-owned app");
    }

    function test_matchOrders_succeedsWhenErc1271WalletPresignedThroughExecute() public {
        (ERC1271Wallet wallet, address walletOwner,) = _wallet();
        RequestOrder memory r = requestOrder(2, 1, false);
        r.requester = address(wallet);
        vm.prank(walletOwner);
        wallet.execute(address(hub), abi.encodeCall(IOrders.presignRequestOrder, (r)));
        vm.assertTrue(hub.isPresigned(hub.hashRequestOrder(r)), "presigned by the wallet");
        DealKey memory key = matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)), r);
        vm.assertEq(uint256(key.volume), 2, "matched with an empty signature");
    }

    // ---- funds ----

    function test_matchOrders_revertsWhenRequesterBalanceInsufficient() public {
        RequestOrder memory r = requestOrder(1, 1, false);
        r.requester = datasetOwner; // no escrow balance
        r.signature = _sig(datasetOwnerKey, hub.hashRequestOrder(r));
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)));
        vm.expectRevert(abi.encodeWithSelector(IEscrow.EscrowInsufficientBalance.selector, datasetOwner, 0, taskPrice(false)));
        hub.matchOrders(a, d, p, r);
    }

    function test_matchOrders_revertsWhenPoolOwnerCannotLockItsStake() public {
        vm.prank(poolOwner);
        hub.withdraw(FUNDS, poolOwner);
        _matchReverts(
            appOrder(), datasetOrder(), poolOrder(1), requestOrder(2, 1, false),
            abi.encodeWithSelector(IEscrow.EscrowInsufficientBalance.selector, poolOwner, 0, poolStakeOf(2))
        );
    }

    // ---- views ----

    function test_dealExists_succeeds_falseForAnAlteredKey() public {
        DealKey memory key = openDeal(2, 1, false);
        vm.assertTrue(hub.dealExists(key), "opened");
        key.poolPrice -= 1;
        vm.assertFalse(hub.dealExists(key), "an altered key is no deal");
        key.poolPrice += 1;
        key.requestConsumed = 1;
        vm.assertFalse(hub.dealExists(key), "another record slot");
    }

    function test_dealIdOf_succeeds_isTheKeccakOfTheKey() public {
        DealKey memory key = openDeal(2, 1, false);
        vm.assertEq(DealId.unwrap(hub.dealIdOf(key)), keccak256(abi.encode(key)), "id");
    }

    function test_settledCountOf_succeeds_countsSettledTasks() public {
        DealKey memory key = openDeal(3, 1, false);
        vm.assertEq(hub.settledCountOf(key), 0, "none yet");
        pushAs(workers[0], key, 1, 1, keccak256("r1"));
        vm.assertEq(hub.settledCountOf(key), 1, "one pushed");
        pushAs(workers[0], key, 0, 1, keccak256("r0"));
        vm.assertEq(hub.settledCountOf(key), 2, "two pushed");
    }

    function test_settledCountOf_revertsWhenDealUnknown() public {
        DealKey memory key = openDeal(3, 1, false);
        key.volume = 4;
        DealId id = dealIdOf(key);
        vm.expectRevert(abi.encodeWithSelector(IDeals.DealUnknown.selector, id));
        hub.settledCountOf(key);
    }

    function test_requestConsumedOf_succeeds_zeroForAnUnknownRequest() public view {
        vm.assertEq(hub.requestConsumedOf(keccak256("nothing"), 5), 0, "unused");
    }
}
