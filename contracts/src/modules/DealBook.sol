// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IDeals} from "../interfaces/IDeals.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId} from "../types/Ids.sol";

/// @title The book of open deals: one slot per deal, holding its key's hash and how many of its
/// tasks are settled.
/// @dev Records are keyed by (request hash, request volume consumed before the deal), which is
/// unique per deal and lets matchOrders skip writing `consumed` for a request filled by one deal
/// (see Deals._requestConsumed). The record holds the first 28 bytes of keccak256(key) (224 bits:
/// forging a key with the same prefix is a second-preimage search) and the settled count.
abstract contract DealBook {
    /// @notice Percent of the pool price per task the pool owner locks as stake at match.
    uint256 internal constant WORKERPOOL_STAKE_RATIO = 30;

    struct DealRecord {
        bytes28 keyHash;
        uint32 settled; // tasks settled, refunded or claimed; == volume once all are
    }

    /// @custom:storage-location erc7201:proofgrid.storage.Deals
    struct DealsStorage {
        mapping(bytes32 recordKey => DealRecord) records;
    }

    // keccak256(abi.encode(uint256(keccak256("proofgrid.storage.Deals")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant DEALS_SLOT = 0x16be6f410078e5e35d65b6eb5a6642850264555c893ed0c98078eea9b1dab700;

    /// @dev keccak256(abi.encode(key)), hashed straight from calldata: a `DealKey` is a static struct, so its calldata is
    /// exactly its ABI encoding (KEY_BYTES), and hashing the slice skips re-encoding and cleaning each field (about
    /// 1k gas per call, measured by bench:gas). A key with dirty high bits hashes to an id no deal has (DealUnknown).
    function _dealIdOf(DealKey calldata key) internal pure returns (DealId id) {
        assembly ("memory-safe") {
            let p := mload(0x40)
            calldatacopy(p, key, KEY_BYTES)
            id := keccak256(p, KEY_BYTES)
        }
    }

    /// @dev The ABI-encoded size of a `DealKey`: 25 static fields of one word each (800 bytes; a test pins it to abi.encode).
    uint256 private constant KEY_BYTES = 800;

    function _recordKey(bytes32 requestHash, uint256 requestConsumed) internal pure returns (bytes32) {
        return keccak256(abi.encode(requestHash, requestConsumed));
    }

    function _record(bytes32 requestHash, uint256 requestConsumed) internal view returns (DealRecord storage) {
        return _deals().records[_recordKey(requestHash, requestConsumed)];
    }

    /// @dev The deal's id and record; reverts DealUnknown unless this hub opened the key.
    function _requireDeal(DealKey calldata key) internal view returns (DealId dealId, DealRecord storage record) {
        dealId = _dealIdOf(key);
        record = _record(key.requestHash, key.requestConsumed);
        if (record.keyHash != bytes28(DealId.unwrap(dealId))) revert IDeals.DealUnknown(dealId);
    }

    function _deals() internal pure returns (DealsStorage storage $) {
        assembly ("memory-safe") {
            $.slot := DEALS_SLOT
        }
    }
}
