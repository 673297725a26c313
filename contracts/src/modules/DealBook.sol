// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IDeals} from "../interfaces/IDeals.sol";
import {DealKey} from "../types/DealKey.sol";
import {DealId} from "../types/Ids.sol";

/// @title The book of open deals: a deal exists iff matchOrders opened its key.
abstract contract DealBook {
    /// @notice Percent of the pool price per task the pool owner locks as stake at match.
    uint256 internal constant WORKERPOOL_STAKE_RATIO = 30;

    /// @custom:storage-location erc7201:proofgrid.storage.Deals
    struct DealsStorage {
        mapping(DealId dealId => bool) exists;
    }

    // keccak256(abi.encode(uint256(keccak256("proofgrid.storage.Deals")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant DEALS_SLOT = 0x16be6f410078e5e35d65b6eb5a6642850264555c893ed0c98078eea9b1dab700;

    function _dealIdOf(DealKey calldata key) internal pure returns (DealId) {
        return DealId.wrap(keccak256(abi.encode(key)));
    }

    /// @dev The id of `key`; reverts DealUnknown unless this hub opened it.
    function _requireDeal(DealKey calldata key) internal view returns (DealId dealId) {
        dealId = _dealIdOf(key);
        if (!_deals().exists[dealId]) revert IDeals.DealUnknown(dealId);
    }

    function _deals() internal pure returns (DealsStorage storage $) {
        assembly ("memory-safe") {
            $.slot := DEALS_SLOT
        }
    }
}
