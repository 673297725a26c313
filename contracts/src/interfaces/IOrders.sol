// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder, OrderKind} from "../types/Orders.sol";

/// @title Orders: EIP-712 hashing, signatures (EOA and ERC-1271), presigning and cancelling (M2).
interface IOrders {
    /// @notice The order's signature is not from `signer`, the order's owner, and it is not presigned.
    error OrderInvalidSignature(bytes32 orderHash, address signer);
    /// @notice The order expired at `expiry`.
    error OrderExpired(bytes32 orderHash, uint256 expiry);
    /// @notice Nothing is left of the order's volume (consumed or cancelled).
    error OrderFullyConsumed(bytes32 orderHash);
    /// @notice Only the order's owner `owner` may presign or cancel it.
    error OrderUnauthorized(bytes32 orderHash, address caller, address owner);

    /// @notice The owner of the order presigned it on chain (for contracts that cannot sign).
    event OrderPresigned(bytes32 indexed orderHash, OrderKind kind, address indexed owner);
    /// @notice The owner cancelled the order: nothing more of it can be matched.
    event OrderCancelled(bytes32 indexed orderHash, OrderKind kind, address indexed owner);

    /// @notice The EIP-712 domain separator (name "Proofgrid", version "1", chain id, this hub).
    function domainSeparator() external view returns (bytes32);
    /// @notice Volume of the order already used by deals, or its full volume once cancelled.
    function consumedOf(bytes32 orderHash) external view returns (uint256);
    /// @notice Whether the order was presigned on chain.
    function isPresigned(bytes32 orderHash) external view returns (bool);

    function hashAppOrder(AppOrder calldata order) external view returns (bytes32);
    function hashDatasetOrder(DatasetOrder calldata order) external view returns (bytes32);
    function hashWorkerpoolOrder(WorkerpoolOrder calldata order) external view returns (bytes32);
    function hashRequestOrder(RequestOrder calldata order) external view returns (bytes32);

    /// @notice Presigns an order owned by the caller (app, dataset or pool owner; the requester).
    function presignAppOrder(AppOrder calldata order) external;
    function presignDatasetOrder(DatasetOrder calldata order) external;
    function presignWorkerpoolOrder(WorkerpoolOrder calldata order) external;
    function presignRequestOrder(RequestOrder calldata order) external;

    /// @notice Cancels an order owned by the caller: its remaining volume becomes 0.
    function cancelAppOrder(AppOrder calldata order) external;
    function cancelDatasetOrder(DatasetOrder calldata order) external;
    function cancelWorkerpoolOrder(WorkerpoolOrder calldata order) external;
    function cancelRequestOrder(RequestOrder calldata order) external;
}
