// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IHub} from "./interfaces/IHub.sol";
import {Escrow} from "./modules/Escrow.sol";
import {Orders} from "./modules/Orders.sol";
import {Deals} from "./modules/Deals.sol";
import {Config} from "./modules/Config.sol";
import {AppRegistry} from "./registries/AppRegistry.sol";
import {DatasetRegistry} from "./registries/DatasetRegistry.sol";
import {WorkerpoolRegistry} from "./registries/WorkerpoolRegistry.sol";

/// @title The Proofgrid hub: the one deployed entry point of the market.
/// @notice The market half (escrow, categories, orders, matching, configuration) is here; every
/// other call (batches, payouts, reputation: IBatches, IReputation) is delegated to the HubPoco
/// extension, fixed at construction. No logic of its own: it composes the modules.
contract Hub is Deals, Config, IHub {
    uint32 internal constant DEFAULT_CALLBACK_GAS = 200_000;

    address private immutable _poco;

    constructor(
        IERC20 token_,
        AppRegistry apps,
        DatasetRegistry datasets,
        WorkerpoolRegistry workerpools,
        address pocoExtension,
        address owner,
        uint64 window
    ) Escrow(token_) Orders(apps, datasets, workerpools) Ownable(owner) {
        if (window > MAX_ROLLBACK_WINDOW) revert ConfigInvalidValue("rollbackWindow", window);
        _poco = pocoExtension;
        ConfigStorage storage config = _config();
        (config.rollbackWindow, config.callbackGasLimit) = (window, DEFAULT_CALLBACK_GAS);
        (config.minChallengeWindow, config.maxChallengeWindow) = (DEFAULT_MIN_WINDOW, DEFAULT_MAX_WINDOW);
        (config.minRollbackWindow, config.maxRollbackWindow) = (DEFAULT_MIN_WINDOW, DEFAULT_MAX_WINDOW);
    }

    /// @inheritdoc IHub
    function registries() external view returns (address apps, address datasets, address workerpools) {
        return (address(_apps), address(_datasets), address(_workerpools));
    }

    /// @inheritdoc IHub
    function poco() external view returns (address) {
        return _poco;
    }

    /// @dev Runs the PoCo extension's code on this hub's storage and returns what it returns.
    fallback() external {
        address target = _poco;
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }
}
