import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ProofgridError,
  SandboxInvalidModuleError,
  SandboxMemoryLimitError,
  SandboxOutputLimitError,
  SandboxTimeoutError,
  SandboxTrapError,
} from './errors.ts';

describe('sandbox errors', () => {
  test('carry a literal name equal to their stable code, a kind and their facts', () => {
    const cases = [
      [new SandboxTimeoutError({ timeoutMs: 5 }), 'SandboxTimeout', 'timeout'],
      [new SandboxMemoryLimitError({ limitBytes: 1, memoryBytes: 2, reason: 'r' }), 'SandboxMemoryLimit', 'user'],
      [new SandboxOutputLimitError({ limitBytes: 1, writtenBytes: 2 }), 'SandboxOutputLimit', 'user'],
      [new SandboxTrapError({ trap: 'unreachable' }), 'SandboxTrap', 'user'],
      [new SandboxInvalidModuleError({ reason: 'r' }), 'SandboxInvalidModule', 'user'],
    ] as const;
    for (const [error, name, kind] of cases) {
      assert.equal(error.name, name);
      assert.equal(error.code, name);
      assert.equal(error.kind, kind);
      assert.ok(error instanceof ProofgridError);
    }
    assert.deepEqual(new SandboxTimeoutError({ timeoutMs: 5 }).details, { timeoutMs: 5 });
  });

  test('put the short message first and hints after it', () => {
    const error = new SandboxTimeoutError({ timeoutMs: 5 });
    assert.equal(error.message.split('\n')[0], error.shortMessage);
    assert.equal(error.metaMessages.length, 1);
  });

  test('walk follows the cause chain', () => {
    const root = new TypeError('root');
    const error = new SandboxInvalidModuleError({ reason: 'r', cause: root });
    assert.equal(error.walk(), root);
    assert.equal(
      error.walk((e) => e instanceof TypeError),
      root,
    );
    assert.equal(
      error.walk((e) => e instanceof RangeError),
      null,
    );
  });
});
