// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IConfig} from "../interfaces/IConfig.sol";
import {ConfigStore} from "./ConfigStore.sol";

/// @title Configuration module: the hub owner's few settings, and who may change them.
abstract contract Config is IConfig, Ownable, ConfigStore {
    uint32 internal constant MIN_CALLBACK_GAS = 10_000;
    uint32 internal constant MAX_CALLBACK_GAS = 2_000_000;

    /// @inheritdoc IConfig
    function rollbackWindow() public view returns (uint64) {
        return _config().rollbackWindow;
    }

    /// @inheritdoc IConfig
    function checker() public view returns (address) {
        return _config().checker;
    }

    /// @inheritdoc IConfig
    function callbackGasLimit() public view returns (uint32) {
        return _config().callbackGasLimit;
    }

    /// @inheritdoc IConfig
    function setRollbackWindow(uint64 window) public onlyOwner {
        if (window > MAX_ROLLBACK_WINDOW) revert ConfigInvalidValue("rollbackWindow", window);
        _config().rollbackWindow = window;
        emit RollbackWindowChanged(window);
    }

    /// @inheritdoc IConfig
    function windowBounds() external view returns (uint64, uint64, uint64, uint64) {
        ConfigStorage storage c = _config();
        return (c.minChallengeWindow, c.maxChallengeWindow, c.minRollbackWindow, c.maxRollbackWindow);
    }

    /// @inheritdoc IConfig
    function disputeSettings() external view returns (address, uint64, uint96) {
        ConfigStorage storage c = _config();
        return (c.disputeGame, c.disputeClock, c.disputeDeposit);
    }

    /// @inheritdoc IConfig
    function setWindowBounds(uint64 minChallenge, uint64 maxChallenge, uint64 minRollback, uint64 maxRollback) public onlyOwner {
        _checkBounds("challengeWindow", minChallenge, maxChallenge);
        _checkBounds("rollbackWindow", minRollback, maxRollback);
        ConfigStorage storage c = _config();
        (c.minChallengeWindow, c.maxChallengeWindow) = (minChallenge, maxChallenge);
        (c.minRollbackWindow, c.maxRollbackWindow) = (minRollback, maxRollback);
        emit WindowBoundsChanged(minChallenge, maxChallenge, minRollback, maxRollback);
    }

    /// @inheritdoc IConfig
    function setDisputeSettings(address game, uint64 clock, uint96 deposit) public onlyOwner {
        if (clock == 0 || clock > MAX_ROLLBACK_WINDOW) revert ConfigInvalidValue("disputeClock", clock);
        ConfigStorage storage c = _config();
        (c.disputeGame, c.disputeClock, c.disputeDeposit) = (game, clock, deposit);
        emit DisputeSettingsChanged(game, clock, deposit);
    }

    function _checkBounds(string memory field, uint64 min, uint64 max) private pure {
        if (min == 0) revert ConfigInvalidValue(field, min);
        if (max < min || max > MAX_ROLLBACK_WINDOW) revert ConfigInvalidValue(field, max);
    }

    /// @inheritdoc IConfig
    function setChecker(address newChecker) public onlyOwner {
        _config().checker = newChecker;
        emit CheckerChanged(newChecker);
    }

    /// @inheritdoc IConfig
    function setCallbackGasLimit(uint32 gasLimit) public onlyOwner {
        if (gasLimit < MIN_CALLBACK_GAS || gasLimit > MAX_CALLBACK_GAS) {
            revert ConfigInvalidValue("callbackGasLimit", gasLimit);
        }
        _config().callbackGasLimit = gasLimit;
        emit CallbackGasLimitChanged(gasLimit);
    }
}
