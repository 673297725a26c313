// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @title Base of the app, dataset and workerpool registries (M1).
/// @notice Each asset is an ERC-721 token: owning the token is owning the asset, and transferring
/// it transfers the asset and its future revenue. Ids count from 1, so 0 means "none" in orders.
abstract contract AssetRegistry is ERC721 {
    /// @notice No asset has id `id`.
    error RegistryUnknownAsset(uint256 id);
    /// @notice Metadata field `field` is missing or invalid.
    error RegistryInvalidMetadata(string field);
    /// @notice Only the asset's owner `owner` may change it.
    error RegistryUnauthorized(uint256 id, address caller, address owner);

    uint256 private _count;

    constructor(string memory name_, string memory symbol_) ERC721(name_, symbol_) {}

    /// @notice How many assets were created; ids are 1..count.
    function count() external view returns (uint256) {
        return _count;
    }

    /// @notice Whether `id` is a registered asset.
    function exists(uint256 id) public view returns (bool) {
        return _ownerOf(id) != address(0);
    }

    function _mintNext(address owner) internal returns (uint256 id) {
        id = ++_count;
        _safeMint(owner, id);
    }

    function _requireExists(uint256 id) internal view returns (address owner) {
        owner = _ownerOf(id);
        if (owner == address(0)) revert RegistryUnknownAsset(id);
    }

    function _requireOwner(uint256 id) internal view {
        address owner = _requireExists(id);
        if (owner != msg.sender) revert RegistryUnauthorized(id, msg.sender, owner);
    }
}
