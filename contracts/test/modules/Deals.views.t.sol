// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MatchFixture} from "../utils/MatchFixture.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId} from "../../src/types/Ids.sol";

/// @notice Deals (M3): the deal views (dealExists, dealIdOf, settledCountOf, requestConsumedOf).
contract DealsViewsTest is MatchFixture {
    // ---- views ----

    function test_dealExists_succeeds_falseForAnAlteredKey() public {
        DealKey memory key = openDeal(2, 1, false);
        vm.assertTrue(hub.dealExists(key), "opened");
        key.poolPrice -= 1;
        vm.assertFalse(hub.dealExists(key), "an altered key is no deal");
        key.poolPrice += 1;
        key.requestConsumed = 1;
        vm.assertFalse(hub.dealExists(key), "another record slot");
    }

    function test_dealIdOf_succeeds_isTheKeccakOfTheKey() public {
        DealKey memory key = openDeal(2, 1, false);
        vm.assertEq(DealId.unwrap(hub.dealIdOf(key)), keccak256(abi.encode(key)), "id");
    }

    function test_settledCountOf_succeeds_countsSettledTasks() public {
        DealKey memory key = openDeal(3, 1, false);
        vm.assertEq(hub.settledCountOf(key), 0, "none yet");
        pushAs(workers[0], key, 1, 1, keccak256("r1"));
        vm.assertEq(hub.settledCountOf(key), 1, "one pushed");
        pushAs(workers[0], key, 0, 1, keccak256("r0"));
        vm.assertEq(hub.settledCountOf(key), 2, "two pushed");
    }

    function test_settledCountOf_revertsWhenDealUnknown() public {
        DealKey memory key = openDeal(3, 1, false);
        key.volume = 4;
        DealId id = dealIdOf(key);
        vm.expectRevert(abi.encodeWithSelector(IDeals.DealUnknown.selector, id));
        hub.settledCountOf(key);
    }

    function test_requestConsumedOf_succeeds_zeroForAnUnknownRequest() public view {
        vm.assertEq(hub.requestConsumedOf(keccak256("nothing"), 5), 0, "unused");
    }
}
