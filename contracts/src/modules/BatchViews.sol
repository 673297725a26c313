// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IBatches, IBatchActions, BatchStatus, BatchView, ContributionView} from "../interfaces/IBatches.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId} from "../types/Ids.sol";
import {ResultHashing} from "../libraries/ResultHashing.sol";
import {TaskBitmap} from "../libraries/TaskBitmap.sol";
import {BatchBase} from "./BatchBase.sol";

/// @title Batch views: ids, derived statuses, batches, contributions and task results as callers read them.
abstract contract BatchViews is IBatchActions, BatchBase {
    using TaskBitmap for mapping(uint256 => uint256);

    /// @inheritdoc IBatchActions
    function batchIdOf(DealId dealId, uint32 first, uint32 count) external pure returns (BatchId) {
        return ResultHashing.batchId(dealId, first, count);
    }

    /// @inheritdoc IBatchActions
    function batchStatus(DealKey calldata key, uint32 first, uint32 count) external view returns (BatchStatus) {
        (DealId dealId, DealRecord storage record, BatchId batchId) = _open(key, first, count);
        Batch storage batch = _store().batches[batchId];
        BatchStatus status = batch.status;
        if (status == BatchStatus.None && _allSettled(key, dealId, record, first, count)) return BatchStatus.Settled;
        if ((status == BatchStatus.None || status == BatchStatus.Active || status == BatchStatus.Revealing)
                && block.timestamp >= _deadline(key)) return BatchStatus.Claimable;
        if (status == BatchStatus.Finalized && block.timestamp >= batch.releaseAt) return BatchStatus.Settleable;
        return status;
    }

    /// @inheritdoc IBatchActions
    function batchOf(BatchId batchId) external view returns (BatchView memory) {
        Batch storage b = _store().batches[batchId];
        uint256 revealed;
        if (b.pushed) revealed = 1;
        else if (b.status >= BatchStatus.Revealing) (, revealed,) = _revealedGroup(batchId, b);
        uint128 total = 1 + uint128(b.leadGroup) + b.othersSum;
        return BatchView(
            b.status, b.contributors, uint8(revealed), b.revealDeadline, b.releaseAt, total, _leadHash(batchId, b), _rootOf(b), b.failed
        );
    }

    /// @inheritdoc IBatchActions
    function contributionOf(BatchId batchId, address worker) external view returns (ContributionView memory) {
        Contribution storage c = _store().contributions[batchId][worker];
        return ContributionView(c.status, c.weight, c.resultHash, c.seal);
    }

    /// @inheritdoc IBatchActions
    function contributorAt(BatchId batchId, uint256 i) external view returns (address) {
        return _store().contributors[batchId][i];
    }

    /// @inheritdoc IBatchActions
    function isTaskSettled(DealKey calldata key, uint32 index) external view returns (bool) {
        (DealId dealId, DealRecord storage record,) = _open(key, index, 1);
        return _allSettled(key, dealId, record, index, 1);
    }

    /// @inheritdoc IBatchActions
    function verifyTaskResult(DealId dealId, uint32 first, uint32 count, uint32 index, bytes32 digest, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        Batch storage batch = _store().batches[ResultHashing.batchId(dealId, first, count)];
        if (batch.status != BatchStatus.Finalized && batch.status != BatchStatus.Settled) return false;
        if (batch.failed) return false; // a failure root holds no task result
        return ResultHashing.verify(_rootOf(batch), first, count, index, digest, proof);
    }

    function _allSettled(DealKey calldata key, DealId dealId, DealRecord storage record, uint256 first, uint256 count)
        private
        view
        returns (bool)
    {
        if (record.settled == key.volume) return true;
        for (uint256 i = first; i < first + count; ++i) {
            if (!_store().settled[dealId].get(i)) return false;
        }
        return true;
    }
}
