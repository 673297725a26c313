// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MatchFixture} from "../utils/MatchFixture.sol";
import {Vm} from "../utils/Vm.sol";
import {IOrders} from "../../src/interfaces/IOrders.sol";
import {IEscrow} from "../../src/interfaces/IEscrow.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId} from "../../src/types/Ids.sol";

/// @notice Deals (M3): matchOrders succeeding (what it locks, what the key records, partial fills)
/// and failing for lack of funds. The rules it checks are in Deals.terms, Deals.restrictions and
/// Deals.signatures; the deal views in Deals.views.
contract DealsMatchOrdersTest is MatchFixture {
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
}
