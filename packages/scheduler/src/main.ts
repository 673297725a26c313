#!/usr/bin/env -S node --import tsx
// proofgrid-scheduler: runs a workerpool's scheduler and orderbook as a process.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Address, Hex } from 'viem';
import { parseDeployment, parseTag } from '@proofgrid/sdk';
import { LIMIT_FLAGS, LIMIT_FLAGS_HELP, WORKER_LIMIT_FLAGS, limitOptionsOf } from '@proofgrid/sdk/api';
import { startScheduler } from './createScheduler.ts';

const { values: v } = parseArgs({
  options: {
    deployment: { type: 'string', default: '.proofgrid/deployment.json' },
    key: { type: 'string' },
    'owner-key': { type: 'string' },
    workerpool: { type: 'string' },
    data: { type: 'string', default: '.proofgrid/scheduler' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    'allow-workers': { type: 'string' },
    'allow-requesters': { type: 'string' },
    'lease-ttl': { type: 'string', default: '5000' },
    'max-batch': { type: 'string', default: '256' },
    'max-trust': { type: 'string', default: '100' },
    tag: { type: 'string' },
    confirmations: { type: 'string', default: '0' },
    'ready-file': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    ...LIMIT_FLAGS,
    ...WORKER_LIMIT_FLAGS,
    help: { type: 'boolean', default: false },
  },
});
if (v.help) {
  console.log(`usage: proofgrid-scheduler --deployment <file> --key <scheduler key> [--owner-key <key>] [--workerpool <id>]
  [--data <dir>] [--host 127.0.0.1] [--port 0] [--allow-workers a,b] [--allow-requesters a,b] [--lease-ttl ms] [--max-batch n]
  [--tag 0,1 (bits the standing pool orders offer: 0 TEE, 1 GPU…)]
  [--confirmations n (blocks before a deal is acted on; 0 on a local node)] [--ready-file <file>]
  [--worker-rate n/s (50)] [--worker-burst n (200)] ${LIMIT_FLAGS_HELP}
  [--tls-cert <PEM file> --tls-key <PEM file> (HTTPS; without them HTTP)]   keys may also come from PROOFGRID_SCHEDULER_KEY / PROOFGRID_OWNER_KEY`);
  process.exit(0);
}
const list = (s: string | undefined) => (s ? (s.split(',').map((a) => a.trim()) as Address[]) : undefined);
const key = (v.key ?? process.env.PROOFGRID_SCHEDULER_KEY) as Hex | undefined;
if (!key) {
  console.error('proofgrid-scheduler: the scheduler key is required (--key or PROOFGRID_SCHEDULER_KEY)');
  process.exit(2);
}
if (!v['tls-cert'] !== !v['tls-key']) {
  console.error('proofgrid-scheduler: --tls-cert and --tls-key go together');
  process.exit(2);
}
try {
  const deployment = parseDeployment(JSON.parse(readFileSync(v.deployment as string, 'utf8')));
  const scheduler = await startScheduler({
    deployment,
    schedulerKey: key,
    ownerKey: (v['owner-key'] ?? process.env.PROOFGRID_OWNER_KEY) as Hex | undefined,
    workerpool: v.workerpool ? BigInt(v.workerpool) : undefined,
    dataDir: v.data as string,
    host: v.host,
    port: Number(v.port),
    allowWorkers: list(v['allow-workers']),
    allowRequesters: list(v['allow-requesters']),
    leaseTtlMs: Number(v['lease-ttl']),
    maxBatch: Number(v['max-batch']),
    maxTrust: Number(v['max-trust']),
    tag: v.tag ? parseTag(v.tag) : undefined,
    confirmations: Number(v.confirmations),
    limits: limitOptionsOf(v),
    tls: v['tls-cert'] ? { cert: readFileSync(v['tls-cert']), key: readFileSync(v['tls-key'] as string) } : undefined,
  });
  // Written then renamed: whoever waits for the file never reads it half-written.
  if (v['ready-file']) {
    writeFileSync(
      `${v['ready-file']}.tmp`,
      JSON.stringify({ url: scheduler.url, workerpool: scheduler.workerpool.toString(), pid: process.pid }),
    );
    renameSync(`${v['ready-file']}.tmp`, v['ready-file']);
  }
  const stop = async () => {
    await scheduler.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`proofgrid-scheduler: ${(err as Error).message}`);
  process.exit(1);
}
