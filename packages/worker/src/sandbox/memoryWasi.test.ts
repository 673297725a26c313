import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSandboxPool } from './createSandboxPool.ts';
import { op, wasmModule } from './fixtures/wasmModule.ts';
import { createMemoryWasi, type MemoryWasiOptions } from './memoryWasi.ts';

// The whole calls (wholeCalls.ts) against the machine's micro-steps (the `stepped` reference): the
// same calls with the same parameters on two identical memories must answer the same, leave every
// byte of memory the same, and end with the same stdout, stderr and /out.

const I = 'i32' as const;
const L = 'i64' as const;
const CALLS = {
  fd_write: [I, I, I, I],
  fd_read: [I, I, I, I],
  args_get: [I, I],
  args_sizes_get: [I, I],
  environ_get: [I, I],
  environ_sizes_get: [I, I],
  path_open: [I, I, I, I, I, L, L, I, I],
  fd_seek: [I, L, I, I],
  fd_close: [I],
  random_get: [I, I],
} as const;
type Name = keyof typeof CALLS;
const probe = new WebAssembly.Module(
  wasmModule({
    imports: Object.entries(CALLS).map(([name, params]) => ({ name, params: [...params], results: ['i32'] })),
    memory: { initial: 1 },
    body: [],
  }) as BufferSource,
);
const PAGE = 65_536;
const PATHS = ['input.txt', 'a.txt', 'out.bin', 'd', 'd/x', '..', 'sub/in.txt'];
const PATH_AT = 60_000; // where the path names are written, 64 bytes apart

/** A fixed-seed generator (xorshift32): the same sequence of calls on every run. */
function random(seed: number) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]! };
}

type Side = {
  memory: WebAssembly.Memory;
  bytes(): Uint8Array;
  call(name: Name, params: (number | bigint)[]): string;
  wasi: ReturnType<typeof createMemoryWasi>;
};
function side(options: MemoryWasiOptions): Side {
  const wasi = createMemoryWasi(options);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 2 });
  const namespace = wasi.imports(probe).wasi_snapshot_preview1 as Record<string, (...p: (number | bigint)[]) => number>;
  wasi.bind(memory);
  const bytes = () => new Uint8Array(memory.buffer);
  const encoder = new TextEncoder();
  for (const [i, path] of PATHS.entries()) bytes().set(encoder.encode(path), PATH_AT + 64 * i);
  return {
    memory,
    bytes,
    wasi,
    call(name, params) {
      try {
        return `= ${namespace[name]!(...params)}`;
      } catch (error) {
        const e = error as Error & { writtenBytes?: number };
        return `threw ${e.name} ${e.writtenBytes ?? e.message}`;
      }
    },
  };
}

/** Random parameters for one call, and random iovecs and bytes written to both memories first. */
function scenario(r: ReturnType<typeof random>, setup: (at: number, bytes: Uint8Array) => void): [Name, (number | bigint)[]] {
  const name = r.pick(Object.keys(CALLS) as Name[]);
  const pointer = () => (r.next() < 0.9 ? r.int(8192) : r.pick([PAGE - 4, PAGE - 1, PAGE, PAGE + 8, 2 ** 31 + 5]));
  const fd = () => r.pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 40]);
  if (name === 'fd_write' || name === 'fd_read') {
    const count = r.int(4);
    const iovs = r.next() < 0.95 ? 512 + r.int(1024) : PAGE - 4;
    const entries = new Uint8Array(8 * count);
    const view = new DataView(entries.buffer);
    for (let i = 0; i < count; i++) {
      view.setUint32(8 * i, r.next() < 0.95 ? 2048 + r.int(4096) : PAGE - 3, true);
      view.setUint32(8 * i + 4, r.pick([0, 1, 5, 31, 32, 33, 100, 700]), true);
    }
    if (iovs + entries.length <= PAGE) setup(iovs, entries);
    const payload = Uint8Array.from({ length: 64 }, () => r.int(256));
    setup(2048 + r.int(4096), payload);
    return [name, [r.next() < 0.6 ? r.pick([1, 2, 5, 6]) : fd(), iovs, count, pointer()]];
  }
  if (name === 'path_open') {
    const i = r.int(PATHS.length);
    const oflags = r.pick([0, 1, 1 | 8, 1 | 4, 2, 8]);
    const rights = r.pick([0n, 2n, 64n, 2n | 64n | 4n, (1n << 29n) - 1n]);
    return [
      name,
      [r.pick([3, 3, 4, 4, 5, 1, 9]), 0, PATH_AT + 64 * i, PATHS[i]!.length, oflags, rights, rights, r.pick([0, 1]), pointer()],
    ];
  }
  if (name === 'fd_seek') return [name, [fd(), BigInt(r.int(300)) - 50n, r.int(4), pointer()]];
  if (name === 'random_get') return [name, [pointer(), r.pick([0, 1, 7, 32, 33, 100, 4096])]];
  if (name === 'fd_close') return [name, [r.next() < 0.01 ? 3 : r.pick([5, 6, 7, 8, 1])]]; // the preopens (3, 4) seldom: nothing opens after
  return [name, [pointer(), pointer()]];
}

