// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @notice Identifies a deal: keccak256(abi.encode(DealKey)). The deal's terms live in calldata
/// (the DealKey), only its existence and progress live in storage (Uniswap v4's PoolKey/PoolId pattern).
type DealId is bytes32;

/// @notice Identifies a batch of tasks of one deal: keccak256(abi.encode(dealId, first, count)).
/// A batch of count 1 is a single task.
type BatchId is bytes32;

/// @notice Identifies one task of a deal: keccak256(abi.encode(dealId, index)).
type TaskId is bytes32;

using {eqDeal as ==} for DealId global;
using {eqBatch as ==} for BatchId global;

function eqDeal(DealId a, DealId b) pure returns (bool) {
    return DealId.unwrap(a) == DealId.unwrap(b);
}

function eqBatch(BatchId a, BatchId b) pure returns (bool) {
    return BatchId.unwrap(a) == BatchId.unwrap(b);
}
