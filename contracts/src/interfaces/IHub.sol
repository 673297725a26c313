// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title What the hub adds to its modules' interfaces. The Hub implements IEscrow, ICategories,
/// IOrders, IDeals and IConfig itself, and IBatches and IReputation through its PoCo extension.
/// (IHub does not inherit them: the modules already do, and Solidity cannot linearize both paths.)
interface IHub {
    /// @notice The app, dataset and workerpool registries.
    function registries() external view returns (address apps, address datasets, address workerpools);
    /// @notice The PoCo extension the hub delegates batch, payout and reputation calls to.
    function poco() external view returns (address);
}
