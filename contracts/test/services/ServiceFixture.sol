// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Test} from "../utils/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {ProofToken} from "../../src/token/ProofToken.sol";
import {AppRegistry, AppMetadata} from "../../src/registries/AppRegistry.sol";
import {WorkerpoolRegistry, WorkerpoolMetadata, Resources} from "../../src/registries/WorkerpoolRegistry.sol";
import {ServiceLeases} from "../../src/services/ServiceLeases.sol";
import {UsageReceipt} from "../../src/services/IServiceLeases.sol";

/// @notice Token, app and pool registries, a ServiceLeases, a provider owning pool 1, app 1, funded clients,
/// and receipt signing with the clients' keys.
abstract contract ServiceFixture is Test {
    ProofToken internal token;
    AppRegistry internal apps;
    WorkerpoolRegistry internal pools;
    ServiceLeases internal leases;

    address internal provider;
    address internal stranger;
    uint256[] internal clientKeys;
    address[] internal clients;
    uint64 internal poolId;
    uint64 internal appId;

    uint96 internal constant PRICE = 1e12;
    uint128 internal constant BOND = 10 ether;

    function setUp() public virtual {
        (provider,) = makeAccount("provider");
        (stranger,) = makeAccount("stranger");
        token = new ProofToken(address(this), 1e30);
        apps = new AppRegistry();
        pools = new WorkerpoolRegistry();
        leases = new ServiceLeases(IERC20(address(token)), IERC721(address(apps)), IERC721(address(pools)));
        appId = uint64(
            apps.createApp(
                stranger, AppMetadata("ml-predict", "file://ml-predict.wasm", keccak256("m"), bytes32(0), 64, 0)
            )
        );
        poolId = uint64(
            pools.createWorkerpool(
                provider, WorkerpoolMetadata("pool", provider, 30, 10, Resources(8, 16384, 100, 0, false, "eu"))
            )
        );
        token.transfer(provider, 1000 ether);
        vm.prank(provider);
        token.approve(address(leases), type(uint256).max);
        for (uint256 i; i < 4; ++i) {
            (address client, uint256 key) = makeAccount(string.concat("client", vm.toString(i)));
            clients.push(client);
            clientKeys.push(key);
            token.transfer(client, 1000 ether);
            vm.prank(client);
            token.approve(address(leases), type(uint256).max);
        }
    }

    function _open() internal returns (uint256 leaseId) {
        vm.prank(provider);
        leaseId = leases.openLease(poolId, appId, PRICE, 200, 9900, BOND);
    }

    function _deposit(uint256 leaseId, uint256 client, uint96 amount, uint64 lockUntil) internal {
        vm.prank(clients[client]);
        leases.deposit(leaseId, amount, lockUntil);
    }

    /// @dev A receipt for `calls` cumulative calls at the lease price, signed by client `client`.
    function _receipt(uint256 leaseId, uint256 client, uint64 calls, uint64 sequence)
        internal
        view
        returns (UsageReceipt memory r)
    {
        r = UsageReceipt(leaseId, clients[client], calls, uint96(calls) * PRICE, sequence, "");
        r.signature = _sign(clientKeys[client], r);
    }

    function _sign(uint256 key, UsageReceipt memory r) internal view returns (bytes memory) {
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(key, this.digestOf(r));
        return abi.encodePacked(rr, s, v);
    }

    function digestOf(UsageReceipt calldata r) external view returns (bytes32) {
        return leases.hashReceipt(r);
    }

    function _one(UsageReceipt memory r) internal pure returns (UsageReceipt[] memory list) {
        list = new UsageReceipt[](1);
        list[0] = r;
    }
}
