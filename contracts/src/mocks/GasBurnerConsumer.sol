// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IProofgridCallback} from "../interfaces/IProofgridCallback.sol";

/// @title Test-only callback consumer (P7).
/// @notice Burns every unit of gas it is given.
contract GasBurnerConsumer is IProofgridCallback {
    uint256 public sink;

    /// @inheritdoc IProofgridCallback
    function onProofgridResult(bytes32, bytes32) external {
        while (true) {
            sink = uint256(keccak256(abi.encode(sink, gasleft())));
        }
    }
}
