// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IProofgridCallback} from "../interfaces/IProofgridCallback.sol";

/// @title Test-only callback consumer (P7).
/// @notice A well-behaved oracle consumer: stores each task's digest, accepts only the hub.
contract OracleConsumer is IProofgridCallback {
    /// @notice Only the hub may deliver results.
    error ConsumerUnauthorized(address caller);

    address public immutable hub;
    mapping(bytes32 taskId => bytes32 digest) public resultOf;
    uint256 public calls;

    constructor(address hub_) {
        hub = hub_;
    }

    /// @inheritdoc IProofgridCallback
    function onProofgridResult(bytes32 taskId, bytes32 digest) external {
        if (msg.sender != hub) revert ConsumerUnauthorized(msg.sender);
        resultOf[taskId] = digest;
        ++calls;
    }
}
