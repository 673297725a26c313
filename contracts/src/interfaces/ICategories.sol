// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Categories: classes of work with a max run time per task (M6).
interface ICategories {
    /// @notice No category has id `category`.
    error CategoryUnknown(uint256 category);
    /// @notice A category needs a positive max run time.
    error CategoryInvalidRunTime(uint64 maxRunTime);

    /// @notice Category `category` was created.
    event CategoryCreated(uint256 indexed category, string name, uint64 maxRunTime);

    /// @notice Creates a category (hub owner only). Returns its id, counting from 0.
    function createCategory(string calldata name, uint64 maxRunTime) external returns (uint256 category);
    /// @notice The category's name and max run time per task in seconds.
    function categoryOf(uint256 category) external view returns (string memory name, uint64 maxRunTime);
    /// @notice How many categories exist.
    function categoryCount() external view returns (uint256);
}
