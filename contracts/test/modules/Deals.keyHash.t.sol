// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MatchFixture} from "../utils/MatchFixture.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId} from "../../src/types/Ids.sol";

/// @notice The deal id is hashed straight from the key's calldata (DealBook._dealIdOf): it must stay keccak256 of the
/// key's ABI encoding (the id the SDK, the scheduler and DealMatched use), and a key whose calldata is not the clean
/// encoding (a dirty high bit in a small field) must name no deal.
contract DealsKeyHashTest is MatchFixture {
    function test_dealIdOf_equalsKeccakOfTheAbiEncoding() public {
        DealKey memory key = openDeal(3, 1, true);
        bytes memory encoded = abi.encode(key);
        vm.assertEq(encoded.length, 800, "a DealKey is 25 static words: DealBook.KEY_BYTES");
        vm.assertEq(DealId.unwrap(hub.dealIdOf(key)), keccak256(encoded), "id = keccak256(abi.encode(key))");
        vm.assertTrue(hub.dealExists(key), "the hub finds the deal by that id");
    }

    function test_dealIdOf_dirtyHighBitsNameNoDeal() public {
        DealKey memory key = openDeal(3, 1, true);
        bytes memory call = abi.encodeCall(IDeals.dealExists, (key));
        // `trust` (uint32) is the 16th word of the key, after the 4-byte selector: set a bit above its 32 bits.
        uint256 at = 4 + 15 * 32;
        call[at] = bytes1(uint8(call[at]) | 0x01);
        (bool ok, bytes memory ret) = address(hub).staticcall(call);
        // Solidity's calldata validation reverts on the dirty field, or the hash names another id: never this deal.
        vm.assertTrue(!ok || !abi.decode(ret, (bool)), "a dirty key is not the deal");
    }
}
