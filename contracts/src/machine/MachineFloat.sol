// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

import {MachineFloatBits} from "./MachineFloatBits.sol";
import {MachineFloatConvert} from "./MachineFloatConvert.sol";
import {MachineSoftFloat} from "./MachineSoftFloat.sol";

/// @title MachineFloatOps
/// @notice Which machine opcodes are float instructions (executed by MachineFloat) and how many operands they read.
library MachineFloatOps {
    /// @notice f32/f64 comparisons (0x5b..0x66), arithmetic (0x8b..0xa6), the float conversions (0xa8..0xab,
    /// 0xae..0xbb) and the saturating truncations (0xe0..0xe7). The integer conversions and reinterpretations
    /// (0xa7, 0xac, 0xad, 0xbc..0xbf) are MachineMath64's.
    function isFloat(uint32 op) internal pure returns (bool) {
        return (op >= 0x5b && op <= 0x66) || (op >= 0x8b && op <= 0xa6) || (op >= 0xa8 && op <= 0xab) || (op >= 0xae && op <= 0xbb) || (op >= 0xe0 && op <= 0xe7);
    }

    /// @notice One operand (the others read two): abs .. sqrt of either width, and every conversion.
    function isUnary(uint32 op) internal pure returns (bool) {
        return (op >= 0x8b && op <= 0x91) || (op >= 0x99 && op <= 0x9f) || op >= 0xa8;
    }
}

/// @title MachineFloat
/// @notice The float unit of the one-step prover: every float instruction of the machine on IEEE-754 bit patterns,
/// bit-exact with V8 on every non-NaN result, NaN results canonical as the interpreter's (decisions 009, 024). A
/// contract of its own, created by OneStepProver's constructor, so that the entry stays under the 24 KB code limit.
contract MachineFloat {
    /// @notice The result of float instruction `op` on operand words `x` (and `y` for a binary one); `trapped` for
    /// a trapping truncation of a NaN or of a value outside the target integer type.
    function execute(uint32 op, uint256 x, uint256 y) external pure returns (uint256 result, bool trapped) {
        if (op >= 0x5b && op <= 0x66) return (MachineFloatBits.compare(op, x, y) ? 1 : 0, false);
        if (op == 0x96 || op == 0x97 || op == 0xa4 || op == 0xa5) return (MachineFloatBits.minMax(op, x, y), false);
        if ((op >= 0x8d && op <= 0x90) || (op >= 0x9b && op <= 0x9e)) return (MachineFloatBits.roundIntegral(op, x), false);
        if (MachineSoftFloat.isArithmetic(op)) return (MachineSoftFloat.execute(op, x, y), false);
        if (MachineFloatConvert.isConvert(op)) return MachineFloatConvert.convert(op, x);
        return (MachineFloatBits.signOp(op, x, y), false); // abs, neg, copysign
    }
}
