// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Test} from "./Test.sol";
import {Vm} from "./Vm.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {Hub} from "../../src/Hub.sol";
import {HubPoco} from "../../src/HubPoco.sol";
import {IBatches, Usage} from "../../src/interfaces/IBatches.sol";
import {IReputation} from "../../src/interfaces/IReputation.sol";
import {ProofToken} from "../../src/token/ProofToken.sol";
import {AppRegistry, AppMetadata} from "../../src/registries/AppRegistry.sol";
import {DatasetRegistry, DatasetMetadata} from "../../src/registries/DatasetRegistry.sol";
import {WorkerpoolRegistry, WorkerpoolMetadata, Resources} from "../../src/registries/WorkerpoolRegistry.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder} from "../../src/types/Orders.sol";
import {DealKey} from "../../src/types/DealKey.sol";
import {DealId, BatchId} from "../../src/types/Ids.sol";
import {ResultHashing} from "../../src/libraries/ResultHashing.sol";
import {BatchStatus} from "../../src/interfaces/IBatches.sol";

/// @dev The hub seen with both halves' functions (the Hub delegates IBatches and IReputation).
interface IFullHub is IBatches, IReputation {}

/// @notice A deployed market with funded actors, one app, one dataset, one pool and one category,
/// and helpers to sign orders, match deals and contribute. Every test contract starts from it.
abstract contract Fixture is Test {
    uint256 internal constant APP_PRICE = 3 ether;
    uint256 internal constant DATASET_PRICE = 2 ether;
    uint256 internal constant POOL_PRICE = 10 ether;
    uint64 internal constant RUN_TIME = 100; // category 0 max run time, seconds
    uint256 internal constant FUNDS = 1_000_000 ether;

    ProofToken internal token;
    AppRegistry internal apps;
    DatasetRegistry internal datasets;
    WorkerpoolRegistry internal pools;
    Hub internal hub;
    IFullHub internal poco; // the same address as hub, typed with the extension's functions

    address internal requester;
    uint256 internal requesterKey;
    address internal appOwner;
    uint256 internal appOwnerKey;
    address internal datasetOwner;
    uint256 internal datasetOwnerKey;
    address internal poolOwner;
    uint256 internal poolOwnerKey;
    address internal scheduler;
    uint256 internal schedulerKey;
    address internal checker;
    address[] internal workers;

    uint256 internal appId;
    uint256 internal datasetId;
    uint256 internal poolId;

    function setUp() public virtual {
        (requester, requesterKey) = makeAccount("requester");
        (appOwner, appOwnerKey) = makeAccount("appOwner");
        (datasetOwner, datasetOwnerKey) = makeAccount("datasetOwner");
        (poolOwner, poolOwnerKey) = makeAccount("poolOwner");
        (scheduler, schedulerKey) = makeAccount("scheduler");
        (checker,) = makeAccount("checker");
        for (uint256 i; i < 8; ++i) {
            (address w,) = makeAccount(string.concat("worker", vm_toString(i)));
            workers.push(w);
        }

        token = new ProofToken(address(this), 1_000_000_000 ether);
        apps = new AppRegistry();
        datasets = new DatasetRegistry();
        pools = new WorkerpoolRegistry();
        hub = new Hub(token, apps, datasets, pools, address(new HubPoco()), address(this), 0);
        poco = IFullHub(address(hub));
        hub.createCategory("S", RUN_TIME);
        hub.setChecker(checker);

        appId = apps.createApp(appOwner, AppMetadata("pi", "ipfs://pi", keccak256("pi.wasm"), bytes32(0), 64, 0));
        datasetId = datasets.createDataset(datasetOwner, DatasetMetadata("prices", "ipfs://prices", keccak256("prices"), bytes32(0)));
        poolId = pools.createWorkerpool(
            poolOwner, WorkerpoolMetadata("pool", scheduler, 30, 10, Resources(8, 16384, 100, 0, false, "eu"))
        );

        _fund(requester);
        _fund(poolOwner);
        for (uint256 i; i < workers.length; ++i) _fund(workers[i]);
    }

    function _fund(address account) internal {
        token.transfer(account, FUNDS);
        vm.startPrank(account);
        token.approve(address(hub), FUNDS);
        hub.deposit(FUNDS);
        vm.stopPrank();
    }

    // ---- orders ----

    function appOrder() internal view returns (AppOrder memory o) {
        o = AppOrder(appId, APP_PRICE, 1_000_000, bytes32(0), 0, 0, address(0), 0, bytes32("app"), "");
    }

    function datasetOrder() internal view returns (DatasetOrder memory o) {
        o = DatasetOrder(datasetId, DATASET_PRICE, 1_000_000, bytes32(0), 0, 0, address(0), 0, bytes32("ds"), "");
    }

    function poolOrder(uint256 trust) internal view returns (WorkerpoolOrder memory o) {
        o = WorkerpoolOrder(poolId, POOL_PRICE, 1_000_000, bytes32(0), 0, trust, 0, 0, address(0), 0, bytes32("pool"), "");
    }

    function requestOrder(uint256 volume, uint256 trust, bool withDataset) internal view returns (RequestOrder memory o) {
        o.app = appId;
        o.appMaxPrice = APP_PRICE;
        o.dataset = withDataset ? datasetId : 0;
        o.datasetMaxPrice = withDataset ? DATASET_PRICE : 0;
        o.workerpoolMaxPrice = POOL_PRICE;
        o.requester = requester;
        o.volume = volume;
        o.trust = trust;
        o.params = '{"args":"1000"}';
        o.salt = bytes32(volume * 1000 + trust);
    }

    function _sig(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function signed(AppOrder memory o) internal view returns (AppOrder memory) {
        o.signature = _sig(appOwnerKey, hub.hashAppOrder(o));
        return o;
    }

    function signed(DatasetOrder memory o) internal view returns (DatasetOrder memory) {
        o.signature = _sig(datasetOwnerKey, hub.hashDatasetOrder(o));
        return o;
    }

    function signed(WorkerpoolOrder memory o) internal view returns (WorkerpoolOrder memory) {
        o.signature = _sig(poolOwnerKey, hub.hashWorkerpoolOrder(o));
        return o;
    }

    function signed(RequestOrder memory o) internal view returns (RequestOrder memory) {
        o.signature = _sig(requesterKey, hub.hashRequestOrder(o));
        return o;
    }

    /// @dev Matches the four orders and returns the deal key read from the DealMatched event.
    function matchAll(AppOrder memory a, DatasetOrder memory d, WorkerpoolOrder memory p, RequestOrder memory r)
        internal
        returns (DealKey memory key)
    {
        vm.recordLogs();
        hub.matchOrders(a, d, p, r);
        key = _lastDealKey();
    }

    /// @dev A signed deal of `volume` tasks at `trust`, with the dataset when asked.
    function openDeal(uint256 volume, uint256 trust, bool withDataset) internal returns (DealKey memory) {
        return matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(trust)), signed(requestOrder(volume, trust, withDataset)));
    }

    function _lastDealKey() internal returns (DealKey memory key) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bytes32 topic = keccak256(
            "DealMatched(bytes32,address,uint256,(bytes32,uint256,address,address,address,uint96,address,uint96,address,uint96,address,uint256,uint256,uint256,uint32,uint32,uint64,uint40,uint96,uint8,bytes32),bytes32,bytes32,bytes32,string)"
        );
        for (uint256 i = logs.length; i > 0; --i) {
            if (logs[i - 1].topics[0] == topic) {
                (key,,,,) = abi.decode(logs[i - 1].data, (DealKey, bytes32, bytes32, bytes32, string));
                return key;
            }
        }
        revert("no DealMatched event");
    }

    // ---- contributions ----

    function dealIdOf(DealKey memory key) internal pure returns (DealId) {
        return DealId.wrap(keccak256(abi.encode(key)));
    }

    function batchIdOf(DealKey memory key, uint32 first, uint32 count) internal pure returns (BatchId) {
        return ResultHashing.batchId(dealIdOf(key), first, count);
    }

    function authorize(DealKey memory key, uint32 first, uint32 count, address worker) internal pure returns (bytes memory) {
        bytes32 digest = keccak256(abi.encode(batchIdOf(key, first, count), worker));
        return _sig(schedulerKeyOf(key), MessageHashUtils.toEthSignedMessageHash(digest));
    }

    /// @dev Tests sign with the fixture's scheduler key; the key is derived as in makeAccount.
    function schedulerKeyOf(DealKey memory) internal pure returns (uint256) {
        return uint256(keccak256(bytes("scheduler"))) % 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141 + 1;
    }

    function contributeAs(address worker, DealKey memory key, uint32 first, uint32 count, bytes32 root) internal {
        BatchId id = batchIdOf(key, first, count);
        bytes32 salt = keccak256(abi.encode(worker, "salt"));
        bytes32 seal = keccak256(abi.encode(worker, id, root, salt));
        bytes memory auth = authorize(key, first, count, worker);
        vm.prank(worker);
        poco.contribute(key, first, count, ResultHashing.resultHash(id, root), seal, auth);
    }

    function revealAs(address worker, DealKey memory key, uint32 first, uint32 count, bytes32 root) internal {
        vm.prank(worker);
        poco.reveal(key, first, count, root, keccak256(abi.encode(worker, "salt")), Usage(10, 1024));
    }

    function pushAs(address worker, DealKey memory key, uint32 first, uint32 count, bytes32 root) internal {
        bytes memory auth = authorize(key, first, count, worker);
        vm.prank(worker);
        poco.pushResult(key, first, count, root, Usage(10, 1024), auth);
    }

    // ---- amounts ----

    function taskPrice(bool withDataset) internal pure returns (uint256) {
        return APP_PRICE + (withDataset ? DATASET_PRICE : 0) + POOL_PRICE;
    }

    /// @dev What the pool owner locks for `n` tasks (30 % of the pool price per task).
    function poolStakeOf(uint256 n) internal pure returns (uint256) {
        return n * (POOL_PRICE * 30 / 100);
    }

    /// @dev What a worker locks per contribution to a batch of `n` tasks (the fixture pool: 30 %).
    function workerStakeOf(uint256 n) internal pure returns (uint256) {
        return n * (POOL_PRICE * 30 / 100);
    }

    // ---- actors ----

    /// @dev A new worker with FUNDS in escrow (counted by escrowTotal).
    function newWorker(string memory name) internal returns (address worker) {
        (worker,) = makeAccount(name);
        _fund(worker);
        tracked.push(worker);
    }

    /// @dev Accounts beyond the fixture's actors that escrowTotal adds up.
    address[] internal tracked;

    /// @dev Counts `account` in escrowTotal.
    function track(address account) internal {
        tracked.push(account);
    }

    /// @dev The ERC-7201 slot of `account` in the escrow ledger (balance | locked << 112 | score << 224).
    function escrowSlotOf(address account) internal pure returns (bytes32) {
        bytes32 root = keccak256(abi.encode(uint256(keccak256("proofgrid.storage.Escrow")) - 1)) & ~bytes32(uint256(0xff));
        return keccak256(abi.encode(account, root));
    }

    /// @dev Sets a worker's reputation score in place (its funds are kept), to give it a weight.
    function setScore(address worker, uint32 score) internal {
        bytes32 slot = escrowSlotOf(worker);
        uint256 word = uint256(vm.load(address(hub), slot));
        word = (word & ((uint256(1) << 224) - 1)) | (uint256(score) << 224);
        vm.store(address(hub), slot, bytes32(word));
    }

    // ---- deals ----

    /// @dev A signed deal whose request names `callback`.
    function openDealWithCallback(uint256 volume, uint256 trust, address callback) internal returns (DealKey memory) {
        RequestOrder memory r = requestOrder(volume, trust, false);
        r.callback = callback;
        r.salt = keccak256(abi.encode(r.salt, callback));
        return matchAll(signed(appOrder()), signed(datasetOrder()), signed(poolOrder(trust)), signed(r));
    }

    // ---- contributions ----

    function saltOf(address worker) internal pure returns (bytes32) {
        return keccak256(abi.encode(worker, "salt"));
    }

    function sealOf(address worker, BatchId id, bytes32 root, bytes32 salt) internal pure returns (bytes32) {
        return keccak256(abi.encode(worker, id, root, salt));
    }

    /// @dev Contributes an arbitrary (resultHash, seal) pair, as a copier would.
    function contributeRaw(address worker, DealKey memory key, uint32 first, uint32 count, bytes32 resultHash, bytes32 seal)
        internal
    {
        bytes memory auth = authorize(key, first, count, worker);
        vm.prank(worker);
        poco.contribute(key, first, count, resultHash, seal, auth);
    }

    function assertStatus(DealKey memory key, uint32 first, uint32 count, BatchStatus expected, string memory why) internal view {
        vm.assertEq(uint256(poco.batchStatus(key, first, count)), uint256(expected), why);
    }

    function revealRaw(address worker, DealKey memory key, uint32 first, uint32 count, bytes32 root, bytes32 salt) internal {
        vm.prank(worker);
        poco.reveal(key, first, count, root, salt, Usage(10, 1024));
    }

    /// @dev Settles one batch (after its rollback window).
    function settleOne(DealKey memory key, uint32 first, uint32 count) internal {
        poco.settle(key, one(first), one(count));
    }

    /// @dev The deal's deadline: start + 10 x the category's run time.
    function deadlineOf(DealKey memory key) internal pure returns (uint256) {
        return uint256(key.startTime) + uint256(key.timeRef) * 10;
    }

    /// @dev The resultHash a worker commits for `root`.
    function resultHashOf(DealKey memory key, uint32 first, uint32 count, bytes32 root) internal pure returns (bytes32) {
        return ResultHashing.resultHash(batchIdOf(key, first, count), root);
    }

    function one(uint32 v) internal pure returns (uint32[] memory a) {
        a = new uint32[](1);
        a[0] = v;
    }

    // ---- signatures ----

    /// @dev The EIP-2612 digest of a permit for the fixture's token.
    function permitDigest(address owner, address spender, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                owner,
                spender,
                value,
                nonce,
                deadline
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
    }

    /// @dev Sum of balances and locked funds of every actor (the conservation check).
    function escrowTotal() internal view returns (uint256 total) {
        address[6] memory actors = [requester, appOwner, datasetOwner, poolOwner, scheduler, checker];
        for (uint256 i; i < actors.length; ++i) total += hub.balanceOf(actors[i]) + hub.lockedOf(actors[i]);
        for (uint256 i; i < workers.length; ++i) total += hub.balanceOf(workers[i]) + hub.lockedOf(workers[i]);
        for (uint256 i; i < tracked.length; ++i) total += hub.balanceOf(tracked[i]) + hub.lockedOf(tracked[i]);
    }

    /// @dev balance + locked of one account.
    function totalOf(address account) internal view returns (uint256) {
        return hub.balanceOf(account) + hub.lockedOf(account);
    }

    function assertConserved() internal view {
        vm.assertEq(escrowTotal(), token.balanceOf(address(hub)), "escrow conserved");
    }

    function vm_toString(uint256 v) internal pure returns (string memory) {
        if (v == 0) return "0";
        bytes memory b;
        while (v != 0) {
            b = abi.encodePacked(bytes1(uint8(48 + v % 10)), b);
            v /= 10;
        }
        return string(b);
    }
}
