// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {DisputeGame, IOneStepProver} from "../../src/disputes/DisputeGame.sol";
import {IDisputeGameMoves} from "../../src/disputes/IDisputeGameMoves.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {MachineHostIo} from "../../src/machine/MachineHostIo.sol";
import {Proof} from "../../src/machine/MachineProof.sol";
import {MachineState} from "../../src/machine/MachineState.sol";
import {OneStepProver} from "../../src/machine/OneStepProver.sol";
import {Test} from "../utils/Test.sol";
import {RealStepFixture} from "./RealStepFixture.sol";

/// @notice The game's last move with the real OneStepProver and a real step proof of the ml example (RealStepFixture,
/// written by packages/disputes/src/testing/writeStepFixture.ts). Whole games with real proofs: packages/disputes.
contract DisputeGameRealProofTest is Test {
    DisputeGame internal game;
    address internal challenger = address(0xC0FFEE);
    address internal defender = address(0xDEF);

    function setUp() public {
        game = new DisputeGame(IOneStepProver(address(new OneStepProver(new MachineHostIo()))));
    }

    function _oneStepGame(bytes32 pre, bytes32 post) private returns (uint256 id, IDisputeGameMoves.Segment memory seg) {
        id = game.openDefended(IDisputeGame.Claim(pre, post, 1), defender, challenger, 1 hours);
        seg.length = 1;
        seg.roots = new bytes32[](2);
        (seg.roots[0], seg.roots[1]) = (pre, post);
    }

    function test_proveStep_aRealStepRefutesAWrongPostRoot() public {
        (uint256 id, IDisputeGameMoves.Segment memory seg) = _oneStepGame(RealStepFixture.PRE_ROOT, keccak256("wrong"));
        Proof memory proof = abi.decode(RealStepFixture.proof(), (Proof));
        vm.expectEmit(address(game));
        emit IDisputeGameMoves.OneStepProven(
            id, IDisputeGameMoves.Side.Challenger, challenger, 0, RealStepFixture.PRE_ROOT, RealStepFixture.POST_ROOT, keccak256("wrong")
        );
        vm.prank(challenger);
        game.proveStep(id, seg, 0, proof);
        vm.assertEq(uint256(game.status(id)), uint256(IDisputeGame.Status.ChallengerWon), "challenger won");
    }

    function test_proveStep_aRealStepCannotRefuteTheRightPostRoot() public {
        (uint256 id, IDisputeGameMoves.Segment memory seg) = _oneStepGame(RealStepFixture.PRE_ROOT, RealStepFixture.POST_ROOT);
        Proof memory proof = abi.decode(RealStepFixture.proof(), (Proof));
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(IDisputeGameMoves.StepAgrees.selector, RealStepFixture.POST_ROOT));
        game.proveStep(id, seg, 0, proof);
    }

    function test_proveStep_revertsWhenTheProofIsNotOfTheAgreedRoot() public {
        (uint256 id, IDisputeGameMoves.Segment memory seg) = _oneStepGame(keccak256("elsewhere"), keccak256("wrong"));
        Proof memory proof = abi.decode(RealStepFixture.proof(), (Proof));
        vm.prank(challenger);
        vm.expectRevert(abi.encodeWithSelector(MachineState.BadProof.selector, "state fields do not hash to the pre-state root"));
        game.proveStep(id, seg, 0, proof);
    }

    function test_proveHalted_theRealEndStateStaysAsItIs() public {
        MachineState.State memory end = abi.decode(RealStepFixture.endState(), (MachineState.State));
        vm.assertEq(MachineState.hash(end), RealStepFixture.END_ROOT, "the fields are the end root's");
        (uint256 id, IDisputeGameMoves.Segment memory seg) = _oneStepGame(RealStepFixture.END_ROOT, keccak256("moved"));
        vm.prank(challenger);
        game.proveHalted(id, seg, 0, end);
        vm.assertEq(uint256(game.status(id)), uint256(IDisputeGame.Status.ChallengerWon), "challenger won");
    }
}