const options = (maxOutputBytes: number): MemoryWasiOptions => ({
  args: ['app', '--n', '3', 'é'],
  env: { MODE: 'fast', EMPTY: '' },
  files: {
    'input.txt': new TextEncoder().encode('hello input file, long enough to read in pieces'),
    'sub/in.txt': new Uint8Array(40).fill(7),
  },
  seed: 'seed',
  maxOutputBytes,
});

type Script = (step: number, setup: (at: number, bytes: Uint8Array) => void) => [Name, (number | bigint)[]];

function compare(script: Script, steps: number, maxOutputBytes: number) {
  const whole = side(options(maxOutputBytes));
  const stepped = side({ ...options(maxOutputBytes), stepped: true });
  const answers = new Map<string, number>();
  for (let step = 0; step < steps; step++) {
    const [name, params] = script(step, (at, bytes) => {
      whole.bytes().set(bytes, at);
      stepped.bytes().set(bytes, at);
    });
    const expected = stepped.call(name, params);
    const actual = whole.call(name, params);
    assert.equal(actual, expected, `step ${step}: ${name}(${params.join(', ')})`);
    // A call that stopped the app (a trap, the output cap) ends the run: its memory is never read again.
    if (!expected.startsWith('threw')) {
      assert.equal(Buffer.compare(whole.bytes(), stepped.bytes()), 0, `step ${step}: memory after ${name}(${params.join(', ')})`);
    }
    answers.set(`${name} ${expected}`, (answers.get(`${name} ${expected}`) ?? 0) + 1);
  }
  assert.deepEqual(whole.wasi.stdout(), stepped.wasi.stdout());
  assert.deepEqual(whole.wasi.stderr(), stepped.wasi.stderr());
  assert.deepEqual(whole.wasi.outputs(), stepped.wasi.outputs());
  return answers;
}

