// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Test-only hostile ERC-20: a transfer hook that re-enters a target, and an optional fee.
/// @notice Stands for ERC-777/1363-style hooks and fee-on-transfer tokens. When armed, every
/// balance change calls `target` with `data` once (from this token's address) and records whether
/// that re-entry succeeded; it never reverts itself, so a hub that relied on the token being
/// benign would be seen crediting twice rather than hidden by a failed transfer.
contract HookToken is ERC20 {
    address public target;
    bytes public data;
    bool private _inHook;
    uint256 public attempts;
    uint256 public successes;
    bytes public lastError;
    /// @notice Fee in basis points burnt on every transfer (0: none).
    uint256 public feeBps;

    constructor(address holder, uint256 supply) ERC20("Hook Token", "HOOK") {
        _mint(holder, supply);
    }

    function arm(address target_, bytes calldata data_) external {
        (target, data) = (target_, data_);
    }

    function setFee(uint256 bps) external {
        feeBps = bps;
    }

    /// @notice Lets this contract act as an escrow account: approve `spender` and call it.
    function approveAndCall(address spender, uint256 amount, bytes calldata call) external returns (bool ok) {
        _approve(address(this), spender, amount);
        (ok,) = spender.call(call);
    }

    function _update(address from, address to, uint256 value) internal override {
        uint256 fee = from != address(0) && to != address(0) ? value * feeBps / 10_000 : 0;
        if (fee != 0) super._update(from, address(0), fee);
        super._update(from, to, value - fee);
        if (target != address(0) && !_inHook && from != address(0)) {
            _inHook = true;
            ++attempts;
            (bool ok, bytes memory ret) = target.call(data);
            if (ok) ++successes;
            else lastError = ret;
            _inHook = false;
        }
    }
}
