// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {StartDemands} from "./modules/StartDemands.sol";

/// @title The hub's disputes half: optimistic answers, challenges and claim bindings (decisions 022, 026, 027).
/// @notice Deployed by HubPoco's constructor and reached through it: Hub's fallback delegatecalls
/// HubPoco, whose fallback delegatecalls this, so all three run on the hub's storage and address.
/// A third contract because Hub + HubPoco + this exceed two 24 KB halves (docs/decisions/002-hub-split.md).
contract HubDisputes is StartDemands {}
