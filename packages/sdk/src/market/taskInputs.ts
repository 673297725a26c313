import { type Hex, sha256 } from 'viem';
import { parseRequestParams, type RequestParams, zTaskList } from '../api/schemas.ts';
import { ProofgridError } from '../errors/ProofgridError.ts';
import { taskIdOf } from '../utils/ids.ts';

/** What the sandbox is limited to for one task of a deal (the lease's `limits`). */
export type TaskLimits = { memoryMb: number; timeoutMs: number; maxOutputBytes: number };

/** The part of a deal a task's inputs come from: its id, signed params, app and category. */
export type TaskDeal = {
  dealId: Hex;
  /** The request's params as signed on chain (a JSON string, '' for none). */
  params: string;
  /** sha256 of the app's module (AppRegistry's `moduleHash`). */
  moduleHash: Hex;
  /** The app's declared memory (MB). */
  appMemoryMb: number;
  /** The category's maximum run time (seconds). */
  categoryMaxSeconds: number;
};

/** One task as a lease names it: content hashes, not contents. */
export type TaskSpec = {
  index: number;
  taskId: Hex;
  /** The seed of the task's random stream: its task id. */
  seed: Hex;
  args: string[];
  /** File name under /in -> sha256 of its content. */
  files: Record<string, Hex>;
};

/** Everything a task runs with: module, args, files, seed, env and limits, exactly as a worker's sandbox gets them. */
export type TaskInputs = Omit<TaskSpec, 'files'> & {
  moduleHash: Hex;
  module: Uint8Array;
  files: Record<string, Uint8Array>;
  fileHashes: Record<string, Hex>;
  env: { TASK_INDEX: string };
  limits: TaskLimits;
};

/** Fetches a blob by its sha256 (a scheduler's `GET /v1/blobs/:sha256`, a local cache). Its bytes are checked here. */
export type BlobFetcher = (sha256: Hex) => Promise<Uint8Array>;

/** The most output a task may write (bytes), as every lease sets it. */
export const TASK_MAX_OUTPUT_BYTES = 16 << 20;
/** The longest a lease lets a task run, whatever its category says (ms). */
export const TASK_MAX_TIMEOUT_MS = 10 * 60_000;

/** A task's sandbox limits from its app's memory, its category's maximum run time and the request's `maxRunMs`. */
export function taskLimitsOf(o: { appMemoryMb: number; categoryMaxSeconds: number; maxRunMs?: number }): TaskLimits {
  return {
    memoryMb: Math.max(o.appMemoryMb, 16),
    timeoutMs: Math.min(o.categoryMaxSeconds * 1000, o.maxRunMs ?? Number.MAX_SAFE_INTEGER, TASK_MAX_TIMEOUT_MS),
    maxOutputBytes: TASK_MAX_OUTPUT_BYTES,
  };
}

/** A bag's task list from its blob (zTaskList), parsed. */
export function parseTaskList(blob: Uint8Array): ReturnType<typeof zTaskList.parse>['tasks'] {
  return zTaskList.parse(JSON.parse(new TextDecoder().decode(blob))).tasks;
}

/**
 * Task `index` of a deal as a lease names it: per-task args and files from the task list when the request has one,
 * else the request's `args` for every task; the seed is the task id.
 */
export function taskSpecOf(
  dealId: Hex,
  params: RequestParams,
  list: ReturnType<typeof parseTaskList> | undefined,
  index: number,
): TaskSpec {
  const t = list?.[index];
  const seed = taskIdOf(dealId, index);
  return { index, taskId: seed, seed, args: t?.args ?? params.args ?? [], files: (t?.files ?? {}) as Record<string, Hex> };
}

async function fetchChecked(fetchBlob: BlobFetcher, hash: Hex, what: string): Promise<Uint8Array> {
  const bytes = await fetchBlob(hash);
  const actual = sha256(bytes);
  if (actual.toLowerCase() !== hash.toLowerCase())
    throw new ProofgridError(`${what} hashes to ${actual}, not ${hash}: refused`, {
      code: 'ContentHashMismatch',
      details: { expected: hash, actual },
    });
  return bytes;
}

/**
 * The inputs of task `index` of a deal, as the scheduler leases it and a worker's sandbox runs it (module, args,
 * files by name, seed = task id, env `TASK_INDEX`, limits), every blob fetched with `fetchBlob` and checked against its
 * sha256 (`ContentHashMismatch` otherwise). What a verifier re-executes. A deal with a dataset also gets the decrypted
 * dataset as a file, which only the deal's workers can open: not part of these inputs.
 * @example
 * import { taskInputsOf } from '@proofgrid/sdk';
 * const inputs = await taskInputsOf({ dealId, params, moduleHash, appMemoryMb: 64, categoryMaxSeconds: 300 }, 0, fetchBlob);
 * runInSandbox({ module: inputs.module, args: inputs.args, files: inputs.files, seed: inputs.seed, env: inputs.env, limits: inputs.limits });
 */
export async function taskInputsOf(deal: TaskDeal, index: number, fetchBlob: BlobFetcher): Promise<TaskInputs> {
  const params = parseRequestParams(deal.params);
  const list = params.tasks ? parseTaskList(await fetchChecked(fetchBlob, params.tasks, 'the task list')) : undefined;
  if (list && (index < 0 || index >= list.length))
    throw new ProofgridError(`task ${index} is not in the deal's task list of ${list.length}`, {
      code: 'TaskOutOfRange',
      details: { index, tasks: list.length },
    });
  const spec = taskSpecOf(deal.dealId, params, list, index);
  const files: Record<string, Uint8Array> = {};
  for (const [name, hash] of Object.entries(spec.files)) files[name] = await fetchChecked(fetchBlob, hash, `input file ${name}`);
  return {
    ...spec,
    moduleHash: deal.moduleHash,
    module: await fetchChecked(fetchBlob, deal.moduleHash, 'the module'),
    files,
    fileHashes: spec.files,
    env: { TASK_INDEX: String(index) },
    limits: taskLimitsOf({ appMemoryMb: deal.appMemoryMb, categoryMaxSeconds: deal.categoryMaxSeconds, maxRunMs: params.maxRunMs }),
  };
}
