// The worker's one transaction queue (H6, issue 16 follow-up): two parts of the worker sending from one account at
// the same moment (an answer and a defence move, say) must not sign with the same nonce. Real anvil, real signatures.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Devnet, startDevnet } from '@proofgrid/devnet';
import { createProofgridClient, sendTransaction, tokenAbi } from '@proofgrid/sdk';
import type { Abi, Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { createTxQueue, serialClient } from './txQueue.ts';

describe('one serial queue for the worker account', () => {
  let devnet: Devnet;
  before(async () => {
    devnet = await startDevnet({ accounts: 8 });
  });
  after(async () => devnet?.stop());

  const approve = (client: ReturnType<typeof createProofgridClient>, spender: Address, amount: bigint) =>
    sendTransaction(client, { address: devnet.deployment.token, abi: tokenAbi as Abi, functionName: 'approve', args: [spender, amount] });

  test('two concurrent senders of one account both land, with consecutive nonces', async () => {
    const account = privateKeyToAccount(devnet.accounts[6]!.privateKey);
    const client = serialClient(createProofgridClient({ deployment: devnet.deployment, account }), createTxQueue());
    const start = await client.public.getTransactionCount({ address: account.address });
    const spenders = [devnet.accounts[1]!.address, devnet.accounts[2]!.address, devnet.accounts[3]!.address];
    // Three senders at once (as the answerer, a defence and resolveChallenge would be).
    const receipts = await Promise.all(spenders.map((s, i) => approve(client, s, BigInt(i + 1))));
    const nonces = await Promise.all(receipts.map(async (r) => (await client.public.getTransaction({ hash: r.transactionHash })).nonce));
    assert.deepEqual(
      [...nonces].sort((a, b) => a - b),
      [start, start + 1, start + 2],
    );
    for (const [i, s] of spenders.entries()) {
      const allowance = await client.public.readContract({
        address: devnet.deployment.token,
        abi: tokenAbi as Abi,
        functionName: 'allowance',
        args: [account.address, s],
      });
      assert.equal(allowance, BigInt(i + 1));
    }
  });

  test('a send that fails does not stop the queue', async () => {
    const account = privateKeyToAccount(devnet.accounts[7]!.privateKey);
    const queue = createTxQueue();
    const client = serialClient(createProofgridClient({ deployment: devnet.deployment, account }), queue);
    const bad = sendTransaction(client, {
      address: devnet.deployment.token,
      abi: tokenAbi as Abi,
      functionName: 'transfer',
      args: [devnet.accounts[1]!.address, 10n ** 40n],
    });
    const good = approve(client, devnet.accounts[1]!.address, 5n);
    await assert.rejects(bad);
    assert.equal((await good).status, 'success');
  });
});
