#!/usr/bin/env -S node --import tsx
// proofgrid-deploy: deploys Proofgrid on a real network (docs/deploy.md), funding nobody.
//   PROOFGRID_DEPLOYER_KEY=0x… proofgrid-deploy --rpc <url> --chain-id <id> [--out .proofgrid/deployment.json]
//     [--checker <address>] [--rollback-window 86400] [--min-window 3600] [--dispute-clock 86400] [--dispute-deposit 100]
// The key comes from the environment only (never argv: other users of the machine see argv).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { type Address, type Hex, createPublicClient, http, isAddress, parseEther } from 'viem';
import { jsonSafe } from '@proofgrid/sdk';
import { deployProofgrid } from './deploy.ts';

const USAGE =
  'usage: PROOFGRID_DEPLOYER_KEY=0x… proofgrid-deploy --rpc <url> --chain-id <id the node must have> [--out .proofgrid/deployment.json] [--checker <address: may overturn inside the rollback window; default none>] [--rollback-window <s, 86400>] [--min-window <s, shortest challenge/rollback window a request may ask, 3600>] [--dispute-clock <s per side, 86400>] [--dispute-deposit <tokens, 100>] [--token-supply <tokens, 1000000000>]';

function fail(message: string): never {
  console.error(`proofgrid-deploy: ${message}`);
  process.exit(2);
}

const { values: v } = parseArgs({
  options: {
    rpc: { type: 'string' },
    'chain-id': { type: 'string' },
    out: { type: 'string', default: '.proofgrid/deployment.json' },
    checker: { type: 'string' },
    'rollback-window': { type: 'string', default: '86400' },
    'min-window': { type: 'string', default: '3600' },
    'dispute-clock': { type: 'string', default: '86400' },
    'dispute-deposit': { type: 'string', default: '100' },
    'token-supply': { type: 'string', default: '1000000000' },
    help: { type: 'boolean', default: false },
  },
});
if (v.help) {
  console.log(USAGE);
  process.exit(0);
}
const key = process.env.PROOFGRID_DEPLOYER_KEY as Hex | undefined;
if (!key || !/^0x[0-9a-fA-F]{64}$/.test(key)) fail('PROOFGRID_DEPLOYER_KEY (a 0x-prefixed 32-byte hex key) is required');
if (!v.rpc) fail('--rpc <url> is required');
if (!v['chain-id']) fail('--chain-id is required: the id of the network you mean to deploy on');
if (v.checker && !isAddress(v.checker)) fail(`--checker ${v.checker} is not an address`);
const seconds = (name: 'rollback-window' | 'min-window' | 'dispute-clock') => {
  const n = Number(v[name]);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a whole number of seconds`);
  return BigInt(n);
};
try {
  // Refuse another network before any transaction: a mistyped RPC url costs nothing.
  const chainId = await createPublicClient({ transport: http(v.rpc) }).getChainId();
  if (chainId !== Number(v['chain-id'])) fail(`the node at ${v.rpc} is chain ${chainId}, not ${v['chain-id']}: nothing sent`);
  const deployment = await deployProofgrid({
    rpcUrl: v.rpc as string,
    deployerKey: key,
    rollbackWindow: seconds('rollback-window'),
    tokenSupply: parseEther(v['token-supply'] as string),
    checker: v.checker as Address | undefined,
    disputes: { clock: seconds('dispute-clock'), deposit: parseEther(v['dispute-deposit'] as string), minWindow: seconds('min-window') },
  });
  mkdirSync(dirname(v.out as string), { recursive: true });
  writeFileSync(v.out as string, `${JSON.stringify(jsonSafe(deployment), null, 2)}\n`);
  console.log(`Proofgrid deployed on chain ${chainId}: hub ${deployment.hub}, token ${deployment.token}; deployment written to ${v.out}`);
} catch (err) {
  fail((err as Error).message);
}
