/**
 * Runs every app's default bag in a fresh sandbox pool and prints
 * {app: [task digest, …]} as one JSON line: the determinism test starts this in
 * two separate OS processes and compares what they print.
 * Usage: node --import tsx examples/lib/bagDigests.ts   (the apps must be built)
 */
import { readFileSync } from 'node:fs';
import { apps } from '../index.ts';
import { runBag } from './runBag.ts';
import { createSandboxPool } from './sandbox.ts';

const pool = createSandboxPool({ size: 1 });
try {
  const digests: Record<string, string[]> = {};
  for (const [name, spec] of Object.entries(apps)) {
    digests[name] = (await runBag(spec, undefined, pool, new Uint8Array(readFileSync(spec.wasmPath)))).digests;
  }
  process.stdout.write(`${JSON.stringify({ pid: process.pid, digests })}\n`);
} finally {
  await pool.close();
}
