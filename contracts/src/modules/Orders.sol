// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {IOrders} from "../interfaces/IOrders.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder, OrderKind} from "../types/Orders.sol";
import {OrderHashing} from "../libraries/OrderHashing.sol";
import {AppRegistry} from "../registries/AppRegistry.sol";
import {DatasetRegistry} from "../registries/DatasetRegistry.sol";
import {WorkerpoolRegistry} from "../registries/WorkerpoolRegistry.sol";

/// @title Orders module: EIP-712 digests, signature checks, presign, cancel, consumed volume (M2).
/// @dev The EIP-712 domain binds every order to this chain id and this hub (OpenZeppelin EIP712
/// rebuilds the separator if the chain id changes), so an order signed for another chain or
/// deployment never verifies here.
abstract contract Orders is IOrders, EIP712 {
    using OrderHashing for AppOrder;
    using OrderHashing for DatasetOrder;
    using OrderHashing for WorkerpoolOrder;
    using OrderHashing for RequestOrder;

    /// @custom:storage-location erc7201:proofgrid.storage.Orders
    struct OrdersStorage {
        mapping(bytes32 orderHash => uint256) consumed;
        mapping(bytes32 orderHash => bool) presigned;
    }

    // keccak256(abi.encode(uint256(keccak256("proofgrid.storage.Orders")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant ORDERS_SLOT = 0x1b94b6c153ba8d15866f7223cec470b04b5c2ec7f0852670494b643ea1986400;

    AppRegistry internal immutable _apps;
    DatasetRegistry internal immutable _datasets;
    WorkerpoolRegistry internal immutable _workerpools;

    constructor(AppRegistry apps, DatasetRegistry datasets, WorkerpoolRegistry workerpools) EIP712("Proofgrid", "1") {
        (_apps, _datasets, _workerpools) = (apps, datasets, workerpools);
    }

    /// @inheritdoc IOrders
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @inheritdoc IOrders
    function consumedOf(bytes32 orderHash) external view returns (uint256) {
        return _orders().consumed[orderHash];
    }

    /// @inheritdoc IOrders
    function isPresigned(bytes32 orderHash) external view returns (bool) {
        return _orders().presigned[orderHash];
    }

    /// @inheritdoc IOrders
    function hashAppOrder(AppOrder calldata order) public view returns (bytes32) {
        return _hashTypedDataV4(order.hash());
    }

    /// @inheritdoc IOrders
    function hashDatasetOrder(DatasetOrder calldata order) public view returns (bytes32) {
        return _hashTypedDataV4(order.hash());
    }

    /// @inheritdoc IOrders
    function hashWorkerpoolOrder(WorkerpoolOrder calldata order) public view returns (bytes32) {
        return _hashTypedDataV4(order.hash());
    }

    /// @inheritdoc IOrders
    function hashRequestOrder(RequestOrder calldata order) public view returns (bytes32) {
        return _hashTypedDataV4(order.hash());
    }

    /// @inheritdoc IOrders
    function presignAppOrder(AppOrder calldata order) external {
        (address owner,) = _apps.matchInfo(order.app);
        _presign(hashAppOrder(order), OrderKind.App, owner);
    }

    /// @inheritdoc IOrders
    function presignDatasetOrder(DatasetOrder calldata order) external {
        (address owner,) = _datasets.matchInfo(order.dataset);
        _presign(hashDatasetOrder(order), OrderKind.Dataset, owner);
    }

    /// @inheritdoc IOrders
    function presignWorkerpoolOrder(WorkerpoolOrder calldata order) external {
        (address owner,,,,) = _workerpools.matchInfo(order.workerpool);
        _presign(hashWorkerpoolOrder(order), OrderKind.Workerpool, owner);
    }

    /// @inheritdoc IOrders
    function presignRequestOrder(RequestOrder calldata order) external {
        _presign(hashRequestOrder(order), OrderKind.Request, order.requester);
    }

    /// @inheritdoc IOrders
    function cancelAppOrder(AppOrder calldata order) external {
        (address owner,) = _apps.matchInfo(order.app);
        _cancel(hashAppOrder(order), OrderKind.App, owner, order.volume);
    }

    /// @inheritdoc IOrders
    function cancelDatasetOrder(DatasetOrder calldata order) external {
        (address owner,) = _datasets.matchInfo(order.dataset);
        _cancel(hashDatasetOrder(order), OrderKind.Dataset, owner, order.volume);
    }

    /// @inheritdoc IOrders
    function cancelWorkerpoolOrder(WorkerpoolOrder calldata order) external {
        (address owner,,,,) = _workerpools.matchInfo(order.workerpool);
        _cancel(hashWorkerpoolOrder(order), OrderKind.Workerpool, owner, order.volume);
    }

    /// @inheritdoc IOrders
    function cancelRequestOrder(RequestOrder calldata order) external {
        _cancel(hashRequestOrder(order), OrderKind.Request, order.requester, order.volume);
    }

    /// @dev Reverts unless `signature` is `owner`'s (EOA or ERC-1271) or the order is presigned.
    function _requireSigned(bytes32 orderHash, address owner, bytes calldata signature) internal view {
        if (signature.length == 0) {
            if (_orders().presigned[orderHash]) return;
        } else if (SignatureChecker.isValidSignatureNowCalldata(owner, orderHash, signature)) {
            return;
        }
        revert OrderInvalidSignature(orderHash, owner);
    }

    /// @dev Reverts OrderExpired when `expiry` (0: never) is in the past.
    function _requireLive(bytes32 orderHash, uint256 expiry) internal view {
        if (expiry != 0 && block.timestamp > expiry) revert OrderExpired(orderHash, expiry);
    }

    /// @dev What is left of an order's volume; reverts OrderFullyConsumed when nothing is.
    function _remaining(bytes32 orderHash, uint256 volume) internal view returns (uint256 left) {
        uint256 used = _orders().consumed[orderHash];
        if (used >= volume) revert OrderFullyConsumed(orderHash);
        left = volume - used;
    }

    function _consumedOf(bytes32 orderHash) internal view returns (uint256) {
        return _orders().consumed[orderHash];
    }

    /// @dev Records `amount` more of the order as used; returns what was used before.
    function _consume(bytes32 orderHash, uint256 amount) internal returns (uint256 before) {
        before = _orders().consumed[orderHash];
        _orders().consumed[orderHash] = before + amount;
    }

    function _presign(bytes32 orderHash, OrderKind kind, address owner) private {
        if (msg.sender != owner) revert OrderUnauthorized(orderHash, msg.sender, owner);
        _orders().presigned[orderHash] = true;
        emit OrderPresigned(orderHash, kind, owner);
    }

    function _cancel(bytes32 orderHash, OrderKind kind, address owner, uint256 volume) private {
        if (msg.sender != owner) revert OrderUnauthorized(orderHash, msg.sender, owner);
        // Consumed = volume: nothing is left, and a later match reverts OrderFullyConsumed.
        if (_orders().consumed[orderHash] < volume) _orders().consumed[orderHash] = volume;
        emit OrderCancelled(orderHash, kind, owner);
    }

    function _orders() private pure returns (OrdersStorage storage $) {
        assembly ("memory-safe") {
            $.slot := ORDERS_SLOT
        }
    }
}
