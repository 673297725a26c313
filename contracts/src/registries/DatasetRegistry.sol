// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AssetRegistry} from "./AssetRegistry.sol";

/// @notice A dataset: an encrypted file identified by the hash of its ciphertext (D1, D4).
struct DatasetMetadata {
    string name;
    string uri; // where the ciphertext can be fetched
    bytes32 contentHash; // sha256 of the ciphertext
    bytes32 tag; // needs: bit 0 TEE
}

/// @title Registry of datasets (M1, D1).
contract DatasetRegistry is AssetRegistry {
    /// @notice Dataset `id` was registered to `owner`.
    event DatasetCreated(uint256 indexed id, address indexed owner, string name, bytes32 contentHash, string uri);

    mapping(uint256 id => DatasetMetadata) private _datasets;

    constructor() AssetRegistry("Proofgrid Datasets", "PGDATA") {}

    /// @notice Registers a dataset owned by `owner` and returns its id.
    function createDataset(address owner, DatasetMetadata calldata dataset) external returns (uint256 id) {
        if (bytes(dataset.name).length == 0) revert RegistryInvalidMetadata("name");
        if (dataset.contentHash == bytes32(0)) revert RegistryInvalidMetadata("contentHash");
        id = _mintNext(owner);
        _datasets[id] = dataset;
        emit DatasetCreated(id, owner, dataset.name, dataset.contentHash, dataset.uri);
    }

    /// @notice The dataset's metadata.
    function datasetOf(uint256 id) external view returns (DatasetMetadata memory) {
        _requireExists(id);
        return _datasets[id];
    }

    /// @notice What matching needs: the owner and the tag of needs.
    function matchInfo(uint256 id) external view returns (address owner, bytes32 tag) {
        owner = _requireExists(id);
        tag = _datasets[id].tag;
    }
}
