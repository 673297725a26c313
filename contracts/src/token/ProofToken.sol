// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title The Proofgrid token (PGT): every price, stake and reward is in it.
/// @notice A plain ERC-20 with EIP-2612 permit, so a deposit into the hub takes one transaction.
/// The whole supply is minted once to `holder`; there is no owner and no further minting.
contract ProofToken is ERC20, ERC20Permit {
    constructor(address holder, uint256 supply) ERC20("Proofgrid Token", "PGT") ERC20Permit("Proofgrid Token") {
        _mint(holder, supply);
    }
}
