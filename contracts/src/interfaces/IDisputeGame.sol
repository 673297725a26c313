// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title IDisputeGame
/// @notice A bisection game over the provable machine (packages/machine, contracts/src/machine): a claim says that
/// the machine started at `startRoot` reaches `endRoot` after exactly `steps` steps (a step from a halted state
/// leaves it unchanged). A challenger disagrees; k-ary dissection narrows the disagreement to one step, which
/// OneStepProver executes. Each side plays on a chess clock; running out of time loses. The defender's side may be
/// played by anyone (the honest trace is the same for every honest party); the challenger's side only by the
/// challenger who opened the game. The game holds no money: whoever opens it (the hub) reads `status` and pays.
interface IDisputeGame {
    struct Claim {
        bytes32 startRoot;
        bytes32 endRoot;
        uint64 steps;
    }

    enum Status {
        None,
        Open,
        DefenderWon,
        ChallengerWon
    }

    /// @notice Opens a game against `claim`, played by `challenger`, each side with `clock` seconds in all.
    /// The caller (`opener`) is recorded; a hub trusts only the games it opened itself.
    function open(Claim calldata claim, address challenger, uint64 clock) external returns (uint256 gameId);

    /// @notice Opens a game against `claim` whose defender's side only `defender` may play (the party the claim
    /// is from), the challenger's side `challenger`. A hub opens this one: with `open`, a challenger could play
    /// the defender's side badly from a second address and beat a true claim (decision 022, point 2).
    function openDefended(Claim calldata claim, address defender, address challenger, uint64 clock)
        external
        returns (uint256 gameId);

    /// @notice The game's status; final once DefenderWon or ChallengerWon.
    function status(uint256 gameId) external view returns (Status);

    /// @notice Who opened the game (the hub for games of market results).
    function opener(uint256 gameId) external view returns (address);
}
