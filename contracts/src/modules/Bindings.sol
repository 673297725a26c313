// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IDisputes, ClaimEnd, Reveal} from "../interfaces/IDisputes.sol";
import {IDisputeGame} from "../interfaces/IDisputeGame.sol";
import {BatchStatus} from "../interfaces/IBatches.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId, BatchId, TaskId} from "../types/Ids.sol";
import {BindingChecks} from "./BindingChecks.sol";
import {Answers} from "./Answers.sol";
import {BatchChallenges} from "./BatchChallenges.sol";

/// @title The claim bindings (decision 027): a challenger who reveals a claim's start or end state and shows it
/// unbound to the task overturns the answer or batch without a game, as a won game does.
abstract contract Bindings is Answers, BatchChallenges {
    /// @inheritdoc IDisputes
    function refuteAnswer(
        DealKey calldata key,
        uint32 index,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        ClaimEnd end,
        Reveal calldata reveal
    ) external nonReentrant {
        (TaskId taskId, Answer storage a) = _challengeable(key, index, outputDigest, claim);
        if (a.overturned) revert DisputeUnexpectedState(taskId, a.state); // already lost by a game
        _requireBroken(key, outputDigest, claim, end, reveal);
        _overturnAnswer(a, msg.sender);
        emit ClaimRefuted(TaskId.unwrap(taskId), msg.sender, index, end);
        _enterFirm(taskId, a);
    }

    /// @inheritdoc IDisputes
    function refuteBatch(
        DealKey calldata key,
        uint32 first,
        uint32 count,
        uint32 index,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        bytes32[] calldata proof,
        ClaimEnd end,
        Reveal calldata reveal
    ) external nonReentrant {
        (DealId dealId, BatchId batchId, Batch storage batch) =
            _challengeableBatch(key, first, count, index, outputDigest, claim, proof);
        _requireBroken(key, outputDigest, claim, end, reveal);
        batch.status = BatchStatus.Overturned;
        _overturnPayout(key, batchId, count, msg.sender);
        emit ClaimRefuted(BatchId.unwrap(batchId), msg.sender, index, end);
        emit BatchOverturned(batchId, dealId, msg.sender, bytes32(uint256(end) + 1));
    }

    /// @inheritdoc IDisputes
    function setMachineImage(uint256 app, bytes32 image) external {
        if (image == 0) revert MachineImageZero();
        bytes32 current = _disputes().machineImages[app][msg.sender];
        if (current != 0) revert MachineImageAlreadySet(app, msg.sender, current);
        _disputes().machineImages[app][msg.sender] = image;
        emit MachineImageSet(app, msg.sender, image);
    }

    /// @inheritdoc IDisputes
    function machineImageOf(uint256 app, address owner) external view returns (bytes32) {
        return _disputes().machineImages[app][owner];
    }

    /// @dev Reverts BindingHolds unless the revealed `end` of the claim is unbound (BindingRevealInvalid when the
    /// reveal is not that end's pre-image).
    function _requireBroken(
        DealKey calldata key,
        bytes32 outputDigest,
        IDisputeGame.Claim calldata claim,
        ClaimEnd end,
        Reveal calldata reveal
    ) private view {
        bool broken = end == ClaimEnd.End
            ? BindingChecks.endBroken(claim, outputDigest, reveal)
            : BindingChecks.startBroken(claim.startRoot, _disputes().machineImages[key.app][key.appOwner], reveal);
        if (!broken) revert BindingHolds(end);
    }
}
