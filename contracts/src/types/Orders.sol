// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @notice What an app owner offers: runs of app `app` at `price` each.
/// Restrictions are 0 for "anyone", otherwise the one asset id / address allowed.
/// `signature` is not part of the EIP-712 struct; empty means "presigned on chain".
struct AppOrder {
    uint256 app;
    uint256 price;
    uint256 volume;
    bytes32 tag;
    uint256 datasetRestrict;
    uint256 workerpoolRestrict;
    address requesterRestrict;
    uint256 expiry;
    bytes32 salt;
    bytes signature;
}

/// @notice What a dataset owner offers: uses of dataset `dataset` at `price` each.
struct DatasetOrder {
    uint256 dataset;
    uint256 price;
    uint256 volume;
    bytes32 tag;
    uint256 appRestrict;
    uint256 workerpoolRestrict;
    address requesterRestrict;
    uint256 expiry;
    bytes32 salt;
    bytes signature;
}

/// @notice What a workerpool sells: `volume` task executions of category `category`
/// at trust up to `trust`, at `price` each.
struct WorkerpoolOrder {
    uint256 workerpool;
    uint256 price;
    uint256 volume;
    bytes32 tag;
    uint256 category;
    uint256 trust;
    uint256 appRestrict;
    uint256 datasetRestrict;
    address requesterRestrict;
    uint256 expiry;
    bytes32 salt;
    bytes signature;
}

/// @notice What a requester buys: `volume` runs of `app` (with `dataset`, 0 for none) on
/// `workerpool` (0 for any) at most at the max prices. `params` (JSON: args, input files,
/// result public key) is signed; `callback` (0 for none) receives results on chain.
/// Verification terms (docs/decisions/026-verification-terms.md): `verification` 0 = replicated
/// (Proof-of-Contribution), 1 = optimistic (one answer with a deposit, challengeable for
/// `challengeWindow` seconds); `rollbackWindow` (replicated only) is the seconds a finalized batch
/// stays open to challenges and the checker before it pays, 0 for the hub's default. All three 0
/// is today's behaviour. Each window must lie within the hub's bounds (IConfig). `inputsRoot`
/// (docs/decisions/031-inputs-root.md) binds each task's inputs: the root of a Merkle tree whose leaf i is
/// keccak256(abi.encode("proofgrid.inputs.v1", i, staticHash, filesRoot, maxPages)) of task i's initial machine
/// state; a start state off that leaf cannot be proven on demand. 0 = unbound (today's behaviour).
struct RequestOrder {
    uint256 app;
    uint256 appMaxPrice;
    uint256 dataset;
    uint256 datasetMaxPrice;
    uint256 workerpool;
    uint256 workerpoolMaxPrice;
    address requester;
    uint256 volume;
    bytes32 tag;
    uint256 category;
    uint256 trust;
    address callback;
    string params;
    uint256 expiry;
    bytes32 salt;
    uint8 verification;
    uint64 challengeWindow;
    uint64 rollbackWindow;
    bytes32 inputsRoot;
    bytes signature;
}

/// @notice Order kinds, for events and errors that concern any order.
enum OrderKind {
    App,
    Dataset,
    Workerpool,
    Request
}
