// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {BatchStatus, ContributionStatus} from "../interfaces/IBatches.sol";
import {IProofgridCallback} from "../interfaces/IProofgridCallback.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId, TaskId} from "../types/Ids.sol";
import {BatchStorage} from "./BatchStorage.sol";
import {DealBook} from "./DealBook.sol";
import {EscrowLedger} from "./EscrowLedger.sol";
import {Reputation} from "./Reputation.sol";
import {ConfigStore} from "./ConfigStore.sol";
import {ResultHashing} from "../libraries/ResultHashing.sol";

/// @title Payouts module: where a batch's money and reputation move (settle, overturn, claim).
/// @dev Every path moves exactly the batch's locked funds: the requester's n x price, the pool's
/// n x stake and each contributor's n x worker stake, so escrow conservation holds.
abstract contract Payouts is BatchStorage, DealBook, EscrowLedger, Reputation, ConfigStore {
    /// @dev Gas kept for the hub after a callback returns.
    uint256 private constant CALLBACK_RESERVE = 20_000;

    /// @dev Per-task amounts of a deal, and what `n` tasks lock.
    function _taskPrice(DealKey calldata key) internal pure returns (uint256) {
        return uint256(key.appPrice) + key.datasetPrice + key.poolPrice;
    }

    function _poolStake(DealKey calldata key, uint256 n) internal pure returns (uint256) {
        return n * key.poolPrice * WORKERPOOL_STAKE_RATIO / 100;
    }

    /// @dev Pays a finalized batch: app and dataset owners, the pool owner, accurate contributors
    /// (stake back + equal share of the workers' part); seizes wrong contributors' stakes into the
    /// reward. Scores: +1 for accurate contributors of a replicated batch, 0 for wrong ones.
    /// `pusher` is the sole worker of a pushed batch (trust <= 1), or 0 for a contributed one.
    function _settle(DealKey calldata key, DealId dealId, BatchId batchId, uint256 first, uint256 n, address pusher, bytes32 root)
        internal
    {
        Batch storage batch = _store().batches[batchId];
        if (batch.status != BatchStatus.None) batch.status = BatchStatus.Settled;

        _seize(key.requester, n * _taskPrice(key));
        _credit(key.appOwner, n * key.appPrice);
        _credit(key.datasetOwner, n * key.datasetPrice);
        _unlock(key.poolOwner, _poolStake(key, n));

        uint256 reward = n * key.poolPrice;
        uint256 winners = 1;
        uint256 losers;
        if (pusher == address(0)) {
            (winners, losers, reward) = _judge(key, batchId, batch, n, reward);
        }
        uint256 share = reward * (100 - key.schedulerRewardRatio) / 100 / winners;
        if (pusher != address(0)) {
            _credit(pusher, share);
            emit ContributionJudged(batchId, pusher, true);
        } else {
            _creditWinners(key, batchId, batch, n, share, winners + losers > 1);
        }
        _credit(key.poolOwner, reward - share * winners);
        emit BatchSettled(batchId, dealId, share, winners, losers);

        if (key.callback != address(0) && n == 1) _deliver(key.callback, ResultHashing.taskId(dealId, first), root);
    }

    /// @dev Seizes the stakes of wrong contributors into the reward; counts winners and losers.
    function _judge(DealKey calldata key, BatchId batchId, Batch storage batch, uint256 n, uint256 reward)
        private
        returns (uint256 winners, uint256 losers, uint256 total)
    {
        uint256 stake = n * key.workerStake;
        total = reward;
        uint256 contributors = batch.contributors;
        for (uint256 i; i < contributors; ++i) {
            address worker = _store().contributors[batchId][i];
            if (_isAccurate(batchId, batch, worker)) {
                ++winners;
            } else {
                ++losers;
                _seize(worker, stake);
                total += stake;
                _resetScore(worker);
                emit ContributionJudged(batchId, worker, false);
            }
        }
    }

    function _creditWinners(DealKey calldata key, BatchId batchId, Batch storage batch, uint256 n, uint256 share, bool replicated)
        private
    {
        uint256 stake = n * key.workerStake;
        uint256 contributors = batch.contributors;
        for (uint256 i; i < contributors; ++i) {
            address worker = _store().contributors[batchId][i];
            if (!_isAccurate(batchId, batch, worker)) continue;
            _unlock(worker, stake);
            _credit(worker, share);
            if (replicated) _rewardScore(worker);
            emit ContributionJudged(batchId, worker, true);
        }
    }

    /// @dev Accurate: revealed the agreed result. Everyone else is wrong, including members of the
    /// agreed group who never revealed (they may have copied the hash).
    function _isAccurate(BatchId batchId, Batch storage batch, address worker) internal view returns (bool) {
        Contribution storage c = _store().contributions[batchId][worker];
        return c.status == ContributionStatus.Revealed && c.resultHash == _leadHash(batchId, batch);
    }

    /// @dev Reverses a finalized batch: requester refunded, pool stake to the requester, the agreed
    /// group's stakes to `stakesTo` (the requester for the checker, the challenger who won a game),
    /// scores of the agreed group reset, other contributors released.
    function _overturnPayout(DealKey calldata key, BatchId batchId, uint256 n, address stakesTo) internal {
        Batch storage batch = _store().batches[batchId];
        _unlock(key.requester, n * _taskPrice(key));
        uint256 compensation = _poolStake(key, n);
        _seize(key.poolOwner, compensation);
        _credit(key.requester, compensation);
        uint256 stake = batch.pushed ? 0 : n * key.workerStake;
        uint256 seized;
        bytes32 chosen = _leadHash(batchId, batch);
        for (uint256 i; i < batch.contributors; ++i) {
            address worker = _store().contributors[batchId][i];
            if (batch.pushed || _store().contributions[batchId][worker].resultHash == chosen) {
                _seize(worker, stake);
                seized += stake;
                _resetScore(worker);
                emit ContributionJudged(batchId, worker, false);
            } else {
                _unlock(worker, stake);
            }
        }
        _credit(stakesTo, seized);
    }

    /// @dev Releases the stakes of an unfinished batch at claim time. Members of a chosen group
    /// that did not reveal lose their stake to the requester; everyone else gets it back.
    function _releaseContributions(DealKey calldata key, BatchId batchId, uint256 n, bool revealing) internal {
        Batch storage batch = _store().batches[batchId];
        uint256 stake = n * key.workerStake;
        uint256 seized;
        bytes32 chosen = _leadHash(batchId, batch);
        for (uint256 i; i < batch.contributors; ++i) {
            address worker = _store().contributors[batchId][i];
            Contribution storage c = _store().contributions[batchId][worker];
            bool silent = revealing && c.status == ContributionStatus.Contributed && c.resultHash == chosen;
            if (silent || c.status == ContributionStatus.Rejected) {
                _seize(worker, stake);
                seized += stake;
                _resetScore(worker);
                emit ContributionJudged(batchId, worker, false);
            } else {
                _unlock(worker, stake);
            }
        }
        _credit(key.requester, seized);
    }

    /// @dev Calls the callback with a gas cap, ignoring its outcome and its return data, so a
    /// reverting, gas-hungry or return-bombing callback cannot block settlement. The caller
    /// must give enough gas for the cap, or the whole call reverts (no silent starvation).
    function _deliver(address callback, TaskId taskId, bytes32 digest) internal {
        uint256 gasLimit = _config().callbackGasLimit;
        if (gasleft() < gasLimit * 64 / 63 + CALLBACK_RESERVE) revert CallbackGasTooLow(gasleft(), gasLimit);
        bytes memory data = abi.encodeCall(IProofgridCallback.onProofgridResult, (TaskId.unwrap(taskId), digest));
        bool success;
        assembly ("memory-safe") {
            success := call(gasLimit, callback, 0, add(data, 0x20), mload(data), 0, 0)
        }
        emit CallbackDelivered(taskId, callback, digest, success);
    }
}
