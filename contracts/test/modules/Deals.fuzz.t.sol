// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {IOrders} from "../../src/interfaces/IOrders.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";

/// @notice Deals (M3) fuzzing: random volumes, prices, tags and trust. A deal never exceeds any
/// order's volume; the amounts locked are exactly price x volume.
contract DealsFuzzTest is Fixture {
    struct Sums {
        uint256 matched;
        uint256 deals;
        uint256 locked;
    }

    /// @dev Repeated matches of one app, dataset and pool order against fresh requests, until one
    /// order is used up: the sum matched never exceeds any order's volume.
    function testFuzz_matchOrders_succeeds_neverExceedsAnyOrdersVolume(uint8 av, uint8 dv, uint8 pv, uint8 rv, bool withDataset) public {
        AppOrder memory a = appOrder();
        a.volume = bound(av, 1, 40);
        DatasetOrder memory d = datasetOrder();
        d.volume = bound(dv, 1, 40);
        WorkerpoolOrder memory p = poolOrder(1);
        p.volume = bound(pv, 1, 40);
        (a, d, p) = (signed(a), signed(d), signed(p));
        Sums memory s = _matchRepeatedly(a, d, p, bound(rv, 1, 40), withDataset);

        uint256 limit = a.volume < p.volume ? a.volume : p.volume;
        if (withDataset && d.volume < limit) limit = d.volume;
        vm.assertEq(s.matched, limit, "fills up to the smallest order");
        vm.assertLe(s.matched, a.volume, "app volume");
        vm.assertLe(s.matched, p.volume, "pool volume");
        if (withDataset) vm.assertLe(s.matched, d.volume, "dataset volume");
        vm.assertEq(hub.consumedOf(hub.hashAppOrder(a)), s.matched, "app consumed");
        vm.assertEq(hub.consumedOf(hub.hashWorkerpoolOrder(p)), s.matched, "pool consumed");
        vm.assertEq(hub.lockedOf(requester), s.matched * taskPrice(withDataset), "locked = price x volume");
        vm.assertEq(hub.lockedOf(poolOwner), poolStakeOf(s.matched), "pool stake = 30% x volume");
        assertConserved();
    }

    /// @dev Matches fresh requests of `requestVolume` against the same three orders until one of
    /// them is used up (at most 41 rounds: every round takes at least one task).
    function _matchRepeatedly(AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p, uint256 requestVolume, bool withDataset)
        internal
        returns (Sums memory s)
    {
        for (uint256 i; i < 50; ++i) {
            RequestOrder memory r = requestOrder(requestVolume, 1, withDataset);
            r.salt = bytes32(i);
            r = signed(r);
            vm.recordLogs();
            try hub.matchOrders(a, d, p, r) {
                DealKey memory key = _lastDealKey();
                vm.assertLe(uint256(key.volume), requestVolume, "deal <= request volume");
                vm.assertGt(uint256(key.volume), 0, "no empty deal");
                s.matched += key.volume;
                ++s.deals;
            } catch (bytes memory err) {
                vm.assertEq(bytes4(err), IOrders.OrderFullyConsumed.selector, "only stops when an order is used up");
                return s;
            }
        }
    }

    struct Orders4 {
        AppOrder a;
        DatasetOrder d;
        WorkerpoolOrder p;
        RequestOrder r;
    }

    /// @dev Random asking and max prices: the deal locks exactly volume x asking prices, or the
    /// first price above its max is reported with its kind.
    function testFuzz_matchOrders_succeeds_locksPriceTimesVolume(
        uint96[3] memory prices,
        uint96[3] memory maxes,
        uint8 volumeSeed,
        bool withDataset
    ) public {
        uint256 volume = bound(volumeSeed, 1, 50);
        Orders4 memory o = Orders4(appOrder(), datasetOrder(), poolOrder(1), requestOrder(volume, 1, withDataset));
        o.a.price = bound(prices[0], 0, 1000 ether);
        o.d.price = bound(prices[1], 0, 1000 ether);
        o.p.price = bound(prices[2], 0, 1000 ether);
        o.r.appMaxPrice = bound(maxes[0], 0, 1000 ether);
        o.r.datasetMaxPrice = bound(maxes[1], 0, 1000 ether);
        o.r.workerpoolMaxPrice = bound(maxes[2], 0, 1000 ether);
        _sign(o);

        bytes memory err = _priceError(o, withDataset);
        if (err.length != 0) {
            vm.expectRevert(err);
            hub.matchOrders(o.a, o.d, o.p, o.r);
            return;
        }
        DealKey memory key = matchAll(o.a, o.d, o.p, o.r);
        uint256 perTask = o.a.price + (withDataset ? o.d.price : 0) + o.p.price;
        uint256 maxPerTask = o.r.appMaxPrice + (withDataset ? o.r.datasetMaxPrice : 0) + o.r.workerpoolMaxPrice;
        vm.assertEq(uint256(key.volume), volume, "whole request");
        vm.assertEq(hub.lockedOf(requester), volume * perTask, "locked = volume x asking prices");
        vm.assertLe(hub.lockedOf(requester), volume * maxPerTask, "never above the max prices");
        vm.assertEq(hub.lockedOf(poolOwner), volume * o.p.price * 30 / 100, "pool stake");
        vm.assertEq(uint256(key.workerStake), o.p.price * 30 / 100, "worker stake from the pool policy");
        assertConserved();
    }

    function _sign(Orders4 memory o) internal view {
        (o.a, o.d, o.p, o.r) = (signed(o.a), signed(o.d), signed(o.p), signed(o.r));
    }

    function _priceError(Orders4 memory o, bool withDataset) internal pure returns (bytes memory) {
        if (o.a.price > o.r.appMaxPrice) {
            return abi.encodeWithSelector(IDeals.DealPriceTooHigh.selector, uint8(0), o.a.price, o.r.appMaxPrice);
        }
        if (withDataset && o.d.price > o.r.datasetMaxPrice) {
            return abi.encodeWithSelector(IDeals.DealPriceTooHigh.selector, uint8(1), o.d.price, o.r.datasetMaxPrice);
        }
        if (o.p.price > o.r.workerpoolMaxPrice) {
            return abi.encodeWithSelector(IDeals.DealPriceTooHigh.selector, uint8(2), o.p.price, o.r.workerpoolMaxPrice);
        }
        return "";
    }

    /// @dev Random tags (TEE, GPU bits) and trust levels: a deal exists exactly when the pool
    /// offers every needed bit and at least the requested trust.
    function testFuzz_matchOrders_succeeds_tagAndTrustRules(uint8 tags, uint8 requestTrust, uint8 poolTrust, bool withDataset) public {
        uint256 rt = bound(requestTrust, 0, 12);
        uint256 pt = bound(poolTrust, 0, 12);
        Orders4 memory o = Orders4(appOrder(), datasetOrder(), poolOrder(pt), requestOrder(3, rt, withDataset));
        o.a.tag = bytes32(uint256(tags & 3));
        o.d.tag = bytes32(uint256((tags >> 2) & 3));
        o.r.tag = bytes32(uint256((tags >> 4) & 3));
        o.p.tag = bytes32(uint256((tags >> 6) & 3));
        _sign(o);

        bytes32 needed = o.a.tag | o.r.tag | (withDataset ? o.d.tag : bytes32(0));
        bytes32 offered = o.p.tag;
        if (rt > pt) {
            vm.expectRevert(abi.encodeWithSelector(IDeals.DealTrustTooHigh.selector, rt, pt));
            hub.matchOrders(o.a, o.d, o.p, o.r);
        } else if (needed & ~offered != 0) {
            vm.expectRevert(abi.encodeWithSelector(IDeals.DealTagMismatch.selector, needed, offered, needed & ~offered));
            hub.matchOrders(o.a, o.d, o.p, o.r);
        } else {
            DealKey memory key = matchAll(o.a, o.d, o.p, o.r);
            vm.assertEq(uint256(key.trust), rt > 1 ? rt : 1, "trust");
            vm.assertEq(key.tag & needed, needed, "the deal records every needed bit");
        }
    }
}
