// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IBatches, BatchStatus, BatchView, ContributionStatus, ContributionView, Usage} from "../interfaces/IBatches.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId, TaskId} from "../types/Ids.sol";
import {Consensus} from "../libraries/Consensus.sol";
import {ResultHashing} from "../libraries/ResultHashing.sol";
import {TaskBitmap} from "../libraries/TaskBitmap.sol";
import {Payouts} from "./Payouts.sol";

/// @title Batches module: Proof-of-Contribution over bags of tasks (P1-P6).
/// @notice contribute -> (consensus) -> reveal -> finalize -> settle, or pushResult for trust <= 1,
/// or claim after the deal's deadline. The lifecycle table is in docs/protocol.md.
abstract contract Batches is Payouts, ReentrancyGuardTransient {
    using TaskBitmap for mapping(uint256 => uint256);

    /// @dev Where a call about a batch starts: the deal is known and the range inside its bag.
    function _open(DealKey calldata key, uint32 first, uint32 count)
        private
        view
        returns (DealId dealId, DealRecord storage record, BatchId batchId)
    {
        (dealId, record) = _requireDeal(key);
        if (count == 0 || uint256(first) + count > key.volume) revert BatchOutOfRange(dealId, first, count, key.volume);
        batchId = ResultHashing.batchId(dealId, first, count);
    }

    function _deadline(DealKey calldata key) private pure returns (uint256) {
        return key.startTime + uint256(key.timeRef) * DEADLINE_RATIO;
    }

    /// @dev The deal's scheduler signed keccak256(abi.encode(batchId, worker)) (EIP-191), or is the caller.
    function _requireAuthorized(DealKey calldata key, BatchId batchId, bytes calldata authorization) private view {
        if (msg.sender == key.scheduler) return;
        bytes32 digest = MessageHashUtils.toEthSignedMessageHash(keccak256(abi.encode(batchId, msg.sender)));
        (address signer,,) = ECDSA.tryRecoverCalldata(digest, authorization);
        if (signer != key.scheduler) revert ContributionUnauthorized(batchId, msg.sender, signer, key.scheduler);
    }

    /// @inheritdoc IBatches
    function contribute(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        bytes32 resultHash,
        bytes32 resultSeal,
        bytes calldata authorization
    ) external {
        (DealId dealId, DealRecord storage record, BatchId batchId) = _open(key, first, count);
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

    /// @inheritdoc IBatches
    function reveal(DealKey calldata key, uint32 first, uint32 count, bytes32 resultRoot, bytes32 salt, Usage calldata usage)
        external
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

    /// @inheritdoc IBatches
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

    /// @inheritdoc IBatches
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

    /// @inheritdoc IBatches
    function pushResult(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        bytes32 resultRoot,
        Usage calldata usage,
        bytes calldata authorization
    ) external nonReentrant {
        (DealId dealId, DealRecord storage record, BatchId batchId) = _open(key, first, count);
        if (key.trust > 1) revert BatchConsensusRequired(dealId, key.trust);
        Batch storage batch = _store().batches[batchId];
        _requireStatus(batchId, batch, _bit(BatchStatus.None));
        if (block.timestamp >= _deadline(key)) revert BatchDeadlinePassed(batchId, _deadline(key));
        _requireAuthorized(key, batchId, authorization);
        _markSettled(key, dealId, record, first, count);
        emit BatchRevealed(batchId, msg.sender, resultRoot, usage);
        emit BatchFinalized(batchId, dealId, first, count, resultRoot);

        uint64 window = _config().rollbackWindow;
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

    /// @inheritdoc IBatches
    function settle(DealKey calldata key, uint32[] calldata firsts, uint32[] calldata counts) external nonReentrant {
        for (uint256 i; i < firsts.length; ++i) {
            (DealId dealId,, BatchId batchId) = _open(key, firsts[i], counts[i]);
            Batch storage batch = _store().batches[batchId];
            _requireStatus(batchId, batch, _bit(BatchStatus.Finalized));
            if (block.timestamp < batch.releaseAt) revert BatchWindowOpen(batchId, batch.releaseAt);
            _settle(key, dealId, batchId, firsts[i], counts[i], _pusher(batchId, batch), _rootOf(batch));
        }
    }

    /// @inheritdoc IBatches
    function overturn(DealKey calldata key, uint32 first, uint32 count, bytes32 evidence) external nonReentrant {
        if (msg.sender != _config().checker) revert CheckerUnauthorized(msg.sender);
        (DealId dealId, DealRecord storage record, BatchId batchId) = _open(key, first, count);
        Batch storage batch = _store().batches[batchId];
        _requireStatus(batchId, batch, _bit(BatchStatus.Finalized));
        if (block.timestamp >= batch.releaseAt) revert BatchWindowClosed(batchId, batch.releaseAt);
        batch.status = BatchStatus.Overturned;
        _overturnPayout(key, batchId, count);
        emit BatchOverturned(batchId, dealId, msg.sender, evidence);
    }

    /// @inheritdoc IBatches
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

    /// @inheritdoc IBatches
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

    /// @dev Members of the lead group (not rejected), how many revealed, and their group value.
    function _revealedGroup(BatchId batchId, Batch storage batch)
        private
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

    /// @dev Marks tasks [first, first+count) settled, reverting TaskAlreadySettled if any is.
    /// A batch of the whole deal only needs the settled count (nothing else may be settled yet);
    /// any other batch sets its bits in the bitmap.
    function _markSettled(DealKey calldata key, DealId dealId, DealRecord storage record, uint256 first, uint256 count) private {
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

    function _pusher(BatchId batchId, Batch storage batch) private view returns (address) {
        return batch.pushed ? _store().contributors[batchId][0] : address(0);
    }

    /// @dev Marks the batch Finalized and settles it now when the rollback window is 0.
    function _finalized(DealKey calldata key, DealId dealId, BatchId batchId, Batch storage batch, uint256 first, uint256 count)
        private
    {
        uint40 releaseAt = uint40(block.timestamp + _config().rollbackWindow);
        (batch.status, batch.releaseAt) = (BatchStatus.Finalized, releaseAt);
        emit BatchFinalized(batchId, dealId, uint32(first), uint32(count), batch.result);
        if (releaseAt == block.timestamp) _settle(key, dealId, batchId, first, count, address(0), batch.result);
    }

    /// @inheritdoc IBatches
    function batchIdOf(DealId dealId, uint32 first, uint32 count) external pure returns (BatchId) {
        return ResultHashing.batchId(dealId, first, count);
    }

    /// @inheritdoc IBatches
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

    /// @inheritdoc IBatches
    function batchOf(BatchId batchId) external view returns (BatchView memory) {
        Batch storage b = _store().batches[batchId];
        uint256 revealed;
        if (b.pushed) revealed = 1;
        else if (b.status >= BatchStatus.Revealing) (, revealed,) = _revealedGroup(batchId, b);
        uint128 total = 1 + uint128(b.leadGroup) + b.othersSum;
        return BatchView(
            b.status, b.contributors, uint8(revealed), b.revealDeadline, b.releaseAt, total, _leadHash(batchId, b), _rootOf(b)
        );
    }

    /// @inheritdoc IBatches
    function contributionOf(BatchId batchId, address worker) external view returns (ContributionView memory) {
        Contribution storage c = _store().contributions[batchId][worker];
        return ContributionView(c.status, c.weight, c.resultHash, c.seal);
    }

    /// @inheritdoc IBatches
    function contributorAt(BatchId batchId, uint256 i) external view returns (address) {
        return _store().contributors[batchId][i];
    }

    /// @inheritdoc IBatches
    function isTaskSettled(DealKey calldata key, uint32 index) external view returns (bool) {
        (DealId dealId, DealRecord storage record,) = _open(key, index, 1);
        return _allSettled(key, dealId, record, index, 1);
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

    /// @inheritdoc IBatches
    function verifyTaskResult(DealId dealId, uint32 first, uint32 count, uint32 index, bytes32 digest, bytes32[] calldata proof)
        external
        view
        returns (bool)
    {
        Batch storage batch = _store().batches[ResultHashing.batchId(dealId, first, count)];
        if (batch.status != BatchStatus.Finalized && batch.status != BatchStatus.Settled) return false;
        return ResultHashing.verify(_rootOf(batch), first, count, index, digest, proof);
    }
}
