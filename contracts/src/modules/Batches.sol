// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IBatches, IBatchActions, BatchStatus, ContributionStatus, Usage} from "../interfaces/IBatches.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId} from "../types/Ids.sol";
import {Consensus} from "../libraries/Consensus.sol";
import {BatchReveals} from "./BatchReveals.sol";
import {BatchSettlement} from "./BatchSettlement.sol";
import {BatchViews} from "./BatchViews.sol";

/// @title Batches module: Proof-of-Contribution over bags of tasks (P1-P6).
/// @notice contribute -> (consensus) -> reveal -> finalize -> settle, or pushResult for trust <= 1,
/// or claim after the deal's deadline. The lifecycle table is in docs/protocol.md.
/// @dev Results enter here (contribute and its consensus tally, pushResult); what follows is in
/// BatchReveals (reveal, finalize, reopen) and BatchSettlement (settle, overturn, claim,
/// deliverCallback); BatchViews reads; BatchBase holds the shared steps.
abstract contract Batches is BatchReveals, BatchSettlement, BatchViews {
    /// @inheritdoc IBatchActions
    function contribute(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        bytes32 resultHash,
        bytes32 resultSeal,
        bytes calldata authorization
    ) external {
        (DealId dealId,, BatchId batchId) = _open(key, first, count);
        _requireReplicated(key, dealId);
        Batch storage batch = _admit(key, batchId, authorization);
        uint32 w = weightOf(msg.sender);
        _lock(msg.sender, uint256(count) * key.workerStake);
        _store().contributions[batchId][msg.sender] =
            Contribution(resultHash, bytes24(resultSeal), ContributionStatus.Contributed, w);
        _store().contributors[batchId][batch.contributors] = msg.sender;
        if (batch.contributors == 0) batch.result = resultHash; // the first hash leads
        (batch.contributors, batch.status) = (batch.contributors + 1, BatchStatus.Active);
        emit BatchContributed(batchId, dealId, msg.sender, first, count, resultHash, w);
        _tally(key, batchId, batch, resultHash, w);
    }

    /// @dev Checks that the caller may contribute to the batch now.
    function _admit(DealKey calldata key, BatchId batchId, bytes calldata authorization) private view returns (Batch storage batch) {
        batch = _store().batches[batchId];
        _requireStatus(batchId, batch, _bit(BatchStatus.None) | _bit(BatchStatus.Active));
        if (block.timestamp >= _deadline(key)) revert BatchDeadlinePassed(batchId, _deadline(key));
        if (_store().contributions[batchId][msg.sender].status != ContributionStatus.None) {
            revert ContributionDuplicate(batchId, msg.sender);
        }
        if (batch.contributors >= MAX_CONTRIBUTORS) revert BatchTooManyContributors(batchId, MAX_CONTRIBUTORS);
        _requireAuthorized(key, batchId, authorization);
    }

    /// @dev Adds a vote to its result group; moves the batch to Revealing when consensus is reached.
    /// Values fit uint64: a group is a product of at most MAX_CONTRIBUTORS weights <= 8 (<= 2^60),
    /// and a sum of groups is at most the product of all weights (a + b <= ab for a, b >= 2).
    function _tally(DealKey calldata key, BatchId batchId, Batch storage batch, bytes32 resultHash, uint32 w) private {
        bytes32 lead = _leadHash(batchId, batch);
        uint256 group;
        if (resultHash == lead) {
            (group,) = Consensus.addVote(batch.leadGroup, w);
            batch.leadGroup = uint64(group);
        } else {
            uint256 delta;
            (group, delta) = Consensus.addVote(_store().groups[batchId][resultHash], w);
            _store().groups[batchId][resultHash] = group;
            batch.othersSum += uint64(delta);
        }
        uint256 sum = uint256(batch.leadGroup) + batch.othersSum;
        if (!Consensus.reached(group, sum, key.trust)) return;
        if (resultHash != lead) {
            // The chosen group becomes the lead; the former lead's value moves to `groups`.
            _store().groups[batchId][lead] = batch.leadGroup;
            delete _store().groups[batchId][resultHash];
            (batch.othersSum, batch.leadGroup) = (uint64(sum - group), uint64(group));
            (batch.result, batch.rootKnown) = (resultHash, false);
        }
        uint256 due = block.timestamp + uint256(key.timeRef) * REVEAL_RATIO;
        uint40 revealDeadline = uint40(due < _deadline(key) ? due : _deadline(key));
        (batch.status, batch.revealDeadline) = (BatchStatus.Revealing, revealDeadline);
        emit BatchConsensusReached(batchId, resultHash, revealDeadline);
    }

    /// @inheritdoc IBatchActions
    function pushResult(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        bytes32 resultRoot,
        Usage calldata usage,
        bytes calldata authorization
    ) public nonReentrant {
        (DealId dealId, DealRecord storage record, BatchId batchId) = _open(key, first, count);
        if (key.trust > 1) revert BatchConsensusRequired(dealId, key.trust);
        _requireReplicated(key, dealId);
        Batch storage batch = _store().batches[batchId];
        _requireStatus(batchId, batch, _bit(BatchStatus.None));
        if (block.timestamp >= _deadline(key)) revert BatchDeadlinePassed(batchId, _deadline(key));
        _requireAuthorized(key, batchId, authorization);
        _markSettled(key, dealId, record, first, count);
        emit BatchRevealed(batchId, msg.sender, resultRoot, usage);
        emit BatchFinalized(batchId, dealId, first, count, resultRoot);

        uint64 window = _rollbackWindow(key);
        if (window != 0) {
            // Payouts wait for the window: keep what settle and overturn need.
            _store().contributors[batchId][0] = msg.sender;
            (batch.status, batch.contributors, batch.pushed) = (BatchStatus.Finalized, 1, true);
            (batch.releaseAt, batch.result, batch.rootKnown) = (uint40(block.timestamp + window), resultRoot, true);
            return;
        }
        // Settled at once. Only a multi-task batch with a callback keeps its root (deliverCallback
        // proves digests against it); otherwise the task bits and the events are the record.
        if (key.callback != address(0) && count > 1) {
            (batch.status, batch.result, batch.rootKnown) = (BatchStatus.Settled, resultRoot, true);
        }
        _settle(key, dealId, batchId, first, count, msg.sender, resultRoot);
    }

    /// @inheritdoc IBatchActions
    function pushAppFailure(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 exitCode,
        bytes32 outputDigest,
        Usage calldata usage,
        bytes calldata authorization
    ) external {
        (,, BatchId batchId) = _open(key, first, count);
        bytes32 root = _failureRoot(batchId, exitCode, outputDigest);
        Batch storage batch = _store().batches[batchId];
        // Marked before pushResult's payouts, so the callback (if any) can read it; pushResult
        // reverts (and this with it) unless the batch was untouched.
        _markFailed(batchId, batch, exitCode, outputDigest);
        pushResult(key, first, count, root, usage, authorization);
        // Settled at once, a pushed result keeps no storage; a failure keeps its flag and root.
        if (batch.status == BatchStatus.None) (batch.status, batch.result, batch.rootKnown) = (BatchStatus.Settled, root, true);
    }
}
