// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// @title MachineSoftFloat
/// @notice IEEE-754 add, sub, mul, div, sqrt in binary32 (f32 0x92..0x95, sqrt 0x91) and binary64 (f64 0xa0..0xa3,
/// sqrt 0x9f), round to nearest, ties to even, on bit patterns: exact integer arithmetic on the significands, then one
/// rounding to the result's own format (`pack`), so an f32 result is never rounded twice (decision 024). Also the
/// format changes: f32.demote_f64 (one rounding) and f64.promote_f32 (exact). A NaN result is the canonical NaN of
/// its format (f32 0x7fc00000, f64 0x7ff8000000000000), as the machine's (docs/decisions/009). An f32 is the low 32
/// bits of its slot word, an f64 the low 64.
library MachineSoftFloat {
    uint256 internal constant NAN32 = 0x7fc00000;
    uint256 internal constant NAN64 = 0x7ff8000000000000;

    function isArithmetic(uint32 op) internal pure returns (bool) {
        return (op >= 0x91 && op <= 0x95) || (op >= 0x9f && op <= 0xa3);
    }

    function execute(uint32 op, uint256 x, uint256 y) internal pure returns (uint256) {
        bool single = op <= 0x95;
        if (single) (x, y) = (x & 0xffffffff, y & 0xffffffff);
        uint256 k = single ? op - 0x91 : op - 0x9f; // 0 sqrt, 1 add, 2 sub, 3 mul, 4 div
        if (k == 0) return _sqrt(x, single);
        if (_isNaN(x, single) || _isNaN(y, single)) return _nan(single);
        if (k == 2) y ^= _signBit(single); // x - y = x + (-y)
        if (k <= 2) return _add(x, y, single);
        if (k == 3) return _mul(x, y, single);
        return _div(x, y, single);
    }

    /// @notice f32.demote_f64: the f32 nearest to the f64 `x` (overflow to an infinity, underflow to a subnormal or zero).
    function demote(uint256 x) internal pure returns (uint256) {
        x &= type(uint64).max;
        if (_isNaN(x, false)) return NAN32;
        uint256 sign = x >> 63;
        if (_isInf(x, false)) return (sign << 31) | 0x7f800000;
        if (_isZero(x, false)) return sign << 31;
        (, uint256 m, int256 e) = _unpack(x, false);
        return pack(sign, m, e, true);
    }

    /// @notice f64.promote_f32: exact (a NaN gives the canonical f64 NaN).
    function promote(uint256 x) internal pure returns (uint256) {
        x &= 0xffffffff;
        if (_isNaN(x, true)) return NAN64;
        uint256 sign = x >> 31;
        if (_isInf(x, true)) return (sign << 63) | 0x7ff0000000000000;
        if (_isZero(x, true)) return sign << 63;
        (, uint256 m, int256 e) = _unpack(x, true);
        return pack(sign, m, e, false);
    }

    /// @notice The float of format `single` (f32) or f64 nearest to (-1)^sign * m * 2^e, ties to even; overflow
    /// gives an infinity, underflow a subnormal or a zero.
    function pack(uint256 sign, uint256 m, int256 e, bool single) internal pure returns (uint256) {
        (uint256 p, int256 emin, int256 offset, uint256 maxBiased) =
            single ? (uint256(23), int256(-149), int256(150), uint256(0xff)) : (uint256(52), int256(-1074), int256(1075), uint256(0x7ff));
        uint256 signBit = sign << (single ? 31 : 63);
        if (m == 0) return signBit;
        int256 top = int256(_msb(m));
        int256 shift = top - int256(p) > emin - e ? top - int256(p) : emin - e;
        uint256 q;
        if (shift >= 256) {
            q = 0;
        } else if (shift > 0) {
            uint256 s = uint256(shift);
            q = m >> s;
            uint256 rest = m & ((1 << s) - 1);
            uint256 half = 1 << (s - 1);
            if (rest > half || (rest == half && q & 1 == 1)) q++;
        } else {
            q = m << uint256(-shift);
        }
        int256 exp2 = e + shift;
        if (q >= 1 << (p + 1)) {
            q >>= 1;
            exp2++;
        }
        if (q < 1 << p) return signBit | q; // subnormal (exp2 is emin) or zero
        int256 biased = exp2 + offset;
        if (biased >= int256(maxBiased)) return signBit | (maxBiased << p);
        return signBit | (uint256(biased) << p) | (q & ((1 << p) - 1));
    }

    function _add(uint256 x, uint256 y, bool single) private pure returns (uint256) {
        bool xi = _isInf(x, single);
        bool yi = _isInf(y, single);
        if (xi && yi) return x == y ? x : _nan(single);
        if (xi) return x;
        if (yi) return y;
        bool xz = _isZero(x, single);
        bool yz = _isZero(y, single);
        if (xz && yz) return x & y; // zeros: -0 only if both are
        if (xz) return y;
        if (yz) return x;
        return _addFinite(x, y, single);
    }

    /// @dev x + y for finite non-zero x and y.
    function _addFinite(uint256 x, uint256 y, bool single) private pure returns (uint256) {
        (uint256 sx, uint256 mx, int256 ex) = _unpack(x, single);
        (uint256 sy, uint256 my, int256 ey) = _unpack(y, single);
        if (ex < ey) (sx, mx, ex, sy, my, ey) = (sy, my, ey, sx, mx, ex);
        uint256 a;
        uint256 b;
        int256 e;
        if (ex - ey > 120) {
            // y only nudges x below its rounding position: three guard bits and a sticky one
            (a, b, e) = (mx << 3, 1, ex - 3);
        } else {
            (a, b, e) = (mx << uint256(ex - ey), my, ey);
        }
        if (sx == sy) return pack(sx, a + b, e, single);
        if (a == b) return 0;
        return a > b ? pack(sx, a - b, e, single) : pack(sy, b - a, e, single);
    }

    function _mul(uint256 x, uint256 y, bool single) private pure returns (uint256) {
        uint256 sign = (x ^ y) >> (single ? 31 : 63);
        bool xz = _isZero(x, single);
        bool yz = _isZero(y, single);
        if (_isInf(x, single) || _isInf(y, single)) return xz || yz ? _nan(single) : _signBit(single) * sign | _inf(single);
        if (xz || yz) return _signBit(single) * sign;
        (, uint256 mx, int256 ex) = _unpack(x, single);
        (, uint256 my, int256 ey) = _unpack(y, single);
        return pack(sign, mx * my, ex + ey, single);
    }

    function _div(uint256 x, uint256 y, bool single) private pure returns (uint256) {
        uint256 sign = (x ^ y) >> (single ? 31 : 63);
        bool xi = _isInf(x, single);
        bool yi = _isInf(y, single);
        bool xz = _isZero(x, single);
        bool yz = _isZero(y, single);
        if ((xi && yi) || (xz && yz)) return _nan(single);
        if (xi || yz) return _signBit(single) * sign | _inf(single);
        if (yi || xz) return _signBit(single) * sign;
        return _divFinite(x, y, sign, single);
    }

    /// @dev x / y for finite non-zero x and y.
    function _divFinite(uint256 x, uint256 y, uint256 sign, bool single) private pure returns (uint256) {
        (, uint256 mx, int256 ex) = _unpack(x, single);
        (, uint256 my, int256 ey) = _unpack(y, single);
        uint256 n = mx << 128;
        uint256 q = n / my;
        uint256 sticky = n % my == 0 ? 0 : 1;
        return pack(sign, (q << 1) | sticky, ex - ey - 129, single);
    }

    function _sqrt(uint256 x, bool single) private pure returns (uint256) {
        if (_isNaN(x, single)) return _nan(single);
        if (_isZero(x, single)) return x; // ±0
        if (x & _signBit(single) != 0) return _nan(single);
        if (_isInf(x, single)) return x;
        (, uint256 m, int256 e) = _unpack(x, single);
        if (e & 1 != 0) {
            m <<= 1;
            e -= 1;
        }
        uint256 big = m << 120;
        uint256 r = _isqrt(big);
        uint256 sticky = r * r == big ? 0 : 1;
        return pack(0, (r << 1) | sticky, (e - 120) / 2 - 1, single);
    }

    /// @dev sign, significand and exponent of a finite non-zero float: value = m * 2^e.
    function _unpack(uint256 x, bool single) private pure returns (uint256 sign, uint256 m, int256 e) {
        (uint256 p, uint256 maxBiased, int256 offset) =
            single ? (uint256(23), uint256(0xff), int256(150)) : (uint256(52), uint256(0x7ff), int256(1075));
        sign = x >> (single ? 31 : 63);
        uint256 fraction = x & ((1 << p) - 1);
        uint256 biased = (x >> p) & maxBiased;
        if (biased == 0) return (sign, fraction, 1 - offset);
        return (sign, fraction | (1 << p), int256(biased) - offset);
    }

    function _signBit(bool single) private pure returns (uint256) {
        return single ? 1 << 31 : 1 << 63;
    }

    function _inf(bool single) private pure returns (uint256) {
        return single ? 0x7f800000 : 0x7ff0000000000000;
    }

    function _nan(bool single) private pure returns (uint256) {
        return single ? NAN32 : NAN64;
    }

    function _isNaN(uint256 x, bool single) private pure returns (bool) {
        return x & (_signBit(single) - 1) > _inf(single);
    }

    function _isInf(uint256 x, bool single) private pure returns (bool) {
        return x & (_signBit(single) - 1) == _inf(single);
    }

    function _isZero(uint256 x, bool single) private pure returns (bool) {
        return x & (_signBit(single) - 1) == 0;
    }

    function _msb(uint256 x) private pure returns (uint256 r) {
        for (uint256 s = 128; s > 0; s >>= 1) {
            if (x >> s != 0) {
                x >>= s;
                r += s;
            }
        }
    }

    function _isqrt(uint256 x) private pure returns (uint256 r) {
        r = 1 << ((_msb(x) >> 1) + 1);
        uint256 y = (r + x / r) >> 1;
        while (y < r) {
            r = y;
            y = (r + x / r) >> 1;
        }
    }
}
