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

    /// @notice Seconds after finalize before payouts can be settled (P6).
    function rollbackWindow() external view returns (uint64);
    /// @notice The address allowed to overturn results inside the window.
    function checker() external view returns (address);
    /// @notice Gas forwarded to a result callback.
    function callbackGasLimit() external view returns (uint32);

    function setRollbackWindow(uint64 window) external;
    function setChecker(address checker) external;
    function setCallbackGasLimit(uint32 gasLimit) external;
}
