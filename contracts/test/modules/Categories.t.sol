// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ICategories} from "../../src/interfaces/ICategories.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";

/// @notice Categories (M6): classes of work with a max run time, from which deadlines follow.
contract CategoriesTest is Fixture {
    function test_createCategory_succeedsWhenOwner_numbersFromZero() public {
        vm.expectEmit(address(hub));
        emit ICategories.CategoryCreated(1, "L", 3600);
        uint256 id = hub.createCategory("L", 3600);
        vm.assertEq(id, 1, "fixture made category 0");
        vm.assertEq(hub.categoryCount(), 2, "count");
        (string memory name, uint64 maxRunTime) = hub.categoryOf(1);
        vm.assertEq(name, "L", "name");
        vm.assertEq(uint256(maxRunTime), 3600, "max run time");
    }

    function test_createCategory_revertsWhenCallerNotOwner() public {
        vm.prank(requester);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, requester));
        hub.createCategory("L", 3600);
    }

    function test_createCategory_revertsWhenRunTimeZero() public {
        vm.expectRevert(abi.encodeWithSelector(ICategories.CategoryInvalidRunTime.selector, 0));
        hub.createCategory("L", 0);
    }

    function test_categoryOf_revertsWhenUnknown() public {
        vm.expectRevert(abi.encodeWithSelector(ICategories.CategoryUnknown.selector, 1));
        hub.categoryOf(1);
    }

    function test_matchOrders_succeedsWhenCategoryExists_snapshotsItsRunTime() public {
        uint256 category = hub.createCategory("XL", 7200);
        WorkerpoolOrder memory p = poolOrder(1);
        p.category = category;
        RequestOrder memory r = requestOrder(1, 1, false);
        r.category = category;
        DealKey memory key = matchAll(signed(appOrder()), signed(datasetOrder()), signed(p), signed(r));
        vm.assertEq(uint256(key.timeRef), 7200, "the deal's time reference is the category's run time");
    }

    function test_matchOrders_revertsWhenCategoryUnknown() public {
        WorkerpoolOrder memory p = poolOrder(1);
        p.category = 4;
        RequestOrder memory r = requestOrder(1, 1, false);
        r.category = 4;
        (AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory ps, RequestOrder memory rs) =
            (signed(appOrder()), signed(datasetOrder()), signed(p), signed(r));
        vm.expectRevert(abi.encodeWithSelector(ICategories.CategoryUnknown.selector, 4));
        IDeals(address(hub)).matchOrders(a, d, ps, rs);
    }
}
