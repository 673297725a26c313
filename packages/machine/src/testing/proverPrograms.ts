// Test helper: the programs the on-chain prover's differential test proves step by step (integer, memory and
// control classes; see floatPrograms.ts for floats).
import { EDGE } from './differential.ts';
import { buildModule, i32c, i64c, T } from './wasmBuilder.ts';

export const body = (...parts: number[][]) => parts.flat();
export const fill = (d: number, v: number, n: number) => [...i32c(d), ...i32c(v), ...i32c(n), 0xfc, 11, 0x00];
export const copy = (d: number, s: number, n: number) => [...i32c(d), ...i32c(s), ...i32c(n), 0xfc, 10, 0x00, 0x00];
export const ALL_STORES = [
  [0x36, T.i32],
  [0x37, T.i64],
  [0x38, T.f32],
  [0x39, T.f64],
  [0x3a, T.i32],
  [0x3b, T.i32],
  [0x3c, T.i64],
  [0x3d, T.i64],
  [0x3e, T.i64],
] as const;

/** One program with every covered class: loops, stores and loads of every width, globals, select, br with values, br_table, calls, call_indirect, memory.grow, bulk memory. */
export function coveredClassesModule(): Uint8Array {
  const stores = ALL_STORES.flatMap(([op, type], i) => [
    ...i32c(26 + 3 * i),
    ...(type === T.i32 ? i32c(-0x12345679) : i64c(-0x123456789abcdefn)),
    op,
    0x00,
    0x01,
  ]);
  const loads = Array.from({ length: 14 }, (_, i) => [...i32c(25 + 2 * i), 0x28 + i, 0x00, 0x02, 0x1a]).flat();
  const fact = {
    params: [T.i64],
    results: [T.i64],
    locals: [T.i32],
    body: [0x20, 0, 0x50, 0x04, 0x40, ...i64c(1n), 0x0f, 0x0b, 0x20, 0, 0x20, 0, ...i64c(1n), 0x7d, 0x10, 0, 0x7e],
  };
  const twice = { params: [T.i32], results: [T.i32], body: [0x20, 0, ...i32c(2), 0x6c] };
  const bytes = buildModule({
    memory: { min: 1, max: 3 },
    table: [0, 1],
    globals: [{ type: T.i32, mutable: true, init: i32c(7) }],
    funcs: [
      fact,
      twice,
      {
        locals: [T.i32, T.i32],
        body: body(
          [...i64c(6n), 0x10, 0, 0x1a, ...i32c(21), ...i32c(1), 0x11, 1, 0, 0x1a],
          [0x3f, 0x00, 0x1a, ...i32c(1), 0x40, 0x00, 0x1a, ...i32c(5), 0x40, 0x00, 0x1a, 0x3f, 0x00, 0x1a],
          [...fill(10, 0x1ab, 70), ...fill(30, 7, 3), ...copy(20, 10, 50), ...copy(5, 15, 40), ...copy(0, 0, 0), ...fill(65_536, 1, 0)],
          [0x6b, 0x6e, 0x6f, 0x77].flatMap((op) => [...i32c(-9), ...i32c(4), op, 0x1a]),
          [0x80, 0x82].flatMap((op) => [...i64c(9n), ...i64c(4n), op, 0x1a]),
          [...i32c(1), 0x04, T.i32, ...i32c(10), 0x05, ...i32c(20), 0x0b, 0x1a],
          [0x03, 0x40, 0x20, 0, ...i32c(1), 0x6a, 0x22, 0, 0x20, 1, 0x6a, 0x21, 1, 0x20, 0, ...i32c(4), 0x48, 0x0d, 0, 0x0b],
          stores,
          loads,
          [0x23, 0, ...i32c(3), 0x6c, 0x24, 0, ...i32c(1), ...i32c(2), 0x20, 0, 0x1b, 0x1a],
          [0x02, T.i32, ...i32c(1), ...i32c(2), ...i32c(3), 0x0c, 0, 0x0b, 0x1a],
          [0x02, T.i32, ...i32c(9), ...i32c(1), 0x0d, 0, 0x1a, ...i32c(8), 0x0b, 0x1a],
          [...i32c(0), 0x04, T.i32, ...i32c(10), 0x05, ...i32c(20), 0x0b, 0x1a, ...i32c(0x10000), 0x67, 0x68, 0x69, 0xc0, 0xc1, 0x45, 0x1a],
          [0, 1, 2, 7].flatMap((i) => [
            0x02,
            T.i32,
            0x02,
            0x40,
            0x02,
            0x40,
            ...i32c(5),
            ...i32c(i),
            0x0e,
            2,
            0,
            1,
            2,
            0x0b,
            ...i32c(6),
            0x0c,
            1,
            0x0b,
            ...i32c(7),
            0x0b,
            0x1a,
          ]),
          [...i64c(-5n), ...i64c(3n), 0x7f, 0x7b, 0xa7, 0xac, 0xc4, ...i64c(1n), 0x89, 0xbd, 0xbf, 0x50, 0xad, 0x1a],
        ),
      },
    ],
  });
  return bytes;
}

/** Random i32 and i64 instructions on edge operands, and random loads and stores. */
export function randomIntegerModule(): Uint8Array {
  let seed = 12345;
  const next = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
  const values = EDGE[T.i32] as number[];
  const ops = [
    0x45,
    ...Array.from({ length: 10 }, (_, i) => 0x46 + i),
    0x67,
    0x68,
    0x69,
    0xc0,
    0xc1,
    0x6a,
    0x6b,
    0x6c,
    0x71,
    0x72,
    0x73,
    0x74,
    0x75,
    0x76,
    0x77,
    0x78,
  ];
  const values64 = EDGE[T.i64] as bigint[];
  const ops64 = [
    0x50,
    ...Array.from({ length: 10 }, (_, i) => 0x51 + i),
    0x79,
    0x7a,
    0x7b,
    0x7c,
    0x7d,
    0x7e,
    0x83,
    0x84,
    0x85,
    0x86,
    0x87,
    0x88,
    0x89,
    0x8a,
    0xc2,
    0xc3,
    0xc4,
  ];
  const parts: number[][] = [];
  for (let i = 0; i < 100; i++) {
    const op = ops[next(ops.length)]!;
    const unary = [0x45, 0x67, 0x68, 0x69, 0xc0, 0xc1].includes(op);
    parts.push([...i32c(values[next(values.length)]!), ...(unary ? [] : i32c(values[next(values.length)]!)), op, 0x21, 0]);
    const op64 = ops64[next(ops64.length)]!;
    const unary64 = [0x50, 0x79, 0x7a, 0x7b, 0xc2, 0xc3, 0xc4].includes(op64);
    parts.push([
      ...i64c(BigInt(values64[next(values64.length)]!)),
      ...(unary64 ? [] : i64c(BigInt(values64[next(values64.length)]!))),
      op64,
      0x1a,
    ]);
    const [store, type] = ALL_STORES[next(ALL_STORES.length)]!;
    const value = type === T.i32 ? i32c(values[next(values.length)]!) : i64c(BigInt(values[next(values.length)]!) * 0x10001n);
    parts.push([...i32c(next(65_500)), ...value, store, 0x00, next(8), ...i32c(next(65_500)), 0x28 + next(14), 0x00, next(8), 0x1a]);
  }
  return buildModule({ memory: { min: 1 }, funcs: [{ locals: [T.i32], body: parts.flat() }] });
}
