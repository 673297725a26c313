#!/usr/bin/env -S node --import tsx
// proofgrid-devnet: a local chain with Proofgrid deployed, until Ctrl-C.
//   proofgrid-devnet [--accounts 16] [--out .proofgrid/deployment.json] [--rpc <url of another EVM node>] [--chain anvil|edr] [--tls]
// --tls makes (or reuses) the devnet's CA and loopback server certificate in <dir of --out>/tls.
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startDevnet } from './startDevnet.ts';

const { values: v } = parseArgs({
  options: {
    accounts: { type: 'string', default: '16' },
    out: { type: 'string', default: '.proofgrid/deployment.json' },
    rpc: { type: 'string' },
    'rollback-window': { type: 'string', default: '0' },
    tls: { type: 'boolean', default: false },
    chain: { type: 'string', default: 'anvil' },
  },
});
if (v.chain !== 'anvil' && v.chain !== 'edr') {
  console.error(`proofgrid-devnet: --chain is anvil or edr, not ${v.chain}`);
  process.exit(2);
}
try {
  const devnet = await startDevnet({
    chain: v.chain,
    accounts: Number(v.accounts),
    deploymentFile: v.out,
    rpcUrl: v.rpc,
    rollbackWindow: BigInt(v['rollback-window'] as string),
    tlsDir: v.tls ? join(dirname(v.out as string), 'tls') : undefined,
  });
  console.log(
    `Proofgrid deployed on ${devnet.deployment.rpcUrl} (chain ${devnet.deployment.chainId}), hub ${devnet.deployment.hub}; deployment written to ${v.out}`,
  );
  if (devnet.tls)
    console.log(
      `TLS: --tls-cert ${devnet.tls.certFile} --tls-key ${devnet.tls.keyFile} for the services; clients trust ${devnet.tls.caFile} (NODE_EXTRA_CA_CERTS or --ca)`,
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
