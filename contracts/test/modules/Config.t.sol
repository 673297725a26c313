// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IConfig} from "../../src/interfaces/IConfig.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {Hub} from "../../src/Hub.sol";
import {HubPoco} from "../../src/HubPoco.sol";
import {IBatchActions} from "../../src/interfaces/IBatches.sol";
import {DealKey} from "../../src/types/DealKey.sol";

/// @notice Hub construction and configuration: rollback window, checker, callback gas, views.
contract ConfigTest is Fixture {
    function test_constructor_succeeds_setsDefaults() public view {
        vm.assertEq(uint256(hub.rollbackWindow()), 0, "fixture window");
        vm.assertEq(uint256(hub.callbackGasLimit()), 200_000, "default callback gas");
        vm.assertEq(hub.checker(), checker, "checker set by the fixture");
        vm.assertEq(hub.owner(), address(this), "owner");
        (address a, address d, address w) = hub.registries();
        vm.assertEq(a, address(apps), "apps");
        vm.assertEq(d, address(datasets), "datasets");
        vm.assertEq(w, address(pools), "workerpools");
        vm.assertTrue(hub.poco() != address(0), "extension set");
    }

    function test_constructor_revertsWhenWindowAboveThirtyDays() public {
        address ext = address(new HubPoco());
        vm.expectRevert(abi.encodeWithSelector(IConfig.ConfigInvalidValue.selector, "rollbackWindow", 30 days + 1));
        new Hub(token, apps, datasets, pools, ext, address(this), 30 days + 1);
    }

    function test_setRollbackWindow_succeedsWhenOwner() public {
        vm.expectEmit(address(hub));
        emit IConfig.RollbackWindowChanged(30 days);
        hub.setRollbackWindow(30 days);
        vm.assertEq(uint256(hub.rollbackWindow()), 30 days, "window");
    }

    function test_setRollbackWindow_revertsWhenAboveThirtyDays() public {
        vm.expectRevert(abi.encodeWithSelector(IConfig.ConfigInvalidValue.selector, "rollbackWindow", 30 days + 1));
        hub.setRollbackWindow(30 days + 1);
    }

    function test_setRollbackWindow_revertsWhenCallerNotOwner() public {
        vm.prank(checker);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, checker));
        hub.setRollbackWindow(1);
    }

    function test_setChecker_succeedsWhenOwner() public {
        vm.expectEmit(address(hub));
        emit IConfig.CheckerChanged(requester);
        hub.setChecker(requester);
        vm.assertEq(hub.checker(), requester, "checker");
    }

    function test_setChecker_revertsWhenCallerNotOwner() public {
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, requester));
        hub.setChecker(requester);
    }

    function test_setCallbackGasLimit_succeedsWhenInRange() public {
        vm.expectEmit(address(hub));
        emit IConfig.CallbackGasLimitChanged(10_000);
        hub.setCallbackGasLimit(10_000);
        vm.assertEq(uint256(hub.callbackGasLimit()), 10_000, "lower bound accepted");
        hub.setCallbackGasLimit(2_000_000);
        vm.assertEq(uint256(hub.callbackGasLimit()), 2_000_000, "upper bound accepted");
    }

    function test_setCallbackGasLimit_revertsWhenOutOfRange() public {
        vm.expectRevert(abi.encodeWithSelector(IConfig.ConfigInvalidValue.selector, "callbackGasLimit", 9_999));
        hub.setCallbackGasLimit(9_999);
        vm.expectRevert(abi.encodeWithSelector(IConfig.ConfigInvalidValue.selector, "callbackGasLimit", 2_000_001));
        hub.setCallbackGasLimit(2_000_001);
    }

    function test_setCallbackGasLimit_revertsWhenCallerNotOwner() public {
        vm.prank(poolOwner);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, poolOwner));
        hub.setCallbackGasLimit(50_000);
    }

    function test_transferOwnership_succeedsWhenOwner_handsOverTheSetters() public {
        hub.transferOwnership(requester);
        vm.prank(requester);
        hub.setRollbackWindow(60);
        vm.assertEq(uint256(hub.rollbackWindow()), 60, "new owner configures");
    }

    /// @dev The extension holds no deal: called directly it only knows unknown deals.
    function test_pocoExtension_revertsWhenCalledDirectly() public {
        DealKey memory key = openDeal(1, 1, false);
        IBatchActions ext = IBatchActions(hub.poco());
        vm.expectRevert(abi.encodeWithSelector(IDeals.DealUnknown.selector, dealIdOf(key)));
        ext.claim(key, 0, 1);
    }

    function test_fallback_revertsWithoutDataWhenSelectorUnknown() public {
        (bool ok, bytes memory ret) = address(hub).call(abi.encodeWithSignature("nothingHere()"));
        vm.assertFalse(ok, "unknown selector reverts");
        vm.assertEq(ret.length, 0, "with no data");
    }

    /// @dev Both halves use the same ERC-7201 config slot: a value set by the hub is what the
    /// extension reads (here: the checker, through overturn's guard).
    function test_config_succeeds_readsTheErc7201Namespace() public view {
        bytes32 slot = keccak256(abi.encode(uint256(keccak256("proofgrid.storage.Config")) - 1)) & ~bytes32(uint256(0xff));
        bytes32 word = vm.load(address(hub), slot);
        vm.assertEq(uint256(word) & type(uint64).max, hub.rollbackWindow(), "window in bits 0-63");
        vm.assertEq((uint256(word) >> 64) & type(uint32).max, hub.callbackGasLimit(), "gas in bits 64-95");
        vm.assertEq(address(uint160(uint256(word) >> 96)), hub.checker(), "checker above");
    }
}
