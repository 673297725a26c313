// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Batches} from "./modules/Batches.sol";
import {HubDisputes} from "./HubDisputes.sol";

/// @title The hub's Proof-of-Contribution half: batches, payouts and reputation.
/// @notice Meant to run only through the Hub, which delegatecalls it for every function it does
/// not have itself, so both halves share the hub's address, token balance and ERC-7201 storage.
/// Called directly it holds no deal and no funds, so every call reverts DealUnknown or reads zero.
/// Why two halves: together they exceed the 24 KB code-size limit (docs/decisions/002-hub-split.md).
/// Functions it does not have (IDisputes) go on to HubDisputes, which it deploys, by delegatecall.
contract HubPoco is Batches {
    address private immutable _disputesHalf;

    constructor() {
        _disputesHalf = address(new HubDisputes());
    }

    /// @notice The disputes half this extension delegates to (decision 026).
    function disputesHalf() external view returns (address) {
        return _disputesHalf;
    }

    /// @dev Runs the disputes half's code on the calling hub's storage and returns what it returns.
    fallback() external {
        address target = _disputesHalf;
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
