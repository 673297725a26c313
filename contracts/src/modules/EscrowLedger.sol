// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IEscrow} from "../interfaces/IEscrow.sol";

/// @title Escrow ledger: balances and locked funds of every account, one slot each (M4).
/// @dev Money only moves between accounts through _lock, _unlock, _seize and _credit, so the
/// conservation invariant token.balanceOf(hub) == Σ balance + Σ locked holds by construction:
/// _seize removes from locked what a matching _credit adds elsewhere in the same transaction.
/// Shared by the hub and its PoCo extension through the ERC-7201 namespace below.
/// Internal moves emit no event of their own: each is part of a protocol step (DealMatched,
/// BatchSettled, TasksClaimed, BatchOverturned) whose event, with the deal key, determines every
/// amount, so an indexer replays balances from those (docs/protocol.md, "Audit trail").
abstract contract EscrowLedger {
    using SafeCast for uint256;

    /// @dev One slot per account. The worker's reputation score shares the slot with its funds:
    /// settlement touches both for every contributor, so packing them saves a cold 22k-gas write per
    /// worker and task (gas snapshot, docs/decisions/003-batched-settlement.md). 112 bits hold 5e15 tokens of 18 decimals.
    struct Account {
        uint112 balance;
        uint112 locked;
        uint32 score;
    }

    /// @custom:storage-location erc7201:proofgrid.storage.Escrow
    struct EscrowStorage {
        mapping(address account => Account) accounts;
    }

    // keccak256(abi.encode(uint256(keccak256("proofgrid.storage.Escrow")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant ESCROW_SLOT = 0xa17c79c77e6fb6df0ba48360676e414b09cf048384fc7258c55be786a9e68200;

    /// @dev balance -> locked; reverts EscrowInsufficientBalance.
    function _lock(address account, uint256 amount) internal {
        if (amount == 0) return;
        Account storage a = _escrow().accounts[account];
        if (a.balance < amount) revert IEscrow.EscrowInsufficientBalance(account, a.balance, amount);
        // Both fit: amount <= balance < 2^112, and locked + balance never exceeds the tokens held.
        (a.balance, a.locked) = (a.balance - uint112(amount), a.locked + uint112(amount));
    }

    /// @dev locked -> balance.
    function _unlock(address account, uint256 amount) internal {
        if (amount == 0) return;
        Account storage a = _escrow().accounts[account];
        (a.balance, a.locked) = (a.balance + amount.toUint112(), a.locked - amount.toUint112());
    }

    /// @dev Removes `amount` from `account`'s locked funds; the caller credits it to someone
    /// else in the same transaction.
    function _seize(address account, uint256 amount) internal {
        if (amount == 0) return;
        _escrow().accounts[account].locked -= amount.toUint112();
    }

    /// @dev Adds `amount` (seized or deposited in this transaction) to `account`'s balance.
    function _credit(address account, uint256 amount) internal {
        if (amount == 0) return;
        _escrow().accounts[account].balance += amount.toUint112();
    }

    function _scoreOf(address account) internal view returns (uint32) {
        return _escrow().accounts[account].score;
    }

    function _setScore(address account, uint32 score) internal {
        _escrow().accounts[account].score = score;
    }

    function _escrow() internal pure returns (EscrowStorage storage $) {
        assembly ("memory-safe") {
            $.slot := ESCROW_SLOT
        }
    }
}
