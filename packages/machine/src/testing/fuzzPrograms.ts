// Test helper: random, well-typed programs for the differential fuzzer of the on-chain prover
// (onchain/fuzz.test.ts). A program is a sequence of snippets that each leave the operand stack as they found it:
// numeric expressions (nested, over edge operands from fuzzValues.ts) whose result is dropped, kept in a local or a
// global, or stored; loads and stores at misaligned, leaf-crossing and out-of-bounds addresses; memory.fill/copy;
// blocks, loops, if/else, br, br_if, br_table, select; calls, call_indirect (traps included), memory.size/grow.
// Trap-prone operands are mostly safe in the middle of a program so runs go on; a program may end on a forced trap.
import { type Random, operandBits } from './fuzzValues.ts';
import { buildModule, f32bits, f64bits, i32c, i64c, T, type ValType } from './wasmBuilder.ts';

const { i32, i64, f32, f64 } = T;
const TYPES: ValType[] = [i32, i64, f32, f64];

/** [params, result] of every numeric opcode the machine has (0x45..0xc4, and 0xfc 0..7 as 0xe0..0xe7). */
export function signature(op: number): [ValType[], ValType] {
  const unary = (p: ValType, r: ValType): [ValType[], ValType] => [[p], r];
  const binary = (p: ValType, r: ValType): [ValType[], ValType] => [[p, p], r];
  if (op === 0x45) return unary(i32, i32);
  if (op <= 0x4f) return binary(i32, i32);
  if (op === 0x50) return unary(i64, i32);
  if (op <= 0x5a) return binary(i64, i32);
  if (op <= 0x60) return binary(f32, i32);
  if (op <= 0x66) return binary(f64, i32);
  if (op <= 0x69) return unary(i32, i32);
  if (op <= 0x78) return binary(i32, i32);
  if (op <= 0x7b) return unary(i64, i64);
  if (op <= 0x8a) return binary(i64, i64);
  if (op <= 0x91) return unary(f32, f32);
  if (op <= 0x98) return binary(f32, f32);
  if (op <= 0x9f) return unary(f64, f64);
  if (op <= 0xa6) return binary(f64, f64);
  if (op >= 0xe0) return unary((op - 0xe0) & 2 ? f64 : f32, op >= 0xe4 ? i64 : i32);
  // 0xa7..0xbf: operand and result type of each conversion (i i32, I i64, f f32, F f64)
  const conversions = 'Ii fi fi Fi Fi iI iI fI fI FI FI if if If If Ff iF iF IF IF fF fi FI if IF'.split(' ');
  const type = (c: string): ValType => ({ i: i32, I: i64, f: f32, F: f64 })[c]!;
  const pair = conversions[op - 0xa7];
  if (pair) return unary(type(pair[0]!), type(pair[1]!));
  return unary(op <= 0xc1 ? i32 : i64, op <= 0xc1 ? i32 : i64); // sign extensions
}

export const NUMERIC_OPS = [
  ...Array.from({ length: 0xc4 - 0x45 + 1 }, (_, i) => 0x45 + i),
  ...Array.from({ length: 8 }, (_, i) => 0xe0 + i),
];
const DIVISIONS = new Set([0x6d, 0x6e, 0x6f, 0x70, 0x7f, 0x80, 0x81, 0x82]);
const TRAPPING_TRUNCATIONS = new Set([0xa8, 0xa9, 0xaa, 0xab, 0xae, 0xaf, 0xb0, 0xb1]);
/** Loads (0x28..0x35) and stores (0x36..0x3e): the value type and the bytes accessed. */
const LOADS: [number, ValType, number][] = [
  [0x28, i32, 4],
  [0x29, i64, 8],
  [0x2a, f32, 4],
  [0x2b, f64, 8],
  [0x2c, i32, 1],
  [0x2d, i32, 1],
  [0x2e, i32, 2],
  [0x2f, i32, 2],
  [0x30, i64, 1],
  [0x31, i64, 1],
  [0x32, i64, 2],
  [0x33, i64, 2],
  [0x34, i64, 4],
  [0x35, i64, 4],
];
const STORES: [number, ValType, number][] = [
  [0x36, i32, 4],
  [0x37, i64, 8],
  [0x38, f32, 4],
  [0x39, f64, 8],
  [0x3a, i32, 1],
  [0x3b, i32, 2],
  [0x3c, i64, 1],
  [0x3d, i64, 2],
  [0x3e, i64, 4],
];
/** The locals of _start by type (i32 has two: 0 is the loop counter), and the mutable globals. */
const LOCAL: Record<number, number> = { [i32]: 1, [i64]: 2, [f32]: 3, [f64]: 4 };
const GLOBAL: Record<number, number> = { [i32]: 0, [i64]: 1, [f32]: 2, [f64]: 3 };
const PAGE = 65536;

