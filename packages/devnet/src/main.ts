#!/usr/bin/env -S node --import tsx
// proofgrid-devnet: a local chain with Proofgrid deployed, until Ctrl-C.
//   proofgrid-devnet [--accounts 16] [--out .proofgrid/deployment.json] [--rpc <url of another EVM node>]
import { parseArgs } from 'node:util';
import { startDevnet } from './startDevnet.ts';

const { values: v } = parseArgs({
  options: {
    accounts: { type: 'string', default: '16' },
    out: { type: 'string', default: '.proofgrid/deployment.json' },
    rpc: { type: 'string' },
    'rollback-window': { type: 'string', default: '0' },
  },
});
try {
  const devnet = await startDevnet({
    accounts: Number(v.accounts),
    deploymentFile: v.out,
    rpcUrl: v.rpc,
    rollbackWindow: BigInt(v['rollback-window'] as string),
  });
  console.log(
    `Proofgrid deployed on ${devnet.deployment.rpcUrl} (chain ${devnet.deployment.chainId}), hub ${devnet.deployment.hub}; deployment written to ${v.out}`,
  );
  for (const a of devnet.accounts.slice(0, 8)) console.log(`  ${a.name.padEnd(10)} ${a.address}`);
  if (!devnet.anvil) process.exit(0);
  const stop = async () => {
    await devnet.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`proofgrid-devnet: ${(err as Error).message}`);
  process.exit(1);
}
