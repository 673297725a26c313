// proofgrid-deploy (the real-network path of docs/deploy.md) run as a process against an EDR node.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createPublicClient, http } from 'viem';
import { hubAbi } from '@proofgrid/sdk';
import { devAccounts } from './accounts.ts';
import { type EdrNode, startEdr } from './startEdr.ts';

const MAIN = join(import.meta.dirname, 'deployMain.ts');

describe('proofgrid-deploy on a node that is not anvil', () => {
  let node: EdrNode;
  let dir: string;
  const deployer = devAccounts(4)[3]!;
  const run = (args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { ...process.env, PROOFGRID_DEPLOYER_KEY: deployer.privateKey },
      encoding: 'utf8',
    });
  before(async () => {
    node = await startEdr({ accounts: 4 });
    dir = mkdtempSync(join(tmpdir(), 'h5-deploy-'));
  });
  after(async () => {
    await node?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a wrong --chain-id is refused before any transaction', async () => {
    const r = run(['--rpc', node.rpcUrl, '--chain-id', '1', '--out', join(dir, 'no.json')]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is chain 31337, not 1: nothing sent/);
    const client = createPublicClient({ transport: http(node.rpcUrl) });
    assert.equal(await client.getTransactionCount({ address: deployer.address }), 0);
  });

  test('deploys with the owner settings given, the deployer owning the hub', async () => {
    const out = join(dir, 'deployment.json');
    const r = run(['--rpc', node.rpcUrl, '--chain-id', '31337', '--out', out, '--rollback-window', '7200', '--min-window', '600']);
    assert.equal(r.status, 0, r.stderr);
    const deployment = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(deployment.chainId, 31337);
    const client = createPublicClient({ transport: http(node.rpcUrl) });
    const read = (functionName: string) => client.readContract({ address: deployment.hub, abi: hubAbi, functionName } as never);
    assert.equal(((await read('owner')) as string).toLowerCase(), deployer.address.toLowerCase());
    assert.equal(await read('rollbackWindow'), 7200n);
    const bounds = (await read('windowBounds')) as bigint[];
    assert.equal(bounds[0], 600n, 'the shortest challenge window');
    assert.equal(bounds[2], 600n, 'the shortest rollback window');
  });
});
