// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "./Fixture.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder, OrderKind} from "../../src/types/Orders.sol";

/// @notice What the matchOrders tests (test/modules/Deals.*.t.sol) share: two resource tags, a
/// match expected to revert, and the DealRestricted error of a restriction.
abstract contract MatchFixture is Fixture {
    bytes32 internal constant TEE = bytes32(uint256(1));
    bytes32 internal constant GPU = bytes32(uint256(2));

    /// @dev Signs the four orders (external calls), then expects `err` from matchOrders.
    function _matchReverts(AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p, RequestOrder memory r, bytes memory err)
        internal
    {
        (a, d, p, r) = (signed(a), signed(d), signed(p), signed(r));
        vm.expectRevert(err);
        hub.matchOrders(a, d, p, r);
    }

    function _restricted(OrderKind kind, string memory field, uint256 allowed, uint256 actual) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IDeals.DealRestricted.selector, uint8(kind), field, allowed, actual);
    }
}
