// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Test} from "../utils/Test.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {AppRegistry, AppMetadata} from "../../src/registries/AppRegistry.sol";
import {AssetRegistry} from "../../src/registries/AssetRegistry.sol";

/// @notice AppRegistry (M1): apps are owned, transferable ERC-721 assets with metadata.
contract AppRegistryTest is Test {
    AppRegistry internal apps;
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);

    function setUp() public {
        apps = new AppRegistry();
    }

    function _app(string memory name) internal pure returns (AppMetadata memory) {
        return AppMetadata(name, "ipfs://m", keccak256(bytes(name)), bytes32(uint256(2)), 128, 1);
    }

    function test_createApp_succeedsWhenMetadataComplete_mintsIdsFromOne() public {
        vm.expectEmit(address(apps));
        emit AppRegistry.AppCreated(1, alice, "pi", keccak256("pi"), "ipfs://m");
        uint256 first = apps.createApp(alice, _app("pi"));
        uint256 second = apps.createApp(bob, _app("render"));
        vm.assertEq(first, 1, "ids count from 1");
        vm.assertEq(second, 2, "then 2");
        vm.assertEq(apps.count(), 2, "count");
        vm.assertEq(apps.ownerOf(1), alice, "owner is the NFT holder");
        vm.assertTrue(apps.exists(2), "exists");
        vm.assertFalse(apps.exists(0), "id 0 means none");
        AppMetadata memory m = apps.appOf(1);
        vm.assertEq(m.name, "pi", "name stored");
        vm.assertEq(m.moduleHash, keccak256("pi"), "module hash stored");
        vm.assertEq(uint256(m.maxMemoryMb), 128, "requirements stored");
        (address owner, bytes32 tag) = apps.matchInfo(1);
        vm.assertEq(owner, alice, "matchInfo owner");
        vm.assertEq(tag, bytes32(uint256(2)), "matchInfo tag");
    }

    function test_createApp_revertsWhenNameEmpty() public {
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryInvalidMetadata.selector, "name"));
        apps.createApp(alice, _app(""));
    }

    function test_createApp_revertsWhenModuleHashZero() public {
        AppMetadata memory m = _app("pi");
        m.moduleHash = bytes32(0);
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryInvalidMetadata.selector, "moduleHash"));
        apps.createApp(alice, m);
    }

    function test_createApp_revertsWhenOwnerIsAContractThatCannotHoldNfts() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(this)));
        apps.createApp(address(this), _app("pi"));
    }

    function test_appOf_revertsWhenUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 7));
        apps.appOf(7);
    }

    function test_matchInfo_revertsWhenUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 0));
        apps.matchInfo(0);
    }

    function test_transferFrom_succeedsWhenOwnerTransfers_movesTheAsset() public {
        uint256 id = apps.createApp(alice, _app("pi"));
        vm.prank(alice);
        apps.transferFrom(alice, bob, id);
        (address owner,) = apps.matchInfo(id);
        vm.assertEq(owner, bob, "the new holder owns the app");
    }

    function test_transferFrom_revertsWhenCallerNotOwner() public {
        uint256 id = apps.createApp(alice, _app("pi"));
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, bob, id));
        apps.transferFrom(alice, bob, id);
    }
}
