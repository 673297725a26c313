// NaN canonicalization in both paths (issue 15): a module that stores the bits of 0/0 (x64 hardware and V8 give
// the negative NaN) prints the canonical NaN's bits in the worker's sandbox, which rewrites the module at
// preparation time, and in the machine, which canonicalizes every arithmetic NaN; the digests are equal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeResultDigest, createSandboxPool, type SandboxPool } from '../../../worker/src/sandbox/index.ts';
import { compileModule } from '../compile/compileModule.ts';
import { buildModule, i32c, T } from '../testing/wasmBuilder.ts';
import { resultDigest } from './resultDigest.ts';
import { runModule } from './runModule.ts';

const f64load = (address: number) => [...i32c(address), 0x2b, 3, 0];
const f32load = (address: number) => [...i32c(address), 0x2a, 2, 0];
/** Stores at 0: bits(0/0) f64, at 8: bits(0/0) f32, at 12: bits(sqrt(-1)) f64, at 20: bits(promote(0/0 f32)); prints the 28 bytes. */
const nanBits = buildModule({
  imports: [{ name: 'fd_write', params: [T.i32, T.i32, T.i32, T.i32], results: [T.i32] }],
  memory: { min: 1 },
  data: [
    { offset: 100, bytes: [0, 0, 0, 0, 0, 0, 0, 0] },
    { offset: 108, bytes: [0, 0, 0, 0, 0, 0, 0xf0, 0xbf] }, // -1.0
    { offset: 200, bytes: [0, 0, 0, 0, 28, 0, 0, 0] }, // the iovec
  ],
  funcs: [
    {
      body: [
        ...[...i32c(0), ...f64load(100), ...f64load(100), 0xa3, 0xbd, 0x37, 3, 0], // f64.div, i64.reinterpret_f64, i64.store
        ...[...i32c(8), ...f32load(100), ...f32load(100), 0x95, 0xbc, 0x36, 2, 0], // f32.div, i32.reinterpret_f32, i32.store
        ...[...i32c(12), ...f64load(108), 0x9f, 0xbd, 0x37, 3, 0], // f64.sqrt
        ...[...i32c(20), ...f32load(100), ...f32load(100), 0x95, 0xbb, 0xbd, 0x37, 3, 0], // f64.promote_f32
        ...[...i32c(1), ...i32c(200), ...i32c(1), ...i32c(208), 0x10, 0, 0x1a], // fd_write(stdout, iov, 1, &n)
      ],
    },
  ],
});
const CANONICAL = [
  ...[0, 0, 0, 0, 0, 0, 0xf8, 0x7f],
  ...[0, 0, 0xc0, 0x7f],
  ...[0, 0, 0, 0, 0, 0, 0xf8, 0x7f],
  ...[0, 0, 0, 0, 0, 0, 0xf8, 0x7f],
];

describe('NaNs are canonical in the sandbox and in the machine', () => {
  let pool: SandboxPool;
  before(() => {
    pool = createSandboxPool({ size: 1 });
  });
  after(() => pool.close());

  test('0/0, sqrt(-1) and a promoted NaN stored as bits: the same canonical bytes and digest on both paths', async () => {
    const request = { args: [], files: {}, seed: 'nan', limits: { memoryMb: 16, timeoutMs: 10_000, maxOutputBytes: 4096 } };
    const sandbox = await pool.run({ module: nanBits, ...request });
    const machine = runModule({ module: compileModule(nanBits), ...request });
    assert.equal(sandbox.exitCode, 0);
    assert.deepEqual([...sandbox.stdout], CANONICAL, 'sandbox');
    assert.deepEqual([...machine.stdout], CANONICAL, 'machine');
    assert.equal(resultDigest(machine), computeResultDigest(sandbox));
  });
});
