// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Vm} from "../utils/Vm.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ServiceLeases} from "../../src/services/ServiceLeases.sol";
import {UsageReceipt} from "../../src/services/IServiceLeases.sol";

/// @notice Random deposits, withdrawals, receipts (fresh, replayed, older, forged) and time, with ghost
/// totals of what went in and out, for the invariants of ServiceLeases.invariants.t.sol.
contract ServiceHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    ServiceLeases internal immutable leases;
    IERC20 internal immutable token;
    address internal immutable provider;
    uint256[] internal leaseIds;
    address[] internal clients;
    uint256[] internal keys;
    mapping(uint256 => mapping(address => uint64)) internal signedCalls; // highest cumulative calls signed
    mapping(uint256 => mapping(address => uint64)) internal signedSequence;
    mapping(uint256 => mapping(address => UsageReceipt)) internal lastSigned;

    uint256 public ghostDeposited;
    uint256 public ghostWithdrawn;
    uint256 public ghostPaid;
    uint256 public ghostOverpaid; // paid beyond what the client signed: must stay 0

    constructor(
        ServiceLeases leases_,
        IERC20 token_,
        address provider_,
        uint256[] memory leaseIds_,
        address[] memory clients_,
        uint256[] memory keys_
    ) {
        leases = leases_;
        token = token_;
        provider = provider_;
        leaseIds = leaseIds_;
        clients = clients_;
        keys = keys_;
    }

    function deposit(uint256 leaseSeed, uint256 clientSeed, uint256 amount) external {
        (uint256 leaseId, address client) = _pick(leaseSeed, clientSeed);
        amount = amount % 50e12;
        vm.prank(client);
        leases.deposit(leaseId, uint96(amount), uint64(block.timestamp + 1 hours));
        ghostDeposited += amount;
    }

    function withdraw(uint256 leaseSeed, uint256 clientSeed, uint256 amount) external {
        (uint256 leaseId, address client) = _pick(leaseSeed, clientSeed);
        uint96 balance = leases.accountOf(leaseId, client).balance;
        if (balance == 0) return;
        amount = amount % (uint256(balance) + 1);
        vm.warp(block.timestamp + 1 hours);
        vm.prank(client);
        leases.withdraw(leaseId, uint96(amount));
        ghostWithdrawn += amount;
    }

    /// @dev The client signs a newer cumulative receipt (`more` calls since its last) and the provider redeems it.
    function redeemFresh(uint256 leaseSeed, uint256 clientSeed, uint256 more) external {
        (uint256 leaseId, address client) = _pick(leaseSeed, clientSeed);
        uint64 calls = signedCalls[leaseId][client] + uint64(more % 40);
        uint64 sequence = signedSequence[leaseId][client] + 1;
        uint96 price = leases.leaseOf(leaseId).pricePerCall;
        UsageReceipt memory r = UsageReceipt(leaseId, client, calls, uint96(calls) * price, sequence, "");
        r.signature = _sign(_keyOf(client), r);
        signedCalls[leaseId][client] = calls;
        signedSequence[leaseId][client] = sequence;
        lastSigned[leaseId][client] = r;
        _redeem(r);
    }

    /// @dev The provider replays the last signed receipt (refused: nothing moves).
    function redeemReplay(uint256 leaseSeed, uint256 clientSeed) external {
        (uint256 leaseId, address client) = _pick(leaseSeed, clientSeed);
        UsageReceipt memory r = lastSigned[leaseId][client];
        if (r.sequence == 0) return;
        _redeem(r);
    }

    /// @dev The provider inflates a receipt's amount, or signs it with another client's key (refused).
    function redeemForged(uint256 leaseSeed, uint256 clientSeed, uint256 extra) external {
        (uint256 leaseId, address client) = _pick(leaseSeed, clientSeed);
        uint64 sequence = signedSequence[leaseId][client] + 1;
        uint64 calls = signedCalls[leaseId][client] + 1 + uint64(extra % 10);
        UsageReceipt memory r = UsageReceipt(leaseId, client, calls, uint96(calls) * 1e12 * 100, sequence, "");
        r.signature = _sign(keys[(clientSeed + 1) % keys.length], r);
        _redeem(r);
    }

    function _redeem(UsageReceipt memory r) internal {
        UsageReceipt[] memory list = new UsageReceipt[](1);
        list[0] = r;
        uint256 before = token.balanceOf(provider);
        vm.prank(provider);
        try leases.redeem(list) {
            ghostPaid += token.balanceOf(provider) - before;
        } catch {
            if (token.balanceOf(provider) != before) ghostOverpaid += 1;
        }
        uint256 redeemed = leases.accountOf(r.leaseId, r.client).redeemedAmount;
        if (redeemed > uint256(signedCalls[r.leaseId][r.client]) * leases.leaseOf(r.leaseId).pricePerCall) {
            ghostOverpaid += 1;
        }
    }

    function digestOf(UsageReceipt calldata r) external view returns (bytes32) {
        return leases.hashReceipt(r);
    }

    function _sign(uint256 key, UsageReceipt memory r) internal view returns (bytes memory) {
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(key, this.digestOf(r));
        return abi.encodePacked(rr, s, v);
    }

    function _pick(uint256 leaseSeed, uint256 clientSeed) internal view returns (uint256, address) {
        return (leaseIds[leaseSeed % leaseIds.length], clients[clientSeed % clients.length]);
    }

    function _keyOf(address client) internal view returns (uint256) {
        for (uint256 i; i < clients.length; ++i) {
            if (clients[i] == client) return keys[i];
        }
        revert("unknown client");
    }

    function leaseIdsList() external view returns (uint256[] memory) {
        return leaseIds;
    }

    function clientsList() external view returns (address[] memory) {
        return clients;
    }
}
