// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IDisputes, Resolution, AnswerView} from "../interfaces/IDisputes.sol";
import {IDisputeGame} from "../interfaces/IDisputeGame.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId, TaskId} from "../types/Ids.sol";
import {ResultHashing} from "../libraries/ResultHashing.sol";
import {DisputeBase} from "./DisputeBase.sol";

/// @title Optimistic answers (decision 026): the Ethereum Computation Market's lifecycle per task.
/// @notice answer -> (window passes) -> finalizeAnswer, or answer -> challenge (game) -> resolveChallenge
/// -> finalizeAnswer. The table is in docs/protocol.md ("Optimistic verification").
abstract contract Answers is DisputeBase {
    uint8 private constant OPTIMISTIC = 1;

    /// @inheritdoc IDisputes
    function answer(
        DealKey calldata key,
        uint32 index,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        bytes calldata authorization
    ) external nonReentrant {
        (DealId dealId, DealRecord storage record, BatchId batchId) = _open(key, index, 1);
        if (key.verification != OPTIMISTIC) revert BatchVerificationMismatch(dealId, key.verification);
        if (block.timestamp >= _deadline(key)) revert BatchDeadlinePassed(batchId, _deadline(key));
        _requireAuthorized(key, batchId, authorization);
        TaskId taskId = ResultHashing.taskId(dealId, index);
        Answer storage a = _disputes().answers[taskId];
        if (a.state != Resolution.Pending) revert DisputeUnexpectedState(taskId, a.state);
        // Settled for the deal's books from now on: a claim after the deadline cannot refund it.
        _markSettled(key, dealId, record, index, 1);
        uint96 deposit = _config().disputeDeposit;
        _lock(msg.sender, deposit);
        (a.state, a.windowEnd) = (Resolution.WaitingForResolution, uint40(block.timestamp + key.challengeWindow));
        (a.answerer, a.deposit) = (msg.sender, deposit);
        a.digest = ResultHashing.provableDigest(outputDigest, claim.startRoot, claim.steps, claim.endRoot);
        emit TaskAnswered(taskId, dealId, msg.sender, index, a.digest, outputDigest, claim, a.windowEnd, deposit);
    }

    /// @inheritdoc IDisputes
    function challenge(DealKey calldata key, uint32 index, bytes32 outputDigest, IDisputeGame.Claim calldata claim)
        external
        nonReentrant
        returns (uint256 challengeIndex)
    {
        (TaskId taskId, Answer storage a) = _challengeable(key, index, outputDigest, claim);
        challengeIndex = a.challenges;
        (a.challenges, a.openGames, a.state) = (a.challenges + 1, a.openGames + 1, Resolution.NeedsResolution);
        emit TaskChallenged(taskId, msg.sender, challengeIndex);
        _openGame(TaskId.unwrap(taskId), challengeIndex, claim, a.deposit, a.answerer);
        a.state = Resolution.Resolving;
    }

    /// @dev The answer of task `index`, open to challenges (inside its window, not settled by a game), and
    /// `outputDigest` and `claim` are its own.
    function _challengeable(DealKey calldata key, uint32 index, bytes32 outputDigest, IDisputeGame.Claim calldata claim)
        internal
        view
        returns (TaskId taskId, Answer storage a)
    {
        (DealId dealId,,) = _open(key, index, 1);
        taskId = ResultHashing.taskId(dealId, index);
        a = _disputes().answers[taskId];
        if (a.state != Resolution.WaitingForResolution && a.state != Resolution.Resolving) {
            revert DisputeUnexpectedState(taskId, a.state);
        }
        if (block.timestamp >= a.windowEnd) revert DisputeWindowClosed(TaskId.unwrap(taskId), a.windowEnd);
        bytes32 given = ResultHashing.provableDigest(outputDigest, claim.startRoot, claim.steps, claim.endRoot);
        if (given != a.digest) revert DisputeClaimMismatch(a.digest, given);
    }

    /// @inheritdoc IDisputes
    function resolveChallenge(DealKey calldata key, uint32 index, uint256 challengeIndex) external nonReentrant {
        (DealId dealId,,) = _open(key, index, 1);
        TaskId taskId = ResultHashing.taskId(dealId, index);
        Answer storage a = _disputes().answers[taskId];
        (Challenge storage c, bool challengerWon) = _closeChallenge(TaskId.unwrap(taskId), challengeIndex);
        a.openGames -= 1;
        // The loser's deposit to the winner: the answerer's to the first challenger who wins; a losing
        // challenger's to the answerer, or to the requester once the answer is overturned.
        if (challengerWon && !a.overturned) _overturnAnswer(a, c.challenger);
        _payChallenge(
            TaskId.unwrap(taskId), challengeIndex, c, challengerWon, a.overturned ? key.requester : a.answerer
        );
        _enterFirm(taskId, a);
    }

    /// @dev The answer is overturned: its deposit to `winner` (a challenger who won a game or refuted a binding).
    function _overturnAnswer(Answer storage a, address winner) internal {
        a.overturned = true;
        _seize(a.answerer, a.deposit);
        _credit(winner, a.deposit);
        _resetScore(a.answerer);
    }

    /// @dev FirmResolution once overturned, or once the games are over and the window passed (entered once).
    function _enterFirm(TaskId taskId, Answer storage a) internal {
        if (a.state == Resolution.Finalized || a.state == Resolution.FirmResolution) return; // entered once
        if (a.overturned || (a.openGames == 0 && block.timestamp >= a.windowEnd)) {
            a.state = Resolution.FirmResolution;
            emit AnswerResolved(taskId, a.overturned);
        } else if (a.openGames == 0) {
            a.state = Resolution.WaitingForResolution; // the window is still open to more challenges
        }
    }

    /// @inheritdoc IDisputes
    function finalizeAnswer(DealKey calldata key, uint32 index) external nonReentrant {
        (DealId dealId,, BatchId batchId) = _open(key, index, 1);
        TaskId taskId = ResultHashing.taskId(dealId, index);
        Answer storage a = _disputes().answers[taskId];
        Resolution state = _resolution(a);
        if (state != Resolution.SoftResolution && state != Resolution.FirmResolution) {
            revert DisputeUnexpectedState(taskId, state);
        }
        a.state = Resolution.Finalized;
        if (a.overturned) {
            // As `overturn`: the requester refunded, the pool's stake for the task to the requester.
            _unlock(key.requester, _taskPrice(key));
            uint256 compensation = _poolStake(key, 1);
            _seize(key.poolOwner, compensation);
            _credit(key.requester, compensation);
        } else {
            _unlock(a.answerer, a.deposit);
            _settle(key, dealId, batchId, index, 1, a.answerer, a.digest);
        }
        emit AnswerFinalized(taskId, dealId, a.overturned);
    }

    /// @inheritdoc IDisputes
    function resolutionOf(TaskId taskId) external view returns (Resolution) {
        return _resolution(_disputes().answers[taskId]);
    }

    /// @inheritdoc IDisputes
    function answerOf(TaskId taskId) external view returns (AnswerView memory) {
        Answer storage a = _disputes().answers[taskId];
        return AnswerView(
            _resolution(a), a.overturned, a.challenges, a.openGames, a.windowEnd, a.answerer, a.deposit, a.digest
        );
    }

    /// @dev The stored state, with the states entered by time: once the window has passed with no game
    /// open, SoftResolution (never challenged) or FirmResolution (every challenger lost).
    function _resolution(Answer storage a) private view returns (Resolution) {
        Resolution state = a.state;
        if (state == Resolution.WaitingForResolution && block.timestamp >= a.windowEnd) {
            return a.challenges == 0 ? Resolution.SoftResolution : Resolution.FirmResolution;
        }
        return state;
    }
}
