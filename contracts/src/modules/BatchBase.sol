// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {ContributionStatus} from "../interfaces/IBatches.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId} from "../types/Ids.sol";
import {Consensus} from "../libraries/Consensus.sol";
import {ResultHashing} from "../libraries/ResultHashing.sol";
import {TaskBitmap} from "../libraries/TaskBitmap.sol";
import {Payouts} from "./Payouts.sol";

/// @title The steps every batch module shares: opening a call about a batch, the scheduler's
/// authorization, the revealed part of the lead group, marking tasks settled.
/// @dev No storage and no external function of its own; the Batches modules build on it.
abstract contract BatchBase is Payouts, ReentrancyGuardTransient {
    using TaskBitmap for mapping(uint256 => uint256);

    /// @dev Where a call about a batch starts: the deal is known and the range inside its bag.
    function _open(DealKey calldata key, uint32 first, uint32 count)
        internal
        view
        returns (DealId dealId, DealRecord storage record, BatchId batchId)
    {
        (dealId, record) = _requireDeal(key);
        if (count == 0 || uint256(first) + count > key.volume) revert BatchOutOfRange(dealId, first, count, key.volume);
        batchId = ResultHashing.batchId(dealId, first, count);
    }

    /// @dev The deal's rollback window: its request's term, or the hub's setting when the term is 0.
    function _rollbackWindow(DealKey calldata key) internal view returns (uint64) {
        return key.rollbackWindow != 0 ? key.rollbackWindow : _config().rollbackWindow;
    }

    /// @dev Reverts BatchVerificationMismatch unless the deal is replicated (contributions and pushes).
    function _requireReplicated(DealKey calldata key, DealId dealId) internal pure {
        if (key.verification != 0) revert BatchVerificationMismatch(dealId, key.verification);
    }

    function _deadline(DealKey calldata key) internal pure returns (uint256) {
        return key.startTime + uint256(key.timeRef) * DEADLINE_RATIO;
    }

    /// @dev The deal's scheduler signed keccak256(abi.encode(batchId, worker)) (EIP-191), or is the caller.
    function _requireAuthorized(DealKey calldata key, BatchId batchId, bytes calldata authorization) internal view {
        if (msg.sender == key.scheduler) return;
        bytes32 digest = MessageHashUtils.toEthSignedMessageHash(keccak256(abi.encode(batchId, msg.sender)));
        (address signer,,) = ECDSA.tryRecoverCalldata(digest, authorization);
        if (signer != key.scheduler) revert ContributionUnauthorized(batchId, msg.sender, signer, key.scheduler);
    }

    /// @dev Members of the lead group (not rejected), how many revealed, and their group value.
    function _revealedGroup(BatchId batchId, Batch storage batch)
        internal
        view
        returns (uint256 members, uint256 revealed, uint256 group)
    {
        bytes32 chosen = _leadHash(batchId, batch);
        for (uint256 i; i < batch.contributors; ++i) {
            Contribution storage c = _store().contributions[batchId][_store().contributors[batchId][i]];
            if (c.resultHash != chosen || c.status == ContributionStatus.Rejected) continue;
            ++members;
            if (c.status == ContributionStatus.Revealed) {
                ++revealed;
                (group,) = Consensus.addVote(group, c.weight);
            }
        }
    }

    /// @dev The root of the app's failure with `exitCode` and report `outputDigest`; a failure needs
    /// a non-zero exit code (exit code 0 is a success, reported as a result).
    function _failureRoot(BatchId batchId, uint32 exitCode, bytes32 outputDigest) internal pure returns (bytes32) {
        if (exitCode == 0) revert BatchFailureExitCodeZero(batchId);
        return ResultHashing.failureRoot(exitCode, outputDigest);
    }

    /// @dev Marks the batch failed by the app, once (the first revealer or the pusher announces it).
    function _markFailed(BatchId batchId, Batch storage batch, uint32 exitCode, bytes32 outputDigest) internal {
        if (batch.failed) return;
        batch.failed = true;
        emit BatchFailedByApp(batchId, exitCode, outputDigest);
    }

    /// @dev Marks tasks [first, first+count) settled, reverting TaskAlreadySettled if any is.
    /// A batch of the whole deal only needs the settled count (nothing else may be settled yet);
    /// any other batch sets its bits in the bitmap.
    function _markSettled(DealKey calldata key, DealId dealId, DealRecord storage record, uint256 first, uint256 count) internal {
        uint256 settled = record.settled;
        if (count == key.volume) {
            if (settled != 0) revert TaskAlreadySettled(dealId, first);
        } else {
            if (settled == key.volume) revert TaskAlreadySettled(dealId, first);
            (bool ok, uint256 clash) = _store().settled[dealId].setAll(first, count);
            if (!ok) revert TaskAlreadySettled(dealId, clash);
        }
        // settled + count <= volume <= 2^32 - 1: the ranges checked above are disjoint.
        record.settled = uint32(settled + count);
    }
}
