#!/usr/bin/env -S node --import tsx
// proofgrid-worker: a worker daemon process.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Hex } from 'viem';
import { parseDeployment } from '@proofgrid/sdk';
import { startWorker } from './createWorker.ts';

const { values: v } = parseArgs({
  options: {
    deployment: { type: 'string', default: '.proofgrid/deployment.json' },
    key: { type: 'string' },
    scheduler: { type: 'string' },
    data: { type: 'string' },
    name: { type: 'string' },
    threads: { type: 'string', default: '1' },
    'memory-mb': { type: 'string', default: '1024' },
    region: { type: 'string', default: 'local' },
    'sabotage-after': { type: 'string' },
    secrets: { type: 'string' },
    'startup-retry': { type: 'string', default: '60' },
    help: { type: 'boolean', default: false },
  },
});
if (v.help || !v.scheduler) {
  console.log('usage: proofgrid-worker --scheduler <url> --key <private key> [--deployment <file>] [--data <dir>] [--name n] [--threads 1] [--memory-mb 1024] [--region r] [--secrets <secret service url>] [--startup-retry <seconds to wait for the scheduler and chain, 60>]');
  process.exit(v.help ? 0 : 2);
}
const key = (v.key ?? process.env.PROOFGRID_WORKER_KEY) as Hex | undefined;
if (!key) {
  console.error('proofgrid-worker: a key is required (--key or PROOFGRID_WORKER_KEY)');
  process.exit(2);
}
try {
  const deployment = parseDeployment(JSON.parse(readFileSync(v.deployment as string, 'utf8')));
  const worker = await startWorker({
    deployment,
    key,
    schedulerUrl: v.scheduler,
    dataDir: v.data ?? `.proofgrid/${v.name ?? 'worker'}`,
    name: v.name,
    threads: Number(v.threads),
    resources: { memoryMb: Number(v['memory-mb']), region: v.region },
    sabotageAfter: v['sabotage-after'] === undefined ? undefined : Number(v['sabotage-after']),
    secretsUrl: v.secrets ?? process.env.PROOFGRID_SECRETS_URL,
    startupRetryMs: Number(v['startup-retry']) * 1000,
  });
  const stop = async () => {
    await worker.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`proofgrid-worker: ${(err as Error).message}`);
  process.exit(1);
}
