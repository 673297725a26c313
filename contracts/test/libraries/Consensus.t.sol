// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Fixture} from "../utils/Fixture.sol";
import {Consensus} from "../../src/libraries/Consensus.sol";
import {BatchStatus, BatchView} from "../../src/interfaces/IBatches.sol";
import {DealKey} from "../../src/types/DealKey.sol";

/// @notice Consensus (P3): the library against a reference written here, and the hub's
/// incremental tally against the same reference for random weights and result groups.
contract ConsensusTest is Fixture {
    // ---- reference ----

    function refWeight(uint32 score) internal pure returns (uint256) {
        uint256 w = 2 + uint256(score) / 4;
        return w < 8 ? w : 8;
    }

    /// @dev Cr(group) = group / (1 + sum) > 1 - 1/T, written as "the odds against are below 1/T":
    /// (1 + sum - group) x T < 1 + sum. Algebraically the library's rule, computed differently.
    function refReached(uint256 group, uint256 sum, uint256 trust) internal pure returns (bool) {
        if (group == 0) return false;
        if (trust <= 1) return true;
        return (1 + sum - group) * trust < 1 + sum;
    }

    // ---- library ----

    function testFuzz_weight_succeeds_matchesTheReference(uint32 score) public pure {
        vm.assertEq(uint256(Consensus.weight(score)), refWeight(score), "weight");
    }

    function testFuzz_addVote_succeeds_productAndDelta(uint64 group, uint8 w) public pure {
        uint32 weight = uint32(bound(w, 2, 8));
        uint256 g = bound(group, 0, 1 << 60);
        (uint256 next, uint256 delta) = Consensus.addVote(g, weight);
        vm.assertEq(next, (g == 0 ? 1 : g) * weight, "product of weights");
        vm.assertEq(next, g + delta, "the sum grows by the delta");
    }

    function testFuzz_reached_succeeds_matchesTheReference(uint64 groupSeed, uint64 othersSeed, uint32 trustSeed) public pure {
        uint256 group = bound(groupSeed, 0, 1 << 60);
        uint256 sum = group + bound(othersSeed, 0, 1 << 60);
        uint256 trust = bound(trustSeed, 0, 1 << 31);
        vm.assertEq(Consensus.reached(group, sum, trust), refReached(group, sum, trust), "reached");
    }

    struct Tally {
        uint256[4] groups;
        uint256 sum;
        uint32[20] weights;
        uint8[20] groupOf;
    }

    /// @dev Votes of random weights into up to four groups: the incremental values (addVote) equal
    /// the reference recomputed from scratch, and `reached` agrees for the voted group.
    function testFuzz_tally_succeeds_incrementalEqualsFromScratch(uint256 seed, uint32 trustSeed) public pure {
        uint256 trust = bound(trustSeed, 1, 1000);
        uint256 n = bound(seed, 1, 20);
        Tally memory t;
        for (uint256 i; i < n; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            (t.weights[i], t.groupOf[i]) = (uint32(2 + r % 7), uint8((r >> 8) % 4));
            _vote(t, i, trust);
        }
    }

    function _vote(Tally memory t, uint256 i, uint256 trust) internal pure {
        uint8 k = t.groupOf[i];
        (uint256 g, uint256 delta) = Consensus.addVote(t.groups[k], t.weights[i]);
        t.groups[k] = g;
        t.sum += delta;
        (uint256 refGroup, uint256 refSum) = _fromScratch(t.weights, t.groupOf, i, k);
        vm.assertEq(g, refGroup, "group value");
        vm.assertEq(t.sum, refSum, "sum of groups");
        vm.assertEq(Consensus.reached(g, t.sum, trust), refReached(refGroup, refSum, trust), "reached");
    }

    /// @dev Group `target`'s value and the sum of all groups over votes [0, last].
    function _fromScratch(uint32[20] memory weights, uint8[20] memory groupOf, uint256 last, uint8 target)
        internal
        pure
        returns (uint256 refGroup, uint256 refSum)
    {
        for (uint256 k; k < 4; ++k) {
            uint256 product;
            for (uint256 j; j <= last; ++j) {
                if (groupOf[j] == k) product = (product == 0 ? 1 : product) * weights[j];
            }
            refSum += product;
            if (k == target) refGroup = product;
        }
    }

    // ---- the hub's tally ----

    /// @dev Up to eight workers of random scores contribute one of three results; after each
    /// contribution the batch is Revealing exactly when the reference says the contributed group
    /// reached trust, with that group's hash, and its total is 1 + the sum of the groups.
    function testFuzz_contribute_succeeds_reachesConsensusExactlyWhenTheReferenceSays(uint256 seed, uint16 trustSeed) public {
        uint256 trust = bound(trustSeed, 1, 2000);
        DealKey memory key = openDeal(1, trust, false);
        uint256[3] memory groups;
        uint256 sum;
        for (uint256 i; i < workers.length; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint32 score = uint32(r % 40);
            uint256 choice = (r >> 16) % 3;
            setScore(workers[i], score);
            bytes32 root = keccak256(abi.encode("root", choice));
            contributeAs(workers[i], key, 0, 1, root);

            uint256 w = refWeight(score);
            groups[choice] = (groups[choice] == 0 ? 1 : groups[choice]) * w;
            sum = groups[0] + groups[1] + groups[2];
            BatchView memory b = poco.batchOf(batchIdOf(key, 0, 1));
            vm.assertEq(uint256(b.total), 1 + sum, "total = 1 + sum of groups");
            if (refReached(groups[choice], sum, trust)) {
                vm.assertEq(uint256(b.status), uint256(BatchStatus.Revealing), "consensus when the reference says so");
                vm.assertEq(b.consensusHash, resultHashOf(key, 0, 1, root), "on the contributed group");
                return;
            }
            vm.assertEq(uint256(b.status), uint256(BatchStatus.Active), "no consensus before");
        }
    }
}
