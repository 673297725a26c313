// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ICategories} from "../interfaces/ICategories.sol";

/// @title Categories module: max run time per task, from which deadlines follow (M6).
abstract contract Categories is ICategories, Ownable {
    struct Category {
        string name;
        uint64 maxRunTime;
    }

    /// @custom:storage-location erc7201:proofgrid.storage.Categories
    struct CategoriesStorage {
        Category[] categories;
    }

    // keccak256(abi.encode(uint256(keccak256("proofgrid.storage.Categories")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant CATEGORIES_SLOT = 0x32ceef11ed16fb9e1850c5c32e25d75a3645a9c9cad550fb6f68a25d9855a800;

    /// @inheritdoc ICategories
    function createCategory(string calldata name, uint64 maxRunTime) external onlyOwner returns (uint256 category) {
        if (maxRunTime == 0) revert CategoryInvalidRunTime(maxRunTime);
        Category[] storage all = _categories().categories;
        category = all.length;
        all.push(Category(name, maxRunTime));
        emit CategoryCreated(category, name, maxRunTime);
    }

    /// @inheritdoc ICategories
    function categoryOf(uint256 category) external view returns (string memory name, uint64 maxRunTime) {
        Category storage c = _category(category);
        return (c.name, c.maxRunTime);
    }

    /// @inheritdoc ICategories
    function categoryCount() external view returns (uint256) {
        return _categories().categories.length;
    }

    /// @dev The category's max run time; reverts CategoryUnknown.
    function _maxRunTime(uint256 category) internal view returns (uint64) {
        return _category(category).maxRunTime;
    }

    function _category(uint256 category) private view returns (Category storage) {
        Category[] storage all = _categories().categories;
        if (category >= all.length) revert CategoryUnknown(category);
        return all[category];
    }

    function _categories() private pure returns (CategoriesStorage storage $) {
        assembly ("memory-safe") {
            $.slot := CATEGORIES_SLOT
        }
    }
}
