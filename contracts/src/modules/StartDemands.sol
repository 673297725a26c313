// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IDisputes, Reveal, InputsProof, Resolution} from "../interfaces/IDisputes.sol";
import {IDisputeGame} from "../interfaces/IDisputeGame.sol";
import {BatchStatus} from "../interfaces/IBatches.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId, TaskId} from "../types/Ids.sol";
import {ResultHashing} from "../libraries/ResultHashing.sol";
import {BindingChecks} from "./BindingChecks.sol";
import {Bindings} from "./Bindings.sol";

/// @title Start demands (decision 027): the defender of a claim reveals its start state on demand, or loses.
/// @notice `refuteAnswer(Start)` needs the start state's pre-image, which a liar who made up its start root (or ran
/// another program on inputs nobody else has) keeps to itself; a demand moves the burden to the defender: it reveals
/// an initial state of the app's image hashing to the start root within the dispute clock, or the result is
/// overturned as by a won game. The demander locks the dispute deposit, paid to the defender when the start holds.
abstract contract StartDemands is Bindings {
    /// @inheritdoc IDisputes
    function demandStart(DealKey calldata key, uint32 index, bytes32 outputDigest, IDisputeGame.Claim calldata claim)
        external
        nonReentrant
    {
        (TaskId taskId, Answer storage a) = _challengeable(key, index, outputDigest, claim);
        _openDemand(TaskId.unwrap(taskId), claim.startRoot, a.answerer);
        (a.openGames, a.state) = (a.openGames + 1, Resolution.Resolving);
    }

    /// @inheritdoc IDisputes
    function proveStart(DealKey calldata key, uint32 index, Reveal calldata reveal, InputsProof calldata inputs)
        external
        nonReentrant
    {
        (TaskId taskId, Answer storage a) = _answerOf(key, index);
        _proveDemand(
            TaskId.unwrap(taskId), taskId, key, index, reveal, inputs, a.overturned ? key.requester : a.answerer
        );
        a.openGames -= 1;
        _enterFirm(taskId, a);
    }

    /// @inheritdoc IDisputes
    function resolveStartDemand(DealKey calldata key, uint32 index) external nonReentrant {
        (TaskId taskId, Answer storage a) = _answerOf(key, index);
        address challenger = _expireDemand(TaskId.unwrap(taskId));
        a.openGames -= 1;
        if (!a.overturned) _overturnAnswer(a, challenger);
        _enterFirm(taskId, a);
    }

    /// @inheritdoc IDisputes
    function demandBatchStart(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 index,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        bytes32[] calldata proof
    ) external nonReentrant {
        (, BatchId batchId, Batch storage batch) =
            _challengeableBatch(key, first, count, index, outputDigest, claim, proof);
        if (batch.challenges == type(uint8).max) revert DisputeTooManyChallenges(BatchId.unwrap(batchId));
        batch.challenges += 1;
        _openDemand(_batchSubject(batchId, index), claim.startRoot, key.scheduler);
    }

    /// @inheritdoc IDisputes
    function proveBatchStart(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 index,
        Reveal calldata reveal,
        InputsProof calldata inputs
    ) external nonReentrant {
        (DealId dealId,, BatchId batchId) = _open(key, first, count);
        Batch storage batch = _store().batches[batchId];
        address paidTo = batch.status == BatchStatus.Finalized ? key.poolOwner : key.requester;
        TaskId taskId = ResultHashing.taskId(dealId, index);
        _proveDemand(_batchSubject(batchId, index), taskId, key, index, reveal, inputs, paidTo);
        batch.challenges -= 1;
    }

    /// @inheritdoc IDisputes
    function resolveBatchStartDemand(DealKey calldata key, uint32 first, uint32 count, uint32 index)
        external
        nonReentrant
    {
        (DealId dealId,, BatchId batchId) = _open(key, first, count);
        Batch storage batch = _store().batches[batchId];
        address challenger = _expireDemand(_batchSubject(batchId, index));
        batch.challenges -= 1;
        if (batch.status == BatchStatus.Finalized) {
            batch.status = BatchStatus.Overturned;
            _overturnPayout(key, batchId, count, challenger);
            emit BatchOverturned(batchId, dealId, challenger, bytes32(uint256(3)));
        }
    }

    function _answerOf(DealKey calldata key, uint32 index) private view returns (TaskId taskId, Answer storage a) {
        (DealId dealId,,) = _open(key, index, 1);
        taskId = ResultHashing.taskId(dealId, index);
        a = _disputes().answers[taskId];
    }

    function _batchSubject(BatchId batchId, uint32 index) private pure returns (bytes32) {
        return keccak256(abi.encode(batchId, index));
    }

    /// @dev Locks the dispute deposit from the caller and opens a demand on `subject` answered by `defender`.
    function _openDemand(bytes32 subject, bytes32 startRoot, address defender) private {
        StartDemand storage d = _disputes().startDemands[subject];
        if (d.proven) revert StartAlreadyProven(subject);
        if (d.challenger != address(0)) revert StartDemandOpen(subject);
        (uint96 deposit, uint40 deadline) = (_config().disputeDeposit, uint40(block.timestamp + _config().disputeClock));
        _lock(msg.sender, deposit);
        (d.challenger, d.deposit, d.defender, d.deadline, d.startRoot) =
        (msg.sender, deposit, defender, deadline, startRoot);
        emit StartDemanded(subject, msg.sender, defender, startRoot, deadline, deposit);
    }

    /// @dev Checks the revealed start against the open demand (any time before it is resolved) and, when the deal has
    /// an inputsRoot, its inputs against task `index`'s signed leaf (decision 031); pays the demand's deposit.
    function _proveDemand(
        bytes32 subject,
        TaskId taskId,
        DealKey calldata key,
        uint32 index,
        Reveal calldata reveal,
        InputsProof calldata inputs,
        address paidTo
    ) private {
        StartDemand storage d = _disputes().startDemands[subject];
        address challenger = d.challenger;
        if (challenger == address(0)) revert StartDemandUnknown(subject);
        bytes32 image = _disputes().machineImages[key.app][key.appOwner];
        if (BindingChecks.startBroken(d.startRoot, image, reveal)) revert StartRevealRejected(subject);
        if (
            key.inputsRoot != 0
                && !BindingChecks.inputsHold(key.inputsRoot, index, TaskId.unwrap(taskId), reveal, inputs)
        ) {
            revert StartInputsUnbound(subject, index);
        }
        (d.challenger, d.proven) = (address(0), true);
        _seize(challenger, d.deposit);
        _credit(paidTo, d.deposit);
        emit StartProven(subject, paidTo);
    }

    /// @dev Closes an open demand whose deadline passed with no reveal; the demander's deposit back.
    function _expireDemand(bytes32 subject) private returns (address challenger) {
        StartDemand storage d = _disputes().startDemands[subject];
        challenger = d.challenger;
        if (challenger == address(0)) revert StartDemandUnknown(subject);
        if (block.timestamp < d.deadline) revert StartDemandNotDue(subject, d.deadline);
        d.challenger = address(0);
        _unlock(challenger, d.deposit);
        emit StartDemandExpired(subject, challenger);
    }
}
