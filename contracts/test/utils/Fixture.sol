// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {OrderFixture} from "./OrderFixture.sol";
import {Usage, BatchStatus} from "../../src/interfaces/IBatches.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId, BatchId} from "../../src/types/Ids.sol";
import {ResultHashing} from "../../src/libraries/ResultHashing.sol";

/// @notice A deployed market with funded actors, one app, one dataset, one pool and one category,
/// and helpers to sign orders, match deals and contribute. Every test contract starts from it.
/// @dev Layers: MarketFixture (deployment, actors, escrow bookkeeping), OrderFixture (orders and
/// deals), this contract (batches: ids, authorizations, contribute, reveal, push, settle).
abstract contract Fixture is OrderFixture {
    // ---- contributions ----

    function dealIdOf(DealKey memory key) internal pure returns (DealId) {
        return DealId.wrap(keccak256(abi.encode(key)));
    }

    function batchIdOf(DealKey memory key, uint32 first, uint32 count) internal pure returns (BatchId) {
        return ResultHashing.batchId(dealIdOf(key), first, count);
    }

    function authorize(DealKey memory key, uint32 first, uint32 count, address worker) internal pure returns (bytes memory) {
        bytes32 digest = keccak256(abi.encode(batchIdOf(key, first, count), worker));
        return _sig(schedulerKeyOf(key), MessageHashUtils.toEthSignedMessageHash(digest));
    }

    /// @dev Tests sign with the fixture's scheduler key; the key is derived as in makeAccount.
    function schedulerKeyOf(DealKey memory) internal pure returns (uint256) {
        return uint256(keccak256(bytes("scheduler"))) % 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141 + 1;
    }

    function contributeAs(address worker, DealKey memory key, uint32 first, uint32 count, bytes32 root) internal {
        BatchId id = batchIdOf(key, first, count);
        bytes32 salt = keccak256(abi.encode(worker, "salt"));
        bytes32 seal = keccak256(abi.encode(worker, id, root, salt));
        bytes memory auth = authorize(key, first, count, worker);
        vm.prank(worker);
        poco.contribute(key, first, count, ResultHashing.resultHash(id, root), seal, auth);
    }

    function revealAs(address worker, DealKey memory key, uint32 first, uint32 count, bytes32 root) internal {
        vm.prank(worker);
        poco.reveal(key, first, count, root, keccak256(abi.encode(worker, "salt")), Usage(10, 1024));
    }

    function pushAs(address worker, DealKey memory key, uint32 first, uint32 count, bytes32 root) internal {
        bytes memory auth = authorize(key, first, count, worker);
        vm.prank(worker);
        poco.pushResult(key, first, count, root, Usage(10, 1024), auth);
    }

    function saltOf(address worker) internal pure returns (bytes32) {
        return keccak256(abi.encode(worker, "salt"));
    }

    function sealOf(address worker, BatchId id, bytes32 root, bytes32 salt) internal pure returns (bytes32) {
        return keccak256(abi.encode(worker, id, root, salt));
    }

    /// @dev Contributes an arbitrary (resultHash, seal) pair, as a copier would.
    function contributeRaw(address worker, DealKey memory key, uint32 first, uint32 count, bytes32 resultHash, bytes32 seal)
        internal
    {
        bytes memory auth = authorize(key, first, count, worker);
        vm.prank(worker);
        poco.contribute(key, first, count, resultHash, seal, auth);
    }

    function assertStatus(DealKey memory key, uint32 first, uint32 count, BatchStatus expected, string memory why) internal view {
        vm.assertEq(uint256(poco.batchStatus(key, first, count)), uint256(expected), why);
    }

    function revealRaw(address worker, DealKey memory key, uint32 first, uint32 count, bytes32 root, bytes32 salt) internal {
        vm.prank(worker);
        poco.reveal(key, first, count, root, salt, Usage(10, 1024));
    }

    /// @dev Settles one batch (after its rollback window).
    function settleOne(DealKey memory key, uint32 first, uint32 count) internal {
        poco.settle(key, one(first), one(count));
    }

    /// @dev The deal's deadline: start + 10 x the category's run time.
    function deadlineOf(DealKey memory key) internal pure returns (uint256) {
        return uint256(key.startTime) + uint256(key.timeRef) * 10;
    }

    /// @dev The resultHash a worker commits for `root`.
    function resultHashOf(DealKey memory key, uint32 first, uint32 count, bytes32 root) internal pure returns (bytes32) {
        return ResultHashing.resultHash(batchIdOf(key, first, count), root);
    }

    function one(uint32 v) internal pure returns (uint32[] memory a) {
        a = new uint32[](1);
        a[0] = v;
    }
}
