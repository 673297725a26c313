// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title Storage of the hub's settings, read by the PoCo extension and written by Config.
abstract contract ConfigStore {
    uint64 internal constant MAX_ROLLBACK_WINDOW = 30 days;
    /// @dev Default bounds of the request terms `challengeWindow` and `rollbackWindow` (decision 026).
    uint64 internal constant DEFAULT_MIN_WINDOW = 1 minutes;
    uint64 internal constant DEFAULT_MAX_WINDOW = 30 days;

    /// @custom:storage-location erc7201:proofgrid.storage.Config
    struct ConfigStorage {
        uint64 rollbackWindow;
        uint32 callbackGasLimit;
        address checker;
        // Bounds of a request's windows (decision 026); a rollbackWindow term of 0 means `rollbackWindow` above.
        uint64 minChallengeWindow;
        uint64 maxChallengeWindow;
        uint64 minRollbackWindow;
        uint64 maxRollbackWindow;
        // Disputes (decision 022): the game contract, each side's clock, the deposit of an answer or a challenge.
        address disputeGame;
        uint64 disputeClock;
        uint96 disputeDeposit;
    }

    // keccak256(abi.encode(uint256(keccak256("proofgrid.storage.Config")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant CONFIG_SLOT = 0x67aa9c3875cb556469876b43d95cf85c9520bdb86911e81736ddd0f453c94200;

    function _config() internal pure returns (ConfigStorage storage $) {
        assembly ("memory-safe") {
            $.slot := CONFIG_SLOT
        }
    }
}
