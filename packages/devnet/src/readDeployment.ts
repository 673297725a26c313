import { readFileSync } from 'node:fs';
import type { Deployment } from '@proofgrid/sdk';

/** Reads a deployment file written by startDevnet (bigints come back from their decimal strings). */
export function readDeployment(path: string): Deployment {
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Deployment & { startBlock: string };
  return { ...raw, startBlock: BigInt(raw.startBlock) };
}