function constant(type: ValType, bits: number | bigint): number[] {
  if (type === i32) return i32c(Number(bits));
  if (type === i64) return i64c(BigInt(bits));
  return type === f32 ? f32bits(Number(bits)) : f64bits(BigInt(bits));
}

/** Generates programs from a seeded random source. */
export class ProgramGenerator {
  constructor(private readonly r: Random) {}

  /** An address for an access of `size` bytes: misaligned, crossing a 32-byte leaf or a page's end, or (when `wild`) likely past the memory. */
  address(size: number, wild = false): number {
    const r = this.r;
    if (wild && r.chance(0.5)) return r.pick([2 * PAGE - size + 1, 3 * PAGE - size + 1, 3 * PAGE, -1, -size]);
    const leaf = 32 * r.below((2 * PAGE - 192) / 32);
    return r.pick([
      leaf + 32 - r.below(size) - 1,
      leaf + r.below(32),
      PAGE - size,
      PAGE - r.below(size) - 1,
      r.below(256),
      2 * PAGE - size,
    ]);
  }

  /** The address operand, then load or store `op` with one of `offsets` (the address accounts for it). */
  access(op: number, size: number, offsets: number[], wild = false): number[] {
    const offset = this.r.pick(offsets);
    return [...i32c(this.address(size + offset, wild) - offset), op, 0x00, offset];
  }

  /** [the address constant, the access instruction] of an `access`. */
  split(access: number[]): [number[], number[]] {
    return [access.slice(0, -3), access.slice(-3)];
  }

  /** A value of `type`: a constant, a local, a global, a load or (under depth 2) a nested expression. */
  operand(type: ValType, depth: number): number[] {
    const r = this.r;
    const k = r.below(20);
    if (k < 12 || depth >= 2) return constant(type, operandBits(r, type));
    if (k < 14) return [0x20, LOCAL[type]!];
    if (k === 14) return [0x23, GLOBAL[type]!];
    if (k === 15) {
      const [op, , size] = r.pick(LOADS.filter(([, t]) => t === type));
      return this.access(op, size, [0, 0, 1, 31]);
    }
    return this.expression(r.pick(NUMERIC_OPS.filter((op) => signature(op)[1] === type)), depth + 1);
  }

  /** Operands and `op`; a division or trapping truncation gets safe operands unless `wild`. */
  expression(op: number, depth: number, wild = false): number[] {
    const [params] = signature(op);
    const r = this.r;
    if (!wild && DIVISIONS.has(op)) {
      const wide = params[0] === i64;
      const divisor = r.pick([1, 2, 3, 7, -2, 0x7fffffff, -0x10000]);
      return [...this.operand(params[0]!, depth), ...(wide ? i64c(BigInt(divisor)) : i32c(divisor)), op];
    }
    if (!wild && TRAPPING_TRUNCATIONS.has(op)) {
      const unsigned = op === 0xa9 || op === 0xab || op === 0xaf || op === 0xb1;
      const v = r.pick(unsigned ? [0, -0.99, 0.5, 1.5, 65535.9, 4294967040] : [0, -0.5, 1.5, -2.5, -2147483520, 2147483520, 1e9]);
      return [
        ...(params[0] === f32
          ? f32bits(new Int32Array(new Float32Array([v]).buffer)[0]!)
          : f64bits(BigInt.asIntN(64, new BigInt64Array(new Float64Array([v]).buffer)[0]!))),
        op,
      ];
    }
    const code = op >= 0xe0 ? [0xfc, op - 0xe0] : [op];
    return [...params.flatMap((t) => this.operand(t, depth)), ...code];
  }

