// Test helper: runs instruction cases on the machine and on V8 and compares results bit for bit
// (NaNs compare equal whatever their payload: the machine canonicalizes them, V8 does not).
import assert from 'node:assert/strict';
import { run } from '../exec/execute.ts';
import type { Machine } from '../exec/machine.ts';
import { startSession } from '../run/runModule.ts';
import { buildModule, constOf, T, type ValType } from './wasmBuilder.ts';

export type Case = { op: number[]; params: ValType[]; result: ValType | undefined; args: (number | bigint)[] };

const STORE: Record<number, number> = { [T.i32]: 0x36, [T.i64]: 0x37, [T.f32]: 0x38, [T.f64]: 0x39 };

/** Runs a module's _start on the machine to its end. */
export function runMachine(bytes: Uint8Array, maxSteps = 10_000_000): Machine {
  const { machine } = startSession({ module: bytes, seed: 'test', limits: { memoryMb: 64, maxOutputBytes: 1 << 16 } });
  while (machine.status === 'running' && machine.steps < maxSteps) run(machine, maxSteps);
  return machine;
}

/** Runs a module's _start on V8; returns its memory, or the trap message. */
export async function runV8(bytes: Uint8Array): Promise<{ memory?: Uint8Array; trap?: string }> {
  const instance = await instantiate(bytes);
  try {
    (instance.exports._start as () => void)();
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError || error instanceof RangeError) return { trap: error.message };
    throw error;
  }
  const memory = instance.exports.memory as WebAssembly.Memory | undefined;
  return { memory: memory ? new Uint8Array(memory.buffer) : undefined };
}

async function instantiate(bytes: Uint8Array): Promise<WebAssembly.Instance> {
  return ((await WebAssembly.instantiate(bytes, {})) as unknown as WebAssembly.WebAssemblyInstantiatedSource).instance;
}

const isNaNBits = (bytes: Uint8Array, type: ValType) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return type === T.f32 ? Number.isNaN(view.getFloat32(0, true)) : type === T.f64 ? Number.isNaN(view.getFloat64(0, true)) : false;
};

/**
 * Compares every case on both engines: the cases V8 traps on must trap on the machine (one module each), the
 * others are computed in one module and their stored results compared. Returns how many of each.
 */
export async function compareWithV8(cases: Case[]): Promise<{ compared: number; traps: number }> {
  const trapping: Case[] = [];
  const ok: Case[] = [];
  const probes = new Map<string, (...args: unknown[]) => unknown>();
  for (const c of cases) {
    const key = `${c.op.join(',')}:${c.params.join(',')}:${c.result ?? ''}`;
    let probe = probes.get(key);
    if (!probe) {
      const body = [...c.params.flatMap((_, i) => [0x20, i]), ...c.op];
      const bytes = buildModule({
        funcs: [
          { params: c.params, results: c.result ? [c.result] : [], body, export: 'f' },
          { body: [], export: '_start' },
        ],
      });
      probe = (await instantiate(bytes)).exports.f as (...args: unknown[]) => unknown;
      probes.set(key, probe);
    }
    try {
      probe(...c.args);
      ok.push(c);
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError)) throw error;
      trapping.push(c);
    }
  }
  for (const c of trapping) {
    const single = buildModule({
      funcs: [{ body: [...c.args.flatMap((a, i) => constOf(c.params[i]!, a)), ...c.op, ...(c.result ? [0x1a] : [])] }],
    });
    const m = runMachine(single);
    assert.equal(m.status, 'trapped', `${label(c)} traps on V8 but not on the machine`);
  }
  const body = ok.flatMap((c, i) => [
    ...constOf(T.i32, 8 * i),
    ...c.args.flatMap((a, k) => constOf(c.params[k]!, a)),
    ...c.op,
    STORE[c.result!]!,
    0x00,
    0x00,
  ]);
  const pages = Math.max(1, Math.ceil((8 * ok.length) / 65536));
  const bytes = buildModule({ memory: { min: pages }, funcs: [{ body }] });
  const expected = await runV8(bytes);
  const m = runMachine(bytes);
  assert.equal(m.status, 'exited', `machine trapped: ${m.trap}`);
  ok.forEach((c, i) => {
    const size = c.result === T.i32 || c.result === T.f32 ? 4 : 8;
    const want = expected.memory!.subarray(8 * i, 8 * i + size);
    const got = m.memory.subarray(8 * i, 8 * i + size);
    if (isNaNBits(want, c.result!) && isNaNBits(got, c.result!)) return;
    assert.deepEqual([...got], [...want], `${label(c)}: machine ${hex(got)}, V8 ${hex(want)}`);
  });
  return { compared: ok.length, traps: trapping.length };
}

function label(c: Case): string {
  return `op ${c.op.map((b) => b.toString(16)).join(' ')} (${c.args.map(String).join(', ')})`;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export const EDGE = {
  [T.i32]: [0, 1, -1, 2, 7, 31, 32, 33, 0x7f, 0x80, 0xff, 0x8000, 0xffff, 0x12345678, -0x80000000, 0x7fffffff, -7],
  [T.i64]: [0n, 1n, -1n, 2n, 63n, 64n, 65n, 0x80n, 0xffffffffn, 0x100000000n, -(2n ** 63n), 2n ** 63n - 1n, 0x123456789abcdefn, -7n],
  [T.f32]: [
    0,
    -0,
    1,
    -1,
    0.5,
    1.5,
    2.5,
    -2.5,
    0.49999997,
    NaN,
    Infinity,
    -Infinity,
    1e-45,
    1.17e-38,
    3.4e38,
    2147483648,
    4294967296,
    1e20,
    -1e20,
    16777217,
  ],
  [T.f64]: [
    0,
    -0,
    1,
    -1,
    0.5,
    1.5,
    2.5,
    -2.5,
    0.49999999999999994,
    NaN,
    Infinity,
    -Infinity,
    5e-324,
    2.2e-308,
    1.7e308,
    2147483647.5,
    -2147483648.9,
    4294967295.5,
    2 ** 63,
    2 ** 64,
    2 ** 53 + 2,
    1e300,
    -1e-300,
  ],
} as Record<ValType, (number | bigint)[]>;

/** All cases of `op` over the edge values of its operand types (pairs for binary ops). */
export function edgeCases(op: number[], params: ValType[], result: ValType | undefined): Case[] {
  const values = params.map((t) => EDGE[t]!);
  if (params.length === 1) return values[0]!.map((a) => ({ op, params, result, args: [a] }));
  return values[0]!.flatMap((a) => values[1]!.map((b) => ({ op, params, result, args: [a, b] })));
}
