// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Hub configuration: rollback window, spot-check authority, callback gas.
interface IConfig {
    /// @notice A configuration value is out of its allowed range.
    error ConfigInvalidValue(string field, uint256 value);

    /// @notice The rollback window changed (applies to batches finalized afterwards).
    event RollbackWindowChanged(uint64 window);
    /// @notice The checker (spot-check authority) changed.
    event CheckerChanged(address checker);
    /// @notice The gas given to result callbacks changed.
    event CallbackGasLimitChanged(uint32 gasLimit);
    /// @notice The bounds of the requests' challenge and rollback windows changed (applies to deals matched afterwards).
    event WindowBoundsChanged(uint64 minChallenge, uint64 maxChallenge, uint64 minRollback, uint64 maxRollback);
    /// @notice The dispute settings changed: the game, each side's clock, the deposit (applies to answers and
    /// challenges made afterwards; open ones keep theirs).
    event DisputeSettingsChanged(address game, uint64 clock, uint96 deposit);

    /// @notice Seconds after finalize before payouts can be settled (P6).
    function rollbackWindow() external view returns (uint64);
    /// @notice The address allowed to overturn results inside the window.
    function checker() external view returns (address);
    /// @notice Gas forwarded to a result callback.
    function callbackGasLimit() external view returns (uint32);

    /// @notice Bounds of a request's `challengeWindow` (optimistic) and non-zero `rollbackWindow` (replicated), seconds.
    function windowBounds() external view returns (uint64 minChallenge, uint64 maxChallenge, uint64 minRollback, uint64 maxRollback);
    /// @notice The dispute game contract, each side's clock (seconds) and the deposit an answer or a challenge locks.
    function disputeSettings() external view returns (address game, uint64 clock, uint96 deposit);

    function setRollbackWindow(uint64 window) external;
    /// @notice Sets the window bounds: 0 < min <= max <= 30 days for each.
    function setWindowBounds(uint64 minChallenge, uint64 maxChallenge, uint64 minRollback, uint64 maxRollback) external;
    /// @notice Sets the dispute game, clock (> 0) and deposit.
    function setDisputeSettings(address game, uint64 clock, uint96 deposit) external;
    function setChecker(address checker) external;
    function setCallbackGasLimit(uint32 gasLimit) external;
}