describe('createMemoryWasi: whole calls give the machine micro-steps’ results', () => {
  test('2,000 random fd_write, fd_read, args, env, path_open, fd_seek and fd_close calls: same answers, memory and outputs', () => {
    const r = random(0x5eed);
    const answers = compare((_, setup) => scenario(r, setup), 2000, 1 << 20);
    const seen = (name: string, answer: number) => (answers.get(`${name} = ${answer}`) ?? 0) > 0;
    // The run reached the cases that matter: success, FAULT (21), BADF (8), NOTCAPABLE (76) and SPIPE or ISDIR.
    for (const name of ['fd_write', 'fd_read', 'args_get', 'environ_sizes_get', 'random_get'])
      assert.ok(seen(name, 0), `${name} succeeded`);
    for (const name of ['fd_write', 'fd_read', 'args_get', 'random_get']) assert.ok(seen(name, 21), `${name} answered FAULT`);
    assert.ok(seen('fd_write', 8) && seen('fd_read', 8), 'a bad fd');
    assert.ok(seen('fd_write', 76) || seen('fd_read', 76), 'a missing right');
    assert.ok(seen('path_open', 0), 'files were opened');
  });

  test('a small output cap: both stop the app at the same call with the same bytes written', () => {
    const r = random(0xcafe);
    const answers = compare((_, setup) => scenario(r, setup), 400, 600);
    assert.ok(
      [...answers.keys()].some((k) => k.startsWith('fd_write threw OutputLimitSignal')),
      'the cap was reached',
    );
  });

  test('appending, overwriting, seeking past the end and reading across iovecs: same answers, memory and files', () => {
    const iovec = (...pairs: number[]) => {
      const bytes = new Uint8Array(4 * pairs.length);
      for (const [i, v] of pairs.entries()) new DataView(bytes.buffer).setUint32(4 * i, v, true);
      return bytes;
    };
    const all = (1n << 29n) - 1n;
    const calls: [Name, (number | bigint)[], Uint8Array?][] = [
      ['path_open', [3, 0, PATH_AT, 9, 0, all, all, 1, 12]], // /in/input.txt for appending: fd 5
      ['fd_write', [5, 512, 2, 16], iovec(2048, 5, 2100, 40)],
      ['fd_seek', [5, 3n, 0, 24]],
      ['fd_write', [5, 512, 1, 16], iovec(2200, 7)], // appends, wherever the position
      ['fd_seek', [5, 0n, 0, 24]],
      ['fd_read', [5, 512, 3, 16], iovec(3000, 10, 3100, 0, 3200, 200)], // the last iovec passes the end
      ['path_open', [4, 0, PATH_AT + 64 * 2, 7, 1 | 8, all, all, 0, 12]], // /out/out.bin, created: fd 6
      ['fd_seek', [6, 70n, 0, 24]],
      ['fd_write', [6, 512, 1, 16], iovec(2048, 0)], // zero bytes past the end: the file grows to 70
      ['fd_seek', [6, 10n, 0, 24]],
      ['fd_write', [6, 512, 2, 16], iovec(2300, 33, 2400, 64)], // overwrites the middle, then runs past the end
      ['fd_seek', [6, 200n, 0, 24]],
      ['fd_read', [6, 512, 1, 16], iovec(3300, 0)], // zero bytes past the end: the position comes back to the end
      ['fd_seek', [6, 0n, 1, 24]],
      ['fd_seek', [6, 300n, 0, 24]],
      ['fd_read', [6, 512, 2, 16], iovec(3300, 0, 3400, 8)], // past the end: nothing
      ['fd_seek', [6, 0n, 1, 24]],
      ['fd_read', [5, 512, 1, 16], iovec(3500, 4)],
      ['fd_write', [1, 512, 3, 16], iovec(2048, 10, 2100, 0, 2200, 31)],
      ['fd_write', [2, 512, 1, 16], iovec(2300, 100)],
    ];
    const payload = Uint8Array.from({ length: 1024 }, (_, i) => (i * 7 + 3) & 0xff);
    const answers = compare(
      (step, setup) => {
        const [name, params, iovecs] = calls[step]!;
        if (step === 0) setup(2048, payload);
        if (iovecs) setup(512, iovecs);
        return [name, params];
      },
      calls.length,
      1 << 20,
    );
    assert.deepEqual(
      [...answers.keys()].filter((k) => !k.endsWith('= 0')),
      [],
      'every call succeeded',
    );
  });

  test('error: random_get past the 1 MiB of the machine’s stream traps at the same call', () => {
    const answers = compare((step) => ['random_get', [(step * 13) % 4096, step === 0 ? 5 : 4096]], 258, 1 << 20);
    assert.deepEqual([...answers.keys()], ['random_get = 0', 'random_get threw HostTrapSignal random stream exhausted (1 MiB)']);
  });

  test('error: a write that would grow a file past the cap stops the app before the host allocates it', () => {
    const run = side(options(1000));
    const view = new DataView(run.memory.buffer);
    const call = (name: Name, ...params: (number | bigint)[]) => run.call(name, params);
    new Uint8Array(run.memory.buffer).set(new TextEncoder().encode('sparse.bin'), 100);
    assert.equal(call('path_open', 4, 0, 100, 10, 1, (1n << 29n) - 1n, (1n << 29n) - 1n, 0, 12), '= 0');
    const fd = view.getUint32(12, true);
    assert.equal(call('fd_seek', fd, 1_000_000_000n, 0, 16), '= 0');
    view.setUint32(0, 200, true);
    view.setUint32(4, 1, true);
    assert.equal(call('fd_write', fd, 0, 1, 8), 'threw OutputLimitSignal 1000000001');
    assert.deepEqual(Object.keys(run.wasi.outputs()), ['sparse.bin']);
    assert.equal(run.wasi.outputs()['sparse.bin']!.length, 0);
  });
});

describe('a trap of the machine’s WASI', () => {
  // random_get past the 1 MiB the machine can prove traps (decision 023): the app's own failure.
  const greedy = wasmModule({
    imports: [{ name: 'random_get', params: ['i32', 'i32'], results: ['i32'] }],
    memory: { initial: 17 },
    body: [...op.i32Const(0), ...op.i32Const((1 << 20) + 1), ...op.call(0), ...op.drop],
  });

  test('error: is SandboxTrap with the machine’s message, a deterministic failure of the app', async () => {
    const pool = createSandboxPool({ size: 1 });
    try {
      await assert.rejects(
        pool.run({ module: greedy, seed: 's', limits: { memoryMb: 4, timeoutMs: 10_000, maxOutputBytes: 1024 } }),
        (error: Error & { details: { trap: string } }) => {
          assert.equal(error.name, 'SandboxTrap');
          assert.match(error.details.trap, /random stream exhausted/);
          return true;
        },
      );
    } finally {
      await pool.close();
    }
  });
});
