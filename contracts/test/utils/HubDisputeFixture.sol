// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "./Fixture.sol";
import {MockDisputeGame} from "./MockDisputeGame.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {TaskId} from "../../src/types/Ids.sol";
import {ResultHashing} from "../../src/libraries/ResultHashing.sol";

/// @notice The fixture's market with a dispute game (a test double) configured, optimistic deals and
/// replicated deals with a rollback window term, and helpers to answer and challenge.
abstract contract HubDisputeFixture is Fixture {
    uint96 internal constant DEPOSIT = 5 ether;
    uint64 internal constant CLOCK = 1 hours;
    uint64 internal constant WINDOW = 1 days;
    bytes32 internal constant OUTPUT = keccak256("output");

    MockDisputeGame internal game;
    address internal challenger;
    address internal challenger2;

    function setUp() public virtual override {
        super.setUp();
        game = new MockDisputeGame();
        hub.setDisputeSettings(address(game), CLOCK, DEPOSIT);
        challenger = newWorker("challenger");
        challenger2 = newWorker("challenger2");
    }

    function claimOf(bytes32 seed) internal pure returns (IDisputeGame.Claim memory) {
        return IDisputeGame.Claim(keccak256(abi.encode(seed, "start")), keccak256(abi.encode(seed, "end")), 1_000_000);
    }

    function digestOf(bytes32 output, IDisputeGame.Claim memory c) internal pure returns (bytes32) {
        return ResultHashing.provableDigest(output, c.startRoot, c.steps, c.endRoot);
    }

    function optimisticRequest(uint256 volume, uint64 window) internal view returns (RequestOrder memory o) {
        o = requestOrder(volume, 1, false);
        (o.verification, o.challengeWindow) = (1, window);
    }

    function openOptimisticDeal(uint256 volume) internal returns (DealKey memory) {
        return matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(1)), signed(optimisticRequest(volume, WINDOW)));
    }

    /// @dev A replicated deal at `trust` whose request asks for a rollback window of `window` seconds.
    function openWindowedDeal(uint256 volume, uint256 trust, uint64 window) internal returns (DealKey memory) {
        RequestOrder memory r = requestOrder(volume, trust, false);
        r.rollbackWindow = window;
        return matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(trust)), signed(r));
    }

    function answerAs(address worker, DealKey memory key, uint32 index, bytes32 output, IDisputeGame.Claim memory c) internal {
        bytes memory auth = authorize(key, index, 1, worker);
        vm.prank(worker);
        poco.answer(key, index, output, c, auth);
    }

    function challengeAs(address who, DealKey memory key, uint32 index, bytes32 output, IDisputeGame.Claim memory c)
        internal
        returns (uint256)
    {
        vm.prank(who);
        return poco.challenge(key, index, output, c);
    }

    function taskIdOf(DealKey memory key, uint32 index) internal pure returns (TaskId) {
        return ResultHashing.taskId(dealIdOf(key), index);
    }
}
