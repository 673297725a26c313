// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";

/// @notice A test double of the dispute game for the hub's unit tests (decision 026): records what the
/// hub opened and lets the test decide the outcome. The real game is contracts/src/disputes/.
contract MockDisputeGame is IDisputeGame {
    struct Game {
        Claim claim;
        address defender; // 0 when opened with `open`
        address challenger;
        uint64 clock;
        address opener;
        Status status;
    }

    Game[] internal _games;

    function open(Claim calldata claim, address challenger, uint64 clock) external returns (uint256 gameId) {
        gameId = _games.length;
        _games.push(Game(claim, address(0), challenger, clock, msg.sender, Status.Open));
    }

    function openDefended(Claim calldata claim, address defender, address challenger, uint64 clock) external returns (uint256 gameId) {
        gameId = _games.length;
        _games.push(Game(claim, defender, challenger, clock, msg.sender, Status.Open));
    }

    function status(uint256 gameId) external view returns (Status) {
        return gameId < _games.length ? _games[gameId].status : Status.None;
    }

    function opener(uint256 gameId) external view returns (address) {
        return _games[gameId].opener;
    }

    function gameOf(uint256 gameId) external view returns (Game memory) {
        return _games[gameId];
    }

    function count() external view returns (uint256) {
        return _games.length;
    }

    /// @dev Test control: ends game `gameId` with `outcome`.
    function decide(uint256 gameId, Status outcome) external {
        _games[gameId].status = outcome;
    }
}
