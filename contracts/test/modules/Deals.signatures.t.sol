// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MatchFixture} from "../utils/MatchFixture.sol";
import {IOrders} from "../../src/interfaces/IOrders.sol";
import {AppMetadata} from "../../src/registries/AppRegistry.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {ERC1271Wallet} from "../../src/mocks/ERC1271Wallet.sol";

/// @notice Deals (M3): the orders' signatures: EOA keys, presigned orders and ERC-1271 wallets.
contract DealsSignaturesTest is MatchFixture {
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
}
