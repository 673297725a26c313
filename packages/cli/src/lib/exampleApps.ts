// The example apps' specs (examples/index.ts of a Proofgrid checkout): how `proofgrid run <example>` splits a
// run into tasks and combines the results. They are not a dependency of the CLI: they are found at run time,
// and outside a checkout `run <name>` only knows published apps.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppRunSpec } from '@proofgrid/sdk';
import { ConfigError } from '../errors.ts';

/** What the CLI uses of an example app's spec (examples/lib/appSpec.ts): the runner's part, and where its module is built. */
export type ExampleApp = AppRunSpec & { wasmPath: string };

const REGISTRY = join('examples', 'index.ts');

/** `examples/index.ts` in `from` or the nearest parent that has one. */
function findUp(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, REGISTRY))) return join(dir, REGISTRY);
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The example apps by name: from `$PROOFGRID_EXAMPLES` (a module exporting `apps`), else from the checkout around the
 * current directory, else from the checkout the CLI runs from; none when there is no checkout.
 */
export async function loadExampleApps(): Promise<Record<string, ExampleApp>> {
  const explicit = process.env.PROOFGRID_EXAMPLES;
  const path = explicit ? resolve(explicit) : (findUp(process.cwd()) ?? findUp(import.meta.dirname));
  if (!path) return {};
  if (!existsSync(path)) throw new ConfigError(`PROOFGRID_EXAMPLES points to ${path}, which does not exist`, 'ExamplesNotFound');
  const { apps } = (await import(pathToFileURL(path).href)) as { apps?: Record<string, ExampleApp> };
  if (!apps) throw new ConfigError(`${path} exports no \`apps\` (the example apps' registry)`, 'ExamplesInvalid');
  return apps;
}
