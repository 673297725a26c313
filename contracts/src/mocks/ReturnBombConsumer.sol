// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IProofgridCallback} from "../interfaces/IProofgridCallback.sol";

/// @title Test-only callback consumer (P7).
/// @notice Answers with a return payload of `size` bytes, to make a careless caller copy it.
contract ReturnBombConsumer is IProofgridCallback {
    uint256 public immutable size;

    constructor(uint256 size_) {
        size = size_;
    }

    /// @inheritdoc IProofgridCallback
    function onProofgridResult(bytes32, bytes32) external view {
        uint256 n = size;
        assembly ("memory-safe") {
            return(0, n)
        }
    }
}
