import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { loadApp } from '../lib/loadApp.ts';
import { computeResultDigest, createSandboxPool, type SandboxPool } from '../lib/sandbox.ts';

const limits = { memoryMb: 32, timeoutMs: 10_000, maxOutputBytes: 1 << 16 };
const MODEL = (JSON.parse(readFileSync(new URL('../ml/expected.json', import.meta.url), 'utf8')) as { model: string }).model
  .split(',')
  .map(Number);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('ml-predict (a service: /in/request in, stdout out)', () => {
  let pool: SandboxPool;
  let module: Uint8Array;
  const call = (request: string) => pool.run({ module, files: { request: utf8(request) }, seed: 'svc:1', limits });
  before(() => {
    module = loadApp('ml-predict');
    pool = createSandboxPool({ size: 1 });
  });
  after(() => pool.close());

  test("answers with the ml app's trained model (examples/ml/expected.json), row by row", async () => {
    const rows = [
      [0.5, -1, 0.25, 2],
      [-1.5, 1, 0, 0],
      [0, 0, 0, 0],
    ];
    const result = await call(rows.map((r) => r.join(',')).join('\n'));
    assert.equal(result.exitCode, 0, new TextDecoder().decode(result.stderr));
    const { predictions } = JSON.parse(new TextDecoder().decode(result.stdout)) as { predictions: { p: number; label: number }[] };
    rows.forEach((row, i) => {
      const z = row.reduce((sum, v, j) => sum + v * MODEL[j]!, MODEL[4]!);
      assert.ok(Math.abs(predictions[i]!.p - 1 / (1 + Math.exp(-z))) < 1e-12, `row ${i}`);
      assert.equal(predictions[i]!.label, z > 0 ? 1 : 0);
    });
  });

  test('the same request gives the same bytes (an answer can be recomputed)', async () => {
    const [a, b] = await Promise.all([call('1,2,3,4'), call('1,2,3,4')]);
    assert.equal(computeResultDigest(a), computeResultDigest(b));
  });

  test('a malformed request exits with code 2', async () => {
    assert.equal((await call('1,2,3')).exitCode, 2);
    assert.equal((await call('1,2,x,4')).exitCode, 2);
    assert.equal((await pool.run({ module, seed: 's', limits })).exitCode, 2, 'no /in/request');
  });
});
