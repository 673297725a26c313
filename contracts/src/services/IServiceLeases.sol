// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @notice A lease: a workerpool's owner serving an app as a service (decision 029).
struct Lease {
    address provider; // the pool's owner when the lease was opened; paid by redeemed receipts
    uint96 pricePerCall; // token units per call
    uint64 workerpool;
    uint64 app;
    uint32 latencyMs; // SLA: answer time the provider promises (p99)
    uint16 availabilityBps; // SLA: share of calls answered, in basis points
    bool closed;
    uint128 bond; // returned on close (proof of service may slash it later)
}

/// @notice A client's time-locked deposit for one lease, and what the provider redeemed from it. What a
/// redemption touches (balance, redeemed amount, sequence) shares one storage slot; the lock is in the next.
struct Account {
    uint96 balance; // what is left to pay calls with
    uint96 redeemedAmount; // cumulative amount paid to the provider
    uint64 sequence; // the highest receipt sequence redeemed
    uint64 lockUntil; // the client may withdraw from then on
    bool paused; // LeasePaused was emitted and LeaseResumed not yet (pairs the events; isPaused reads the balance)
}

/// @notice A client's signed cumulative usage receipt (EIP-712 `UsageReceipt`): over the lease's life the
/// client has made `calls` calls worth `amount`; a higher `sequence` supersedes a lower one.
struct UsageReceipt {
    uint256 leaseId;
    address client;
    uint64 calls;
    uint96 amount;
    uint64 sequence;
    bytes signature;
}

/// @title Leases of long-running services, paid per call by signed usage receipts.
interface IServiceLeases {
    event LeaseOpened(
        uint256 indexed leaseId,
        address indexed provider,
        uint256 indexed workerpool,
        uint256 app,
        uint96 pricePerCall,
        uint32 latencyMs,
        uint16 availabilityBps,
        uint128 bond
    );
    event LeaseClosed(uint256 indexed leaseId);
    event Deposited(uint256 indexed leaseId, address indexed client, uint96 amount, uint64 lockUntil, uint96 balance);
    event Withdrawn(uint256 indexed leaseId, address indexed client, uint96 amount, uint96 balance);
    event UsageRedeemed(uint256 indexed leaseId, address indexed client, uint64 sequence, uint64 calls, uint96 paid);
    /// @notice The client's deposit no longer covers one call: the provider stops serving it.
    event LeasePaused(uint256 indexed leaseId, address indexed client);
    /// @notice A top-up covers a call again: serving resumes.
    event LeaseResumed(uint256 indexed leaseId, address indexed client);

    /// @notice No lease has id `leaseId`.
    error LeaseUnknown(uint256 leaseId);
    /// @notice Only the workerpool's owner `owner` may open a lease for it.
    error LeaseNotPoolOwner(uint256 workerpool, address caller, address owner);
    /// @notice Only the lease's provider may do this.
    error LeaseNotProvider(uint256 leaseId, address caller, address provider);
    /// @notice The lease is closed: no more deposits, no second close.
    error LeaseClosedAlready(uint256 leaseId);
    /// @notice A lease parameter is out of range (`field`).
    error LeaseInvalidParameter(string field);
    /// @notice The deposit is locked until `lockUntil`.
    error DepositLocked(uint256 leaseId, address client, uint64 lockUntil);
    /// @notice Withdrawing `amount` exceeds the balance `balance`.
    error DepositInsufficient(uint256 leaseId, address client, uint96 amount, uint96 balance);
    /// @notice The receipt is not signed by its client.
    error ReceiptBadSignature(uint256 leaseId, address client, uint64 sequence);
    /// @notice A receipt of sequence `current` or higher was already redeemed: a receipt never pays twice.
    error ReceiptStale(uint256 leaseId, address client, uint64 sequence, uint64 current);
    /// @notice The receipt's cumulative amount is below what was already redeemed.
    error ReceiptNotCumulative(uint256 leaseId, address client, uint64 sequence);
}
