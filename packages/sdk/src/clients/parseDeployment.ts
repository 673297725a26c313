import type { Deployment } from '../types/ids.ts';

/**
 * A deployment from its JSON form (as devnet writes it: bigints as decimal strings).
 * @example
 * import { parseDeployment } from '@proofgrid/sdk';
 * const deployment = parseDeployment(JSON.parse(await readFile('.proofgrid/deployment.json', 'utf8')));
 */
export function parseDeployment(json: unknown): Deployment {
  const d = json as Record<string, unknown>;
  for (const k of ['chainId', 'rpcUrl', 'token', 'hub', 'poco', 'apps', 'datasets', 'workerpools'] as const) {
    if (d?.[k] === undefined) throw new Error(`deployment: missing "${k}"`);
  }
  return { ...(d as Deployment), chainId: Number(d.chainId), startBlock: BigInt((d.startBlock as string | undefined) ?? 0) };
}
