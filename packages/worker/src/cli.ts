// The proofgrid-worker command line, as a function: main.ts runs it, and testkit's saboteur
// worker runs it with a result strategy of its own.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseDeployment } from '@proofgrid/sdk';
import type { Hex } from 'viem';
import { type WorkerOptions, startWorker } from './createWorker.ts';
import { trustCaFile } from './trust.ts';

const USAGE =
  'usage: proofgrid-worker --scheduler <url> --key <private key> [--deployment <file>] [--data <dir>] [--name n] [--workerpool <id: refuse to register with a scheduler of another pool>] [--threads 1] [--memory-mb 1024] [--region r] [--secrets <secret service url>] [--startup-retry <seconds to wait for the scheduler and chain, 60>] [--provable-batches: commit provable leaves for disputable replicated deals, decision 030] [--ca <PEM file: a CA to trust for https scheduler and secret service urls, besides the public roots and NODE_EXTRA_CA_CERTS>]\n       proofgrid-worker --serve <lease id> --key <provider key> ... (a long-running service: --serve --help)';

/**
 * Parses the worker's arguments, starts it (with `extra` options on top) and stops it on SIGINT or
 * SIGTERM. Exits 2 on bad usage, 1 when the worker cannot start.
 */
export async function runWorkerCli(argv: string[], extra: Partial<WorkerOptions> = {}): Promise<void> {
  // `--serve <leaseId>`: serve a long-running service instead of running tasks (src/serve/, decision 029)
  if (argv.some((a) => a === '--serve' || a.startsWith('--serve='))) return (await import('./serve/main.ts')).runServeCli(argv);
  const { values: v } = parseArgs({
    args: argv,
    options: {
      deployment: { type: 'string', default: '.proofgrid/deployment.json' },
      key: { type: 'string' },
      scheduler: { type: 'string' },
      data: { type: 'string' },
      name: { type: 'string' },
      workerpool: { type: 'string' },
      threads: { type: 'string', default: '1' },
      'memory-mb': { type: 'string', default: '1024' },
      region: { type: 'string', default: 'local' },
      secrets: { type: 'string' },
      'startup-retry': { type: 'string', default: '60' },
      ca: { type: 'string' },
      'provable-batches': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (v.help || !v.scheduler) {
    console.log(USAGE);
    process.exit(v.help ? 0 : 2);
  }
  const key = (v.key ?? process.env.PROOFGRID_WORKER_KEY) as Hex | undefined;
  if (!key) {
    console.error('proofgrid-worker: a key is required (--key or PROOFGRID_WORKER_KEY)');
    process.exit(2);
  }
  try {
    if (v.ca) trustCaFile(v.ca);
    const deployment = parseDeployment(JSON.parse(readFileSync(v.deployment as string, 'utf8')));
    const worker = await startWorker({
      deployment,
      key,
      schedulerUrl: v.scheduler,
      dataDir: v.data ?? `.proofgrid/${v.name ?? 'worker'}`,
      name: v.name,
      workerpool: v.workerpool ? BigInt(v.workerpool) : undefined,
      threads: Number(v.threads),
      resources: { memoryMb: Number(v['memory-mb']), region: v.region },
      secretsUrl: v.secrets ?? process.env.PROOFGRID_SECRETS_URL,
      startupRetryMs: Number(v['startup-retry']) * 1000,
      provableBatches: v['provable-batches'],
      ...extra,
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
}
