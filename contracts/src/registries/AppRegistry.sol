// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AssetRegistry} from "./AssetRegistry.sol";

/// @notice An app: a WASI module identified by its content hash, with its requirements.
struct AppMetadata {
    string name;
    string uri; // where the module can be fetched; the module is checked against moduleHash
    bytes32 moduleHash; // sha256 of the .wasm module
    bytes32 tag; // needs: bit 0 TEE, bit 1 GPU (a pool must offer them)
    uint32 maxMemoryMb; // memory the app needs
    uint32 category; // recommended category (max run time)
}

/// @title Registry of apps (M1, X3).
contract AppRegistry is AssetRegistry {
    /// @notice App `id` was registered to `owner`.
    event AppCreated(uint256 indexed id, address indexed owner, string name, bytes32 moduleHash, string uri);

    mapping(uint256 id => AppMetadata) private _apps;

    constructor() AssetRegistry("Proofgrid Apps", "PGAPP") {}

    /// @notice Registers an app owned by `owner` and returns its id.
    function createApp(address owner, AppMetadata calldata app) external returns (uint256 id) {
        if (bytes(app.name).length == 0) revert RegistryInvalidMetadata("name");
        if (app.moduleHash == bytes32(0)) revert RegistryInvalidMetadata("moduleHash");
        id = _mintNext(owner);
        _apps[id] = app;
        emit AppCreated(id, owner, app.name, app.moduleHash, app.uri);
    }

    /// @notice The app's metadata.
    function appOf(uint256 id) external view returns (AppMetadata memory) {
        _requireExists(id);
        return _apps[id];
    }

    /// @notice What matching needs: the owner and the tag of needs.
    function matchInfo(uint256 id) external view returns (address owner, bytes32 tag) {
        owner = _requireExists(id);
        tag = _apps[id].tag;
    }
}
