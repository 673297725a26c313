// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {AppOrder, DatasetOrder, WorkerpoolOrder, RequestOrder} from "../../src/types/Orders.sol";

/// @notice Orders (M2): EIP-712 digests computed independently with abi.encode, for every order
/// type, against the hub's calldata-copy implementation (OrderHashing).
contract OrdersHashTest is Fixture {
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    function _domain(uint256 chainId, address hubAddress) internal pure returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256("Proofgrid"), keccak256("1"), chainId, hubAddress));
    }

    function _digest(bytes32 structHash) internal view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", _domain(block.chainid, address(hub)), structHash));
    }

    function test_domainSeparator_succeeds_bindsNameVersionChainAndHub() public {
        vm.assertEq(hub.domainSeparator(), _domain(block.chainid, address(hub)), "domain");
        vm.chainId(block.chainid + 1);
        vm.assertEq(hub.domainSeparator(), _domain(block.chainid, address(hub)), "rebuilt for a new chain id");
    }

    function testFuzz_hashAppOrder_succeeds_matchesEip712(AppOrder memory o) public view {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "AppOrder(uint256 app,uint256 price,uint256 volume,bytes32 tag,uint256 datasetRestrict,uint256 workerpoolRestrict,address requesterRestrict,uint256 expiry,bytes32 salt)"
                ),
                o.app,
                o.price,
                o.volume,
                o.tag,
                o.datasetRestrict,
                o.workerpoolRestrict,
                o.requesterRestrict,
                o.expiry,
                o.salt
            )
        );
        vm.assertEq(hub.hashAppOrder(o), _digest(structHash), "app order digest");
    }

    function testFuzz_hashDatasetOrder_succeeds_matchesEip712(DatasetOrder memory o) public view {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "DatasetOrder(uint256 dataset,uint256 price,uint256 volume,bytes32 tag,uint256 appRestrict,uint256 workerpoolRestrict,address requesterRestrict,uint256 expiry,bytes32 salt)"
                ),
                o.dataset,
                o.price,
                o.volume,
                o.tag,
                o.appRestrict,
                o.workerpoolRestrict,
                o.requesterRestrict,
                o.expiry,
                o.salt
            )
        );
        vm.assertEq(hub.hashDatasetOrder(o), _digest(structHash), "dataset order digest");
    }

    function testFuzz_hashWorkerpoolOrder_succeeds_matchesEip712(WorkerpoolOrder memory o) public view {
        bytes memory head = abi.encode(
            keccak256(
                "WorkerpoolOrder(uint256 workerpool,uint256 price,uint256 volume,bytes32 tag,uint256 category,uint256 trust,uint256 appRestrict,uint256 datasetRestrict,address requesterRestrict,uint256 expiry,bytes32 salt)"
            ),
            o.workerpool,
            o.price,
            o.volume,
            o.tag,
            o.category,
            o.trust
        );
        bytes memory tail = abi.encode(o.appRestrict, o.datasetRestrict, o.requesterRestrict, o.expiry, o.salt);
        vm.assertEq(hub.hashWorkerpoolOrder(o), _digest(keccak256(bytes.concat(head, tail))), "pool order digest");
    }

    function testFuzz_hashRequestOrder_succeeds_matchesEip712(RequestOrder memory o) public view {
        bytes memory head = abi.encode(
            keccak256(
                "RequestOrder(uint256 app,uint256 appMaxPrice,uint256 dataset,uint256 datasetMaxPrice,uint256 workerpool,uint256 workerpoolMaxPrice,address requester,uint256 volume,bytes32 tag,uint256 category,uint256 trust,address callback,string params,uint256 expiry,bytes32 salt,uint8 verification,uint64 challengeWindow,uint64 rollbackWindow,bytes32 inputsRoot)"
            ),
            o.app,
            o.appMaxPrice,
            o.dataset,
            o.datasetMaxPrice,
            o.workerpool,
            o.workerpoolMaxPrice,
            o.requester
        );
        bytes memory tail = abi.encode(o.volume, o.tag, o.category, o.trust, o.callback, keccak256(bytes(o.params)), o.expiry, o.salt);
        tail = bytes.concat(tail, abi.encode(o.verification, o.challengeWindow, o.rollbackWindow, o.inputsRoot));
        vm.assertEq(hub.hashRequestOrder(o), _digest(keccak256(bytes.concat(head, tail))), "request order digest");
    }

    function test_hashRequestOrder_succeeds_ignoresTheSignature() public view {
        RequestOrder memory o = requestOrder(3, 1, true);
        bytes32 unsigned = hub.hashRequestOrder(o);
        vm.assertEq(hub.hashRequestOrder(signed(o)), unsigned, "signature is not part of the struct");
    }

    function test_hashRequestOrder_succeeds_coversParams() public view {
        RequestOrder memory o = requestOrder(3, 1, true);
        bytes32 before = hub.hashRequestOrder(o);
        o.params = '{"args":"1001"}';
        vm.assertNotEq(hub.hashRequestOrder(o), before, "params are signed");
    }
}
