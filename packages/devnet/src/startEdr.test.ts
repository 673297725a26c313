// The EDR node itself: anvil's surface, the evm_* methods the tests use, a provider's eth_getLogs limit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPublicClient, http } from 'viem';
import { devAccounts } from './accounts.ts';
import { type EdrNode, startEdr } from './startEdr.ts';

describe('startEdr', () => {
  let node: EdrNode;
  before(async () => {
    node = await startEdr({ accounts: 3, maxLogRange: 5 });
  });
  after(async () => node?.stop());
  const client = () => createPublicClient({ transport: http(node.rpcUrl) });

  test("anvil's surface: chain id 31337, the dev mnemonic's accounts funded and owned", async () => {
    assert.equal(await client().getChainId(), 31337);
    const owned = (await client().request({ method: 'eth_accounts' } as never)) as string[];
    assert.deepEqual(
      owned.map((a) => a.toLowerCase()),
      devAccounts(3).map((a) => a.address.toLowerCase()),
    );
    assert.equal(await client().getBalance({ address: node.accounts[2]!.address }), 100_000n * 10n ** 18n);
  });

  test('evm_increaseTime and evm_mine move chain time and height', async () => {
    const before = await client().getBlock();
    await client().request({ method: 'evm_increaseTime', params: [3600] } as never);
    await client().request({ method: 'evm_mine', params: [] } as never);
    const after = await client().getBlock();
    assert.equal(after.number, before.number + 1n);
    assert.ok(after.timestamp >= before.timestamp + 3600n);
  });

  test('a JSON-RPC batch is answered in order, each with its id', async () => {
    const res = await fetch(node.rpcUrl, {
      method: 'POST',
      body: JSON.stringify([
        { jsonrpc: '2.0', id: 'a', method: 'eth_chainId', params: [] },
        { jsonrpc: '2.0', id: 'b', method: 'no_such_method', params: [] },
      ]),
    });
    const [a, b] = (await res.json()) as { id: string; result?: string; error?: { code: number } }[];
    assert.deepEqual([a!.id, a!.result], ['a', '0x7a69']);
    assert.equal(b!.id, 'b');
    assert.ok(b!.error);
  });

  test('with maxLogRange, a wider eth_getLogs is refused as a provider refuses it', async () => {
    for (let i = 0; i < 8; i++) await client().request({ method: 'evm_mine', params: [] } as never);
    assert.deepEqual(await client().getLogs({ fromBlock: 1n, toBlock: 5n }), []);
    await assert.rejects(client().getLogs({ fromBlock: 0n, toBlock: 'latest' }), /exceeds max block range 5/);
  });
});
