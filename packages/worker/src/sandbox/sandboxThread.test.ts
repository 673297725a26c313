import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { computeResultDigest } from './computeResultDigest.ts';
import { createSandboxPool, type SandboxPool } from './createSandboxPool.ts';
import { clockModule, echoModule, hostPathModule, randomModule, readdirModule, statModule } from './fixtures/probeModules.ts';
import type { SandboxRequest } from './types.ts';
import { VIRTUAL_CLOCK_STEP_NS } from './virtualClock.js';

const limits = { memoryMb: 4, timeoutMs: 10_000, maxOutputBytes: 1 << 20 };
const u64s = (bytes: Uint8Array) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 8 }, (_, i) => view.getBigUint64(i * 8, true));
};
const ERRNO_NOTCAPABLE = 76;

describe('sandbox thread (deterministic WASI)', () => {
  let pool: SandboxPool;
  const run = (request: Partial<SandboxRequest> & Pick<SandboxRequest, 'module'>) => pool.run({ seed: 'seed', limits, ...request });
  before(() => {
    pool = createSandboxPool({ size: 2 });
  });
  after(() => pool.close());

  test('the same input twice gives the identical result digest', async () => {
    const request = { module: echoModule, args: ['a'], files: { 'input.txt': new TextEncoder().encode('same') } };
    const [first, second] = await Promise.all([run(request), run(request)]);
    assert.equal(computeResultDigest(first), computeResultDigest(second));
  });

  test('random_get is a stream fixed by the seed', async () => {
    const [a1, a2, b] = await Promise.all([
      run({ module: randomModule, seed: 'task-a' }),
      run({ module: randomModule, seed: 'task-a' }),
      run({ module: randomModule, seed: 'task-b' }),
    ]);
    assert.equal(a1.stdout.length, 32);
    assert.deepEqual(a1.stdout, a2.stdout);
    assert.notDeepEqual(a1.stdout, b.stdout);
  });

  test('clocks are virtual: they start at 0 and advance one step per read', async () => {
    const { stdout } = await run({ module: clockModule });
    const [realtime, monotonic1, monotonic2, resolution] = u64s(stdout);
    assert.deepEqual([realtime, monotonic1, monotonic2], [0n, VIRTUAL_CLOCK_STEP_NS, 2n * VIRTUAL_CLOCK_STEP_NS]);
    assert.equal(resolution, VIRTUAL_CLOCK_STEP_NS);
  });

  test('file stats show only type and size: no inode, device or host timestamps', async () => {
    const { stdout } = await run({ module: statModule, files: { 'input.txt': new Uint8Array(5) } });
    const [dev, ino, , nlink, size, atim, mtim, ctim] = u64s(stdout);
    assert.deepEqual({ dev, ino, nlink, size, atim, mtim, ctim }, { dev: 0n, ino: 0n, nlink: 1n, size: 5n, atim: 0n, mtim: 0n, ctim: 0n });
    assert.equal(stdout[16], 4); // regular file
  });

  test('directory listings are sorted by name with inode 0', async () => {
    const files = { 'input.txt': new Uint8Array(1), 'b.txt': new Uint8Array(1), 'a/z.txt': new Uint8Array(1), 'Z.txt': new Uint8Array(1) };
    const { stdout } = await run({ module: readdirModule, files });
    const entries: { name: string; ino: bigint; type: number }[] = [];
    const view = new DataView(stdout.buffer, stdout.byteOffset, stdout.byteLength);
    for (let at = 0; at < stdout.length; ) {
      const length = view.getUint32(at + 16, true);
      entries.push({
        ino: view.getBigUint64(at + 8, true),
        type: stdout[at + 20]!,
        name: new TextDecoder().decode(stdout.subarray(at + 24, at + 24 + length)),
      });
      at += 24 + length;
    }
    assert.deepEqual(
      entries.map((e) => e.name),
      ['Z.txt', 'a', 'b.txt', 'input.txt'],
    );
    assert.deepEqual(
      entries.map((e) => e.type),
      [4, 3, 4, 4],
    );
    assert.ok(entries.every((e) => e.ino === 0n));
  });

  test('error: the app cannot read a host path, by absolute path, by .. or through a symlink it made', async () => {
    const result = await run({ module: hostPathModule });
    const errnos = new Uint32Array(result.stdout.slice(-12).buffer);
    assert.equal(result.stdout.length, 12, 'nothing but the three errnos was printed');
    assert.deepEqual([errnos[0], errnos[1]], [ERRNO_NOTCAPABLE, ERRNO_NOTCAPABLE]);
    assert.notEqual(errnos[2], 0);
    assert.deepEqual(Object.keys(result.files), [], 'the symlink is not collected as an output file');
  });
});
