// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IBatches, IBatchActions, BatchStatus} from "../interfaces/IBatches.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId, TaskId} from "../types/Ids.sol";
import {ResultHashing} from "../libraries/ResultHashing.sol";
import {TaskBitmap} from "../libraries/TaskBitmap.sol";
import {BatchBase} from "./BatchBase.sol";

/// @title Batch settlement: what ends a batch (settle after the rollback window, the checker's
/// overturn inside it, the requester's claim after the deadline) and the callbacks of multi-task
/// batches. The money moves are Payouts'.
abstract contract BatchSettlement is IBatchActions, BatchBase {
    using TaskBitmap for mapping(uint256 => uint256);

    /// @inheritdoc IBatchActions
    function settle(DealKey calldata key, uint32[] calldata firsts, uint32[] calldata counts) external nonReentrant {
        for (uint256 i; i < firsts.length; ++i) {
            (DealId dealId,, BatchId batchId) = _open(key, firsts[i], counts[i]);
            Batch storage batch = _store().batches[batchId];
            _requireStatus(batchId, batch, _bit(BatchStatus.Finalized));
            if (block.timestamp < batch.releaseAt) revert BatchWindowOpen(batchId, batch.releaseAt);
            if (batch.challenges != 0) revert BatchChallengesOpen(batchId, batch.challenges);
            _settle(key, dealId, batchId, firsts[i], counts[i], _pusher(batchId, batch), _rootOf(batch));
        }
    }

    /// @inheritdoc IBatchActions
    function overturn(DealKey calldata key, uint32 first, uint32 count, bytes32 evidence) external nonReentrant {
        if (msg.sender != _config().checker) revert CheckerUnauthorized(msg.sender);
        (DealId dealId, DealRecord storage record, BatchId batchId) = _open(key, first, count);
        Batch storage batch = _store().batches[batchId];
        _requireStatus(batchId, batch, _bit(BatchStatus.Finalized));
        if (block.timestamp >= batch.releaseAt) revert BatchWindowClosed(batchId, batch.releaseAt);
        batch.status = BatchStatus.Overturned;
        _overturnPayout(key, batchId, count, key.requester);
        emit BatchOverturned(batchId, dealId, msg.sender, evidence);
    }

    /// @inheritdoc IBatchActions
    function claim(DealKey calldata key, uint32 first, uint32 count) external nonReentrant {
        (DealId dealId, DealRecord storage record, BatchId batchId) = _open(key, first, count);
        if (block.timestamp < _deadline(key)) revert BatchDeadlineNotReached(dealId, _deadline(key));
        Batch storage batch = _store().batches[batchId];
        BatchStatus status = batch.status;
        bool open = status == BatchStatus.Active || status == BatchStatus.Revealing;
        // settled == volume: everything is settled (possibly by a whole-deal batch that set no bits).
        uint256 refunded = record.settled == key.volume ? 0 : _store().settled[dealId].setMissing(first, count);
        if (refunded == 0 && !open) revert TaskAlreadySettled(dealId, first);
        record.settled += uint32(refunded);
        if (open) {
            batch.status = BatchStatus.Claimed;
            _releaseContributions(key, batchId, count, status == BatchStatus.Revealing);
        }
        _unlock(key.requester, refunded * _taskPrice(key));
        uint256 poolStake = _poolStake(key, refunded);
        _seize(key.poolOwner, poolStake);
        _credit(key.requester, poolStake);
        emit TasksClaimed(dealId, first, count, refunded);
    }

    /// @inheritdoc IBatchActions
    function deliverCallback(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 index,
        bytes32 digest,
        bytes32[] calldata proof
    ) external nonReentrant {
        (DealId dealId, DealRecord storage record, BatchId batchId) = _open(key, first, count);
        Batch storage batch = _store().batches[batchId];
        _requireStatus(batchId, batch, _bit(BatchStatus.Settled));
        if (!ResultHashing.verify(_rootOf(batch), first, count, index, digest, proof)) {
            revert BatchResultProofInvalid(batchId, index, digest);
        }
        TaskId taskId = ResultHashing.taskId(dealId, index);
        // A single-task batch delivered at settlement; others once each, marked before the call.
        if (count == 1 || _store().callbackDelivered[taskId]) revert CallbackAlreadyDelivered(taskId);
        _store().callbackDelivered[taskId] = true;
        if (key.callback != address(0)) _deliver(key.callback, taskId, digest);
    }

    function _pusher(BatchId batchId, Batch storage batch) private view returns (address) {
        return batch.pushed ? _store().contributors[batchId][0] : address(0);
    }
}
