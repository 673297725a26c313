// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Credibility-based consensus after Sarmenta, with bounded worker weight.
/// @notice A worker's weight is its credibility as odds, P̃(w) = Cr(w) / (1 - Cr(w)):
///   weight(score) = min(FRESH_WEIGHT + score / SCORE_PER_WEIGHT, MAX_WEIGHT).
/// A fresh worker has odds 2 (Cr = 2/3: at most one worker in three assumed a saboteur); each
/// SCORE_PER_WEIGHT accurate replicated batches add one to the odds, up to MAX_WEIGHT (Cr = 8/9).
/// A result group's value is the product of its contributors' weights (its odds), and
///   Cr(group) = group / (1 + Σ groups).
/// A requester's trust T asks for Cr(group) > 1 - 1/T, that is
///   group · T > (1 + Σ groups) · (T - 1);   trust <= 1 accepts the first contribution.
/// Where it improves on iExec PoCo (`weight = max(score/3, 3) - 1`, unbounded): PoCo's weight grows
/// without limit, so three workers with a farmed score of 60 outvote any number of honest ones
/// (research/reliability.md §1.2). Here the cap makes a clique of k workers worth at most 8^k,
/// so reaching trust T alone needs k > log8(T - 1) colluders on the same batch, and every honest
/// dissenter still adds to the denominator. See docs/protocol.md for the full argument.
library Consensus {
    uint32 internal constant FRESH_WEIGHT = 2;
    uint32 internal constant SCORE_PER_WEIGHT = 4;
    uint32 internal constant MAX_WEIGHT = 8;

    /// @notice The consensus weight (odds) of a worker with `score`.
    function weight(uint32 score) internal pure returns (uint32) {
        uint256 w = uint256(FRESH_WEIGHT) + score / SCORE_PER_WEIGHT;
        return w > MAX_WEIGHT ? MAX_WEIGHT : uint32(w);
    }

    /// @notice Adds a vote of weight `w` to a group of value `group` (0 when empty).
    /// @return newGroup the group's value, the product of its weights
    /// @return delta what the sum of all groups grows by
    function addVote(uint256 group, uint32 w) internal pure returns (uint256 newGroup, uint256 delta) {
        newGroup = (group == 0 ? 1 : group) * w;
        delta = newGroup - group;
    }

    /// @notice Whether a group of value `group` reaches `trust` given the sum of all groups `sum`.
    function reached(uint256 group, uint256 sum, uint256 trust) internal pure returns (bool) {
        if (group == 0) return false;
        if (trust <= 1) return true;
        return group * trust > (1 + sum) * (trust - 1);
    }
}
