// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title What a contract named as a request's callback implements to receive results on chain (P7).
interface IProofgridCallback {
    /// @notice Called by the hub with a task's agreed result digest, under a gas limit.
    /// A revert or out-of-gas here never blocks the task's finalization or payouts.
    function onProofgridResult(bytes32 taskId, bytes32 digest) external;
}
