// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Resolution} from "../interfaces/IDisputes.sol";
import {TaskId} from "../types/Ids.sol";

/// @title Storage of optimistic answers and challenges (decision 026), written only by the Disputes modules.
abstract contract DisputeStorage {
    /// @dev Two slots and the digest: the first holds everything the state machine reads.
    struct Answer {
        Resolution state;
        bool overturned;
        uint16 challenges;
        uint16 openGames;
        uint40 windowEnd;
        address answerer;
        uint96 deposit;
        bytes32 digest;
    }

    struct Challenge {
        address challenger;
        uint96 deposit;
        address game;
        bool resolved;
        uint256 gameId;
    }

    /// @dev A demand that the defender of a claim reveal its start state (decision 027): open while `challenger`
    /// is set; `proven` once a valid start was revealed (no later demand).
    struct StartDemand {
        address challenger;
        uint96 deposit;
        address defender;
        uint40 deadline;
        bool proven;
        bytes32 startRoot;
    }

    /// @custom:storage-location erc7201:proofgrid.storage.Disputes
    struct DisputesStorage {
        mapping(TaskId taskId => Answer) answers;
        // subject: a task id (optimistic answers) or a batch id (finalized replicated batches)
        mapping(bytes32 subject => mapping(uint256 index => Challenge)) challenges;
        mapping(bytes32 batchId => uint256) batchChallengeCount;
        // decision 027: the machine image of an app, as registered by an owner (DealKey.appOwner's counts)
        mapping(uint256 app => mapping(address owner => bytes32)) machineImages;
        // decision 027: start demands, by task id (answers) or keccak256(abi.encode(batchId, index)) (batches)
        mapping(bytes32 subject => StartDemand) startDemands;
    }

    // keccak256(abi.encode(uint256(keccak256("proofgrid.storage.Disputes")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant DISPUTES_SLOT = 0xc2594e09cf78c6289c56537711082a3bbb63f3f6aedc3efdc7e4e6e62cafbd00;

    function _disputes() internal pure returns (DisputesStorage storage $) {
        assembly ("memory-safe") {
            $.slot := DISPUTES_SLOT
        }
    }
}
