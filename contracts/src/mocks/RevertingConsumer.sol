// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IProofgridCallback} from "../interfaces/IProofgridCallback.sol";

/// @title Test-only callback consumer (P7).
/// @notice Refuses every result.
contract RevertingConsumer is IProofgridCallback {
    error ConsumerRefused(bytes32 taskId);

    /// @inheritdoc IProofgridCallback
    function onProofgridResult(bytes32 taskId, bytes32) external pure {
        revert ConsumerRefused(taskId);
    }
}
