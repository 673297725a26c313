// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Test} from "../utils/Test.sol";
import {Vm} from "../utils/Vm.sol";
import {IDeals} from "../../src/interfaces/IDeals.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Hub} from "../../src/Hub.sol";
import {IBatches, BatchStatus, BatchView, ContributionStatus, ContributionView, Usage} from "../../src/interfaces/IBatches.sol";
import {ProofToken} from "../../src/token/ProofToken.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId, BatchId} from "../../src/types/Ids.sol";
import {ResultHashing} from "../../src/libraries/ResultHashing.sol";

/// @notice Who the handler acts for, with the keys it signs with.
struct Actors {
    address requester;
    uint256 requesterKey;
    address appOwner;
    uint256 appOwnerKey;
    address datasetOwner;
    uint256 datasetOwnerKey;
    address poolOwner;
    uint256 poolOwnerKey;
    address scheduler;
    uint256 schedulerKey;
    address checker;
    uint256 appId;
    uint256 datasetId;
    uint256 poolId;
}

/// @notice Drives random, bounded sequences of market and PoCo actions against the hub, and keeps
/// ghost records that the invariants compare with the hub's state. Every action returns quietly
/// when its preconditions do not hold, so most calls do something.
contract Handler is Test {
    uint256 internal constant APP_PRICE = 3 ether;
    uint256 internal constant APP_ORDER_VOLUME = 40;

    Hub public immutable hub;
    IBatches internal immutable poco;
    ProofToken public immutable token;
    Actors internal a;
    address[] internal _workers;

    AppOrder internal _appOrder; // one app order shared by every deal: its volume caps the total
    DealKey[] internal _deals;
    uint256 internal _salt;

    enum Op {
        Finalize,
        Settle,
        Claim,
        Overturn,
        Push
    }

    // ---- ghosts ----
    uint256 public ghostMatchedVolume; // sum of the deals' volumes
    uint256 public ghostPaidTasks; // tasks whose app owner got paid
    uint256 public ghostDoublePaid; // a task paid a second time
    uint256 public ghostPayMismatch; // a payout that was not exactly its batch's tasks
    uint256 public ghostWrongSeizure; // a stake seized from an accurate worker or a stranger
    uint256 public ghostWrongReward; // a worker paid without being accurate
    uint256 public ghostClaimPaid; // a claim that paid a worker or an asset owner
    uint256 public ghostFinalizedTwice; // a batch finalized more than once
    mapping(bytes32 task => uint256) public timesPaid;
    mapping(BatchId => uint256) public timesFinalized;
    mapping(BatchId => bytes32) public finalRoot;
    BatchId[] internal _finalized;
    mapping(bytes32 batchWorker => bytes32 root) internal _committed;
    mapping(bytes4 selector => uint256) public calls;

    constructor(Hub hub_, ProofToken token_, Actors memory actors, address[] memory workers_) {
        (hub, poco, token, a) = (hub_, IBatches(address(hub_)), token_, actors);
        _workers = workers_;
        _appOrder = AppOrder(actors.appId, APP_PRICE, APP_ORDER_VOLUME, bytes32(0), 0, 0, address(0), 0, bytes32("inv"), "");
        _appOrder.signature = _sign(actors.appOwnerKey, hub.hashAppOrder(_appOrder));
    }

    // ---- views for the invariants ----

    function dealCount() external view returns (uint256) {
        return _deals.length;
    }

    function dealAt(uint256 i) external view returns (DealKey memory) {
        return _deals[i];
    }

    function finalizedCount() external view returns (uint256) {
        return _finalized.length;
    }

    function finalizedAt(uint256 i) external view returns (BatchId) {
        return _finalized[i];
    }

    function appOrderHash() external view returns (bytes32) {
        return hub.hashAppOrder(_appOrder);
    }

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

    /// @dev Every worker committed to the batch reveals, except those picked by `silentMask`
    /// (one in four).
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
            vm.prank(worker);
            try poco.reveal(key, first, count, root, keccak256(abi.encode(worker, "salt")), Usage(1, 1)) {
                ++calls[this.reveal.selector];
            } catch {}
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
        _judged(key, first, count, Op.Finalize, address(0), abi.encodeCall(IBatches.finalize, (key, first, count)));
    }

    function pushResult(uint256 dealSeed, uint256 batchSeed, uint256 workerSeed) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        if (key.trust > 1) return;
        (uint32 first, uint32 count) = _range(key, batchSeed);
        address worker = _worker(workerSeed);
        BatchId id = _batchId(key, first, count);
        bytes memory call =
            abi.encodeCall(IBatches.pushResult, (key, first, count, keccak256(abi.encode("good", id)), Usage(1, 1), _authorize(id, worker)));
        _judged(key, first, count, Op.Push, worker, call);
    }

    function settle(uint256 dealSeed, uint256 batchSeed) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        (uint32 first, uint32 count) = _range(key, batchSeed);
        uint32[] memory firsts = new uint32[](1);
        uint32[] memory counts = new uint32[](1);
        (firsts[0], counts[0]) = (first, count);
        _judged(key, first, count, Op.Settle, address(0), abi.encodeCall(IBatches.settle, (key, firsts, counts)));
    }

    function overturn(uint256 dealSeed, uint256 batchSeed) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        (uint32 first, uint32 count) = _range(key, batchSeed);
        _judged(key, first, count, Op.Overturn, a.checker, abi.encodeCall(IBatches.overturn, (key, first, count, bytes32(0))));
    }

    /// @dev Claims after the deal's deadline; one time in four it first warps there (which ends
    /// every older deal too, so not always).
    function claim(uint256 dealSeed, uint256 batchSeed) external {
        if (_deals.length == 0) return;
        DealKey memory key = _deal(dealSeed);
        uint256 deadline = uint256(key.startTime) + uint256(key.timeRef) * 10;
        if (block.timestamp < deadline && batchSeed % 4 == 0) vm.warp(deadline);
        (uint32 first, uint32 count) = _range(key, batchSeed);
        _judged(key, first, count, Op.Claim, address(0), abi.encodeCall(IBatches.claim, (key, first, count)));
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1, 1500));
        ++calls[this.warp.selector];
    }

    function setWindow(bool on) external {
        hub.setRollbackWindow(on ? 60 : 0);
        ++calls[this.setWindow.selector];
    }

    // ---- the judged call: what moved, and whether it was allowed to ----

    struct Snapshot {
        uint256 app;
        uint256 pool;
        uint256[] workers;
    }

    function _snapshot() internal view returns (Snapshot memory s) {
        s.app = hub.balanceOf(a.appOwner);
        s.workers = new uint256[](_workers.length);
        for (uint256 i; i < _workers.length; ++i) s.workers[i] = hub.balanceOf(_workers[i]) + hub.lockedOf(_workers[i]);
    }

    /// @dev Runs a payout-moving call (as `caller` when set) and checks who gained and who lost.
    function _judged(DealKey memory key, uint32 first, uint32 count, Op op, address actor, bytes memory call) internal {
        Snapshot memory before = _snapshot();
        if (op == Op.Overturn || op == Op.Push) vm.prank(actor);
        (bool ok,) = address(hub).call(call);
        if (!ok) return;
        ++calls[bytes4(call)];
        BatchId id = _batchId(key, first, count);
        _checkAppPayout(key, first, count, op, hub.balanceOf(a.appOwner) - before.app);
        _checkWorkers(key, id, count, op, actor, before);
        _recordFinalization(id, op);
    }

    function _checkAppPayout(DealKey memory key, uint32 first, uint32 count, Op op, uint256 gained) internal {
        if (gained == 0) return;
        if (op == Op.Claim || op == Op.Overturn || gained != uint256(count) * APP_PRICE) {
            ++ghostPayMismatch;
            if (op == Op.Claim) ++ghostClaimPaid;
            return;
        }
        DealId dealId = DealId.wrap(keccak256(abi.encode(key)));
        for (uint256 i = first; i < uint256(first) + count; ++i) {
            bytes32 task = keccak256(abi.encode(dealId, i));
            if (++timesPaid[task] > 1) ++ghostDoublePaid;
            ++ghostPaidTasks;
        }
    }

    function _checkWorkers(DealKey memory key, BatchId id, uint32 count, Op op, address pusher, Snapshot memory before) internal {
        BatchView memory b = poco.batchOf(id);
        for (uint256 i; i < _workers.length; ++i) {
            address w = _workers[i];
            uint256 nowTotal = hub.balanceOf(w) + hub.lockedOf(w);
            if (nowTotal == before.workers[i]) continue;
            ContributionView memory c = poco.contributionOf(id, w);
            bool accurate = c.status == ContributionStatus.Revealed && c.resultHash == b.consensusHash;
            if (nowTotal < before.workers[i]) {
                // Seized: only a contributor of this batch, only its stake, and never an accurate
                // one (the checker's overturn declares the chosen group wrong).
                bool wrong = c.status != ContributionStatus.None && (op == Op.Overturn || !accurate);
                if (!wrong || before.workers[i] - nowTotal != uint256(count) * key.workerStake) ++ghostWrongSeizure;
            } else {
                // Paid: never by a claim; otherwise only an accurate contributor or the batch's pusher.
                bool pushed = c.status == ContributionStatus.None && b.contributors == 1 && poco.contributorAt(id, 0) == w;
                if (op == Op.Claim) ++ghostClaimPaid;
                else if (!(accurate || (op == Op.Push && w == pusher) || (op == Op.Settle && pushed))) ++ghostWrongReward;
            }
        }
    }

    function _recordFinalization(BatchId id, Op op) internal {
        if (op != Op.Finalize && op != Op.Push) return;
        if (++timesFinalized[id] > 1) ++ghostFinalizedTwice;
        else _finalized.push(id);
        finalRoot[id] = poco.batchOf(id).resultRoot;
    }

    // ---- helpers ----

    function _fundedActor(uint256 seed) internal view returns (address) {
        uint256 i = seed % (_workers.length + 2);
        if (i == 0) return a.requester;
        if (i == 1) return a.poolOwner;
        return _workers[i - 2];
    }

    function _worker(uint256 seed) internal view returns (address) {
        return _workers[seed % _workers.length];
    }

    /// @dev The latest deal half of the time (so steps of one batch meet), else any deal.
    function _deal(uint256 seed) internal view returns (DealKey memory) {
        if (seed % 2 == 0) return _deals[_deals.length - 1];
        return _deals[(seed / 2) % _deals.length];
    }

    /// @dev The whole deal as one batch half of the time, else a single task.
    function _range(DealKey memory key, uint256 seed) internal pure returns (uint32 first, uint32 count) {
        if (seed % 2 == 0) return (0, key.volume);
        return (uint32((seed / 2) % key.volume), 1);
    }

    function _batchId(DealKey memory key, uint32 first, uint32 count) internal pure returns (BatchId) {
        return ResultHashing.batchId(DealId.wrap(keccak256(abi.encode(key))), first, count);
    }

    function _authorize(BatchId id, address worker) internal view returns (bytes memory) {
        return _sign(a.schedulerKey, MessageHashUtils.toEthSignedMessageHash(keccak256(abi.encode(id, worker))));
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _lastDealKey() internal returns (DealKey memory key) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i = logs.length; i > 0; --i) {
            if (logs[i - 1].emitter == address(hub) && logs[i - 1].topics[0] == IDeals.DealMatched.selector) {
                (key,,,,) = abi.decode(logs[i - 1].data, (DealKey, bytes32, bytes32, bytes32, string));
                return key;
            }
        }
        revert("no DealMatched event");
    }
}

