import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const EXAMPLES = fileURLToPath(new URL('..', import.meta.url));

/**
 * Returns the app's WASI module, building it first if its sources changed
 * (build.mjs skips an up-to-date app in a fraction of a second). It builds every
 * app, not just this one: test files start in parallel, and with all of them
 * building in the same order, one process compiles while the others wait on its
 * per-app locks, instead of several compilers fighting over two cores.
 * @example
 * import { loadApp } from '../lib/loadApp.ts'
 * const module = loadApp('renderer')
 */
export function loadApp(app: string): Uint8Array {
  execFileSync(process.execPath, [`${EXAMPLES}build.mjs`], { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Uint8Array(readFileSync(`${EXAMPLES}${app}/build/${app}.wasm`));
}
