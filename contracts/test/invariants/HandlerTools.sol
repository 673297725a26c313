// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {Test} from "../utils/Test.sol";
import {Vm} from "../utils/Vm.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {BatchId} from "../../src/types/Ids.sol";

/// @notice What every invariant handler signs and reads the same way: an order or message signature, the scheduler's
/// authorization of a worker on a batch, and the key of the deal the hub matched last (from its recorded logs).
abstract contract HandlerTools is Test {
    /// @notice The hub whose `DealMatched` logs `_lastDealKey` reads.
    function _hubAddress() internal view virtual returns (address);

    /// @notice The key the deal's scheduler signs authorizations with.
    function _schedulerKey() internal view virtual returns (uint256);

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @notice The scheduler's authorization of `worker` on batch `id` (an EIP-191 signature of keccak256(id, worker)).
    function _authorize(BatchId id, address worker) internal view returns (bytes memory) {
        return _sign(_schedulerKey(), MessageHashUtils.toEthSignedMessageHash(keccak256(abi.encode(id, worker))));
    }

    function _lastDealKey() internal returns (DealKey memory key) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = logs.length; i > 0; --i) {
            if (logs[i - 1].emitter == _hubAddress() && logs[i - 1].topics[0] == IDeals.DealMatched.selector) {
                (key,,,,) = abi.decode(logs[i - 1].data, (DealKey, bytes32, bytes32, bytes32, string));
                return key;
            }
        }
        revert("no DealMatched event");
    }
}
