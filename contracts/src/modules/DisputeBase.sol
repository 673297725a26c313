// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IDisputes, ChallengeView} from "../interfaces/IDisputes.sol";
import {IDisputeGame} from "../interfaces/IDisputeGame.sol";
import {BatchBase} from "./BatchBase.sol";
import {DisputeStorage} from "./DisputeStorage.sol";

/// @title What the dispute modules share: opening a challenge's game and reading its outcome.
/// @dev The hub trusts only games it opened itself, on the game contract recorded with the challenge
/// (a later change of IConfig.disputeGame does not move open challenges).
abstract contract DisputeBase is IDisputes, BatchBase, DisputeStorage {
    /// @dev Locks `deposit` from the caller and opens a game against `claim` defended by `defender` (the party
    /// the claim is from) and played by the caller as challenger; records it as challenge `index` of `subject`.
    function _openGame(bytes32 subject, uint256 index, IDisputeGame.Claim calldata claim, uint96 deposit, address defender)
        internal
    {
        ConfigStorage storage config = _config();
        address game = config.disputeGame;
        if (game == address(0)) revert DisputeGameUnset();
        _lock(msg.sender, deposit);
        uint256 gameId = IDisputeGame(game).openDefended(claim, defender, msg.sender, config.disputeClock);
        _disputes().challenges[subject][index] = Challenge(msg.sender, deposit, game, false, gameId);
        emit DisputeGameOpened(subject, index, msg.sender, game, gameId, deposit);
    }

    /// @dev Marks an unresolved challenge resolved and returns it with whether its challenger won;
    /// reverts unless its game is over.
    function _closeChallenge(bytes32 subject, uint256 index) internal returns (Challenge storage c, bool challengerWon) {
        c = _disputes().challenges[subject][index];
        if (c.challenger == address(0) || c.resolved) revert DisputeChallengeUnknown(subject, index);
        IDisputeGame.Status status = IDisputeGame(c.game).status(c.gameId);
        if (status != IDisputeGame.Status.DefenderWon && status != IDisputeGame.Status.ChallengerWon) {
            revert DisputeGameNotOver(c.game, c.gameId);
        }
        c.resolved = true;
        challengerWon = status == IDisputeGame.Status.ChallengerWon;
    }

    /// @dev The challenger's deposit back to it (it won), or to `to` (it lost).
    function _payChallenge(bytes32 subject, uint256 index, Challenge storage c, bool challengerWon, address to) internal {
        if (challengerWon) {
            _unlock(c.challenger, c.deposit);
        } else {
            _seize(c.challenger, c.deposit);
            _credit(to, c.deposit);
        }
        emit ChallengeResolved(subject, index, challengerWon, challengerWon ? c.challenger : to, c.deposit);
    }

    /// @inheritdoc IDisputes
    function challengeOf(bytes32 subject, uint256 index) external view returns (ChallengeView memory) {
        Challenge storage c = _disputes().challenges[subject][index];
        return ChallengeView(c.challenger, c.deposit, c.game, c.resolved, c.gameId);
    }
}
