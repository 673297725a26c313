// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IEscrow} from "../interfaces/IEscrow.sol";
import {EscrowLedger} from "./EscrowLedger.sol";

/// @title Escrow module: deposits and withdrawals of the token into the ledger (M4).
abstract contract Escrow is IEscrow, EscrowLedger, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    IERC20 private immutable _token;

    constructor(IERC20 token_) {
        _token = token_;
    }

    /// @inheritdoc IEscrow
    function token() external view returns (address) {
        return address(_token);
    }

    /// @inheritdoc IEscrow
    function balanceOf(address account) external view returns (uint256) {
        return _escrow().accounts[account].balance;
    }

    /// @inheritdoc IEscrow
    function lockedOf(address account) external view returns (uint256) {
        return _escrow().accounts[account].locked;
    }

    /// @inheritdoc IEscrow
    function deposit(uint256 amount) external nonReentrant {
        _deposit(msg.sender, msg.sender, amount);
    }

    /// @inheritdoc IEscrow
    function depositFor(address account, uint256 amount) external nonReentrant {
        _deposit(msg.sender, account, amount);
    }

    /// @inheritdoc IEscrow
    function depositWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external nonReentrant {
        // A front-run permit (someone else submitted it first) leaves the allowance in place:
        // ignore its failure and let transferFrom decide (OpenZeppelin's advice for permit + call).
        try IERC20Permit(address(_token)).permit(msg.sender, address(this), amount, deadline, v, r, s) {} catch {}
        _deposit(msg.sender, msg.sender, amount);
    }

    /// @inheritdoc IEscrow
    function withdraw(uint256 amount, address to) external nonReentrant {
        if (amount == 0) revert EscrowZeroAmount();
        Account storage account = _escrow().accounts[msg.sender];
        if (account.balance < amount) revert EscrowInsufficientBalance(msg.sender, account.balance, amount);
        // Effects before the token transfer (checks-effects-interactions).
        account.balance -= uint112(amount);
        emit Withdrawn(msg.sender, to, amount);
        _token.safeTransfer(to, amount);
    }

    function _deposit(address from, address account, uint256 amount) private {
        if (amount == 0) revert EscrowZeroAmount();
        // Credit only what arrived, so a token taking a fee cannot break conservation.
        uint256 before = _token.balanceOf(address(this));
        _token.safeTransferFrom(from, address(this), amount);
        uint256 received = _token.balanceOf(address(this)) - before;
        _escrow().accounts[account].balance += received.toUint112();
        emit Deposited(account, received);
    }
}
