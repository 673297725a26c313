// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {HubDisputeFixture} from "../utils/HubDisputeFixture.sol";
import {Merkle} from "../utils/Merkle.sol";
import {RealBindingFixture as F} from "../disputes/RealBindingFixture.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IDisputes, Resolution, ClaimEnd, Reveal} from "../../src/interfaces/IDisputes.sol";
import {IBatches, BatchStatus} from "../../src/interfaces/IBatches.sol";
import {BindingChecks} from "../../src/modules/BindingChecks.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {BatchId, TaskId} from "../../src/types/Ids.sol";

/// @notice The claim bindings (decision 027) with real machine states (the ml example's task 0, the kmeans
/// example's start): a liar with the true claim and a false output digest, or with a run of another program, is
/// overturned without a game; an honest answer survives both, and the reveal costs the challenger only gas.
contract DisputesBindingsTest is HubDisputeFixture {
    DealKey internal key;
    address internal answerer;
    IDisputeGame.Claim internal claim;
    bytes32 internal constant LIE = keccak256("a false output digest");

    function setUp() public override {
        super.setUp();
        key = openOptimisticDeal(2);
        answerer = workers[0];
        claim = IDisputeGame.Claim(F.START_ROOT, F.END_ROOT, F.STEPS);
    }

    function _register() internal {
        vm.expectEmit(address(hub));
        emit IDisputes.MachineImageSet(key.app, appOwner, F.IMAGE);
        vm.prank(appOwner);
        poco.setMachineImage(key.app, F.IMAGE);
    }

    function _reveal(bytes memory encoded) internal pure returns (Reveal memory) {
        return abi.decode(encoded, (Reveal));
    }

    function _refute(bytes32 output, IDisputeGame.Claim memory c, ClaimEnd end, bytes memory reveal) internal {
        vm.prank(challenger);
        poco.refuteAnswer(key, 0, output, c, end, _reveal(reveal));
    }

    function test_refuteAnswer_succeedsOverturningAFalseOutputDigest() public {
        answerAs(answerer, key, 0, LIE, claim);
        uint256 challenger0 = totalOf(challenger);
        vm.expectEmit(address(hub));
        emit IDisputes.ClaimRefuted(TaskId.unwrap(taskIdOf(key, 0)), challenger, 0, ClaimEnd.End);
        _refute(LIE, claim, ClaimEnd.End, F.endReveal());
        vm.assertEq(
            uint256(poco.resolutionOf(taskIdOf(key, 0))), uint256(Resolution.FirmResolution), "firm, overturned"
        );
        vm.assertTrue(poco.answerOf(taskIdOf(key, 0)).overturned, "overturned");
        vm.assertEq(totalOf(challenger), challenger0 + DEPOSIT, "the answerer's deposit to the challenger");
        vm.assertEq(hub.lockedOf(challenger), 0, "nothing locked from the challenger");
        uint256 requester0 = totalOf(requester);
        poco.finalizeAnswer(key, 0);
        vm.assertGt(totalOf(requester), requester0, "the requester refunded, as after a won game");
        assertConserved();
    }

    function test_refuteAnswer_succeedsOverturningAnotherProgramsRun() public {
        _register();
        IDisputeGame.Claim memory other = IDisputeGame.Claim(F.OTHER_START_ROOT, F.END_ROOT, F.STEPS);
        answerAs(answerer, key, 0, F.OUTPUT, other);
        _refute(F.OUTPUT, other, ClaimEnd.Start, F.otherStartReveal());
        vm.assertTrue(poco.answerOf(taskIdOf(key, 0)).overturned, "overturned by the start binding");
        assertConserved();
    }

    function test_refuteAnswer_revertsWhenTheAnswerIsHonest() public {
        _register();
        answerAs(answerer, key, 0, F.OUTPUT, claim);
        uint256 challenger0 = totalOf(challenger);
        bytes memory reveal = F.endReveal();
        vm.expectRevert(abi.encodeWithSelector(IDisputes.BindingHolds.selector, ClaimEnd.End));
        _refute(F.OUTPUT, claim, ClaimEnd.End, reveal);
        reveal = F.startReveal();
        vm.expectRevert(abi.encodeWithSelector(IDisputes.BindingHolds.selector, ClaimEnd.Start));
        _refute(F.OUTPUT, claim, ClaimEnd.Start, reveal);
        vm.assertEq(totalOf(challenger), challenger0, "the challenger loses nothing but gas");
        vm.assertEq(
            uint256(poco.resolutionOf(taskIdOf(key, 0))), uint256(Resolution.WaitingForResolution), "still waiting"
        );
    }

    function test_refuteAnswer_revertsWhenTheRevealIsNotTheClaimsState() public {
        answerAs(answerer, key, 0, LIE, claim);
        bytes memory reveal = F.startReveal(); // the start state, shown as the end
        vm.expectRevert(abi.encodeWithSelector(BindingChecks.BindingRevealInvalid.selector, "state"));
        _refute(LIE, claim, ClaimEnd.End, reveal);
        Reveal memory forged = _reveal(F.endReveal());
        forged.io.stdoutHash = keccak256("other stdout");
        vm.expectRevert(abi.encodeWithSelector(BindingChecks.BindingRevealInvalid.selector, "io"));
        vm.prank(challenger);
        poco.refuteAnswer(key, 0, LIE, claim, ClaimEnd.End, forged);
    }

    function test_refuteAnswer_succeedsWhenTheEndIsNotHalted() public {
        // A claim whose "end" is the start state: not halted, so unbound whatever the digest.
        IDisputeGame.Claim memory early = IDisputeGame.Claim(F.START_ROOT, F.START_ROOT, 0);
        answerAs(answerer, key, 0, F.OUTPUT, early);
        _refute(F.OUTPUT, early, ClaimEnd.End, F.startReveal());
        vm.assertTrue(poco.answerOf(taskIdOf(key, 0)).overturned, "a running end state has no output");
    }

    function test_refuteAnswer_revertsWhenWindowClosed() public {
        answerAs(answerer, key, 0, LIE, claim);
        vm.warp(block.timestamp + WINDOW);
        bytes memory reveal = F.endReveal();
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.DisputeWindowClosed.selector, taskIdOf(key, 0), block.timestamp)
        );
        _refute(LIE, claim, ClaimEnd.End, reveal);
    }

    function test_refuteAnswer_revertsWhenTheOwnerRegisteredNoImage() public {
        // What stays open (decision 027): with no image registered by the deal's app owner, a true run of another
        // program starts from an initial state, and only the initial-state checks apply.
        IDisputeGame.Claim memory other = IDisputeGame.Claim(F.OTHER_START_ROOT, F.END_ROOT, F.STEPS);
        answerAs(answerer, key, 0, F.OUTPUT, other);
        bytes memory reveal = F.otherStartReveal();
        vm.expectRevert(abi.encodeWithSelector(IDisputes.BindingHolds.selector, ClaimEnd.Start));
        _refute(F.OUTPUT, other, ClaimEnd.Start, reveal);
    }

    function test_setMachineImage_revertsWhenSetTwiceOrZero() public {
        DealKey memory fresh = openOptimisticDeal(1);
        _register();
        vm.prank(appOwner);
        vm.expectRevert(abi.encodeWithSelector(IDisputes.MachineImageAlreadySet.selector, fresh.app, appOwner, F.IMAGE));
        poco.setMachineImage(fresh.app, F.OTHER_IMAGE);
        vm.assertEq(poco.machineImageOf(fresh.app, appOwner), F.IMAGE, "set once");
        vm.assertEq(poco.machineImageOf(fresh.app, challenger), bytes32(0), "another owner's image is its own");
        vm.expectRevert(IDisputes.MachineImageZero.selector);
        poco.setMachineImage(fresh.app, bytes32(0));
    }

    uint256 internal agreed;

    /// @dev A finalized trust-3 batch of 2 tasks agreed on a root whose task 1 is `output` with the real claim.
    function _agreedPair(bytes32 output) internal returns (DealKey memory k, bytes32[] memory proof) {
        k = openWindowedDeal(2, 3, WINDOW);
        bytes32[] memory leaves = new bytes32[](2);
        leaves[0] = Merkle.leaf(0, keccak256("task 0"));
        leaves[1] = Merkle.leaf(1, digestOf(output, claim));
        bytes32 root = Merkle.root(leaves);
        while (poco.batchStatus(k, 0, 2) != BatchStatus.Revealing) contributeAs(workers[agreed++], k, 0, 2, root);
        for (uint256 i; i < agreed; ++i) {
            revealAs(workers[i], k, 0, 2, root);
        }
        poco.finalize(k, 0, 2);
        proof = Merkle.proof(leaves, 1);
    }

    function test_refuteBatch_succeedsOverturningAFalseOutputDigest() public {
        (DealKey memory k, bytes32[] memory proof) = _agreedPair(LIE);
        BatchId id = batchIdOf(k, 0, 2);
        uint256 challenger0 = totalOf(challenger);
        vm.expectEmit(address(hub));
        emit IBatches.BatchOverturned(id, dealIdOf(k), challenger, bytes32(uint256(2)));
        vm.prank(challenger);
        poco.refuteBatch(k, 0, 2, 1, LIE, claim, proof, ClaimEnd.End, _reveal(F.endReveal()));
        assertStatus(k, 0, 2, BatchStatus.Overturned, "overturned without a game or the checker");
        vm.assertEq(
            totalOf(challenger), challenger0 + agreed * workerStakeOf(2), "the agreed group's stakes to the challenger"
        );
        assertConserved();
    }

    function test_refuteBatch_revertsWhenTheBatchIsHonest() public {
        (DealKey memory k, bytes32[] memory proof) = _agreedPair(F.OUTPUT);
        Reveal memory reveal = _reveal(F.endReveal());
        vm.expectRevert(abi.encodeWithSelector(IDisputes.BindingHolds.selector, ClaimEnd.End));
        vm.prank(challenger);
        poco.refuteBatch(k, 0, 2, 1, F.OUTPUT, claim, proof, ClaimEnd.End, reveal);
        assertStatus(k, 0, 2, BatchStatus.Finalized, "stands");
    }

    function test_outputCommitment_equalsTheTypeScriptOne() public pure {
        Reveal memory end = abi.decode(F.endReveal(), (Reveal));
        bytes32 c = BindingChecks.outputCommitment(
            end.state.status, end.state.exitCode, end.io.stdoutHash, end.io.stderrHash, end.io.filesRoot
        );
        require(c == F.OUTPUT, "outputCommitmentOf");
    }
}
