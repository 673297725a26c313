// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Test} from "./Test.sol";
import {Hub} from "../../src/Hub.sol";
import {HubPoco} from "../../src/HubPoco.sol";
import {IBatchActions} from "../../src/interfaces/IBatches.sol";
import {IDisputes} from "../../src/interfaces/IDisputes.sol";
import {IReputation} from "../../src/interfaces/IReputation.sol";
import {ProofToken} from "../../src/token/ProofToken.sol";
import {AppRegistry, AppMetadata} from "../../src/registries/AppRegistry.sol";
import {DatasetRegistry, DatasetMetadata} from "../../src/registries/DatasetRegistry.sol";
import {WorkerpoolRegistry, WorkerpoolMetadata, Resources} from "../../src/registries/WorkerpoolRegistry.sol";

/// @dev The hub seen with its extensions' functions (the Hub delegates IBatchActions, IReputation and IDisputes).
interface IFullHub is IBatchActions, IReputation, IDisputes {}

/// @notice A deployed market with funded actors, one app, one dataset, one pool and one category,
/// and the escrow bookkeeping tests check it with (amounts, scores, conservation). OrderFixture
/// adds orders and deals on top, Fixture contributions; test contracts start from Fixture.
abstract contract MarketFixture is Test {
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

    // ---- escrow ----

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
