import assert from 'node:assert/strict';
import { readdirSync, readlinkSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSandboxPool, type SandboxPool } from './createSandboxPool.ts';
import {
  bigMemoryModule,
  echoModule,
  fileFloodModule,
  foreignImportModule,
  growModule,
  loopModule,
  randomModule,
  stdoutFloodModule,
  trapModule,
} from './fixtures/probeModules.ts';
import type { SandboxRequest } from './types.ts';

const limits = { memoryMb: 4, timeoutMs: 10_000, maxOutputBytes: 1 << 20 };
const input = { 'input.txt': new TextEncoder().encode('x') };
const rejectsWith = (promise: Promise<unknown>, name: string) =>
  assert.rejects(promise, (error: Error & { code?: string }) => {
    assert.equal(error.name, name);
    assert.equal(error.code, name);
    return true;
  });

describe('createSandboxPool', () => {
  let pool: SandboxPool;
  let tmpDir: string;
  const run = (request: Partial<SandboxRequest> & Pick<SandboxRequest, 'module'>) => pool.run({ seed: 'seed', limits, ...request });
  before(async () => {
    tmpDir = await mkdtemp(join(tmpdir(), 'proofgrid-pool-test-'));
    pool = createSandboxPool({ size: 2, tmpDir });
  });
  after(async () => {
    await pool.close();
    await rm(tmpDir, { recursive: true, force: true });
  });

  test('error: an infinite loop gets SandboxTimeout, and the pool keeps working with a fresh thread', async () => {
    await rejectsWith(run({ module: loopModule, limits: { ...limits, timeoutMs: 150 } }), 'SandboxTimeout');
    await rejectsWith(run({ module: loopModule, limits: { ...limits, timeoutMs: 150 } }), 'SandboxTimeout');
    const result = await run({ module: echoModule, files: input });
    assert.equal(result.exitCode, 3);
  });

  test('error: an app that keeps allocating gets SandboxMemoryLimit at the cap', async () => {
    await assert.rejects(
      run({ module: growModule, limits: { ...limits, memoryMb: 2 } }),
      (error: Error & { details: Record<string, number> }) => {
        assert.equal(error.name, 'SandboxMemoryLimit');
        assert.equal(error.details.limitBytes, 2 << 20);
        assert.equal(error.details.memoryBytes, 2 << 20);
        return true;
      },
    );
  });

  test('error: a module whose initial memory exceeds the cap is refused before it runs', async () => {
    await rejectsWith(run({ module: bigMemoryModule }), 'SandboxMemoryLimit');
  });

  test('error: flooding stdout gets SandboxOutputLimit', async () => {
    await rejectsWith(run({ module: stdoutFloodModule }), 'SandboxOutputLimit');
  });

  test('error: flooding a file under /out gets SandboxOutputLimit', async () => {
    await rejectsWith(run({ module: fileFloodModule }), 'SandboxOutputLimit');
  });

  test('error: an unreachable trap with memory to spare gets SandboxTrap', async () => {
    await rejectsWith(run({ module: trapModule }), 'SandboxTrap');
  });

  test('error: bytes that are not a module, and a module importing env.abort, get SandboxInvalidModule', async () => {
    await rejectsWith(run({ module: new Uint8Array([1, 2, 3]) }), 'SandboxInvalidModule');
    await rejectsWith(run({ module: foreignImportModule }), 'SandboxInvalidModule');
  });

  test('error: an input file name escaping /in gets SandboxInvalidRequest', async () => {
    await rejectsWith(run({ module: echoModule, files: { '../x': new Uint8Array(1) } }), 'SandboxInvalidRequest');
  });

  test('runs more tasks than threads by queueing them', async () => {
    const results = await Promise.all(Array.from({ length: 7 }, (_, i) => run({ module: randomModule, seed: `s${i}` })));
    assert.equal(new Set(results.map((r) => Buffer.from(r.stdout).toString('hex'))).size, 7);
  });

  test('wipes every scratch directory and closes its files, also after a timeout', async () => {
    const ownDir = await mkdtemp(join(tmpdir(), 'proofgrid-pool-wipe-'));
    const own = createSandboxPool({ size: 1, tmpDir: ownDir });
    await own.run({ module: echoModule, files: input, seed: 'seed', limits });
    await rejectsWith(own.run({ module: loopModule, seed: 'seed', limits: { ...limits, timeoutMs: 100 } }), 'SandboxTimeout');
    // While the pool lives, a tree kept for the next task holds nothing of the last one: its in/ and
    // out/ are empty (the tree of the terminated thread is gone).
    const trees = await readdir(ownDir);
    assert.ok(trees.length <= 1, `at most one idle tree, got ${trees.length}`);
    for (const tree of trees) {
      assert.deepEqual(await readdir(join(ownDir, tree, 'in')), [], 'no input left');
      assert.deepEqual(await readdir(join(ownDir, tree, 'out')), [], 'no output left');
    }
    await own.close();
    assert.deepEqual(await readdir(ownDir), []);
    const leaked = readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkTarget(fd).startsWith(ownDir);
      } catch {
        return false; // closed while we listed
      }
    });
    assert.deepEqual(leaked, []);
    await rm(ownDir, { recursive: true, force: true });
  });

  test('a bag of tasks queued at once reuses a few scratch trees, and each task sees only its own inputs', async () => {
    const ownDir = await mkdtemp(join(tmpdir(), 'proofgrid-pool-reuse-'));
    const own = createSandboxPool({ size: 1, tmpDir: ownDir });
    const made = new Set<string>();
    const watcher = setInterval(() => {
      for (const t of readdirSync(ownDir)) made.add(t);
    }, 1);
    const outs = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        own.run({ module: echoModule, files: { 'input.txt': new TextEncoder().encode(`task ${i}`) }, seed: 'seed', limits }),
      ),
    );
    clearInterval(watcher);
    for (const t of readdirSync(ownDir)) made.add(t);
    assert.ok(made.size <= 2, `20 tasks on 1 thread made ${made.size} trees`);
    // The app copies /in/input.txt to /out/copy.txt: each task read its own input, none a leftover.
    for (const [i, r] of outs.entries()) assert.equal(new TextDecoder().decode(r.files['copy.txt']), `task ${i}`);
    await own.close();
    assert.deepEqual(await readdir(ownDir), []);
    await rm(ownDir, { recursive: true, force: true });
  });

  test('close is idempotent and later runs reject with SandboxPoolClosed', async () => {
    const own = createSandboxPool({ size: 1, tmpDir });
    await Promise.all([own.close(), own.close()]);
    await rejectsWith(own.run({ module: echoModule, seed: 's', limits }), 'SandboxPoolClosed');
  });

  test('close rejects the runs in flight and queued with SandboxPoolClosed', async () => {
    const own = createSandboxPool({ size: 1, tmpDir });
    await own.ready();
    const running = rejectsWith(own.run({ module: loopModule, seed: 's', limits }), 'SandboxPoolClosed');
    const queued = rejectsWith(own.run({ module: loopModule, seed: 's', limits }), 'SandboxPoolClosed');
    await own.close();
    await Promise.all([running, queued]);
  });
});

function readlinkTarget(fd: string): string {
  return readlinkSync(`/proc/self/fd/${fd}`);
}