  /** A snippet computing `expr` of `type` and consuming it: drop, a local, a global or memory. */
  consume(type: ValType, expr: number[]): number[] {
    const r = this.r;
    switch (r.below(5)) {
      case 0:
        return [...expr, 0x1a];
      case 1:
        return r.chance(0.5) ? [...expr, 0x21, LOCAL[type]!] : [...expr, 0x22, LOCAL[type]!, 0x1a];
      case 2:
        return [...expr, 0x24, GLOBAL[type]!];
      default: {
        const [op, , size] = r.pick(STORES.filter(([, t]) => t === type));
        const [address, access] = this.split(this.access(op, size, [0, 0, 3, 32], r.chance(0.01)));
        return [...address, ...expr, ...access];
      }
    }
  }

  snippet(): number[] {
    const r = this.r;
    const t = r.pick(TYPES);
    const k = r.below(40);
    if (k < 20) {
      const op = r.pick(NUMERIC_OPS);
      return this.consume(signature(op)[1], this.expression(op, 0));
    }
    if (k < 23) {
      const [op, type, size] = r.pick(LOADS);
      return this.consume(type, this.access(op, size, [0, 1, 7, 32], r.chance(0.01)));
    }
    const value = () => this.operand(t, 1);
    const cond = () => (r.chance(0.5) ? i32c(r.pick([0, 1, -1, 2])) : this.operand(i32, 1));
    switch (k) {
      case 23:
        return this.consume(t, [...cond(), 0x04, t, ...value(), 0x05, ...value(), 0x0b]);
      case 24:
        return [...cond(), 0x04, 0x40, ...this.consume(t, value()), 0x0b];
      case 25:
        return this.consume(t, [0x02, t, ...value(), ...cond(), 0x0d, 0, 0x1a, ...value(), 0x0b]);
      case 26:
        return this.consume(t, [0x02, t, ...value(), ...value(), 0x0c, 0, 0x0b]);
      case 27:
        return [...i32c(1 + r.below(4)), 0x21, 0, 0x03, 0x40, 0x20, 0, ...i32c(1), 0x6b, 0x22, 0, 0x0d, 0, 0x0b];
      case 28: {
        const index = r.pick([0, 1, 2, 3, 9, -1]);
        const table = [0x02, t, 0x02, 0x40, 0x02, 0x40, ...value(), ...i32c(index), 0x0e, 2, 0, 1, 2, 0x0b];
        return this.consume(t, [...table, ...value(), 0x0c, 1, 0x0b, ...value(), 0x0b]);
      }
      case 29:
        return this.consume(t, [...value(), ...value(), ...cond(), ...(r.chance(0.5) ? [0x1b] : [0x1c, 1, t])]);
      case 30:
        return this.consume(i32, [...this.operand(i32, 1), 0x10, 0]);
      case 31:
        return this.consume(f64, [...this.operand(f64, 1), ...this.operand(f32, 1), 0x10, 1]);
      case 32:
        return this.consume(i32, [...this.operand(i32, 1), ...i32c(r.chance(0.97) ? r.pick([0, 2]) : r.pick([1, 3, -1])), 0x11, 0, 0]);
      case 33:
        return this.consume(i32, r.chance(0.5) ? [0x3f, 0] : [...i32c(r.pick([0, 1, 1, 2, 0x10000, -1])), 0x40, 0]);
      case 34:
      case 35: {
        const n = r.pick([0, 1, 5, 31, 32, 33, 64, 70]);
        const wild = r.chance(0.02);
        const dst = this.address(Math.max(n, 1), wild);
        if (k === 34) return [...i32c(dst), ...operandBits32(r), ...i32c(n), 0xfc, 11, 0];
        const src = r.chance(0.5) ? (dst > 64 ? dst - r.pick([3, 40]) : dst + 3) : this.address(Math.max(n, 1), wild);
        return [...i32c(dst), ...i32c(src), ...i32c(n), 0xfc, 10, 0, 0];
      }
      default: {
        const op = r.pick(NUMERIC_OPS);
        return this.consume(signature(op)[1], this.expression(op, 0));
      }
    }
  }

