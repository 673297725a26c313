import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSandboxPool, type SandboxPool } from '../../../worker/src/sandbox/index.ts';
import { runModule } from '../run/runModule.ts';
import { TrapError } from '../errors.ts';
import { buildModule, i32c, i64c, T, type ValType } from '../testing/wasmBuilder.ts';

const I = T.i32;
const WASI: [string, ValType[]][] = [
  ['args_sizes_get', [I, I]],
  ['args_get', [I, I]],
  ['environ_sizes_get', [I, I]],
  ['environ_get', [I, I]],
  ['random_get', [I, I]],
  ['clock_time_get', [I, T.i64, I]],
  ['clock_res_get', [I, I]],
  ['path_open', [I, I, I, I, I, T.i64, T.i64, I, I]],
  ['fd_read', [I, I, I, I]],
  ['fd_filestat_get', [I, I]],
  ['fd_seek', [I, T.i64, I, I]],
  ['fd_write', [I, I, I, I]],
  ['fd_close', [I]],
  ['fd_readdir', [I, I, I, T.i64, I]],
  ['fd_prestat_get', [I, I]],
  ['fd_prestat_dir_name', [I, I, I]],
  ['proc_exit', [I]],
  ['poll_oneoff', [I, I, I, I]],
];
const fn = (name: string) => WASI.findIndex(([n]) => n === name);
const enc = (s: string) => [...new TextEncoder().encode(s)];
let slot = 0;
/** Calls a WASI function with constant arguments and stores its errno in the errno table at 3000. */
const call = (name: string, ...args: (number | bigint)[]) => {
  const params = WASI[fn(name)]![1];
  const body = [
    ...i32c(3000 + 4 * slot++),
    ...args.flatMap((a, i) => (params[i] === T.i64 ? i64c(BigInt(a)) : i32c(Number(a)))),
    0x10,
    fn(name),
  ];
  return [...body, 0x36, 0x00, 0x00];
};
const iov = (at: number, ptr: number, length: number) => [
  ...i32c(at),
  ...i32c(ptr),
  0x36,
  0x00,
  0x00,
  ...i32c(at + 4),
  ...i32c(length),
  0x36,
  0x00,
  0x00,
];

/** One module touching every WASI call the apps use and more: what it observed goes to stdout, bytes 0..3200 of memory. */
const PROBE = buildModule({
  imports: WASI.map(([name, params]) => ({ name, params, results: name === 'proc_exit' ? [] : [T.i32] })),
  memory: { min: 1 },
  data: [
    { offset: 2000, bytes: enc('data.txt') },
    { offset: 2016, bytes: enc('../x') },
    { offset: 2032, bytes: enc('o.txt') },
    { offset: 2048, bytes: enc('hello out') },
  ],
  funcs: [
    {
      body: [
        ...call('args_sizes_get', 0, 4),
        ...call('args_get', 16, 64),
        ...call('environ_sizes_get', 200, 204),
        ...call('environ_get', 208, 256),
        ...call('random_get', 400, 40),
        ...call('random_get', 440, 7),
        ...call('random_get', 65_530, 10),
        ...call('clock_time_get', 0, 0, 500),
        ...call('clock_time_get', 1, 0, 508),
        ...call('clock_res_get', 2, 516),
        ...call('clock_time_get', 9, 0, 524),
        ...call('path_open', 3, 0, 2000, 8, 0, 2, 0, 0, 600),
        ...iov(2100, 700, 50),
        ...call('fd_read', 5, 2100, 1, 604),
        ...call('fd_filestat_get', 5, 800),
        ...call('fd_seek', 5, -3, 2, 870),
        ...call('fd_read', 5, 2100, 1, 880),
        ...call('fd_close', 5),
        ...call('path_open', 3, 0, 2016, 4, 0, 2, 0, 0, 890),
        ...call('path_open', 3, 0, 2032, 5, 0, 2, 0, 0, 894),
        ...call('path_open', 4, 0, 2032, 5, 9, 66, 0, 0, 898),
        ...iov(2108, 2048, 9),
        ...call('fd_write', 5, 2108, 1, 902),
        ...call('fd_close', 5),
        ...call('fd_readdir', 3, 1000, 200, 0, 1300),
        ...call('fd_readdir', 3, 1200, 30, 1, 1304),
        ...call('fd_prestat_get', 3, 1400),
        ...call('fd_prestat_dir_name', 4, 1408, 4),
        ...call('fd_prestat_get', 5, 1416),
        ...call('fd_prestat_get', 1, 1420),
        ...iov(1500, 0, 3200),
        ...call('fd_write', 1, 1500, 1, 1508),
        ...iov(1510, 2048, 5),
        ...call('fd_write', 2, 1510, 1, 1518),
        ...i32c(3),
        0x10,
        fn('proc_exit'),
      ],
    },
  ],
});

describe('the machine’s WASI against the sandbox’s', () => {
  let pool: SandboxPool;
  before(() => {
    pool = createSandboxPool({ size: 1 });
  });
  after(() => pool.close());

  test('args, environment, random stream, clock, files under /in and /out, readdir, prestat, errnos: byte-identical', async () => {
    const request = {
      args: ['--n', 'ünï'],
      env: { A: '1', LONG: 'x'.repeat(40) },
      seed: 'probe-seed',
      files: {
        'data.txt': new TextEncoder().encode('0123456789abcdef'),
        'b.bin': new Uint8Array([1, 2]),
        'sub/c.txt': new Uint8Array([3]),
      },
      limits: { memoryMb: 16, maxOutputBytes: 1 << 16 },
    };
    const expected = await pool.run({ module: PROBE, ...request, limits: { ...request.limits, timeoutMs: 5000 } });
    const actual = runModule({ module: PROBE, ...request });
    assert.equal(actual.exitCode, 3);
    assert.equal(expected.exitCode, 3);
    assert.deepEqual(actual.stderr, expected.stderr);
    assert.deepEqual(Object.keys(actual.files), ['o.txt']);
    assert.deepEqual(actual.files, expected.files);
    const errnos = (out: Uint8Array) => Array.from(new Int32Array(out.slice(3000, 3000 + 4 * slot).buffer));
    assert.deepEqual(
      errnos(actual.stdout),
      errnos(expected.stdout),
      `errno of each call: ${errnos(actual.stdout)} vs ${errnos(expected.stdout)}`,
    );
    assert.deepEqual(actual.stdout, expected.stdout);
  });

  test('the output budget covers stdout and files; past it the run traps', () => {
    const request = { seed: 's', limits: { memoryMb: 16, maxOutputBytes: 100 } };
    assert.throws(
      () => runModule({ module: PROBE, ...request }),
      (e: unknown) => e instanceof TrapError && /output limit 100/.test(e.trap),
    );
  });
});
