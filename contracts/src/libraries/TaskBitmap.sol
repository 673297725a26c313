// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// @title A bitmap of a deal's settled tasks: one bit per task index, 256 per storage word.
/// @notice This is what guarantees that no task is paid twice, whatever batches the scheduler
/// forms: every settlement path (finalize, claim) sets the bits of its range first.
library TaskBitmap {
    /// @notice Sets bits [first, first+count); returns (false, index) at the first bit already set,
    /// in which case nothing is written.
    function setAll(mapping(uint256 => uint256) storage bits, uint256 first, uint256 count)
        internal
        returns (bool ok, uint256 clash)
    {
        uint256 end = first + count;
        // Check every word before writing any, so a clash leaves the bitmap untouched.
        for (uint256 i = first; i < end; i = _nextWord(i)) {
            uint256 taken = bits[i >> 8] & _mask(i, end);
            if (taken != 0) return (false, (i >> 8 << 8) + _lowestBit(taken));
        }
        for (uint256 i = first; i < end; i = _nextWord(i)) {
            bits[i >> 8] |= _mask(i, end);
        }
        return (true, 0);
    }

    /// @notice Sets the bits of [first, first+count) not set yet; returns how many it set.
    function setMissing(mapping(uint256 => uint256) storage bits, uint256 first, uint256 count)
        internal
        returns (uint256 newlySet)
    {
        uint256 end = first + count;
        for (uint256 i = first; i < end; i = _nextWord(i)) {
            uint256 word = bits[i >> 8];
            uint256 fresh = _mask(i, end) & ~word;
            if (fresh != 0) {
                bits[i >> 8] = word | fresh;
                newlySet += _popcount(fresh);
            }
        }
    }

    /// @notice Whether bit `index` is set.
    function get(mapping(uint256 => uint256) storage bits, uint256 index) internal view returns (bool) {
        return bits[index >> 8] & (1 << (index & 0xff)) != 0;
    }

    /// @dev Bits of the word holding `i`, from `i` up to `end` (exclusive) or the word's end.
    function _mask(uint256 i, uint256 end) private pure returns (uint256) {
        uint256 lo = i & 0xff;
        uint256 wordEnd = (i >> 8 << 8) + 256;
        uint256 hi = end < wordEnd ? end - (i >> 8 << 8) : 256;
        uint256 upper = hi == 256 ? type(uint256).max : (uint256(1) << hi) - 1;
        return upper & ~((uint256(1) << lo) - 1);
    }

    function _nextWord(uint256 i) private pure returns (uint256) {
        return (i >> 8 << 8) + 256;
    }

    function _lowestBit(uint256 x) private pure returns (uint256 n) {
        while (x & 1 == 0) {
            x >>= 1;
            n++;
        }
    }

    function _popcount(uint256 x) private pure returns (uint256 n) {
        // Kernighan: one iteration per set bit, at most 256.
        while (x != 0) {
            x &= x - 1;
            n++;
        }
    }
}
