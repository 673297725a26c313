// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IBatches, IBatchActions, BatchStatus, ContributionStatus, Usage} from "../interfaces/IBatches.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId} from "../types/Ids.sol";
import {Consensus} from "../libraries/Consensus.sol";
import {ResultHashing} from "../libraries/ResultHashing.sol";
import {BatchBase} from "./BatchBase.sol";

/// @title Batch reveals: what follows consensus (reveal, then finalize, or reopen when the lead
/// group stays silent past the reveal deadline).
/// @dev A batch in Revealing leaves it Finalized (settled at once when the rollback window is 0)
/// or Active again. The lifecycle table is in docs/protocol.md.
abstract contract BatchReveals is IBatchActions, BatchBase {
    /// @inheritdoc IBatchActions
    function reveal(DealKey calldata key, uint32 first, uint32 count, bytes32 resultRoot, bytes32 salt, Usage calldata usage)
        public
    {
        (,, BatchId batchId) = _open(key, first, count);
        Batch storage batch = _store().batches[batchId];
        _requireStatus(batchId, batch, _bit(BatchStatus.Revealing));
        if (block.timestamp > batch.revealDeadline) revert BatchDeadlinePassed(batchId, batch.revealDeadline);
        Contribution storage c = _store().contributions[batchId][msg.sender];
        if (c.status != ContributionStatus.Contributed || c.resultHash != _leadHash(batchId, batch)) {
            revert ContributionNotFound(batchId, msg.sender);
        }
        if (
            ResultHashing.resultHash(batchId, resultRoot) != c.resultHash
                || ResultHashing.resultSeal(msg.sender, batchId, resultRoot, salt) != c.seal
        ) revert ContributionRevealMismatch(batchId, msg.sender);

        c.status = ContributionStatus.Revealed;
        // The first reveal replaces the lead hash by its root (same group: keccak preimage).
        if (!batch.rootKnown) (batch.result, batch.rootKnown) = (resultRoot, true);
        emit BatchRevealed(batchId, msg.sender, resultRoot, usage);
    }

    /// @inheritdoc IBatchActions
    function revealAppFailure(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 exitCode,
        bytes32 outputDigest,
        bytes32 salt,
        Usage calldata usage
    ) external {
        (,, BatchId batchId) = _open(key, first, count);
        reveal(key, first, count, _failureRoot(batchId, exitCode, outputDigest), salt, usage);
        _markFailed(batchId, _store().batches[batchId], exitCode, outputDigest);
    }

    /// @inheritdoc IBatchActions
    function finalize(DealKey calldata key, uint32 first, uint32 count) external nonReentrant {
        (DealId dealId, DealRecord storage record, BatchId batchId) = _open(key, first, count);
        Batch storage batch = _store().batches[batchId];
        _requireStatus(batchId, batch, _bit(BatchStatus.Revealing));
        (uint256 members, uint256 revealed, uint256 revealedGroup) = _revealedGroup(batchId, batch);
        if (revealed < members && block.timestamp <= batch.revealDeadline) {
            revert BatchRevealPending(batchId, batch.revealDeadline);
        }
        if (!Consensus.reached(revealedGroup, revealedGroup + batch.othersSum, key.trust)) revert BatchConsensusNotMet(batchId);
        _markSettled(key, dealId, record, first, count);
        _finalized(key, dealId, batchId, batch, first, count);
    }

    /// @inheritdoc IBatchActions
    function reopen(DealKey calldata key, uint32 first, uint32 count) external {
        (,, BatchId batchId) = _open(key, first, count);
        Batch storage batch = _store().batches[batchId];
        _requireStatus(batchId, batch, _bit(BatchStatus.Revealing));
        if (block.timestamp <= batch.revealDeadline) revert BatchRevealPending(batchId, batch.revealDeadline);
        bytes32 chosen = _leadHash(batchId, batch);
        (, uint256 revealed, uint256 revealedGroup) = _revealedGroup(batchId, batch);
        if (revealed != 0) revert BatchRevealedCannotReopen(batchId, revealed);
        if (Consensus.reached(revealedGroup, revealedGroup + batch.othersSum, key.trust)) {
            revert BatchUnexpectedStatus(batchId, batch.status, 0); // it can be finalized instead
        }
        uint256 rejected;
        for (uint256 i; i < batch.contributors; ++i) {
            Contribution storage c = _store().contributions[batchId][_store().contributors[batchId][i]];
            if (c.status == ContributionStatus.Contributed && c.resultHash == chosen) {
                c.status = ContributionStatus.Rejected;
                ++rejected;
            }
        }
        // The lead keeps only its revealed members' votes; revealedGroup <= leadGroup fits uint64.
        (batch.leadGroup, batch.status, batch.revealDeadline) = (uint64(revealedGroup), BatchStatus.Active, 0);
        emit BatchReopened(batchId, rejected);
    }

    /// @dev Marks the batch Finalized and settles it now when the rollback window is 0.
    function _finalized(DealKey calldata key, DealId dealId, BatchId batchId, Batch storage batch, uint256 first, uint256 count)
        private
    {
        uint40 releaseAt = uint40(block.timestamp + _rollbackWindow(key));
        (batch.status, batch.releaseAt) = (BatchStatus.Finalized, releaseAt);
        emit BatchFinalized(batchId, dealId, uint32(first), uint32(count), batch.result);
        if (releaseAt == block.timestamp) _settle(key, dealId, batchId, first, count, address(0), batch.result);
    }
}
