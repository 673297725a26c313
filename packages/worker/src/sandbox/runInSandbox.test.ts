import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { echoModule } from './fixtures/probeModules.ts';
import { runInSandbox } from './runInSandbox.ts';

const limits = { memoryMb: 4, timeoutMs: 10_000, maxOutputBytes: 1 << 20 };
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('runInSandbox', () => {
  test('passes args and env, returns stdout, stderr, the exit code and the files written under /out', async () => {
    const result = await runInSandbox({
      module: echoModule,
      args: ['--size', '8'],
      env: { MODE: 'fast' },
      files: { 'input.txt': new TextEncoder().encode('hello sandbox') },
      seed: 'seed-1',
      limits,
    });
    assert.equal(result.exitCode, 3);
    assert.equal(text(result.stdout), 'app\0--size\x008\0');
    assert.equal(text(result.stderr), 'MODE=fast\0');
    assert.deepEqual(Object.keys(result.files), ['copy.txt']);
    assert.equal(text(result.files['copy.txt']!), 'hello sandbox');
  });

  test('reports the final memory size as the peak', async () => {
    const result = await runInSandbox({ module: echoModule, files: { 'input.txt': new Uint8Array(1) }, seed: 's', limits });
    assert.equal(result.usage.memoryPeakBytes, 65_536);
  });

  test('does not leak host environment variables into the app', async () => {
    process.env.PROOFGRID_SECRET_FOR_TEST = 'leak';
    const result = await runInSandbox({ module: echoModule, files: { 'input.txt': new Uint8Array(1) }, seed: 's', limits });
    assert.equal(text(result.stderr), '');
    delete process.env.PROOFGRID_SECRET_FOR_TEST;
  });
});
