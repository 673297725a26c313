// Settings for a chain that is not a dev node (issue 20): a fee cap and confirmations, on both EVMs
// (anvil and Hardhat's EDR) so that neither implementation's defaults hide what the SDK sends.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Abi } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type Devnet, type DevnetChain, startDevnet } from '@proofgrid/devnet';
import { createProofgridClient, sendTransaction, tokenAbi } from '../src/index.ts';

for (const chain of ['anvil', 'edr'] as DevnetChain[]) {
  describe(`transaction settings on ${chain}`, () => {
    let devnet: Devnet;
    before(async () => {
      devnet = await startDevnet({ accounts: 4, chain });
    });
    after(async () => devnet?.stop());
    const approve = (options: { confirmations?: number; maxFeePerGas?: bigint }) => {
      const client = createProofgridClient({
        deployment: devnet.deployment,
        account: privateKeyToAccount(devnet.accounts[1]!.privateKey),
        ...options,
      });
      const sent = sendTransaction(client, {
        address: devnet.deployment.token,
        abi: tokenAbi as Abi,
        functionName: 'approve',
        args: [devnet.deployment.hub, 1n],
      });
      return { client, sent };
    };

    test('a fee cap holds the EIP-1559 max fee and tip at the cap', async () => {
      const cap = 1_100_000_000n; // above the base fee (<= 1 gwei), below viem's base x 1.2 + a 1 gwei tip
      const { client, sent } = approve({ maxFeePerGas: cap });
      const receipt = await sent;
      const tx = await client.public.getTransaction({ hash: receipt.transactionHash });
      assert.equal(tx.type, 'eip1559');
      assert.equal(tx.maxFeePerGas, cap);
      assert.ok(tx.maxPriorityFeePerGas !== undefined && tx.maxPriorityFeePerGas <= cap);
      assert.equal(tx.chainId, devnet.deployment.chainId, 'signed for the deployment chain (EIP-155)');
    });

    test('confirmations: a send resolves only once its receipt is that many blocks deep', async () => {
      const { client, sent } = approve({ confirmations: 3 });
      let headAtResolve: bigint | undefined;
      const done = sent.then(async () => (headAtResolve = await client.public.getBlockNumber()));
      const start = await client.public.getBlockNumber();
      // Automine puts the transaction in block start+1; each further block is mined only once the send
      // has not resolved on the blocks it had.
      for (let mined = 0; headAtResolve === undefined && mined < 4; ) {
        if ((await client.public.getBlockNumber()) > start) {
          await client.public.request({ method: 'evm_mine', params: [] } as never);
          mined++;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      await done;
      const receipt = await sent;
      assert.ok(
        headAtResolve !== undefined && headAtResolve >= receipt.blockNumber + 2n,
        `resolved at ${headAtResolve}, mined in ${receipt.blockNumber}`,
      );
    });

    test('confirmations below 1 are refused', () => {
      assert.throws(() => createProofgridClient({ deployment: devnet.deployment, confirmations: 0 }), RangeError);
    });
  });
}
