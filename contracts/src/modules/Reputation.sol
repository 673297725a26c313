// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IReputation} from "../interfaces/IReputation.sol";
import {Consensus} from "../libraries/Consensus.sol";
import {EscrowLedger} from "./EscrowLedger.sol";

/// @title Reputation module: scores change only at settlement, after the rollback window (P4).
/// @dev A score rises by one per accurate contribution to a replicated batch (one per batch,
/// however many tasks it holds) and collapses to zero on a wrong or missing reveal. Stored in the
/// worker's escrow slot (EscrowLedger.Account).
abstract contract Reputation is IReputation, EscrowLedger {
    /// @inheritdoc IReputation
    function scoreOf(address worker) external view returns (uint32) {
        return _scoreOf(worker);
    }

    /// @inheritdoc IReputation
    function weightOf(address worker) public view returns (uint32) {
        return Consensus.weight(_scoreOf(worker));
    }

    function _rewardScore(address worker) internal {
        uint32 score = _scoreOf(worker);
        if (score == type(uint32).max) return;
        _setScore(worker, score + 1);
        emit ReputationChanged(worker, score + 1);
    }

    function _resetScore(address worker) internal {
        if (_scoreOf(worker) == 0) return;
        _setScore(worker, 0);
        emit ReputationChanged(worker, 0);
    }
}
