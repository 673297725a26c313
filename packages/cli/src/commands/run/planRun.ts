import { existsSync, readFileSync } from 'node:fs';
import { type ProofgridClient, ProofgridError, type TaskInput, contentHashOf } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { parseUint } from '../../format.ts';
import { type ExampleApp, loadExampleApps } from '../../lib/exampleApps.ts';
import { type AppInfo, getAppInfo, getCategories } from '../../lib/registry.ts';
import { listApps } from '../app/list.action.ts';

export type RunOptions = {
  params?: string;
  args?: string;
  tasks?: string;
  trust: string;
  replicas?: string;
  category?: string;
  maxPrice?: string;
  requirements?: string;
  rank?: string;
  orderRank?: string;
  tag?: string;
  restrictPool?: string;
  callback?: string;
  dataset?: string;
  datasetFile?: string;
  encryptResults?: boolean;
  publicResults?: boolean;
  privateInputs?: boolean;
  resultKey?: string;
  out?: string;
  timeout: string;
  verify?: string;
  window?: string;
};

/** What to run: the app, the bag of tasks, the category, and for an example app how to combine. */
export type RunPlan = { app: AppInfo; tasks: TaskInput[]; category: number; spec?: ExampleApp; params?: Record<string, unknown> };

/** Resolves `<app>` (example name, app id, or published app name) and builds the bag of tasks. */
export async function planRun(ctx: Context, client: ProofgridClient, appArg: string, opts: RunOptions): Promise<RunPlan> {
  const examples = await loadExampleApps();
  const spec = Object.hasOwn(examples, appArg) ? examples[appArg] : undefined;
  if (spec) {
    const app = await findPublished(ctx, appArg, existsSync(spec.wasmPath) ? contentHashOf(readFileSync(spec.wasmPath)) : undefined);
    const params = exampleParams(spec, opts);
    let tasks: TaskInput[];
    try {
      tasks = spec.buildTasks(params);
    } catch (err) {
      throw new UsageError(`${spec.name} rejects these parameters: ${(err as Error).message}`, 'ParamsInvalid', { params });
    }
    const category =
      opts.category !== undefined ? Number(parseUint(opts.category, 'category')) : await categoryNamed(client, spec.category);
    return { app, tasks, category, spec, params };
  }
  const app = /^\d+$/.test(appArg) ? await getAppInfo(client, BigInt(appArg)) : await findPublished(ctx, appArg, undefined);
  const count = opts.tasks === undefined ? 1 : Number(parseUint(opts.tasks, 'tasks'));
  if (count < 1) throw new UsageError('--tasks must be at least 1', 'NumberInvalid');
  const args = parseArgs(opts.args);
  const tasks = Array.from({ length: count }, (_, i) => ({ args: args.map((a) => a.replaceAll('{i}', String(i))) }));
  const category = opts.category !== undefined ? Number(parseUint(opts.category, 'category')) : app.category;
  return { app, tasks, category };
}

/** The published app named `name` with an open order; the one with the local module's hash first. */
async function findPublished(ctx: Context, name: string, moduleHash: string | undefined): Promise<AppInfo> {
  const listed = (await listApps(ctx)).filter((a) => a.name === name && a.orders.length > 0);
  const pick = listed.find((a) => moduleHash && a.moduleHash.toLowerCase() === moduleHash.toLowerCase()) ?? listed[0];
  if (!pick) {
    const example = moduleHash ? ` examples/${name}/build/${name}.wasm` : ' <wasm>';
    throw new ProofgridError(
      `app ${name} is not published on this market: run \`proofgrid app publish${example} --name ${name} --price <tokens>\``,
      { code: 'AppNotPublished', kind: 'user', details: { name } },
    );
  }
  return pick;
}

function exampleParams(spec: ExampleApp, opts: RunOptions): Record<string, unknown> {
  let params: Record<string, unknown> = {};
  if (opts.params !== undefined) {
    try {
      params = JSON.parse(opts.params) as Record<string, unknown>;
    } catch (err) {
      throw new UsageError(`--params is not JSON: ${(err as Error).message}`, 'ParamsInvalid');
    }
    if (typeof params !== 'object' || params === null || Array.isArray(params))
      throw new UsageError('--params must be a JSON object', 'ParamsInvalid');
    const unknown = Object.keys(params).filter((k) => !(k in spec.defaultParams));
    if (unknown.length)
      throw new UsageError(
        `${spec.name} has no parameter ${unknown.join(', ')} (it takes ${Object.keys(spec.defaultParams).join(', ')})`,
        'ParamsInvalid',
      );
  }
  if (opts.tasks !== undefined) {
    if (!('tasks' in spec.defaultParams))
      throw new UsageError(
        `${spec.name} splits its work by its own parameters (${Object.keys(spec.defaultParams).join(', ')}): --tasks does not apply`,
        'ParamsInvalid',
      );
    params.tasks = Number(parseUint(opts.tasks, 'tasks'));
  }
  return params;
}

function parseArgs(text: string | undefined): string[] {
  if (text === undefined || text.trim() === '') return [];
  if (text.trim().startsWith('[')) {
    try {
      const list = JSON.parse(text) as unknown[];
      if (Array.isArray(list)) return list.map(String);
    } catch (err) {
      throw new UsageError(`--args looks like JSON but is not: ${(err as Error).message}`, 'ArgsInvalid');
    }
  }
  return text.trim().split(/\s+/);
}

async function categoryNamed(client: ProofgridClient, name: string): Promise<number> {
  const found = (await getCategories(client)).find((c) => c.name === name);
  if (!found)
    throw new ProofgridError(`this hub has no category ${name}: pass --category <n>`, { code: 'CategoryUnknown', kind: 'config' });
  return found.category;
}
