// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Account, IServiceLeases, Lease, UsageReceipt} from "./IServiceLeases.sol";

/// @title Service leases (S4, B3, G3; decision 029), separate from the hub.
/// @notice A workerpool's owner opens a lease for an app with a price per call, an SLA and a bond. Clients
/// fund time-locked deposits per lease and sign cumulative usage receipts off chain, one per call or a few;
/// the provider redeems the latest receipts of many clients and leases in one transaction. A receipt pays
/// the difference between its cumulative amount and what was already redeemed, at most the deposit left:
/// a receipt never pays twice and an older one (lower sequence) is refused once a newer one was redeemed.
/// A deposit below one call's price pauses the lease for that client (`LeasePaused`) until a top-up.
/// Endpoint records (`EndpointRecord`, off chain) are signed by the provider under this contract's domain.
contract ServiceLeases is IServiceLeases, EIP712 {
    using SafeERC20 for IERC20;

    bytes32 public constant USAGE_RECEIPT_TYPEHASH =
        keccak256("UsageReceipt(uint256 leaseId,address client,uint64 calls,uint96 amount,uint64 sequence)");
    bytes32 public constant ENDPOINT_RECORD_TYPEHASH =
        keccak256("EndpointRecord(uint256 leaseId,string endpoint,uint64 sequence,uint64 expiry)");

    IERC20 public immutable token;
    IERC721 public immutable apps;
    IERC721 public immutable workerpools;

    uint256 public leaseCount;
    mapping(uint256 leaseId => Lease) private _leases;
    mapping(uint256 leaseId => mapping(address client => Account)) private _accounts;

    constructor(IERC20 token_, IERC721 apps_, IERC721 workerpools_) EIP712("Proofgrid Services", "1") {
        token = token_;
        apps = apps_;
        workerpools = workerpools_;
    }

    // ---- leases ----

    /// @notice Opens a lease of `app` on `workerpool` (caller: the pool's owner), pulling `bond`.
    function openLease(
        uint64 workerpool,
        uint64 app,
        uint96 pricePerCall,
        uint32 latencyMs,
        uint16 availabilityBps,
        uint128 bond
    ) external returns (uint256 leaseId) {
        address owner = workerpools.ownerOf(workerpool);
        if (owner != msg.sender) revert LeaseNotPoolOwner(workerpool, msg.sender, owner);
        apps.ownerOf(app); // reverts for an unknown app
        if (pricePerCall == 0) revert LeaseInvalidParameter("pricePerCall");
        if (latencyMs == 0) revert LeaseInvalidParameter("latencyMs");
        if (availabilityBps == 0 || availabilityBps > 10_000) revert LeaseInvalidParameter("availabilityBps");
        leaseId = ++leaseCount;
        _leases[leaseId] = Lease(msg.sender, pricePerCall, workerpool, app, latencyMs, availabilityBps, false, bond);
        if (bond > 0) token.safeTransferFrom(msg.sender, address(this), bond);
        emit LeaseOpened(leaseId, msg.sender, workerpool, app, pricePerCall, latencyMs, availabilityBps, bond);
    }

    /// @notice Closes the lease and returns the bond: no more deposits; receipts still redeem, deposits
    /// still withdraw after their lock.
    function closeLease(uint256 leaseId) external {
        Lease storage lease = _lease(leaseId);
        if (lease.provider != msg.sender) revert LeaseNotProvider(leaseId, msg.sender, lease.provider);
        if (lease.closed) revert LeaseClosedAlready(leaseId);
        lease.closed = true;
        uint128 bond = lease.bond;
        lease.bond = 0;
        if (bond > 0) token.safeTransfer(msg.sender, bond);
        emit LeaseClosed(leaseId);
    }

    // ---- deposits ----

    /// @notice Adds `amount` to the caller's deposit for the lease, locked until at least `lockUntil`
    /// (a lock only grows). Resumes a paused lease when the balance covers a call again.
    function deposit(uint256 leaseId, uint96 amount, uint64 lockUntil) external {
        Lease storage lease = _lease(leaseId);
        if (lease.closed) revert LeaseClosedAlready(leaseId);
        Account storage account = _accounts[leaseId][msg.sender];
        uint96 before = account.balance;
        uint96 balance = before + amount;
        account.balance = balance;
        if (lockUntil > account.lockUntil) account.lockUntil = lockUntil;
        token.safeTransferFrom(msg.sender, address(this), amount);
        emit Deposited(leaseId, msg.sender, amount, account.lockUntil, balance);
        uint96 price = lease.pricePerCall;
        if (account.paused && balance >= price) {
            account.paused = false;
            emit LeaseResumed(leaseId, msg.sender);
        }
    }

    /// @notice Withdraws `amount` of the caller's unused deposit once its lock has passed.
    function withdraw(uint256 leaseId, uint96 amount) external {
        Lease storage lease = _lease(leaseId);
        Account storage account = _accounts[leaseId][msg.sender];
        if (block.timestamp < account.lockUntil) revert DepositLocked(leaseId, msg.sender, account.lockUntil);
        uint96 before = account.balance;
        if (amount > before) revert DepositInsufficient(leaseId, msg.sender, amount, before);
        uint96 balance = before - amount;
        account.balance = balance;
        token.safeTransfer(msg.sender, amount);
        emit Withdrawn(leaseId, msg.sender, amount, balance);
        if (before >= lease.pricePerCall && balance < lease.pricePerCall) _pause(account, leaseId, msg.sender);
    }

    // ---- receipts ----

    /// @notice Redeems signed cumulative receipts of the caller's leases (any clients) and pays the caller
    /// once. Reverts on the first bad receipt (bad signature, stale sequence, not cumulative), moving nothing.
    function redeem(UsageReceipt[] calldata receipts) external returns (uint256 total) {
        for (uint256 i; i < receipts.length; ++i) {
            total += _redeem(receipts[i]);
        }
        if (total > 0) token.safeTransfer(msg.sender, total);
    }

    function _redeem(UsageReceipt calldata receipt) private returns (uint96 paid) {
        Lease storage lease = _lease(receipt.leaseId);
        if (lease.provider != msg.sender) revert LeaseNotProvider(receipt.leaseId, msg.sender, lease.provider);
        Account storage account = _accounts[receipt.leaseId][receipt.client];
        _check(receipt, account);
        uint96 before = account.balance;
        uint96 redeemed = account.redeemedAmount;
        uint96 due = receipt.amount - redeemed;
        paid = due < before ? due : before;
        // one slot: balance, redeemed amount and sequence written together
        account.balance = before - paid;
        account.redeemedAmount = redeemed + paid;
        account.sequence = receipt.sequence;
        emit UsageRedeemed(receipt.leaseId, receipt.client, receipt.sequence, receipt.calls, paid);
        uint96 price = lease.pricePerCall;
        if (before >= price && before - paid < price) _pause(account, receipt.leaseId, receipt.client);
    }

    /// @dev Refuses a stale, non-cumulative or wrongly signed receipt. (`calls` is the client's count, signed and
    /// logged in `UsageRedeemed`; only the amount moves money.)
    function _check(UsageReceipt calldata receipt, Account storage account) private view {
        uint64 current = account.sequence;
        if (receipt.sequence <= current) {
            revert ReceiptStale(receipt.leaseId, receipt.client, receipt.sequence, current);
        }
        if (receipt.amount < account.redeemedAmount) {
            revert ReceiptNotCumulative(receipt.leaseId, receipt.client, receipt.sequence);
        }
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecover(hashReceipt(receipt), receipt.signature);
        if (err != ECDSA.RecoverError.NoError || signer != receipt.client) {
            revert ReceiptBadSignature(receipt.leaseId, receipt.client, receipt.sequence);
        }
    }

    /// @dev The deposit fell below one call's price: the lease is paused for the client until a top-up.
    function _pause(Account storage account, uint256 leaseId, address client) private {
        account.paused = true;
        emit LeasePaused(leaseId, client);
    }

    // ---- views ----

    /// @notice The EIP-712 digest a client signs for `receipt` (its signature field is ignored).
    function hashReceipt(UsageReceipt calldata receipt) public view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    USAGE_RECEIPT_TYPEHASH,
                    receipt.leaseId,
                    receipt.client,
                    receipt.calls,
                    receipt.amount,
                    receipt.sequence
                )
            )
        );
    }

    /// @notice The EIP-712 digest a provider signs for an endpoint record (verified off chain by resolvers).
    function hashEndpointRecord(uint256 leaseId, string calldata endpoint, uint64 sequence, uint64 expiry)
        external
        view
        returns (bytes32)
    {
        return _hashTypedDataV4(
            keccak256(abi.encode(ENDPOINT_RECORD_TYPEHASH, leaseId, keccak256(bytes(endpoint)), sequence, expiry))
        );
    }

    /// @notice The lease `leaseId`.
    function leaseOf(uint256 leaseId) external view returns (Lease memory) {
        return _lease(leaseId);
    }

    /// @notice A client's deposit and what was redeemed from it.
    function accountOf(uint256 leaseId, address client) external view returns (Account memory) {
        return _accounts[leaseId][client];
    }

    /// @notice Whether the lease is paused for `client`: its deposit no longer covers one call.
    function isPaused(uint256 leaseId, address client) external view returns (bool) {
        return _accounts[leaseId][client].balance < _lease(leaseId).pricePerCall;
    }

    /// @notice This contract's EIP-712 domain separator.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function _lease(uint256 leaseId) private view returns (Lease storage lease) {
        lease = _leases[leaseId];
        if (lease.provider == address(0)) revert LeaseUnknown(leaseId);
    }
}