  /** Trap kind `kind` (mod 7): unreachable, a division by zero or INT_MIN / -1, a trapping truncation of NaN, an infinity or a value out of range, a load or a store past the end, a call_indirect to no function or another signature, a memory.fill/copy past the end. */
  trap(kind: number): number[] {
    const r = this.r;
    const past = (size: number) => i32c(r.pick([3 * PAGE - size + 1, 3 * PAGE, -1, -size]));
    switch (kind % 7) {
      case 0:
        return [0x00];
      case 1:
        return r.chance(0.5)
          ? [...i32c(r.pick([1, -0x80000000])), ...i32c(0), r.pick([0x6d, 0x6f, 0x6e, 0x70]), 0x1a]
          : [...i64c(-(2n ** 63n)), ...i64c(-1n), 0x7f, 0x1a];
      case 2: {
        const op = r.pick([...TRAPPING_TRUNCATIONS]);
        const single = op === 0xa8 || op === 0xa9 || op === 0xae || op === 0xaf;
        const v = r.pick([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 64, -(2 ** 64), -1]);
        const bits = single
          ? f32bits(new Int32Array(new Float32Array([v]).buffer)[0]!)
          : f64bits(new BigInt64Array(new Float64Array([v]).buffer)[0]!);
        return [...(Number.isNaN(v) ? (single ? f32bits(0x7fa00001) : f64bits(-0x7ffffffffffffn)) : bits), op, 0x1a];
      }
      case 3: {
        const [op, , size] = r.pick(LOADS);
        return [...past(size), op, 0x00, 0, 0x1a];
      }
      case 4: {
        const [op, type, size] = r.pick(STORES);
        return [...past(size), ...constant(type, operandBits(r, type)), op, 0x00, 0];
      }
      case 5:
        return [...i32c(7), ...i32c(kind % 2 ? 1 : r.pick([3, 100, -1])), 0x11, 0, 0, 0x1a]; // another signature, or no function
      default:
        return r.chance(0.5)
          ? [...i32c(3 * PAGE - 10), ...i32c(0), ...i32c(r.pick([11, 64])), 0xfc, 11, 0]
          : [...i32c(0), ...i32c(3 * PAGE - 10), ...i32c(r.pick([11, 64])), 0xfc, 10, 0, 0];
    }
  }

  /** A module: helpers (i32) -> i32 (one with an explicit return) and (f64, f32) -> f64, a table [0, 1, 2], two pages that may grow to three. */
  program(snippets: number, trapKind?: number): Uint8Array {
    const body = Array.from({ length: snippets }, () => this.snippet()).flat();
    if (trapKind !== undefined) body.push(...this.trap(trapKind));
    return buildModule({
      memory: { min: 2, max: 3 },
      table: [0, 1, 2],
      globals: TYPES.map((type) => ({ type, mutable: true, init: constant(type, operandBits(this.r, type)) })),
      funcs: [
        { params: [i32], results: [i32], body: [0x20, 0, ...i32c(7), 0x6c, 0x0f] },
        { params: [f64, f32], results: [f64], body: [0x20, 0, 0x20, 1, 0xbb, 0xa0] },
        { params: [i32], results: [i32], body: [0x20, 0, 0x67] },
        { locals: [i32, i32, i64, f32, f64], body },
      ],
    });
  }
}

function operandBits32(r: Random): number[] {
  return i32c(Number(operandBits(r, i32)));
}
