import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The `.proofgrid/` directory `npm start` writes, looked up from `cwd` towards the root. */
export function findStateDir(cwd = process.cwd()): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.proofgrid', 'deployment.json'))) return join(dir, '.proofgrid');
    if (dirname(dir) === dir) return undefined;
  }
}

/** The deployment file: --deployment, then PROOFGRID_DEPLOYMENT, then .proofgrid/deployment.json. */
export function deploymentPath(flag: string | undefined): string {
  const explicit = flag ?? process.env.PROOFGRID_DEPLOYMENT;
  if (explicit) return resolve(explicit);
  const state = findStateDir();
  return state ? join(state, 'deployment.json') : resolve('.proofgrid', 'deployment.json');
}

/** The market service URL: --market, then PROOFGRID_MARKET, then .proofgrid/market.json `{ url }`. */
export function marketUrl(flag: string | undefined): string | undefined {
  const explicit = flag ?? process.env.PROOFGRID_MARKET;
  if (explicit) return explicit;
  const state = findStateDir();
  const file = state && join(state, 'market.json');
  if (!file || !existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { url?: string }).url;
}

/** The secret service URL: --secrets, then PROOFGRID_SECRETS, then .proofgrid/secrets.json `{ url }`. */
export function secretsUrl(flag: string | undefined): string | undefined {
  const explicit = flag ?? process.env.PROOFGRID_SECRETS;
  if (explicit) return explicit;
  const state = findStateDir();
  const file = state && join(state, 'secrets.json');
  if (!file || !existsSync(file)) return undefined;
  return (JSON.parse(readFileSync(file, 'utf8')) as { url?: string }).url;
}
