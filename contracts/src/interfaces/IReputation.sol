// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Reputation: each worker's score, earned on replicated work, and its consensus weight (P4).
interface IReputation {
    /// @notice `worker`'s score became `score` (rises by one per accurate replicated batch, 0 on a wrong one).
    event ReputationChanged(address indexed worker, uint32 score);

    /// @notice The worker's score.
    function scoreOf(address worker) external view returns (uint32);
    /// @notice The worker's credibility weight in consensus (odds Cr/(1-Cr)), see Consensus.sol.
    function weightOf(address worker) external view returns (uint32);
}
