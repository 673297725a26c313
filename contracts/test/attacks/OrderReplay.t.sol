// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {IOrders} from "../../src/interfaces/IOrders.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {Hub} from "../../src/Hub.sol";
import {HubPoco} from "../../src/HubPoco.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder, OrderKind} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {WorkerpoolMetadata, Resources} from "../../src/registries/WorkerpoolRegistry.sol";

/// @notice Attacks on orders (research/reliability.md 2.3): replay on another chain or another
/// hub, reuse beyond the volume, malleated and compact signatures, third-party matching.
contract OrderReplayAttackTest is Fixture {
    uint256 internal constant SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;

    function test_matchOrders_revertsWhenOrderSignedForAnotherChainId() public {
        uint256 home = block.chainid;
        vm.chainId(home + 7);
        RequestOrder memory foreign = signed(requestOrder(1, 1, false)); // signed for chain home + 7
        vm.chainId(home);
        bytes32 h = hub.hashRequestOrder(foreign);
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, h, requester));
        hub.matchOrders(a, d, p, foreign);
    }

    function test_matchOrders_revertsAfterAChainIdChange_forOrdersSignedBefore() public {
        RequestOrder memory r = signed(requestOrder(1, 1, false));
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)));
        vm.chainId(block.chainid + 1); // a fork: the separator is rebuilt
        bytes32 ah = hub.hashAppOrder(a);
        // Every order of the old chain is dead; the app order is the first checked.
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, ah, appOwner));
        hub.matchOrders(a, d, p, r);
    }

    function test_matchOrders_revertsWhenOrdersSignedForAnotherHub() public {
        Hub other = new Hub(token, apps, datasets, pools, address(new HubPoco()), address(this), 0);
        other.createCategory("S", RUN_TIME);
        AppOrder memory a = appOrder();
        a.signature = _sig(appOwnerKey, other.hashAppOrder(a));
        WorkerpoolOrder memory p = poolOrder(1);
        p.signature = _sig(poolOwnerKey, other.hashWorkerpoolOrder(p));
        RequestOrder memory r = requestOrder(1, 1, false);
        r.signature = _sig(requesterKey, other.hashRequestOrder(r));
        vm.assertNotEq(other.hashAppOrder(a), hub.hashAppOrder(a), "another verifying contract");
        bytes32 ah = hub.hashAppOrder(a);
        DatasetOrder memory d = datasetOrder();
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, ah, appOwner));
        hub.matchOrders(a, d, p, r);
    }

    function test_matchOrders_revertsWhenTheSameOrdersAreReplayedBeyondTheirVolume() public {
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p, RequestOrder memory r) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)), signed(requestOrder(3, 1, false)));
        bytes32 h = hub.hashRequestOrder(r);
        hub.matchOrders(a, d, p, r);
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, h));
        hub.matchOrders(a, d, p, r);
    }

    function test_matchOrders_revertsWhenAnAppOrderIsReusedBeyondItsVolume() public {
        AppOrder memory a = appOrder();
        a.volume = 4;
        a = signed(a);
        bytes32 ah = hub.hashAppOrder(a);
        matchAll(a, signed(datasetOrder()), signed(poolOrder(1)), signed(requestOrder(3, 1, false)));
        RequestOrder memory r2 = requestOrder(3, 1, false);
        r2.salt = "second";
        DealKey memory second = matchAll(a, signed(datasetOrder()), signed(poolOrder(1)), signed(r2));
        vm.assertEq(uint256(second.volume), 1, "only what is left");
        vm.assertEq(hub.consumedOf(ah), 4, "used up");
        RequestOrder memory r3 = signed(requestOrder(5, 1, false));
        (DatasetOrder memory d, WorkerpoolOrder memory p) = (signed(datasetOrder()), signed(poolOrder(1)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderFullyConsumed.selector, ah));
        hub.matchOrders(a, d, p, r3);
    }

    function test_matchOrders_revertsWhenSignatureMalleated() public {
        RequestOrder memory r = requestOrder(1, 1, false);
        bytes32 h = hub.hashRequestOrder(r);
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(requesterKey, h);
        r.signature = abi.encodePacked(rr, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.assertEq(ecrecover(h, v == 27 ? 28 : 27, rr, bytes32(SECP256K1_N - uint256(s))), requester, "same signer for ecrecover");
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, h, requester));
        hub.matchOrders(a, d, p, r);
    }

    function test_matchOrders_revertsWhenCompactSignatureReplaysAUsedOrder() public {
        RequestOrder memory r = signed(requestOrder(2, 1, false));
        bytes32 h = hub.hashRequestOrder(r);
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)));
        hub.matchOrders(a, d, p, r);
        (bytes32 rr, bytes32 vs) = vm.signCompact(requesterKey, h);
        r.signature = abi.encodePacked(rr, vs); // EIP-2098, 64 bytes: another encoding of the same order
        // Rejected at the signature (only 65-byte ECDSA); even if accepted, consumption is keyed by h.
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, h, requester));
        hub.matchOrders(a, d, p, r);
        vm.assertEq(hub.lockedOf(requester), 2 * taskPrice(false), "consumption is keyed by the order hash");
    }

    function test_matchOrders_revertsWhenCompactSignatureUsed() public {
        RequestOrder memory r = requestOrder(2, 1, false);
        bytes32 h = hub.hashRequestOrder(r);
        (bytes32 rr, bytes32 vs) = vm.signCompact(requesterKey, h);
        r.signature = abi.encodePacked(rr, vs);
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)));
        vm.expectRevert(abi.encodeWithSelector(IOrders.OrderInvalidSignature.selector, h, requester));
        hub.matchOrders(a, d, p, r);
    }

    /// @dev Front-running: anyone may match a published request, but the requester is never
    /// debited more than volume x the sum of its max prices, and a restricted pool is never used.
    function testFuzz_matchOrders_succeedsWhenThirdPartyMatches_boundedByMaxPrices(address caller, uint8 volumeSeed) public {
        uint256 volume = bound(volumeSeed, 1, 60);
        RequestOrder memory r = signed(requestOrder(volume, 1, true));
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p) =
            (signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)));
        vm.prank(caller);
        hub.matchOrders(a, d, p, r);
        vm.assertLe(hub.lockedOf(requester), volume * (r.appMaxPrice + r.datasetMaxPrice + r.workerpoolMaxPrice), "bounded");
    }

    function test_matchOrders_revertsWhenFrontRunnerUsesAPoolTheRequestExcludes() public {
        RequestOrder memory r = requestOrder(1, 1, false);
        r.workerpool = poolId;
        r = signed(r);
        // The front-runner registers its own pool and offers it cheaper.
        (address mallory, uint256 malloryKey) = makeAccount("mallory");
        uint256 rogue = pools.createWorkerpool(mallory, WorkerpoolMetadata("rogue", mallory, 0, 0, Resources(1, 1, 1, 0, false, "x")));
        WorkerpoolOrder memory p = poolOrder(1);
        p.workerpool = rogue;
        p.price = 1;
        p.signature = _sig(malloryKey, hub.hashWorkerpoolOrder(p));
        (AppOrder memory a, DatasetOrder memory d) = (signed(appOrder()), signed(datasetOrder()));
        vm.prank(mallory);
        vm.expectRevert(abi.encodeWithSelector(IDeals.DealWorkerpoolMismatch.selector, poolId, rogue));
        hub.matchOrders(a, d, p, r);
    }

    function test_cancelRequestOrder_succeeds_whenAMatchWasMinedFirst_theMatchStands() public {
        RequestOrder memory r = signed(requestOrder(3, 1, false));
        DealKey memory key = matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)), r);
        vm.expectEmit(address(hub));
        emit IOrders.OrderCancelled(key.requestHash, OrderKind.Request, requester);
        vm.prank(requester);
        hub.cancelRequestOrder(r);
        vm.assertTrue(hub.dealExists(key), "the deal mined first stands");
        vm.assertEq(hub.lockedOf(requester), 3 * taskPrice(false), "locked once");
    }
}

