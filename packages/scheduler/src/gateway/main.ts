#!/usr/bin/env -S node --import tsx
// proofgrid-gateway: the services gateway alone (decision 029); every scheduler also serves its routes.
//   proofgrid-gateway [--deployment .proofgrid/deployment.json] [--host 127.0.0.1] [--port 0] [--ready-file <file>]
import { renameSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createProofgridClient, parseDeployment } from '@proofgrid/sdk';
import { createGateway } from './routes.ts';

const { values: v } = parseArgs({
  options: {
    deployment: { type: 'string', default: '.proofgrid/deployment.json' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    'ready-file': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (v.help) {
  console.log('usage: proofgrid-gateway [--deployment .proofgrid/deployment.json] [--host 127.0.0.1] [--port 0] [--ready-file <file>]');
  process.exit(0);
}
const deployment = parseDeployment(JSON.parse(readFileSync(v.deployment as string, 'utf8')));
const { app } = createGateway({ client: createProofgridClient({ deployment }) });
const server = serve({ fetch: app.fetch, hostname: v.host, port: Number(v.port) }, (info) => {
  const url = `http://${v.host}:${info.port}`;
  console.error(`proofgrid-gateway: listening on ${url}`);
  if (v['ready-file']) {
    writeFileSync(`${v['ready-file']}.tmp`, JSON.stringify({ url }));
    renameSync(`${v['ready-file']}.tmp`, v['ready-file']);
  }
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
