import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SandboxRequest } from './types.ts';
import { validateRequest } from './validateRequest.ts';

const base: SandboxRequest = { module: new Uint8Array(8), seed: 's', limits: { memoryMb: 16, timeoutMs: 1000, maxOutputBytes: 1024 } };

describe('validateRequest', () => {
  test('turns memoryMb into 64 KiB pages and applies empty defaults', () => {
    assert.deepEqual(validateRequest(base), { args: [], env: {}, files: {}, seed: 's', limits: base.limits, maxPages: 256 });
  });

  test('accepts nested relative input names', () => {
    assert.doesNotThrow(() => validateRequest({ ...base, files: { 'data/part-1.csv': new Uint8Array(1) } }));
  });

  test('error: input names that are absolute or climb out of /in are SandboxInvalidRequest', () => {
    for (const name of ['/etc/passwd', '../x', 'a/../../x', 'a//b', '.']) {
      assert.throws(() => validateRequest({ ...base, files: { [name]: new Uint8Array(1) } }), { name: 'SandboxInvalidRequest' });
    }
  });

  test('error: non-positive limits, a NUL in an argument and "=" in an env name are SandboxInvalidRequest', () => {
    const bad: Partial<SandboxRequest>[] = [
      { limits: { ...base.limits, memoryMb: 0 } },
      { limits: { ...base.limits, timeoutMs: -1 } },
      { limits: { ...base.limits, timeoutMs: 2 ** 31 } },
      { limits: { ...base.limits, maxOutputBytes: 1.5 } },
      { args: ['a\0b'] },
      { env: { 'A=B': 'c' } },
    ];
    for (const change of bad) assert.throws(() => validateRequest({ ...base, ...change }), { name: 'SandboxInvalidRequest' });
  });
});
