// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder} from "../types/Orders.sol";

/// @title EIP-712 struct hashes of the four order types.
/// @dev The struct hash is keccak256(typeHash ‖ the order's fields as 32-byte words), with
/// `params` replaced by its keccak256. The fields sit in calldata in declaration order as the ABI
/// head of the struct, so they are copied in one `calldatacopy` instead of an `abi.encode` of
/// 9-18 stack values (which would not compile without viaIR). Golden vectors in the test suite
/// check every digest against viem's `hashTypedData`.
library OrderHashing {
    bytes32 internal constant APP_ORDER_TYPEHASH = keccak256(
        "AppOrder(uint256 app,uint256 price,uint256 volume,bytes32 tag,uint256 datasetRestrict,uint256 workerpoolRestrict,address requesterRestrict,uint256 expiry,bytes32 salt)"
    );
    bytes32 internal constant DATASET_ORDER_TYPEHASH = keccak256(
        "DatasetOrder(uint256 dataset,uint256 price,uint256 volume,bytes32 tag,uint256 appRestrict,uint256 workerpoolRestrict,address requesterRestrict,uint256 expiry,bytes32 salt)"
    );
    bytes32 internal constant WORKERPOOL_ORDER_TYPEHASH = keccak256(
        "WorkerpoolOrder(uint256 workerpool,uint256 price,uint256 volume,bytes32 tag,uint256 category,uint256 trust,uint256 appRestrict,uint256 datasetRestrict,address requesterRestrict,uint256 expiry,bytes32 salt)"
    );
    bytes32 internal constant REQUEST_ORDER_TYPEHASH = keccak256(
        "RequestOrder(uint256 app,uint256 appMaxPrice,uint256 dataset,uint256 datasetMaxPrice,uint256 workerpool,uint256 workerpoolMaxPrice,address requester,uint256 volume,bytes32 tag,uint256 category,uint256 trust,address callback,string params,uint256 expiry,bytes32 salt,uint8 verification,uint64 challengeWindow,uint64 rollbackWindow,bytes32 inputsRoot)"
    );

    /// @dev Index of `params` among the RequestOrder fields, and how many fields are hashed.
    uint256 private constant REQUEST_PARAMS_FIELD = 12;
    uint256 private constant REQUEST_FIELDS = 19;

    function hash(AppOrder calldata order) internal pure returns (bytes32) {
        uint256 offset;
        assembly ("memory-safe") {
            offset := order
        }
        return _hashStatic(APP_ORDER_TYPEHASH, offset, 9);
    }

    function hash(DatasetOrder calldata order) internal pure returns (bytes32) {
        uint256 offset;
        assembly ("memory-safe") {
            offset := order
        }
        return _hashStatic(DATASET_ORDER_TYPEHASH, offset, 9);
    }

    function hash(WorkerpoolOrder calldata order) internal pure returns (bytes32) {
        uint256 offset;
        assembly ("memory-safe") {
            offset := order
        }
        return _hashStatic(WORKERPOOL_ORDER_TYPEHASH, offset, 11);
    }

    function hash(RequestOrder calldata order) internal pure returns (bytes32 digest) {
        bytes32 paramsHash = keccak256(bytes(order.params));
        bytes32 typeHash = REQUEST_ORDER_TYPEHASH;
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            calldatacopy(add(ptr, 0x20), order, mul(REQUEST_FIELDS, 0x20))
            mstore(add(ptr, mul(add(REQUEST_PARAMS_FIELD, 1), 0x20)), paramsHash)
            digest := keccak256(ptr, mul(add(REQUEST_FIELDS, 1), 0x20))
        }
    }

    /// @dev keccak256(typeHash ‖ `fields` words of calldata at `offset`). Every field copied is a
    /// static type (uint256, bytes32, address): the ABI head holds its value.
    function _hashStatic(bytes32 typeHash, uint256 offset, uint256 fields) private pure returns (bytes32 digest) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            calldatacopy(add(ptr, 0x20), offset, mul(fields, 0x20))
            digest := keccak256(ptr, mul(add(fields, 1), 0x20))
        }
    }
}
