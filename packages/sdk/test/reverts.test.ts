// Reverts become typed errors on both EVMs: anvil answers a revert with code 3 and hex data, EDR with
// code -32000 and { data } (which viem does not read as a revert), so the SDK decodes what viem left.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { privateKeyToAccount } from 'viem/accounts';
import { type Devnet, type DevnetChain, startDevnet } from '@proofgrid/devnet';
import { createProofgridClient, getApp, sendHubTransaction } from '../src/index.ts';

for (const chain of ['anvil', 'edr'] as DevnetChain[]) {
  describe(`a revert on ${chain}`, () => {
    let devnet: Devnet;
    before(async () => {
      devnet = await startDevnet({ accounts: 3, chain });
    });
    after(async () => devnet?.stop());
    const notOwner = () =>
      createProofgridClient({ deployment: devnet.deployment, account: privateKeyToAccount(devnet.accounts[1]!.privateKey) });

    test('found by gas estimation: the custom error by name', async () => {
      await assert.rejects(sendHubTransaction(notOwner(), { functionName: 'createCategory', args: ['X', 1n] }), {
        code: 'OwnableUnauthorizedAccount',
      });
    });

    test('mined (a fixed gas limit skips estimation): replayed and decoded the same', async () => {
      await assert.rejects(sendHubTransaction(notOwner(), { functionName: 'createCategory', args: ['X', 1n], gas: 200_000n }), {
        code: 'OwnableUnauthorizedAccount',
      });
    });

    test('in a read (eth_call): the registry says which asset is unknown', async () => {
      await assert.rejects(getApp(notOwner(), { app: 999n }), { code: 'RegistryUnknownAsset' });
    });
  });
}
