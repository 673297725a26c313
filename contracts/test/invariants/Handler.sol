// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {HandlerBase, Actors} from "./HandlerBase.sol";
import {Hub} from "../../src/Hub.sol";
import {IBatchActions, Usage} from "../../src/interfaces/IBatches.sol";
import {ProofToken} from "../../src/token/ProofToken.sol";
import {DatasetOrder, WorkerpoolOrder, RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {BatchId} from "../../src/types/Ids.sol";
import {ResultHashing} from "../../src/libraries/ResultHashing.sol";

/// @notice Drives random, bounded sequences of market and PoCo actions against the hub, and keeps
/// ghost records that the invariants compare with the hub's state (kept and checked in
/// HandlerBase). Every action returns quietly when its preconditions do not hold, so most calls do something.
contract Handler is HandlerBase {
    constructor(Hub hub_, ProofToken token_, Actors memory actors, address[] memory workers_)
        HandlerBase(hub_, token_, actors, workers_)
    {}

    // ---- escrow actions ----

    function deposit(uint256 actorSeed, uint256 amount) external {
        address who = _fundedActor(actorSeed);
        amount = bound(amount, 1, 1000 ether);
        token.transfer(who, amount);
        vm.startPrank(who);
        token.approve(address(hub), amount);
        hub.deposit(amount);
        vm.stopPrank();
        ++calls[this.deposit.selector];
    }

    function withdraw(uint256 actorSeed, uint256 amount) external {
        address who = _fundedActor(actorSeed);
        uint256 balance = hub.balanceOf(who);
        if (balance == 0) return;
        amount = bound(amount, 1, balance < 1000 ether ? balance : 1000 ether);
        vm.prank(who);
        hub.withdraw(amount, who);
        ++calls[this.withdraw.selector];
    }

    // ---- market ----

    function matchDeal(uint256 volumeSeed, uint256 trustSeed, bool withDataset) external {
        RequestOrder memory r;
        r.app = a.appId;
        r.appMaxPrice = APP_PRICE;
        r.dataset = withDataset ? a.datasetId : 0;
        r.datasetMaxPrice = withDataset ? 2 ether : 0;
        r.workerpoolMaxPrice = 10 ether;
        r.requester = a.requester;
        r.volume = bound(volumeSeed, 1, 3);
        r.category = 1; // the invariant setup adds category 1: 1000 s per task
        r.trust = bound(trustSeed, 0, 3);
        r.salt = bytes32(++_salt);
        r.signature = _sign(a.requesterKey, hub.hashRequestOrder(r));
        WorkerpoolOrder memory p =
            WorkerpoolOrder(a.poolId, 10 ether, 1_000_000, bytes32(0), 1, 3, 0, 0, address(0), 0, bytes32(_salt), "");
        p.signature = _sign(a.poolOwnerKey, hub.hashWorkerpoolOrder(p));
        DatasetOrder memory d = DatasetOrder(a.datasetId, 2 ether, 1_000_000, bytes32(0), 0, 0, address(0), 0, bytes32(_salt), "");
        d.signature = _sign(a.datasetOwnerKey, hub.hashDatasetOrder(d));

        vm.recordLogs();
        try hub.matchOrders(_appOrder, d, p, r) {
            DealKey memory key = _lastDealKey();
            _deals.push(key);
            ghostMatchedVolume += key.volume;
            ++calls[this.matchDeal.selector];
        } catch {}
    }

    // ---- proof of contribution ----

    /// @dev One to three consecutive workers commit to the same batch; each is honest three times
    /// in four (the dishonest ones agree on one wrong root, so groups compete).
    function contribute(uint256 dealSeed, uint256 batchSeed, uint256 workerSeed, uint8 dishonestMask) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        (uint32 first, uint32 count) = _range(key, batchSeed);
        for (uint256 k; k <= workerSeed % 3; ++k) {
            _contributeOne(key, first, count, _worker(workerSeed + k), (dishonestMask >> (2 * k)) & 3 != 0);
        }
    }

    function _contributeOne(DealKey memory key, uint32 first, uint32 count, address worker, bool honest) internal {
        BatchId id = _batchId(key, first, count);
        bytes32 root = honest ? keccak256(abi.encode("good", id)) : keccak256(abi.encode("bad", id));
        bytes32 salt = keccak256(abi.encode(worker, "salt"));
        bytes memory auth = _authorize(id, worker);
        vm.prank(worker);
        try poco.contribute(key, first, count, ResultHashing.resultHash(id, root), keccak256(abi.encode(worker, id, root, salt)), auth) {
            _committed[keccak256(abi.encode(id, worker))] = root;
            ++calls[this.contribute.selector];
        } catch {}
    }

    /// @dev One to three consecutive workers find that the app fails on the batch, always the same
    /// way (a deterministic failure), and commit its failure root.
    function failApp(uint256 dealSeed, uint256 batchSeed, uint256 workerSeed) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        (uint32 first, uint32 count) = _range(key, batchSeed);
        BatchId id = _batchId(key, first, count);
        for (uint256 k; k <= workerSeed % 3; ++k) {
            address worker = _worker(workerSeed + k);
            bytes32 salt = keccak256(abi.encode(worker, "salt"));
            bytes32 root = _failureRootOf(id);
            bytes memory auth = _authorize(id, worker);
            vm.prank(worker);
            try poco.contribute(key, first, count, ResultHashing.resultHash(id, root), keccak256(abi.encode(worker, id, root, salt)), auth) {
                _committed[keccak256(abi.encode(id, worker))] = root;
                ++calls[this.failApp.selector];
            } catch {}
        }
    }

    /// @dev Every worker committed to the batch reveals (a failure through revealAppFailure), except
    /// those picked by `silentMask` (one in four).
    function reveal(uint256 dealSeed, uint256 batchSeed, uint16 silentMask) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        (uint32 first, uint32 count) = _range(key, batchSeed);
        BatchId id = _batchId(key, first, count);
        for (uint256 i; i < _workers.length; ++i) {
            if ((silentMask >> (2 * i)) & 3 == 0) continue;
            address worker = _workers[i];
            bytes32 root = _committed[keccak256(abi.encode(id, worker))];
            if (root == bytes32(0)) continue;
            bytes32 salt = keccak256(abi.encode(worker, "salt"));
            bytes memory call = root == _failureRootOf(id)
                ? abi.encodeCall(IBatchActions.revealAppFailure, (key, first, count, FAILURE_EXIT, _reportOf(id), salt, Usage(1, 1)))
                : abi.encodeCall(IBatchActions.reveal, (key, first, count, root, salt, Usage(1, 1)));
            vm.prank(worker);
            (bool ok,) = address(hub).call(call);
            if (ok) ++calls[this.reveal.selector];
        }
    }

    function reopen(uint256 dealSeed, uint256 batchSeed) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        (uint32 first, uint32 count) = _range(key, batchSeed);
        try poco.reopen(key, first, count) {
            ++calls[this.reopen.selector];
        } catch {}
    }

    function finalize(uint256 dealSeed, uint256 batchSeed) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        (uint32 first, uint32 count) = _range(key, batchSeed);
        _judged(key, first, count, Op.Finalize, address(0), abi.encodeCall(IBatchActions.finalize, (key, first, count)));
    }

    function pushResult(uint256 dealSeed, uint256 batchSeed, uint256 workerSeed) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        if (key.trust > 1) return;
        (uint32 first, uint32 count) = _range(key, batchSeed);
        address worker = _worker(workerSeed);
        BatchId id = _batchId(key, first, count);
        bytes memory call =
            abi.encodeCall(IBatchActions.pushResult, (key, first, count, keccak256(abi.encode("good", id)), Usage(1, 1), _authorize(id, worker)));
        _judged(key, first, count, Op.Push, worker, call);
    }

    /// @dev Trust <= 1: a worker pushes the app's deterministic failure; paid as a pushed result.
    function pushAppFailure(uint256 dealSeed, uint256 batchSeed, uint256 workerSeed) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        if (key.trust > 1) return;
        (uint32 first, uint32 count) = _range(key, batchSeed);
        address worker = _worker(workerSeed);
        BatchId id = _batchId(key, first, count);
        bytes memory call = abi.encodeCall(
            IBatchActions.pushAppFailure, (key, first, count, FAILURE_EXIT, _reportOf(id), Usage(1, 1), _authorize(id, worker))
        );
        _judged(key, first, count, Op.Push, worker, call);
    }

    function settle(uint256 dealSeed, uint256 batchSeed) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        (uint32 first, uint32 count) = _range(key, batchSeed);
        uint32[] memory firsts = new uint32[](1);
        uint32[] memory counts = new uint32[](1);
        (firsts[0], counts[0]) = (first, count);
        _judged(key, first, count, Op.Settle, address(0), abi.encodeCall(IBatchActions.settle, (key, firsts, counts)));
    }

    function overturn(uint256 dealSeed, uint256 batchSeed) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        (uint32 first, uint32 count) = _range(key, batchSeed);
        _judged(key, first, count, Op.Overturn, a.checker, abi.encodeCall(IBatchActions.overturn, (key, first, count, bytes32(0))));
    }

    /// @dev Claims after the deal's deadline; one time in four it first warps there (which ends
    /// every older deal too, so not always).
    function claim(uint256 dealSeed, uint256 batchSeed) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        uint256 deadline = uint256(key.startTime) + uint256(key.timeRef) * 10;
        if (block.timestamp < deadline && batchSeed % 4 == 0) vm.warp(deadline);
        (uint32 first, uint32 count) = _range(key, batchSeed);
        _judged(key, first, count, Op.Claim, address(0), abi.encodeCall(IBatchActions.claim, (key, first, count)));
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 1500));
        ++calls[this.warp.selector];
    }

    function setWindow(bool on) external {
        hub.setRollbackWindow(on ? 60 : 0);
        ++calls[this.setWindow.selector];
    }
}
