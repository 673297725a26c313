// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Test} from "../utils/Test.sol";
import {DatasetRegistry, DatasetMetadata} from "../../src/registries/DatasetRegistry.sol";
import {AssetRegistry} from "../../src/registries/AssetRegistry.sol";

/// @notice DatasetRegistry (M1, D1): datasets identified by the hash of their ciphertext.
contract DatasetRegistryTest is Test {
    DatasetRegistry internal datasets;
    address internal alice = address(0xA11CE);

    function setUp() public {
        datasets = new DatasetRegistry();
    }

    function test_createDataset_succeedsWhenMetadataComplete() public {
        vm.expectEmit(address(datasets));
        emit DatasetRegistry.DatasetCreated(1, alice, "prices", keccak256("c"), "ipfs://c");
        uint256 id = datasets.createDataset(alice, DatasetMetadata("prices", "ipfs://c", keccak256("c"), bytes32(uint256(1))));
        vm.assertEq(id, 1, "first id");
        vm.assertEq(datasets.count(), 1, "count");
        vm.assertEq(datasets.datasetOf(id).contentHash, keccak256("c"), "content hash stored");
        (address owner, bytes32 tag) = datasets.matchInfo(id);
        vm.assertEq(owner, alice, "owner");
        vm.assertEq(tag, bytes32(uint256(1)), "tag (TEE)");
    }

    function test_createDataset_revertsWhenNameEmpty() public {
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryInvalidMetadata.selector, "name"));
        datasets.createDataset(alice, DatasetMetadata("", "ipfs://c", keccak256("c"), bytes32(0)));
    }

    function test_createDataset_revertsWhenContentHashZero() public {
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryInvalidMetadata.selector, "contentHash"));
        datasets.createDataset(alice, DatasetMetadata("prices", "ipfs://c", bytes32(0), bytes32(0)));
    }

    function test_datasetOf_revertsWhenUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 3));
        datasets.datasetOf(3);
    }

    function test_matchInfo_revertsWhenUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 3));
        datasets.matchInfo(3);
    }
}
