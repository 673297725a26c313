// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {HandlerTools} from "./HandlerTools.sol";
import {MockDisputeGame} from "../utils/MockDisputeGame.sol";
import {Hub} from "../../src/Hub.sol";
import {IDisputes, Resolution} from "../../src/interfaces/IDisputes.sol";
import {IDisputeGame} from "../../src/interfaces/IDisputeGame.sol";
import {IBatchActions, Usage} from "../../src/interfaces/IBatches.sol";
import {Actors} from "./HandlerBase.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId, BatchId, TaskId} from "../../src/types/Ids.sol";
import {ResultHashing} from "../../src/libraries/ResultHashing.sol";

interface IDisputeHub is IDisputes, IBatchActions {}

/// @notice Drives optimistic deals (answers, challenges, resolutions, finalizations, claims) and windowed
/// replicated trust-1 deals (pushes, batch challenges, settlements) against the hub, with a dispute game
/// whose outcomes the fuzzer picks (the hub's properties must hold whatever the game decides), and keeps
/// ghost records for DisputeInvariants: who got paid, how often, and whether a resolved game came back.
contract DisputeHandler is HandlerTools {
    uint256 internal constant APP_PRICE = 3 ether;
    uint64 internal constant WINDOW = 100;

    Hub public immutable hub;
    IDisputeHub internal immutable d;
    MockDisputeGame public immutable game;
    Actors internal a;
    address[] internal _workers;
    AppOrder internal _appOrder;
    DealKey[] internal _optimistic;
    DealKey[] internal _windowed;
    uint256 internal _salt;

    // ---- ghosts ----
    uint256 public ghostPaidTasks; // tasks whose app owner got paid
    uint256 public ghostDoublePaid; // a task paid twice
    uint256 public ghostPayMismatch; // an app-owner payout that was not exactly one task, or paid by the wrong step
    uint256 public ghostReopened; // a resolved challenge resolved again, or a finalized answer left Finalized
    mapping(bytes32 task => uint256) public timesPaid;
    bytes32[] internal _finalizedTasks;
    mapping(bytes4 selector => uint256) public calls;

    constructor(Hub hub_, MockDisputeGame game_, Actors memory actors, address[] memory workers_, AppOrder memory appOrder) {
        (hub, d, game, a, _workers, _appOrder) = (hub_, IDisputeHub(address(hub_)), game_, actors, workers_, appOrder);
    }

    function finalizedTaskCount() external view returns (uint256) {
        return _finalizedTasks.length;
    }

    function finalizedTaskAt(uint256 i) external view returns (bytes32) {
        return _finalizedTasks[i];
    }

    // ---- deals ----

    function matchDeal(uint256 volumeSeed, bool optimistic) external {
        RequestOrder memory r;
        (r.app, r.appMaxPrice, r.workerpoolMaxPrice, r.requester) = (a.appId, APP_PRICE, 10 ether, a.requester);
        (r.volume, r.category, r.trust, r.salt) = (bound(volumeSeed, 1, 3), 1, 1, bytes32(++_salt + 1e9));
        if (optimistic) (r.verification, r.challengeWindow) = (1, WINDOW);
        else r.rollbackWindow = WINDOW;
        r.signature = _sign(a.requesterKey, hub.hashRequestOrder(r));
        WorkerpoolOrder memory p = WorkerpoolOrder(a.poolId, 10 ether, 1_000_000, bytes32(0), 1, 3, 0, 0, address(0), 0, r.salt, "");
        p.signature = _sign(a.poolOwnerKey, hub.hashWorkerpoolOrder(p));
        DatasetOrder memory none;
        vm.recordLogs();
        try hub.matchOrders(_appOrder, none, p, r) {
            (optimistic ? _optimistic : _windowed).push(_lastDealKey());
            ++calls[this.matchDeal.selector];
        } catch {}
    }

    // ---- optimistic answers ----

    function answer(uint256 dealSeed, uint256 taskSeed, uint256 workerSeed) external {
        (DealKey memory key, uint32 index, bool ok) = _task(_optimistic, dealSeed, taskSeed);
        if (!ok) return;
        address worker = _workers[workerSeed % _workers.length];
        IDisputeGame.Claim memory c = _claimOf(key, index);
        bytes memory auth = _authorize(key, index, worker);
        vm.prank(worker);
        try d.answer(key, index, _output(key, index), c, auth) {
            ++calls[this.answer.selector];
        } catch {}
    }

    function challenge(uint256 dealSeed, uint256 taskSeed, uint256 workerSeed) external {
        (DealKey memory key, uint32 index, bool ok) = _task(_optimistic, dealSeed, taskSeed);
        if (!ok) return;
        vm.prank(_workers[workerSeed % _workers.length]);
        try d.challenge(key, index, _output(key, index), _claimOf(key, index)) {
            ++calls[this.challenge.selector];
        } catch {}
    }

    function resolve(uint256 dealSeed, uint256 taskSeed, uint256 indexSeed) external {
        (DealKey memory key, uint32 index, bool ok) = _task(_optimistic, dealSeed, taskSeed);
        if (!ok) return;
        bytes32 subject = TaskId.unwrap(ResultHashing.taskId(_dealId(key), index));
        uint256 n = d.challengeCount(subject);
        if (n == 0) return;
        uint256 i = indexSeed % n;
        bool wasResolved = d.challengeOf(subject, i).resolved;
        Resolution before = d.resolutionOf(TaskId.wrap(subject));
        (bool done, uint256 gained) = _payCall(abi.encodeCall(IDisputes.resolveChallenge, (key, index, i)));
        if (!done) return;
        if (wasResolved || (before == Resolution.Finalized && d.resolutionOf(TaskId.wrap(subject)) != Resolution.Finalized)) {
            ++ghostReopened;
        }
        if (gained != 0) ++ghostPayMismatch; // resolving a game never pays the app owner
        ++calls[this.resolve.selector];
    }

    function finalizeAnswer(uint256 dealSeed, uint256 taskSeed) external {
        (DealKey memory key, uint32 index, bool ok) = _task(_optimistic, dealSeed, taskSeed);
        if (!ok) return;
        TaskId task = ResultHashing.taskId(_dealId(key), index);
        (bool done, uint256 gained) = _payCall(abi.encodeCall(IDisputes.finalizeAnswer, (key, index)));
        if (!done) return;
        _finalizedTasks.push(TaskId.unwrap(task));
        _paid(TaskId.unwrap(task), gained, !d.answerOf(task).overturned);
        ++calls[this.finalizeAnswer.selector];
    }

    function decide(uint256 gameSeed, bool challengerWins) external {
        uint256 n = game.count();
        if (n == 0) return;
        uint256 id = gameSeed % n;
        if (game.status(id) != IDisputeGame.Status.Open) return; // a game, once over, stays over
        game.decide(id, challengerWins ? IDisputeGame.Status.ChallengerWon : IDisputeGame.Status.DefenderWon);
        ++calls[this.decide.selector];
    }

    function claim(uint256 dealSeed, bool optimistic) external {
        DealKey[] storage deals = optimistic ? _optimistic : _windowed;
        if (deals.length == 0) return;
        DealKey memory key = deals[dealSeed % deals.length];
        (bool done, uint256 gained) = _payCall(abi.encodeCall(IBatchActions.claim, (key, 0, key.volume)));
        if (done && gained != 0) ++ghostPayMismatch;
        if (done) ++calls[this.claim.selector];
    }

    // ---- windowed replicated deals: pushes and batch challenges ----

    function push(uint256 dealSeed, uint256 taskSeed, uint256 workerSeed) external {
        (DealKey memory key, uint32 index, bool ok) = _task(_windowed, dealSeed, taskSeed);
        if (!ok) return;
        address worker = _workers[workerSeed % _workers.length];
        bytes32 digest = _digest(key, index);
        bytes memory auth = _authorize(key, index, worker);
        vm.prank(worker);
        try d.pushResult(key, index, 1, digest, Usage(1, 1), auth) {
            ++calls[this.push.selector];
        } catch {}
    }

    function challengeBatch(uint256 dealSeed, uint256 taskSeed, uint256 workerSeed) external {
        (DealKey memory key, uint32 index, bool ok) = _task(_windowed, dealSeed, taskSeed);
        if (!ok) return;
        vm.prank(_workers[workerSeed % _workers.length]);
        try d.challengeBatch(key, index, 1, index, _output(key, index), _claimOf(key, index), new bytes32[](0)) {
            ++calls[this.challengeBatch.selector];
        } catch {}
    }

    function resolveBatch(uint256 dealSeed, uint256 taskSeed, uint256 indexSeed) external {
        (DealKey memory key, uint32 index, bool ok) = _task(_windowed, dealSeed, taskSeed);
        if (!ok) return;
        bytes32 subject = BatchId.unwrap(ResultHashing.batchId(_dealId(key), index, 1));
        uint256 n = d.challengeCount(subject);
        if (n == 0) return;
        uint256 i = indexSeed % n;
        bool wasResolved = d.challengeOf(subject, i).resolved;
        (bool done, uint256 gained) = _payCall(abi.encodeCall(IDisputes.resolveBatchChallenge, (key, index, 1, i)));
        if (!done) return;
        if (wasResolved) ++ghostReopened;
        if (gained != 0) ++ghostPayMismatch;
        ++calls[this.resolveBatch.selector];
    }

    function settle(uint256 dealSeed, uint256 taskSeed) external {
        (DealKey memory key, uint32 index, bool ok) = _task(_windowed, dealSeed, taskSeed);
        if (!ok) return;
        uint32[] memory firsts = new uint32[](1);
        uint32[] memory counts = new uint32[](1);
        (firsts[0], counts[0]) = (index, 1);
        (bool done, uint256 gained) = _payCall(abi.encodeCall(IBatchActions.settle, (key, firsts, counts)));
        if (!done) return;
        _paid(BatchId.unwrap(ResultHashing.batchId(_dealId(key), index, 1)), gained, true);
        ++calls[this.settle.selector];
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 150));
        ++calls[this.warp.selector];
    }

    // ---- helpers ----

    /// @dev Runs a call on the hub; answers whether it succeeded and what the app owner gained.
    function _payCall(bytes memory call) internal returns (bool ok, uint256 gained) {
        uint256 before = hub.balanceOf(a.appOwner);
        (ok,) = address(hub).call(call);
        gained = hub.balanceOf(a.appOwner) - before;
    }

    /// @dev A payout of one task: exactly its app price when `paying`, nothing otherwise; once per task.
    function _paid(bytes32 task, uint256 gained, bool paying) internal {
        if (gained != (paying ? APP_PRICE : 0)) ++ghostPayMismatch;
        if (gained == 0) return;
        ++ghostPaidTasks;
        if (++timesPaid[task] > 1) ++ghostDoublePaid;
    }

    function _task(DealKey[] storage deals, uint256 dealSeed, uint256 taskSeed)
        internal
        view
        returns (DealKey memory key, uint32 index, bool ok)
    {
        if (deals.length == 0) return (key, 0, false);
        key = deals[dealSeed % deals.length];
        return (key, uint32(taskSeed % key.volume), true);
    }

    function _dealId(DealKey memory key) internal pure returns (DealId) {
        return DealId.wrap(keccak256(abi.encode(key)));
    }

    function _output(DealKey memory key, uint32 index) internal pure returns (bytes32) {
        return keccak256(abi.encode("output", key.requestHash, index));
    }

    function _claimOf(DealKey memory key, uint32 index) internal pure returns (IDisputeGame.Claim memory) {
        return IDisputeGame.Claim(keccak256(abi.encode("start", key.requestHash, index)), keccak256(abi.encode("end", index)), 1000);
    }

    function _digest(DealKey memory key, uint32 index) internal pure returns (bytes32) {
        IDisputeGame.Claim memory c = _claimOf(key, index);
        return ResultHashing.provableDigest(_output(key, index), c.startRoot, c.steps, c.endRoot);
    }

    function _authorize(DealKey memory key, uint32 index, address worker) internal view returns (bytes memory) {
        return _authorize(ResultHashing.batchId(_dealId(key), index, 1), worker);
    }

    function _hubAddress() internal view override returns (address) {
        return address(hub);
    }

    function _schedulerKey() internal view override returns (uint256) {
        return a.schedulerKey;
    }
}
