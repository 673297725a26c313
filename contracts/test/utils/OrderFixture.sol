// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Vm} from "./Vm.sol";
import {MarketFixture} from "./MarketFixture.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";

/// @notice The fixture's market with its four kinds of orders: building, signing and matching
/// them into deals.
abstract contract OrderFixture is MarketFixture {
    // ---- orders ----

    function appOrder() internal view returns (AppOrder memory o) {
        o = AppOrder(appId, APP_PRICE, 1_000_000, bytes32(0), 0, 0, address(0), 0, bytes32("app"), "");
    }

    function datasetOrder() internal view returns (DatasetOrder memory o) {
        o = DatasetOrder(datasetId, DATASET_PRICE, 1_000_000, bytes32(0), 0, 0, address(0), 0, bytes32("ds"), "");
    }

    function poolOrder(uint256 trust) internal view returns (WorkerpoolOrder memory o) {
        o = WorkerpoolOrder(poolId, POOL_PRICE, 1_000_000, bytes32(0), 0, trust, 0, 0, address(0), 0, bytes32("pool"), "");
    }

    function requestOrder(uint256 volume, uint256 trust, bool withDataset) internal view returns (RequestOrder memory o) {
        o.app = appId;
        o.appMaxPrice = APP_PRICE;
        o.dataset = withDataset ? datasetId : 0;
        o.datasetMaxPrice = withDataset ? DATASET_PRICE : 0;
        o.workerpoolMaxPrice = POOL_PRICE;
        o.requester = requester;
        o.volume = volume;
        o.trust = trust;
        o.params = '{"args":"1000"}';
        o.salt = bytes32(volume * 1000 + trust);
    }

    function _sig(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function signed(AppOrder memory o) internal view returns (AppOrder memory) {
        o.signature = _sig(appOwnerKey, hub.hashAppOrder(o));
        return o;
    }

    function signed(DatasetOrder memory o) internal view returns (DatasetOrder memory) {
        o.signature = _sig(datasetOwnerKey, hub.hashDatasetOrder(o));
        return o;
    }

    function signed(WorkerpoolOrder memory o) internal view returns (WorkerpoolOrder memory) {
        o.signature = _sig(poolOwnerKey, hub.hashWorkerpoolOrder(o));
        return o;
    }

    function signed(RequestOrder memory o) internal view returns (RequestOrder memory) {
        o.signature = _sig(requesterKey, hub.hashRequestOrder(o));
        return o;
    }

    /// @dev Matches the four orders and returns the deal key read from the DealMatched event.
    function matchAll(AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p, RequestOrder memory r)
        internal
        returns (DealKey memory key)
    {
        vm.recordLogs();
        hub.matchOrders(a, d, p, r);
        key = _lastDealKey();
    }

    /// @dev A signed deal of `volume` tasks at `trust`, with the dataset when asked.
    function openDeal(uint256 volume, uint256 trust, bool withDataset) internal returns (DealKey memory) {
        return matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(trust)), signed(requestOrder(volume, trust, withDataset)));
    }

    /// @dev A signed deal whose request names `callback`.
    function openDealWithCallback(uint256 volume, uint256 trust, address callback) internal returns (DealKey memory) {
        RequestOrder memory r = requestOrder(volume, trust, false);
        r.callback = callback;
        r.salt = keccak256(abi.encode(r.salt, callback));
        return matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(trust)), signed(r));
    }

    function _lastDealKey() internal returns (DealKey memory key) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes32 topic = keccak256(
            "DealMatched(bytes32,address,uint256,(bytes32,uint256,address,address,address,uint96,address,uint96,address,uint96,address,uint256,uint256,uint256,uint32,uint32,uint64,uint40,uint96,uint8,bytes32,uint8,uint64,uint64,bytes32),bytes32,bytes32,bytes32,string)"
        );
        for (uint256 i = logs.length; i > 0; --i) {
            if (logs[i - 1].topics[0] == topic) {
                (key,,,,) = abi.decode(logs[i - 1].data, (DealKey, bytes32, bytes32, bytes32, string));
                return key;
            }
        }
        revert("no DealMatched event");
    }
}
