// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {Merkle} from "../utils/Merkle.sol";
import {BatchStatus, IBatches} from "../../src/interfaces/IBatches.sol";
import {DatasetOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {BatchId} from "../../src/types/Ids.sol";

/// @notice Regressions for contract defects found while writing the suite (all fixed): each test
/// states the behaviour the contracts promise.
contract RegressionsTest is Fixture {
    bytes32 internal constant GOOD = keccak256("good");

    /// @dev BUG 1 (Batches.verifyTaskResult): `first` and `count` are not bound to `batchId`.
    /// Passing count = 1 makes ResultHashing.verify compare the digest with the batch's Merkle
    /// root, so the root of a 4-task batch is "proven" to be the result of any of its tasks.
    function test_verifyTaskResult_succeeds_falseForTheRootPassedAsATaskDigest() public {
        hub.setRollbackWindow(100);
        DealKey memory key = openDeal(4, 1, false);
        bytes32[] memory digests = new bytes32[](4);
        for (uint256 i; i < 4; ++i) digests[i] = keccak256(abi.encode("digest", i));
        bytes32 root = Merkle.root(Merkle.batchLeaves(0, digests));
        pushAs(workers[0], key, 0, 4, root);
        vm.assertFalse(poco.verifyTaskResult(dealIdOf(key), 2, 1, 2, root, new bytes32[](0)), "the Merkle root is not task 2's digest");
    }

    /// @dev BUG 2 (Deals.matchOrders): the dataset order is documented as ignored when the request
    /// has no dataset, and its tag is left out of the tag check, but `key.tag` still ORs it in.
    /// A requester can thus give the deal tag bits (e.g. TEE) the pool never offered.
    function test_matchOrders_succeeds_ignoresTheDatasetOrderTagWithoutDataset() public {
        DatasetOrder memory d = datasetOrder();
        d.tag = bytes32(uint256(1)); // TEE, which the fixture pool does not offer
        DealKey memory key = matchAll(signed(appOrder()), d, signed(poolOrder(1)), signed(requestOrder(1, 1, false)));
        vm.assertEq(key.tag, bytes32(0), "the deal's tag holds only checked needs");
    }

    /// @dev BUG 3 (Batches.reopen): reopen is allowed after some members revealed, and the batch
    /// goes back to Active with the root public (BatchRevealed event, batchOf.resultRoot). A worker
    /// authorized afterwards can commit that root with its own seal and be paid without computing,
    /// which defeats the commit-reveal defence ("contributions close when consensus starts the
    /// reveal phase", research/reliability.md 2.3). PoCo only reopens when nobody revealed.
    function test_reopen_succeeds_aRootRevealedBeforeTheReopenCannotBeCopied() public {
        DealKey memory key = openDeal(1, 3, false);
        contributeAs(workers[0], key, 0, 1, GOOD);
        contributeAs(workers[1], key, 0, 1, GOOD);
        revealAs(workers[0], key, 0, 1, GOOD);
        BatchId id = batchIdOf(key, 0, 1);
        vm.warp(poco.batchOf(id).revealDeadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchRevealedCannotReopen.selector, id, 1));
        poco.reopen(key, 0, 1);
        address copier = workers[5]; // never ran the task: it reads the root from the chain
        (bool ok,) = _tryContribute(copier, key, GOOD);
        vm.assertFalse(ok, "contributions stay closed once a root is public");
        vm.assertLe(totalOf(copier), FUNDS, "a copier of a public root earns nothing");
    }

    function _tryContribute(address worker, DealKey memory key, bytes32 root) internal returns (bool ok, bytes memory err) {
        BatchId id = batchIdOf(key, 0, 1);
        bytes memory auth = authorize(key, 0, 1, worker);
        bytes32 h = resultHashOf(key, 0, 1, root);
        bytes32 seal = sealOf(worker, id, root, saltOf(worker));
        vm.prank(worker);
        (ok, err) = address(hub).call(abi.encodeCall(poco.contribute, (key, 0, 1, h, seal, auth)));
    }
}
