#!/usr/bin/env -S node --import tsx
// proofgrid-secrets: the dataset secret service as a process.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDeployment } from '@proofgrid/sdk';
import { LIMIT_FLAGS, LIMIT_FLAGS_HELP, limitOptionsOf } from '@proofgrid/sdk/api';
import { startSecretService } from './createSecretService.ts';

const { values: v } = parseArgs({
  options: {
    deployment: { type: 'string', default: '.proofgrid/deployment.json' },
    data: { type: 'string', default: '.proofgrid/secrets' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    'require-tee': { type: 'boolean', default: false },
    'max-age': { type: 'string', default: '300' },
    'ready-file': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    ...LIMIT_FLAGS,
    help: { type: 'boolean', default: false },
  },
});
if (v.help) {
  console.log(`usage: proofgrid-secrets --deployment <file> [--data <dir>] [--host 127.0.0.1] [--port 0] [--require-tee] [--max-age 300] [--ready-file <file>]
  [--tls-cert <PEM file> --tls-key <PEM file> (HTTPS; without them HTTP)]
  ${LIMIT_FLAGS_HELP}
  the master key comes from PROOFGRID_SECRETS_MASTER_KEY (hex) or <data>/master.key (created with mode 0600 on first start)`);
  process.exit(0);
}
if (!v['tls-cert'] !== !v['tls-key']) {
  console.error('proofgrid-secrets: --tls-cert and --tls-key go together');
  process.exit(2);
}
try {
  const deployment = parseDeployment(JSON.parse(readFileSync(v.deployment as string, 'utf8')));
  const service = await startSecretService({
    deployment,
    dataDir: v.data as string,
    host: v.host,
    port: Number(v.port),
    requireTee: v['require-tee'],
    maxAgeS: Number(v['max-age']),
    limits: limitOptionsOf(v),
    tls: v['tls-cert'] ? { cert: readFileSync(v['tls-cert']), key: readFileSync(v['tls-key'] as string) } : undefined,
  });
  // Written then renamed: whoever waits for the file never reads it half-written.
  if (v['ready-file']) {
    writeFileSync(`${v['ready-file']}.tmp`, JSON.stringify({ url: service.url, publicKey: service.publicKey, pid: process.pid }));
    renameSync(`${v['ready-file']}.tmp`, v['ready-file']);
  }
  const stop = async () => {
    await service.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`proofgrid-secrets: ${(err as Error).message}`);
  process.exit(1);
}
