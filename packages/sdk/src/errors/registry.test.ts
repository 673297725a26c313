import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import * as abis from '../abi/index.ts';
import { ContractRevertError } from './ContractRevertError.ts';
import { ERRORS, ProofgridError, errorInfo, hintOf, httpStatusOf, isDeterministic, isRetryable, retryOf } from './index.ts';

const abiErrors = new Map<string, string[]>();
for (const abi of Object.values(abis))
  for (const item of abi)
    if (item.type === 'error')
      abiErrors.set(
        item.name,
        item.inputs.map((i) => i.name),
      );

describe('error catalogue', () => {
  test('every custom error in the contract ABIs has an entry, and every contract entry is in an ABI', () => {
    const missing = [...abiErrors.keys()].filter((name) => !errorInfo(name));
    assert.deepEqual(missing, [], `add these contract errors to packages/sdk/src/errors/catalogue/contract.ts: ${missing.join(', ')}`);
    const stale = Object.values(ERRORS)
      .filter((e) => e.area === 'contract' && !abiErrors.has(e.code))
      .map((e) => e.code);
    assert.deepEqual(stale, []);
  });

  test('a contract hint and its token amounts name only the arguments its error has', () => {
    for (const [name, inputs] of abiErrors) {
      for (const [, arg] of errorInfo(name)!.hint.matchAll(/\{(\w+)\}/g))
        assert.ok(inputs.includes(arg!), `${name}'s hint names {${arg}}, not an input`);
      for (const arg of errorInfo(name)!.amounts) assert.ok(inputs.includes(arg), `${name}'s amount ${arg} is not an input`);
    }
  });

  test('every entry has a hint, a valid HTTP status, and deterministic failures are never retried', () => {
    for (const e of Object.values(ERRORS)) {
      assert.ok(e.hint.length > 5, e.code);
      assert.ok(e.httpStatus >= 400 && e.httpStatus < 600, e.code);
      if (e.deterministic) assert.equal(e.retry, 'never', e.code);
    }
  });

  test('the classifiers read the catalogue, follow cause chains and fall back on kind', () => {
    assert.equal(isDeterministic('SandboxTrap'), true);
    assert.equal(isDeterministic('SandboxCrashed'), false);
    assert.equal(isRetryable('SandboxCrashed'), true);
    assert.equal(isRetryable('BatchRevealPending'), true);
    assert.equal(isRetryable('EscrowInsufficientBalance'), false);
    assert.equal(retryOf('EscrowInsufficientBalance'), 'after-fix');
    assert.equal(retryOf('NotACode'), undefined);
    assert.equal(httpStatusOf('BlobTooLarge'), 413);
    assert.equal(httpStatusOf('NotACode'), 500);
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    assert.equal(isRetryable(new Error('wrapped', { cause: refused })), true);
    assert.equal(isRetryable(new ProofgridError('x', { code: 'Http502', kind: 'platform' })), true);
    assert.equal(isRetryable(new ProofgridError('x', { code: 'Http404', kind: 'user' })), false);
    assert.equal(isDeterministic(new ProofgridError('x', { code: 'AppExitNonZero' })), true);
  });

  test('a hint is filled by argument name or position', () => {
    assert.equal(hintOf('OrderExpired', { expiry: 7n }), 'the order expired at 7: publish a new one');
    assert.equal(hintOf('ECDSAInvalidSignatureLength', ['64']), 'a signature has 65 bytes, not {length}');
    assert.equal(hintOf('NotACode'), undefined);
  });

  test('the base class takes kind, hint and retryable from the catalogue', () => {
    const e = new ProofgridError('no market', { code: 'ServiceUnreachable' });
    assert.equal(e.kind, 'platform');
    assert.equal(e.retryable, true);
    assert.equal(e.hint, errorInfo('ServiceUnreachable')!.hint);
    assert.deepEqual(Object.keys(e.toObject()), ['code', 'kind', 'message', 'hint', 'retryable', 'details']);
    const revert = new ContractRevertError('OrderExpired', ['0x01', 9n]);
    assert.equal(revert.hint, 'the order expired at 9: publish a new one');
    assert.equal(revert.metaMessages[0], revert.hint);
  });

  test('the @proofgrid/sdk/errors entry imports nothing outside its folder (no viem, zod or node:)', () => {
    const dir = new URL('.', import.meta.url).pathname;
    const rootOnly = new Set(['ContractRevertError.ts', 'decodeError.ts']);
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !rootOnly.has(f),
    );
    assert.ok(files.length >= 5);
    for (const file of files) {
      for (const [, bare, from] of readFileSync(join(dir, file), 'utf8').matchAll(
        /^\s*(?:import\s*'([^']+)'|(?:import|export)\b[^;'=]*?\bfrom\s*'([^']+)')/gm,
      )) {
        const spec = (bare ?? from)!;
        assert.ok(spec.startsWith('.'), `${file} imports ${spec}`);
        assert.ok(!join(file, '..', spec).startsWith('..'), `${file} imports ${spec}, outside the errors folder`);
      }
    }
  });
});
