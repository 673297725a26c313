// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Batches} from "./modules/Batches.sol";

/// @title The hub's Proof-of-Contribution half: batches, payouts and reputation.
/// @notice Meant to run only through the Hub, which delegatecalls it for every function it does
/// not have itself, so both halves share the hub's address, token balance and ERC-7201 storage.
/// Called directly it holds no deal and no funds, so every call reverts DealUnknown or reads zero.
/// Why two halves: together they exceed the 24 KB code-size limit (docs/decisions/002-hub-split.md).
contract HubPoco is Batches {}
