// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title Test-only ERC-1271 contract wallet: accepts a digest signed by its owner's key.
/// @notice It can hold escrow funds and registry assets, and makes calls for its owner, so a
/// test can use it as a requester, an asset owner or a pool owner.
contract ERC1271Wallet is IERC1271, IERC721Receiver {
    /// @notice Only the wallet's owner may make it call out.
    error WalletUnauthorized(address caller);

    address public immutable owner;
    /// @notice When set, every signature is refused (ERC-1271 signatures are revocable).
    bool public revoked;

    constructor(address owner_) {
        owner = owner_;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(hash, signature);
        bool valid = !revoked && err == ECDSA.RecoverError.NoError && signer == owner;
        return valid ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }

    /// @notice Calls `target` with `data` on the owner's behalf; bubbles a revert up.
    function execute(address target, bytes calldata data) external returns (bytes memory result) {
        if (msg.sender != owner) revert WalletUnauthorized(msg.sender);
        bool ok;
        (ok, result) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 0x20), mload(result))
            }
        }
    }

    function setRevoked(bool value) external {
        if (msg.sender != owner) revert WalletUnauthorized(msg.sender);
        revoked = value;
    }

    /// @inheritdoc IERC721Receiver
    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return IERC721Receiver.onERC721Received.selector;
    }
}
