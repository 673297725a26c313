// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AssetRegistry} from "./AssetRegistry.sol";

/// @notice Resources a pool declares, public on chain (C1, X4).
struct Resources {
    uint32 cpus;
    uint32 memoryMb;
    uint32 diskGb;
    uint32 gpus;
    bool tee;
    string region;
}

/// @notice A workerpool: a scheduler selling its workers' capacity.
struct WorkerpoolMetadata {
    string description;
    address scheduler; // hot key that authorizes workers; payouts go to the token owner
    uint8 workerStakeRatio; // worker stake per task, percent of the pool price
    uint8 schedulerRewardRatio; // percent of the pool's reward the owner keeps
    Resources resources;
}

/// @title Registry of workerpools (M1, C1, X1).
/// @notice The pool's tag is derived from its resources: bit 0 TEE, bit 1 GPU.
contract WorkerpoolRegistry is AssetRegistry {
    /// @notice Workerpool `id` was registered to `owner`.
    event WorkerpoolCreated(uint256 indexed id, address indexed owner, string description, address scheduler);
    /// @notice The pool's declared resources changed.
    event WorkerpoolResourcesUpdated(uint256 indexed id, Resources resources, bytes32 tag);
    /// @notice The pool's scheduler key or policy changed (deals already matched keep their snapshot).
    event WorkerpoolPolicyUpdated(uint256 indexed id, address scheduler, uint8 workerStakeRatio, uint8 schedulerRewardRatio);

    bytes32 internal constant TAG_TEE = bytes32(uint256(1));
    bytes32 internal constant TAG_GPU = bytes32(uint256(2));

    mapping(uint256 id => WorkerpoolMetadata) private _pools;
    mapping(uint256 id => bytes32) private _tags;

    constructor() AssetRegistry("Proofgrid Workerpools", "PGPOOL") {}

    /// @notice Registers a pool owned by `owner` and returns its id.
    function createWorkerpool(address owner, WorkerpoolMetadata calldata pool) external returns (uint256 id) {
        if (bytes(pool.description).length == 0) revert RegistryInvalidMetadata("description");
        _checkPolicy(pool.scheduler, pool.workerStakeRatio, pool.schedulerRewardRatio);
        id = _mintNext(owner);
        _pools[id] = pool;
        emit WorkerpoolCreated(id, owner, pool.description, pool.scheduler);
        _setTag(id, pool.resources);
    }

    /// @notice Updates the declared resources (owner only).
    function setResources(uint256 id, Resources calldata resources) external {
        _requireOwner(id);
        _pools[id].resources = resources;
        _setTag(id, resources);
    }

    /// @notice Updates the scheduler key and the policy (owner only). Applies to future deals.
    function setPolicy(uint256 id, address scheduler, uint8 workerStakeRatio, uint8 schedulerRewardRatio) external {
        _requireOwner(id);
        _checkPolicy(scheduler, workerStakeRatio, schedulerRewardRatio);
        WorkerpoolMetadata storage pool = _pools[id];
        (pool.scheduler, pool.workerStakeRatio, pool.schedulerRewardRatio) = (scheduler, workerStakeRatio, schedulerRewardRatio);
        emit WorkerpoolPolicyUpdated(id, scheduler, workerStakeRatio, schedulerRewardRatio);
    }

    /// @notice The pool's metadata.
    function workerpoolOf(uint256 id) external view returns (WorkerpoolMetadata memory) {
        _requireExists(id);
        return _pools[id];
    }

    /// @notice What matching needs, snapshotted into each deal.
    function matchInfo(uint256 id)
        external
        view
        returns (address owner, address scheduler, uint8 workerStakeRatio, uint8 schedulerRewardRatio, bytes32 tag)
    {
        owner = _requireExists(id);
        WorkerpoolMetadata storage pool = _pools[id];
        (scheduler, workerStakeRatio, schedulerRewardRatio, tag) =
            (pool.scheduler, pool.workerStakeRatio, pool.schedulerRewardRatio, _tags[id]);
    }

    function _setTag(uint256 id, Resources calldata resources) private {
        bytes32 tag = (resources.tee ? TAG_TEE : bytes32(0)) | (resources.gpus > 0 ? TAG_GPU : bytes32(0));
        _tags[id] = tag;
        emit WorkerpoolResourcesUpdated(id, resources, tag);
    }

    function _checkPolicy(address scheduler, uint8 workerStakeRatio, uint8 schedulerRewardRatio) private pure {
        if (scheduler == address(0)) revert RegistryInvalidMetadata("scheduler");
        if (workerStakeRatio > 100) revert RegistryInvalidMetadata("workerStakeRatio");
        if (schedulerRewardRatio > 100) revert RegistryInvalidMetadata("schedulerRewardRatio");
    }
}
