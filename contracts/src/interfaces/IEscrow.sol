// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Escrow: the only place Proofgrid holds tokens.
/// @dev Invariant: token.balanceOf(hub) == Σ balanceOf(a) + Σ lockedOf(a).
/// Payouts are credited to balances and pulled with `withdraw`, never pushed. Locks, rewards and
/// seizures are parts of protocol steps and are told by those steps' events (docs/protocol.md).
interface IEscrow {
    /// @notice `account` has `balance` free but `needed` is required.
    error EscrowInsufficientBalance(address account, uint256 balance, uint256 needed);
    /// @notice An amount of zero was given where a positive amount is required.
    error EscrowZeroAmount();

    /// @notice `amount` tokens entered the escrow for `account`.
    event Deposited(address indexed account, uint256 amount);
    /// @notice `amount` tokens left the escrow from `account` to `to`.
    event Withdrawn(address indexed account, address indexed to, uint256 amount);
    /// @notice The escrow's token.
    function token() external view returns (address);
    /// @notice Free (withdrawable) escrow balance of `account`.
    function balanceOf(address account) external view returns (uint256);
    /// @notice Locked escrow funds of `account` (deal payments and stakes).
    function lockedOf(address account) external view returns (uint256);

    /// @notice Moves `amount` tokens from the caller into its escrow balance (needs an allowance).
    function deposit(uint256 amount) external;
    /// @notice Moves `amount` tokens from the caller into `account`'s escrow balance.
    function depositFor(address account, uint256 amount) external;
    /// @notice Deposits with an EIP-2612 permit, in one transaction.
    function depositWithPermit(uint256 amount, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;
    /// @notice Withdraws `amount` of the caller's free balance to `to`.
    function withdraw(uint256 amount, address to) external;
}
