// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {HubDisputeFixture} from "../utils/HubDisputeFixture.sol";
import {Merkle} from "../utils/Merkle.sol";
import {RealBindingFixture as F} from "../disputes/RealBindingFixture.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IDisputes, Resolution, Reveal, InputsProof} from "../../src/interfaces/IDisputes.sol";
import {IBatches, BatchStatus} from "../../src/interfaces/IBatches.sol";
import {BindingChecks} from "../../src/modules/BindingChecks.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {BatchId, TaskId} from "../../src/types/Ids.sol";

/// @notice Start demands (decision 027) with real machine states: a claim whose start root only the liar knows (made
/// up, or another program's run) cannot be refuted by a reveal, so the defender must reveal its start on demand or lose.
contract DisputesStartDemandsTest is HubDisputeFixture {
    DealKey internal key;
    address internal answerer;
    IDisputeGame.Claim internal claim;
    IDisputeGame.Claim internal madeUp;

    function setUp() public override {
        super.setUp();
        key = openOptimisticDeal(2);
        answerer = workers[0];
        claim = IDisputeGame.Claim(F.START_ROOT, F.END_ROOT, F.STEPS);
        madeUp = IDisputeGame.Claim(keccak256("a start root nobody can open"), F.END_ROOT, F.STEPS);
        vm.prank(appOwner);
        poco.setMachineImage(key.app, F.IMAGE);
    }

    function _reveal(bytes memory encoded) internal pure returns (Reveal memory) {
        return abi.decode(encoded, (Reveal));
    }

    /// @dev No inputs proof: these deals sign no inputsRoot (decision 031), so none is read.
    function _none() internal pure returns (InputsProof memory p) {}

    function _demand(IDisputeGame.Claim memory c) internal {
        vm.prank(challenger);
        poco.demandStart(key, 0, F.OUTPUT, c);
    }

    function test_resolveStartDemand_succeedsOverturningAMadeUpStart() public {
        answerAs(answerer, key, 0, F.OUTPUT, madeUp);
        uint256 challenger0 = totalOf(challenger);
        _demand(madeUp);
        vm.assertEq(hub.lockedOf(challenger), DEPOSIT, "the demander's deposit locked");
        vm.warp(block.timestamp + WINDOW);
        vm.assertEq(
            uint256(poco.resolutionOf(taskIdOf(key, 0))), uint256(Resolution.Resolving), "no finalization meanwhile"
        );
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.DisputeUnexpectedState.selector, taskIdOf(key, 0), Resolution.Resolving)
        );
        poco.finalizeAnswer(key, 0);
        vm.warp(block.timestamp + CLOCK);
        vm.expectEmit(address(hub));
        emit IDisputes.StartDemandExpired(TaskId.unwrap(taskIdOf(key, 0)), challenger);
        poco.resolveStartDemand(key, 0);
        vm.assertTrue(poco.answerOf(taskIdOf(key, 0)).overturned, "overturned as by a won game");
        vm.assertEq(totalOf(challenger), challenger0 + DEPOSIT, "the answerer's deposit to the demander, its own back");
        vm.assertEq(hub.lockedOf(challenger), 0, "nothing left locked");
        uint256 requester0 = totalOf(requester);
        poco.finalizeAnswer(key, 0);
        vm.assertGt(totalOf(requester), requester0, "the requester refunded");
        assertConserved();
    }

    function test_proveStart_succeedsPayingTheAnswererWhenTheStartHolds() public {
        answerAs(answerer, key, 0, F.OUTPUT, claim);
        uint256 answerer0 = totalOf(answerer);
        _demand(claim);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDisputes.StartDemandNotDue.selector, TaskId.unwrap(taskIdOf(key, 0)), block.timestamp + CLOCK
            )
        );
        poco.resolveStartDemand(key, 0);
        vm.prank(answerer);
        poco.proveStart(key, 0, _reveal(F.startReveal()), _none());
        vm.assertEq(totalOf(answerer), answerer0 + DEPOSIT, "the demander's deposit to the answerer");
        vm.assertEq(
            uint256(poco.resolutionOf(taskIdOf(key, 0))), uint256(Resolution.WaitingForResolution), "back to waiting"
        );
        vm.expectRevert(abi.encodeWithSelector(IDisputes.StartAlreadyProven.selector, TaskId.unwrap(taskIdOf(key, 0))));
        _demand(claim);
        vm.warp(block.timestamp + WINDOW);
        poco.finalizeAnswer(key, 0);
        vm.assertFalse(poco.answerOf(taskIdOf(key, 0)).overturned, "upheld and paid");
        assertConserved();
    }

    function test_proveStart_revertsWithAnotherProgramsStart() public {
        IDisputeGame.Claim memory other = IDisputeGame.Claim(F.OTHER_START_ROOT, F.END_ROOT, F.STEPS);
        answerAs(answerer, key, 0, F.OUTPUT, other);
        _demand(other);
        Reveal memory reveal = _reveal(F.otherStartReveal());
        vm.expectRevert(abi.encodeWithSelector(IDisputes.StartRevealRejected.selector, TaskId.unwrap(taskIdOf(key, 0))));
        vm.prank(answerer);
        poco.proveStart(key, 0, reveal, _none());
        reveal = _reveal(F.startReveal()); // the right program, but not the claim's start
        vm.expectRevert(abi.encodeWithSelector(BindingChecks.BindingRevealInvalid.selector, "state"));
        vm.prank(answerer);
        poco.proveStart(key, 0, reveal, _none());
    }

    function test_demandStart_revertsWhenOpenOrWindowClosed() public {
        answerAs(answerer, key, 0, F.OUTPUT, claim);
        _demand(claim);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.StartDemandOpen.selector, TaskId.unwrap(taskIdOf(key, 0))));
        vm.prank(challenger2);
        poco.demandStart(key, 0, F.OUTPUT, claim);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.StartDemandUnknown.selector, TaskId.unwrap(taskIdOf(key, 1))));
        poco.proveStart(key, 1, _reveal(F.startReveal()), _none());
    }

    uint256 internal agreed;

    function _agreedPair(IDisputeGame.Claim memory c) internal returns (DealKey memory k, bytes32[] memory proof) {
        k = openWindowedDeal(2, 3, WINDOW);
        bytes32[] memory leaves = new bytes32[](2);
        leaves[0] = Merkle.leaf(0, keccak256("task 0"));
        leaves[1] = Merkle.leaf(1, digestOf(F.OUTPUT, c));
        bytes32 root = Merkle.root(leaves);
        while (poco.batchStatus(k, 0, 2) != BatchStatus.Revealing) contributeAs(workers[agreed++], k, 0, 2, root);
        for (uint256 i; i < agreed; ++i) {
            revealAs(workers[i], k, 0, 2, root);
        }
        poco.finalize(k, 0, 2);
        proof = Merkle.proof(leaves, 1);
    }

    function test_resolveBatchStartDemand_succeedsOverturningAMadeUpStart() public {
        (DealKey memory k, bytes32[] memory proof) = _agreedPair(madeUp);
        BatchId id = batchIdOf(k, 0, 2);
        uint256 challenger0 = totalOf(challenger);
        vm.prank(challenger);
        poco.demandBatchStart(k, 0, 2, 1, F.OUTPUT, madeUp, proof);
        vm.warp(block.timestamp + WINDOW);
        uint32[] memory firsts = new uint32[](1);
        uint32[] memory counts = new uint32[](1);
        counts[0] = 2;
        vm.expectRevert(abi.encodeWithSelector(IBatches.BatchChallengesOpen.selector, id, 1));
        poco.settle(k, firsts, counts);
        vm.expectEmit(address(hub));
        emit IBatches.BatchOverturned(id, dealIdOf(k), challenger, bytes32(uint256(3)));
        poco.resolveBatchStartDemand(k, 0, 2, 1);
        assertStatus(k, 0, 2, BatchStatus.Overturned, "overturned: the scheduler did not reveal");
        vm.assertEq(
            totalOf(challenger), challenger0 + agreed * workerStakeOf(2), "the agreed group's stakes to the demander"
        );
        assertConserved();
    }

    function test_proveBatchStart_succeedsPayingThePoolOwner() public {
        (DealKey memory k, bytes32[] memory proof) = _agreedPair(claim);
        vm.prank(challenger);
        poco.demandBatchStart(k, 0, 2, 1, F.OUTPUT, claim, proof);
        uint256 owner0 = totalOf(poolOwner);
        vm.prank(scheduler);
        poco.proveBatchStart(k, 0, 2, 1, _reveal(F.startReveal()), _none());
        vm.assertEq(totalOf(poolOwner), owner0 + DEPOSIT, "the demander's deposit to the pool owner");
        assertStatus(k, 0, 2, BatchStatus.Finalized, "stands");
        assertConserved();
    }
}
