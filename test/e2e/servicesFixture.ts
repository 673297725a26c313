// What the services end-to-end tests share: the ml-predict module and the answers it must give.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');
export const MODULE = join(ROOT, 'examples/ml-predict/build/ml-predict.wasm');
export const PRICE = 10n ** 12n;
const MODEL = readFileSync(join(ROOT, 'examples/ml/expected.json'), 'utf8');
const WEIGHTS = (JSON.parse(MODEL) as { model: string }).model.split(',').map(Number);

/** What the service must answer for one row of features: σ(w·x + b) and the label. */
export function expected(features: number[]) {
  const z = features.reduce((sum, v, j) => sum + v * WEIGHTS[j]!, WEIGHTS[4]!);
  return { p: 1 / (1 + Math.exp(-z)), label: z > 0 ? 1 : 0 };
}
export const encode = (rows: number[][]) => new TextEncoder().encode(rows.map((r) => r.join(',')).join('\n'));
export const predictions = (bytes: Uint8Array) =>
  (JSON.parse(new TextDecoder().decode(bytes)) as { predictions: { p: number; label: number }[] }).predictions;

/** Builds the module (when its sources changed) and returns its sha256, as the app registry takes it. */
export function buildModule(): `0x${string}` {
  execFileSync(process.execPath, [join(ROOT, 'examples/build.mjs'), 'ml-predict'], { stdio: 'ignore' });
  return `0x${createHash('sha256').update(readFileSync(MODULE)).digest('hex')}`;
}
