// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {HubDisputeFixture} from "../utils/HubDisputeFixture.sol";
import {Merkle} from "../utils/Merkle.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IDisputes} from "../../src/interfaces/IDisputes.sol";
import {IBatches, BatchStatus} from "../../src/interfaces/IBatches.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {BatchId} from "../../src/types/Ids.sol";

/// @notice Challenges of finalized replicated batches inside their rollback window (decision 026):
/// a won game overturns the batch as `overturn` does, without the checker.
contract DisputesBatchesTest is HubDisputeFixture {
    IDisputeGame.Claim internal claim;
    bytes32 internal digest;

    function setUp() public override {
        super.setUp();
        claim = claimOf("liar");
        digest = digestOf(OUTPUT, claim);
    }

    function _challenge(address who, DealKey memory key, uint32 first, uint32 count, uint32 index, bytes32[] memory proof)
        internal
        returns (uint256)
    {
        vm.prank(who);
        return poco.challengeBatch(key, first, count, index, OUTPUT, claim, proof);
    }

    uint256 internal agreed; // workers who contributed to the agreed pair

    /// @dev A trust-3 batch of 2 tasks, agreed by the first `agreed` workers on a root whose task 1 is `digest`.
    function _agreedPair() internal returns (DealKey memory key, bytes32[] memory proof) {
        key = openWindowedDeal(2, 3, WINDOW);
        bytes32[] memory leaves = new bytes32[](2);
        leaves[0] = Merkle.leaf(0, keccak256("task 0"));
        leaves[1] = Merkle.leaf(1, digest);
        bytes32 root = Merkle.root(leaves);
        while (poco.batchStatus(key, 0, 2) != BatchStatus.Revealing) contributeAs(workers[agreed++], key, 0, 2, root);
        for (uint256 i; i < agreed; ++i) revealAs(workers[i], key, 0, 2, root);
        poco.finalize(key, 0, 2);
        proof = Merkle.proof(leaves, 1);
    }

    function test_finalize_succeedsUsingTheRequestsRollbackWindow() public {
        (DealKey memory key,) = _agreedPair();
        vm.assertEq(key.rollbackWindow, WINDOW, "the term is in the key");
        vm.assertEq(hub.rollbackWindow(), 0, "the hub's default is 0");
        assertStatus(key, 0, 2, BatchStatus.Finalized, "waits for the request's window");
    }

    function test_challengeBatch_succeedsOverturningWhenChallengerWon() public {
        for (uint256 i; i < 4; ++i) setScore(workers[i], 1);
        (DealKey memory key, bytes32[] memory proof) = _agreedPair();
        BatchId id = batchIdOf(key, 0, 2);
        vm.expectEmit(address(hub));
        emit IDisputes.BatchChallenged(id, challenger, 0, 1);
        _challenge(challenger, key, 0, 2, 1, proof);
        vm.assertEq(game.gameOf(0).defender, scheduler, "the deal's scheduler defends the batch");
        vm.warp(block.timestamp + WINDOW);
        uint32[] memory firsts = new uint32[](1);
        uint32[] memory counts = new uint32[](1);
        counts[0] = 2;
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchChallengesOpen.selector, id, 1));
        poco.settle(key, firsts, counts);

        game.decide(0, IDisputeGame.Status.ChallengerWon);
        uint256 challenger0 = totalOf(challenger);
        uint256 req0 = totalOf(requester);
        vm.expectEmit(address(hub));
        emit IBatches.BatchOverturned(id, dealIdOf(key), challenger, bytes32(uint256(0)));
        poco.resolveBatchChallenge(key, 0, 2, 0);
        assertStatus(key, 0, 2, BatchStatus.Overturned, "overturned without the checker");
        vm.assertEq(totalOf(challenger), challenger0 + agreed * workerStakeOf(2), "the agreed group's stakes to the challenger");
        vm.assertEq(hub.lockedOf(challenger), 0, "its deposit back");
        vm.assertEq(totalOf(requester), req0 + poolStakeOf(2), "requester refunded with the pool's stake");
        vm.assertGt(agreed, 1, "a replicated group");
        for (uint256 i; i < agreed; ++i) vm.assertEq(poco.scoreOf(workers[i]), 0, "liars' scores reset");
        assertConserved();
    }

    function test_resolveBatchChallenge_succeedsPayingThePoolWhenDefenderWon() public {
        (DealKey memory key, bytes32[] memory proof) = _agreedPair();
        _challenge(challenger, key, 0, 2, 1, proof);
        game.decide(0, IDisputeGame.Status.DefenderWon);
        uint256 pool0 = totalOf(poolOwner);
        poco.resolveBatchChallenge(key, 0, 2, 0);
        vm.assertEq(totalOf(poolOwner), pool0 + DEPOSIT, "the false challenger's deposit to the pool owner");
        assertStatus(key, 0, 2, BatchStatus.Finalized, "the result stands");
        vm.warp(block.timestamp + WINDOW);
        uint32[] memory firsts = new uint32[](1);
        uint32[] memory counts = new uint32[](1);
        counts[0] = 2;
        poco.settle(key, firsts, counts);
        assertStatus(key, 0, 2, BatchStatus.Settled, "then settles");
        vm.expectRevert(abi.encodeWithSelector(IDisputes.DisputeChallengeUnknown.selector, BatchId.unwrap(batchIdOf(key, 0, 2)), 0));
        poco.resolveBatchChallenge(key, 0, 2, 0);
        assertConserved();
    }

    function test_challengeBatch_revertsWhenDigestNotInTheRoot() public {
        (DealKey memory key, bytes32[] memory proof) = _agreedPair();
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchResultProofInvalid.selector, batchIdOf(key, 0, 2), 0, digest));
        _challenge(challenger, key, 0, 2, 0, proof); // task 0's digest is not the claim's
    }

    function test_challengeBatch_revertsWhenWindowClosed() public {
        (DealKey memory key, bytes32[] memory proof) = _agreedPair();
        vm.warp(block.timestamp + WINDOW);
        BatchId id = batchIdOf(key, 0, 2);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.DisputeWindowClosed.selector, BatchId.unwrap(id), block.timestamp));
        _challenge(challenger, key, 0, 2, 1, proof);
    }

    function test_challengeBatch_succeedsOnAPushedTask_andCheckerOverturnFirst() public {
        DealKey memory key = openWindowedDeal(1, 1, WINDOW);
        pushAs(workers[0], key, 0, 1, digest);
        _challenge(challenger, key, 0, 1, 0, new bytes32[](0));
        hub.setChecker(checker);
        vm.prank(checker);
        poco.overturn(key, 0, 1, bytes32("spot-check"));
        game.decide(0, IDisputeGame.Status.DefenderWon);
        uint256 req0 = totalOf(requester);
        poco.resolveBatchChallenge(key, 0, 1, 0);
        vm.assertEq(totalOf(requester), req0 + DEPOSIT, "after an overturn, a lost challenge pays the requester");
        assertStatus(key, 0, 1, BatchStatus.Overturned, "an overturned batch stays overturned");
        assertConserved();
    }

    function test_challengeBatch_revertsWhenDealOptimistic() public {
        DealKey memory key = openOptimisticDeal(1);
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchVerificationMismatch.selector, dealIdOf(key), 1));
        _challenge(challenger, key, 0, 1, 0, new bytes32[](0));
    }
}
