// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BatchStatus, ContributionStatus, IBatches} from "../interfaces/IBatches.sol";
import {DealId, BatchId, TaskId} from "../types/Ids.sol";
import {ResultHashing} from "../libraries/ResultHashing.sol";

/// @title Storage of batches and contributions, shared by the Batches and Payouts modules.
abstract contract BatchStorage is IBatches {
    /// @notice At most this many contributions per batch: bounds the gas of finalize and claim, and
    /// keeps every group value (a product of at most 20 weights <= 8, so <= 2^60) within uint64.
    uint256 public constant MAX_CONTRIBUTORS = 20;
    /// @notice A deal's tasks must be settled within DEADLINE_RATIO x the category's max run time.
    uint256 public constant DEADLINE_RATIO = 10;
    /// @notice Reveals are due within REVEAL_RATIO x the max run time after consensus.
    uint256 public constant REVEAL_RATIO = 2;

    /// @dev Two slots. `result` holds the lead result hash (the first contributed one, then the
    /// one consensus chose) until the first reveal, then the revealed root (the lead hash is then
    /// resultHash(batchId, root)): one slot serves both, which the gas snapshot asked for. The lead
    /// group's value lives here; every other group's value in `groups`, their sum in `othersSum`.
    struct Batch {
        BatchStatus status;
        uint8 contributors;
        bool rootKnown; // `result` holds the revealed root
        bool pushed; // settled through pushResult: contributor 0 is the sole worker, no stake
        uint40 revealDeadline;
        uint40 releaseAt; // finalize time + rollback window: settle from then on, overturn before
        uint64 leadGroup; // value (product of weights) of the lead hash's group
        uint64 othersSum; // sum of the values of all other groups
        bool failed; // the agreed result is the app's deterministic failure (revealFailure, pushFailure)
        uint8 challenges; // open challenges (IDisputes.challengeBatch) not resolved yet: settle waits for 0
        bytes32 result;
    }

    struct Contribution {
        bytes32 resultHash;
        bytes24 seal;
        ContributionStatus status;
        uint32 weight;
    }

    /// @custom:storage-location erc7201:proofgrid.storage.Batches
    struct BatchesStorage {
        mapping(BatchId batchId => Batch) batches;
        mapping(BatchId batchId => mapping(address worker => Contribution)) contributions;
        mapping(BatchId batchId => mapping(uint256 position => address worker)) contributors;
        mapping(BatchId batchId => mapping(bytes32 resultHash => uint256 value)) groups;
        mapping(DealId dealId => mapping(uint256 word => uint256 bits)) settled;
        mapping(TaskId taskId => bool) callbackDelivered;
    }

    // keccak256(abi.encode(uint256(keccak256("proofgrid.storage.Batches")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant BATCHES_SLOT = 0xb18a46ad2aa9912ed797c490cec202e271aa2d4905657c33148271cd7dd82000;

    /// @dev Reverts BatchUnexpectedStatus unless the batch's stored status is in `allowed`
    /// (a bitmap of 1 << status).
    function _requireStatus(BatchId batchId, Batch storage batch, uint256 allowed) internal view {
        if ((1 << uint8(batch.status)) & allowed == 0) revert BatchUnexpectedStatus(batchId, batch.status, allowed);
    }

    /// @dev The hash the lead group committed to (the consensus hash once consensus is reached).
    function _leadHash(BatchId batchId, Batch storage batch) internal view returns (bytes32) {
        return batch.rootKnown ? ResultHashing.resultHash(batchId, batch.result) : batch.result;
    }

    /// @dev The agreed root once revealed (0 before).
    function _rootOf(Batch storage batch) internal view returns (bytes32) {
        return batch.rootKnown ? batch.result : bytes32(0);
    }

    function _bit(BatchStatus status) internal pure returns (uint256) {
        return 1 << uint8(status);
    }

    function _store() internal pure returns (BatchesStorage storage $) {
        assembly ("memory-safe") {
            $.slot := BATCHES_SLOT
        }
    }
}
