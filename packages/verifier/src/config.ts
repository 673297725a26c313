// The verifier's command line: flags (and their environment variables), checked before anything starts; a bad flag
// is one readable line (VerifierConfigError, code UsageInvalid).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type Deployment, ProofgridError, parseDeployment } from '@proofgrid/sdk';
import { type Hex, keccak256, toHex } from 'viem';

export const USAGE =
  'usage: proofgrid-verifier --key <private key> --blobs <content store url> [--deployment .proofgrid/deployment.json] [--rpc <url, default the deployment’s>] [--fraction <0..1: 1 on the devnet, 0.1 elsewhere>] [--secret <hex: keys the spot-check choice, default derived from the key>] [--db verifier.sqlite] [--port 0] [--host 127.0.0.1] [--poll-ms 500] [--from-block <n>] [--max-steps 10000000000]';

/** The devnet's chain id (anvil's), where the verifier checks every answer by default. */
export const DEVNET_CHAIN_ID = 31337;
/** The fraction of answers checked by default on any other chain. */
export const DEFAULT_FRACTION = 0.1;

export type VerifierConfig = {
  deployment: Deployment;
  key: Hex;
  /** Secret the spot-check choice is keyed with (32 bytes). */
  secret: Hex;
  /** Fraction of answers checked, in [0, 1]. */
  fraction: number;
  /** Base URL of a content store serving `GET /v1/blobs/:sha256`. */
  blobsUrl: string;
  dbPath: string;
  port: number;
  host: string;
  pollMs: number;
  fromBlock?: bigint;
  /** Steps a re-execution may run before the task is called unverifiable. */
  maxSteps: number;
};

/** A flag the verifier cannot start with. */
export class VerifierConfigError extends ProofgridError {
  override name = 'VerifierConfigError';
  constructor(message: string) {
    super(message, { code: 'UsageInvalid' });
  }
}

const number = (name: string, raw: string, o: { min: number; max: number; integer?: boolean }) => {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < o.min || n > o.max || (o.integer && !Number.isInteger(n)))
    throw new VerifierConfigError(`--${name} must be ${o.integer ? 'an integer' : 'a number'} from ${o.min} to ${o.max}, not '${raw}'`);
  return n;
};

/** The verifier's configuration from its arguments and environment (PROOFGRID_VERIFIER_KEY, PROOFGRID_VERIFIER_SECRET). */
export function parseVerifierArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): VerifierConfig | 'help' {
  let v: Record<string, string | boolean | undefined>;
  try {
    ({ values: v } = parseArgs({
      args: argv,
      options: {
        deployment: { type: 'string', default: '.proofgrid/deployment.json' },
        rpc: { type: 'string' },
        key: { type: 'string' },
        secret: { type: 'string' },
        fraction: { type: 'string' },
        blobs: { type: 'string' },
        db: { type: 'string', default: 'verifier.sqlite' },
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        'poll-ms': { type: 'string', default: '500' },
        'from-block': { type: 'string' },
        'max-steps': { type: 'string', default: '10000000000' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new VerifierConfigError((err as Error).message);
  }
  if (v.help) return 'help';
  const key = (v.key ?? env.PROOFGRID_VERIFIER_KEY) as string | undefined;
  if (!key) throw new VerifierConfigError('a key is required (--key or PROOFGRID_VERIFIER_KEY)');
  if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new VerifierConfigError('--key must be a 32-byte hex private key (0x + 64 hex digits)');
  const secret = (v.secret ?? env.PROOFGRID_VERIFIER_SECRET) as string | undefined;
  if (secret !== undefined && !/^0x[0-9a-fA-F]{2,}$/.test(secret)) throw new VerifierConfigError('--secret must be hex (0x…)');
  if (!v.blobs) throw new VerifierConfigError('--blobs <content store url> is required (e.g. a scheduler’s http://127.0.0.1:40000)');
  try {
    new URL(v.blobs as string);
  } catch {
    throw new VerifierConfigError(`--blobs must be a URL, not '${v.blobs}'`);
  }
  const fractionFlag = v.fraction === undefined ? undefined : number('fraction', v.fraction as string, { min: 0, max: 1 });
  const port = number('port', v.port as string, { min: 0, max: 65_535, integer: true });
  const pollMs = number('poll-ms', v['poll-ms'] as string, { min: 10, max: 60_000, integer: true });
  const maxSteps = number('max-steps', v['max-steps'] as string, { min: 1, max: 2 ** 53, integer: true });
  const fromBlock = v['from-block'] as string | undefined;
  const from = fromBlock === undefined ? undefined : BigInt(number('from-block', fromBlock, { min: 0, max: 2 ** 53, integer: true }));
  let deployment: Deployment;
  try {
    deployment = parseDeployment(JSON.parse(readFileSync(v.deployment as string, 'utf8')));
  } catch (err) {
    throw new VerifierConfigError(`cannot read the deployment ${v.deployment}: ${(err as Error).message}`);
  }
  if (v.rpc) deployment = { ...deployment, rpcUrl: v.rpc as string };
  // every answer on the devnet (where checking is cheap and the demo shows it), a spot-check of one in ten elsewhere
  const fraction = fractionFlag ?? (deployment.chainId === DEVNET_CHAIN_ID ? 1 : DEFAULT_FRACTION);
  return {
    deployment,
    key: key as Hex,
    secret: (secret ?? keccak256(toHex(`proofgrid.verifier.secret:${key.toLowerCase()}`))) as Hex,
    fraction,
    blobsUrl: (v.blobs as string).replace(/\/+$/, ''),
    dbPath: v.db as string,
    port,
    host: v.host as string,
    pollMs,
    fromBlock: from,
    maxSteps,
  };
}
