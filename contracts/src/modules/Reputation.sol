// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IReputation} from "../interfaces/IReputation.sol";
import {Consensus} from "../libraries/Consensus.sol";

/// @title Reputation module: scores change only at settlement, after the rollback window (P4).
/// @dev A score rises by one per accurate contribution to a replicated batch (one per batch,
/// however many tasks it holds) and collapses to zero on a wrong or missing reveal.
abstract contract Reputation is IReputation {
    /// @custom:storage-location erc7201:proofgrid.storage.Reputation
    struct ReputationStorage {
        mapping(address worker => uint32) scores;
    }

    // keccak256(abi.encode(uint256(keccak256("proofgrid.storage.Reputation")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant REPUTATION_SLOT = 0x7afdeb9c66cd7ee26acbbfeecca3887d935b17e0d9c0842cfcae5e8b548d0000;

    /// @inheritdoc IReputation
    function scoreOf(address worker) external view returns (uint32) {
        return _reputation().scores[worker];
    }

    /// @inheritdoc IReputation
    function weightOf(address worker) public view returns (uint32) {
        return Consensus.weight(_reputation().scores[worker]);
    }

    function _rewardScore(address worker) internal {
        uint32 score = _reputation().scores[worker];
        if (score == type(uint32).max) return;
        _reputation().scores[worker] = score + 1;
        emit ReputationChanged(worker, score + 1);
    }

    function _resetScore(address worker) internal {
        if (_reputation().scores[worker] == 0) return;
        _reputation().scores[worker] = 0;
        emit ReputationChanged(worker, 0);
    }

    function _reputation() private pure returns (ReputationStorage storage $) {
        assembly ("memory-safe") {
            $.slot := REPUTATION_SLOT
        }
    }
}
