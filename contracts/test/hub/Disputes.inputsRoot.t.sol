// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {HubDisputeFixture} from "../utils/HubDisputeFixture.sol";
import {RealBindingFixture as F} from "../disputes/RealBindingFixture.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IDisputes, Reveal, InputsProof} from "../../src/interfaces/IDisputes.sol";
import {BindingChecks} from "../../src/modules/BindingChecks.sol";
import {MachineState} from "../../src/machine/MachineState.sol";
import {MachineHostTypes} from "../../src/machine/MachineHostTypes.sol";
import {RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {TaskId} from "../../src/types/Ids.sol";

/// @notice The inputs root (decision 031): a start on other inputs than the requester signed cannot be proven on
/// demand when the deal has an inputsRoot (so the demand overturns it); without one it still can.
contract DisputesInputsRootTest is HubDisputeFixture {
    address internal answerer;
    /// @dev The ml start with the honest static fields (`honest`) and with other arguments (`other`): both initial
    /// states of the app's image, told apart only by their staticHash.
    InputsProof internal honest;
    InputsProof internal other;
    Reveal internal honestStart;
    Reveal internal otherStart;
    bytes32 internal root;
    bytes32 internal leaf1;

    function setUp() public override {
        super.setUp();
        answerer = workers[0];
        honest.args = MachineHostTypes.Strings(2, 12, keccak256("honest args"), 0, keccak256("offsets"), 0);
        honest.env = MachineHostTypes.Strings(1, 13, keccak256("TASK_INDEX=0"), 0, keccak256("env offsets"), 0);
        (honest.seedHash, honest.maxOutput) = (keccak256("seed of task 0"), 16 << 20);
        other.args = MachineHostTypes.Strings(2, 12, keccak256("other args"), 0, keccak256("offsets"), 0);
        (other.env, other.seedHash, other.maxOutput) = (honest.env, honest.seedHash, honest.maxOutput);
        (honest.random, other.random) = (true, true); // a module drawing random numbers: its seed is not checked
        honestStart = _startWith(honest);
        otherStart = _startWith(other);
        // A two-task tree: leaf 0 the honest inputs of task 0, leaf 1 another task's.
        leaf1 = keccak256("task 1's leaf");
        root = keccak256(abi.encode(_leaf(0, honest, honestStart), leaf1));
        honest.siblings.push(leaf1);
        other.siblings.push(leaf1);
    }

    function _startWith(InputsProof storage p) internal view returns (Reveal memory r) {
        r = abi.decode(F.startReveal(), (Reveal));
        r.io.staticHash = keccak256(abi.encodePacked(_strings(p.args), _strings(p.env), p.seedHash, p.maxOutput));
        r.state.ioHash = MachineHostTypes.ioHash(r.io);
    }

    function _strings(MachineHostTypes.Strings memory s) internal pure returns (bytes memory) {
        return abi.encodePacked(s.count, s.bytes_, s.root, s.depth, s.offsetsRoot, s.offsetsDepth);
    }

    function _leaf(uint256 index, InputsProof storage p, Reveal memory r) internal view returns (bytes32) {
        bytes32 statics = keccak256(abi.encodePacked(_strings(p.args), _strings(p.env), p.maxOutput));
        return
            keccak256(abi.encode("proofgrid.inputs.v1", index, statics, r.io.filesRoot, r.program.maxPages, p.random));
    }

    function _deal(bytes32 inputsRoot) internal returns (DealKey memory key) {
        RequestOrder memory r = optimisticRequest(2, WINDOW);
        r.inputsRoot = inputsRoot;
        key = matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)), signed(r));
        if (poco.machineImageOf(key.app, appOwner) == 0) {
            vm.prank(appOwner);
            poco.setMachineImage(key.app, F.IMAGE);
        }
    }

    function _answerAndDemand(DealKey memory key, Reveal memory start) internal {
        IDisputeGame.Claim memory c = IDisputeGame.Claim(MachineState.hash(start.state), F.END_ROOT, F.STEPS);
        answerAs(answerer, key, 0, F.OUTPUT, c);
        vm.prank(challenger);
        poco.demandStart(key, 0, F.OUTPUT, c);
    }

    function test_matchOrders_succeedsCopyingTheInputsRootIntoTheKey() public {
        vm.assertEq(_deal(root).inputsRoot, root, "the signed root in the key");
        vm.assertEq(_deal(0).inputsRoot, 0, "0 = unbound");
    }

    function test_proveStart_revertsOnOtherInputsUnderTheRoot() public {
        DealKey memory key = _deal(root);
        _answerAndDemand(key, otherStart);
        bytes32 subject = TaskId.unwrap(taskIdOf(key, 0));
        vm.expectRevert(abi.encodeWithSelector(IDisputes.StartInputsUnbound.selector, subject, uint32(0)));
        vm.prank(answerer);
        poco.proveStart(key, 0, otherStart, other);
        // Nor with the honest static fields: they do not hash to the revealed start's staticHash.
        vm.expectRevert(abi.encodeWithSelector(IDisputes.StartInputsUnbound.selector, subject, uint32(0)));
        vm.prank(answerer);
        poco.proveStart(key, 0, otherStart, honest);
        vm.warp(block.timestamp + CLOCK);
        poco.resolveStartDemand(key, 0);
        vm.assertTrue(poco.answerOf(taskIdOf(key, 0)).overturned, "the demand overturns a start on other inputs");
        assertConserved();
    }

    function test_proveStart_succeedsOnTheSignedInputs() public {
        DealKey memory key = _deal(root);
        _answerAndDemand(key, honestStart);
        InputsProof memory wrongPlace = honest;
        wrongPlace.siblings = new bytes32[](2); // a longer path folds to another root
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.StartInputsUnbound.selector, TaskId.unwrap(taskIdOf(key, 0)), uint32(0))
        );
        vm.prank(answerer);
        poco.proveStart(key, 0, honestStart, wrongPlace);
        vm.prank(answerer);
        poco.proveStart(key, 0, honestStart, honest);
        vm.assertFalse(poco.answerOf(taskIdOf(key, 0)).overturned, "the start holds");
        assertConserved();
    }

    function test_proveStart_succeedsOnOtherInputsWithoutARoot() public {
        DealKey memory key = _deal(0);
        _answerAndDemand(key, otherStart);
        InputsProof memory none;
        vm.prank(answerer);
        poco.proveStart(key, 0, otherStart, none);
        vm.assertFalse(poco.answerOf(taskIdOf(key, 0)).overturned, "unbound inputs: the demander loses");
    }

    function test_inputsLeaf_succeedsMatchingTheLibrary() public view {
        bytes32 statics = keccak256(abi.encodePacked(_strings(honest.args), _strings(honest.env), honest.maxOutput));
        vm.assertEq(
            BindingChecks.inputsLeaf(0, statics, honestStart.io.filesRoot, honestStart.program.maxPages, true),
            _leaf(0, honest, honestStart),
            "leaf"
        );
    }

    /// @dev A module that draws no random numbers (`random` false in its leaf): the start's seedHash must be the task's
    /// own, so a start on the signed inputs with another seed cannot be proven either.
    function test_proveStart_revertsOnAnotherSeedWhenTheModuleDrawsNoRandom() public {
        honest.random = false;
        root = keccak256(abi.encode(_leaf(0, honest, honestStart), leaf1));
        DealKey memory key = _deal(root);
        bytes32 own = BindingChecks.seedHashOf(TaskId.unwrap(taskIdOf(key, 0)));
        honest.seedHash = keccak256("another seed");
        Reveal memory otherSeed = _startWith(honest);
        _answerAndDemand(key, otherSeed);
        vm.expectRevert(
            abi.encodeWithSelector(IDisputes.StartInputsUnbound.selector, TaskId.unwrap(taskIdOf(key, 0)), uint32(0))
        );
        vm.prank(answerer);
        poco.proveStart(key, 0, otherSeed, honest);
        vm.assertTrue(
            own != honest.seedHash, "the task's own seed is another (proven with a real run in inputs.chain.test.ts)"
        );
    }

    function test_seedHashOf_succeedsMatchingTheMachine() public pure {
        // packages/machine: keccak256(sha256("proofgrid/sandbox/random/v1:" + seed)) for seed "0x00..01".
        bytes32 id = bytes32(uint256(1));
        bytes memory label =
            "proofgrid/sandbox/random/v1:0x0000000000000000000000000000000000000000000000000000000000000001";
        vm.assertEq(BindingChecks.seedHashOf(id), keccak256(abi.encodePacked(sha256(label))), "seed hash");
    }
}
