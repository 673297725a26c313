// The `--serve <leaseId>` mode of proofgrid-worker (decision 029).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createProofgridClient, parseDeployment } from '@proofgrid/sdk';
import type { Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { serveLease } from './serveLease.ts';

export const SERVE_USAGE =
  'usage: proofgrid-worker --serve <lease id> --key <the provider key> [--deployment <file>] [--gateway <url>]... [--public-url <url gateways reach this server at>] [--host 127.0.0.1] [--port 0] [--threads 1] [--module <file: the app module, when its uri is not fetchable>] [--data <dir: receipts kept across restarts>] [--record-ttl <s, 300>] [--redeem-every <s: redeem the newest receipts periodically and on stop>] [--ready-file <file: the url is written there once serving>]';

/** Runs the serve mode until SIGINT/SIGTERM (drain, finish the calls in flight, stop). Exits 2 on bad usage, 1 when it cannot start. */
export async function runServeCli(argv: string[]): Promise<void> {
  let parsed: ReturnType<typeof parseServeArgs>;
  try {
    parsed = parseServeArgs(argv);
  } catch (err) {
    console.error(`proofgrid-worker: ${(err as Error).message}\n${SERVE_USAGE}`);
    process.exit(2);
  }
  const v = parsed.values;
  const key = (v.key ?? process.env.PROOFGRID_WORKER_KEY) as Hex | undefined;
  if (v.help || !v.serve || !/^[1-9][0-9]*$/.test(v.serve) || !key) {
    console.log(SERVE_USAGE);
    process.exit(v.help ? 0 : 2);
  }
  try {
    const deployment = parseDeployment(JSON.parse(readFileSync(v.deployment as string, 'utf8')));
    const client = createProofgridClient({ deployment, account: privateKeyToAccount(key) });
    const served = await serveLease({
      client,
      leaseId: BigInt(v.serve),
      gateways: v.gateway as string[],
      publicUrl: v['public-url'],
      host: v.host,
      port: Number(v.port),
      threads: Number(v.threads),
      modulePath: v.module,
      dataDir: v.data,
      recordTtlS: Number(v['record-ttl']),
      redeemEveryS: v['redeem-every'] ? Number(v['redeem-every']) : undefined,
      log: (line) => console.error(`proofgrid-worker: ${line}`),
    });
    if (v['ready-file']) {
      const { writeFileSync, renameSync } = await import('node:fs');
      writeFileSync(`${v['ready-file']}.tmp`, JSON.stringify({ url: served.url, leaseId: v.serve }));
      renameSync(`${v['ready-file']}.tmp`, v['ready-file']);
    }
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await served.stop();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (err) {
    console.error(`proofgrid-worker: ${(err as Error).message}`);
    process.exit(1);
  }
}

function parseServeArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      serve: { type: 'string' },
      deployment: { type: 'string', default: '.proofgrid/deployment.json' },
      key: { type: 'string' },
      gateway: { type: 'string', multiple: true, default: [] },
      'public-url': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      threads: { type: 'string', default: '1' },
      module: { type: 'string' },
      data: { type: 'string' },
      'record-ttl': { type: 'string', default: '300' },
      'redeem-every': { type: 'string' },
      'ready-file': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
}
