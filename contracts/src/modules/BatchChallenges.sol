// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IDisputes} from "../interfaces/IDisputes.sol";
import {IDisputeGame} from "../interfaces/IDisputeGame.sol";
import {BatchStatus} from "../interfaces/IBatches.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId, TaskId} from "../types/Ids.sol";
import {ResultHashing} from "../libraries/ResultHashing.sol";
import {DisputeBase} from "./DisputeBase.sol";

/// @title Challenges of finalized replicated batches inside their rollback window (decision 026): a
/// won game overturns the batch as the checker's `overturn` does, without the checker.
abstract contract BatchChallenges is DisputeBase {
    /// @inheritdoc IDisputes
    function challengeBatch(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 index,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        bytes32[] calldata proof
    ) external nonReentrant returns (uint256 challengeIndex) {
        BatchId batchId = _admitChallenge(key, first, count, index, outputDigest, claim, proof);
        challengeIndex = _disputes().batchChallengeCount[BatchId.unwrap(batchId)]++;
        emit BatchChallenged(batchId, msg.sender, challengeIndex, index);
        // The deal's scheduler defends: it authorized the batch's workers and its pool's stake is at risk.
        _openGame(BatchId.unwrap(batchId), challengeIndex, claim, _config().disputeDeposit, key.scheduler);
    }

    /// @dev The batch is a finalized replicated one inside its window, the claim's digest is task `index`'s
    /// under its root, and it has room for one more open challenge (counted here).
    function _admitChallenge(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 index,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        bytes32[] calldata proof
    ) private returns (BatchId batchId) {
        Batch storage batch;
        (, batchId, batch) = _challengeableBatch(key, first, count, index, outputDigest, claim, proof);
        if (batch.challenges == type(uint8).max) revert DisputeTooManyChallenges(BatchId.unwrap(batchId));
        batch.challenges += 1;
    }

    /// @dev The batch is a finalized replicated one inside its window, and the claim's digest is task `index`'s
    /// under its root.
    function _challengeableBatch(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 index,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        bytes32[] calldata proof
    ) internal view returns (DealId dealId, BatchId batchId, Batch storage batch) {
        (dealId,, batchId) = _open(key, first, count);
        _requireReplicated(key, dealId);
        batch = _store().batches[batchId];
        _requireStatus(batchId, batch, _bit(BatchStatus.Finalized));
        if (block.timestamp >= batch.releaseAt) revert DisputeWindowClosed(BatchId.unwrap(batchId), batch.releaseAt);
        bytes32 digest = ResultHashing.provableDigest(outputDigest, claim.startRoot, claim.steps, claim.endRoot);
        if (!ResultHashing.verify(_rootOf(batch), first, count, index, digest, proof)) {
            revert BatchResultProofInvalid(batchId, index, digest);
        }
    }

    /// @inheritdoc IDisputes
    function resolveBatchChallenge(DealKey calldata key, uint32 first, uint32 count, uint256 challengeIndex)
        external
        nonReentrant
    {
        (DealId dealId,, BatchId batchId) = _open(key, first, count);
        Batch storage batch = _store().batches[batchId];
        (Challenge storage c, bool challengerWon) = _closeChallenge(BatchId.unwrap(batchId), challengeIndex);
        batch.challenges -= 1;
        bool standing = batch.status == BatchStatus.Finalized;
        if (challengerWon && standing) {
            batch.status = BatchStatus.Overturned;
            _overturnPayout(key, batchId, count, c.challenger);
            emit BatchOverturned(batchId, dealId, c.challenger, bytes32(c.gameId));
        }
        // A losing challenger's deposit goes to the pool owner whose workers' result stood, or to the
        // requester once the batch is overturned.
        _payChallenge(
            BatchId.unwrap(batchId), challengeIndex, c, challengerWon, standing ? key.poolOwner : key.requester
        );
    }

    /// @inheritdoc IDisputes
    function challengeCount(bytes32 subject) external view returns (uint256) {
        uint256 batchCount = _disputes().batchChallengeCount[subject];
        return batchCount != 0 ? batchCount : _disputes().answers[TaskId.wrap(subject)].challenges;
    }
}
