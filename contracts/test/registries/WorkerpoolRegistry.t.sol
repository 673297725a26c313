// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Test} from "../utils/Test.sol";
import {WorkerpoolRegistry, WorkerpoolMetadata, Resources} from "../../src/registries/WorkerpoolRegistry.sol";
import {AssetRegistry} from "../../src/registries/AssetRegistry.sol";

/// @notice WorkerpoolRegistry (M1, C1, X1): pools with a scheduler key, a policy and public resources.
contract WorkerpoolRegistryTest is Test {
    WorkerpoolRegistry internal pools;
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);
    address internal sched = address(0x5C4ED);

    function setUp() public {
        pools = new WorkerpoolRegistry();
    }

    function _res(bool tee, uint32 gpus) internal pure returns (Resources memory) {
        return Resources(4, 8192, 50, gpus, tee, "eu");
    }

    function _pool() internal view returns (WorkerpoolMetadata memory) {
        return WorkerpoolMetadata("pool", sched, 30, 10, _res(false, 0));
    }

    function test_createWorkerpool_succeedsWhenPolicyValid_derivesTheTagFromResources() public {
        WorkerpoolMetadata memory m = _pool();
        m.resources = _res(true, 2);
        vm.expectEmit(address(pools));
        emit WorkerpoolRegistry.WorkerpoolCreated(1, alice, "pool", sched);
        uint256 id = pools.createWorkerpool(alice, m);
        (address owner, address scheduler, uint8 stakeRatio, uint8 rewardRatio, bytes32 tag) = pools.matchInfo(id);
        vm.assertEq(owner, alice, "owner");
        vm.assertEq(scheduler, sched, "scheduler");
        vm.assertEq(uint256(stakeRatio), 30, "worker stake ratio");
        vm.assertEq(uint256(rewardRatio), 10, "scheduler reward ratio");
        vm.assertEq(tag, bytes32(uint256(3)), "TEE | GPU");
        vm.assertEq(pools.workerpoolOf(id).resources.region, "eu", "resources public on chain");
    }

    function test_createWorkerpool_revertsWhenDescriptionEmpty() public {
        WorkerpoolMetadata memory m = _pool();
        m.description = "";
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryInvalidMetadata.selector, "description"));
        pools.createWorkerpool(alice, m);
    }

    function test_createWorkerpool_revertsWhenSchedulerZero() public {
        WorkerpoolMetadata memory m = _pool();
        m.scheduler = address(0);
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryInvalidMetadata.selector, "scheduler"));
        pools.createWorkerpool(alice, m);
    }

    function test_createWorkerpool_revertsWhenWorkerStakeRatioAbove100() public {
        WorkerpoolMetadata memory m = _pool();
        m.workerStakeRatio = 101;
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryInvalidMetadata.selector, "workerStakeRatio"));
        pools.createWorkerpool(alice, m);
    }

    function test_createWorkerpool_revertsWhenSchedulerRewardRatioAbove100() public {
        WorkerpoolMetadata memory m = _pool();
        m.schedulerRewardRatio = 101;
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryInvalidMetadata.selector, "schedulerRewardRatio"));
        pools.createWorkerpool(alice, m);
    }

    function test_setResources_succeedsWhenOwner_updatesTheTag() public {
        uint256 id = pools.createWorkerpool(alice, _pool());
        vm.expectEmit(address(pools));
        emit WorkerpoolRegistry.WorkerpoolResourcesUpdated(id, _res(false, 1), bytes32(uint256(2)));
        vm.prank(alice);
        pools.setResources(id, _res(false, 1));
        (,,,, bytes32 tag) = pools.matchInfo(id);
        vm.assertEq(tag, bytes32(uint256(2)), "GPU only");
        vm.assertEq(uint256(pools.workerpoolOf(id).resources.gpus), 1, "resources stored");
    }

    function test_setResources_revertsWhenCallerNotOwner() public {
        uint256 id = pools.createWorkerpool(alice, _pool());
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryUnauthorized.selector, id, bob, alice));
        pools.setResources(id, _res(true, 0));
    }

    function test_setResources_revertsWhenUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 9));
        pools.setResources(9, _res(true, 0));
    }

    function test_setPolicy_succeedsWhenOwner() public {
        uint256 id = pools.createWorkerpool(alice, _pool());
        vm.expectEmit(address(pools));
        emit WorkerpoolRegistry.WorkerpoolPolicyUpdated(id, bob, 50, 20);
        vm.prank(alice);
        pools.setPolicy(id, bob, 50, 20);
        (, address scheduler, uint8 stakeRatio, uint8 rewardRatio,) = pools.matchInfo(id);
        vm.assertEq(scheduler, bob, "new scheduler key");
        vm.assertEq(uint256(stakeRatio), 50, "new stake ratio");
        vm.assertEq(uint256(rewardRatio), 20, "new reward ratio");
    }

    function test_setPolicy_revertsWhenCallerNotOwner() public {
        uint256 id = pools.createWorkerpool(alice, _pool());
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryUnauthorized.selector, id, bob, alice));
        pools.setPolicy(id, bob, 50, 20);
    }

    function test_setPolicy_revertsWhenPolicyInvalid() public {
        uint256 id = pools.createWorkerpool(alice, _pool());
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryInvalidMetadata.selector, "scheduler"));
        pools.setPolicy(id, address(0), 50, 20);
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryInvalidMetadata.selector, "workerStakeRatio"));
        pools.setPolicy(id, bob, 200, 20);
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryInvalidMetadata.selector, "schedulerRewardRatio"));
        pools.setPolicy(id, bob, 50, 200);
        vm.stopPrank();
    }

    function test_workerpoolOf_revertsWhenUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 1));
        pools.workerpoolOf(1);
    }

    function test_matchInfo_revertsWhenUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(AssetRegistry.RegistryUnknownAsset.selector, 1));
        pools.matchInfo(1);
    }
}
