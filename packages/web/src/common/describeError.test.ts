import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContractRevertError, ProofgridError, TransactionError } from '@proofgrid/sdk';
import { describeError } from './describeError.ts';

describe('describeError', () => {
  test('a wallet rejection (EIP-1193 code 4001) deep in the cause chain', () => {
    const rejected = Object.assign(new Error('User rejected the request.'), { code: 4001 });
    const d = describeError(new TransactionError('User rejected the request.', new Error('wrapped', { cause: rejected })));
    assert.equal(d.title, 'Signature rejected');
  });
  test('the wrong network names both chains', () => {
    const d = describeError(
      new ProofgridError('x', { code: 'WalletWrongNetwork', kind: 'user', details: { walletChainId: 1, chainId: 31337 } }),
    );
    assert.equal(d.title, 'Wrong network');
    assert.match(d.message, /chain 1, .* chain 31337/);
  });
  test('an escrow revert becomes insufficient funds with the hint', () => {
    const d = describeError(new ContractRevertError('EscrowInsufficientBalance', ['0xabc', 0n, 5n]));
    assert.equal(d.title, 'Insufficient funds');
    assert.match(d.message, /deposit more/);
  });
  test('an unknown error keeps its message', () => assert.equal(describeError(new Error('boom')).message, 'boom'));
});
