// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title MachinePathBytes
/// @notice The byte work of path_open's micro-steps (MachineHostPath): the path refolded as the FOLD steps folded it,
/// UTF-8 validation, `.`/`..` resolution and the parent of a resolved path, in assembly (a path is at most 512 bytes).
library MachinePathBytes {
    /// @dev The path folded as path_open's FOLD steps fold it: keccak256(h ‖ chunk), chunks bounded by leaves at `ptr`.
    function refold(bytes memory raw, uint256 ptr) internal pure returns (bytes32 h) {
        assembly ("memory-safe") {
            let scratch := mload(0x40)
            let length := mload(raw)
            for { let i := 0 } lt(i, length) {} {
                let k := sub(32, mod(add(ptr, i), 32))
                if gt(k, sub(length, i)) { k := sub(length, i) }
                mstore(scratch, h)
                mcopy(add(scratch, 32), add(add(raw, 32), i), k)
                h := keccak256(scratch, add(32, k))
                i := add(i, k)
            }
        }
    }

    function slice(bytes memory b, uint256 from, uint256 length) internal pure returns (bytes memory out) {
        out = new bytes(length);
        assembly ("memory-safe") {
            mcopy(add(out, 32), add(add(b, 32), from), length)
        }
    }

    function parent(bytes memory path) internal pure returns (bytes memory) {
        uint256 i;
        assembly ("memory-safe") {
            i := mload(path)
            for {} and(gt(i, 0), iszero(eq(byte(0, mload(add(path, add(31, i)))), 0x2f))) {} { i := sub(i, 1) }
        }
        return slice(path, 0, i == 0 ? 0 : i - 1);
    }

    /// @dev The directory's components, then the path's: `.` and empty ones skipped, `..` pops (past the root: escaped).
    function normalize(bytes memory dir, bytes memory raw) internal pure returns (bytes memory out, bool escaped) {
        out = new bytes(dir.length + raw.length + 1);
        uint256[] memory starts = new uint256[](dir.length + raw.length + 2); // where each kept component starts in out
        assembly ("memory-safe") {
            let n := 0
            let o := 0
            let dst := add(out, 32)
            let st := add(starts, 32)
            for { let pass := 0 } and(lt(pass, 2), iszero(escaped)) { pass := add(pass, 1) } {
                let src := dir
                if pass { src := raw }
                let len := mload(src)
                let s := add(src, 32)
                for { let i := 0 } and(iszero(gt(i, len)), iszero(escaped)) {} {
                    let j := i
                    for {} and(lt(j, len), iszero(eq(byte(0, mload(add(s, j))), 0x2f))) {} { j := add(j, 1) }
                    let k := sub(j, i)
                    let first := byte(0, mload(add(s, i)))
                    switch and(eq(k, 2), and(eq(first, 0x2e), eq(byte(0, mload(add(s, add(i, 1)))), 0x2e)))
                    case 1 {
                        switch n
                        case 0 { escaped := 1 }
                        default {
                            n := sub(n, 1)
                            o := mload(add(st, mul(n, 32)))
                            if o { o := sub(o, 1) }
                        }
                    }
                    default {
                        if and(gt(k, 0), iszero(and(eq(k, 1), eq(first, 0x2e)))) {
                            if n {
                                mstore8(add(dst, o), 0x2f)
                                o := add(o, 1)
                            }
                            mstore(add(st, mul(n, 32)), o)
                            n := add(n, 1)
                            mcopy(add(dst, o), add(s, i), k)
                            o := add(o, k)
                        }
                    }
                    i := add(j, 1)
                }
            }
            mstore(out, o)
        }
    }

    /// @dev Whether `b` is valid UTF-8 (what a fatal TextDecoder accepts: no overlongs, surrogates or code points past U+10FFFF).
    function utf8(bytes memory b) internal pure returns (bool ok) {
        assembly ("memory-safe") {
            let p := add(b, 32)
            let end := add(p, mload(b))
            ok := 1
            for {} and(lt(p, end), ok) {} {
                let x := byte(0, mload(p))
                switch lt(x, 0x80)
                case 1 { p := add(p, 1) }
                default {
                    let n := 0
                    let lo := 0x80
                    let hi := 0xbf
                    if and(gt(x, 0xc1), lt(x, 0xe0)) { n := 1 }
                    if and(gt(x, 0xdf), lt(x, 0xf0)) {
                        n := 2
                        if eq(x, 0xe0) { lo := 0xa0 }
                        if eq(x, 0xed) { hi := 0x9f }
                    }
                    if and(gt(x, 0xef), lt(x, 0xf5)) {
                        n := 3
                        if eq(x, 0xf0) { lo := 0x90 }
                        if eq(x, 0xf4) { hi := 0x8f }
                    }
                    if or(iszero(n), iszero(lt(add(p, n), end))) { ok := 0 }
                    if ok {
                        let y := byte(0, mload(add(p, 1)))
                        if or(lt(y, lo), gt(y, hi)) { ok := 0 }
                        for { let j := 2 } and(ok, iszero(gt(j, n))) { j := add(j, 1) } {
                            let z := byte(0, mload(add(p, j)))
                            if or(lt(z, 0x80), gt(z, 0xbf)) { ok := 0 }
                        }
                    }
                    p := add(p, add(n, 1))
                }
            }
        }
    }
}
