import { Commitment, type MachineRequest, startSession, toHex } from '@proofgrid/machine';
import { taskLimitsOf } from '@proofgrid/sdk';
import { encodeAbiParameters, encodePacked, keccak256 } from 'viem';
import type { Trace } from '../trace/trace.ts';
import type { Hex } from './commitment.ts';

/** The domain tag of an inputs leaf (decision 031), as BindingChecks.inputsLeaf hashes it. */
export const INPUTS_TAG = 'proofgrid.inputs.v1';
const ZERO: Hex = `0x${'0'.repeat(64)}`;

type Statics = Commitment['io']['statics'];
type StringsFields = Statics['args'];

/** MachineHostTypes.Strings as an ABI value. */
function stringsArgument(s: StringsFields) {
  return {
    count: s.count,
    bytes_: s.bytes,
    root: toHex(s.root) as Hex,
    depth: s.depth,
    offsetsRoot: toHex(s.offsetsRoot) as Hex,
    offsetsDepth: s.offsetsDepth,
  };
}

type StringsArgument = ReturnType<typeof stringsArgument>;

const packedStrings = (s: StringsArgument) =>
  encodePacked(
    ['uint32', 'uint32', 'bytes32', 'uint8', 'bytes32', 'uint8'],
    [s.count, s.bytes_, s.root, s.depth, s.offsetsRoot, s.offsetsDepth],
  );

/** What a task's inputs leaf commits to, read from its initial state: the static I/O fields, the files and the memory cap. */
export type TaskInputsFields = {
  args: StringsArgument;
  env: StringsArgument;
  /** The random stream's commitment: part of the start's staticHash, not of the leaf (it derives from the deal id). */
  seedHash: Hex;
  maxOutput: bigint;
  filesRoot: Hex;
  maxPages: number;
  /** Whether the module imports random_get (its seed then commits to the stream, which the hub cannot check). */
  random: boolean;
};

/**
 * The inputs of a task's initial state, from its machine request (built with the machine's own code, nothing run) or
 * from its trace's start state.
 */
export function taskInputsFieldsOf(source: MachineRequest | Trace): TaskInputsFields {
  const request = 'request' in source ? source.request : source;
  const commitment = new Commitment(startSession(request));
  const { statics } = commitment.io;
  return {
    args: stringsArgument(statics.args),
    env: stringsArgument(statics.env),
    seedHash: toHex(statics.seedHash) as Hex,
    maxOutput: BigInt(statics.maxOutput),
    filesRoot: toHex(commitment.io.fields().filesRoot) as Hex,
    maxPages: commitment.program.fields.maxPages,
    random: commitment.session.wasi.io.randomCommitted,
  };
}

/**
 * Leaf `index` of an inputs root (decision 031): keccak256(abi.encode("proofgrid.inputs.v1", index,
 * keccak256(args ‖ env ‖ maxOutput packed as the staticHash, without its seed), filesRoot, maxPages, random)), equal
 * to the hub's BindingChecks.inputsLeaf. The seed is not in the leaf (it is the task id, which hashes the root); when
 * `random` is false the hub checks the start's seed is the task's own instead.
 */
export function inputsLeafOf(index: number, f: TaskInputsFields): Hex {
  const statics = keccak256(encodePacked(['bytes', 'bytes', 'uint64'], [packedStrings(f.args), packedStrings(f.env), f.maxOutput]));
  return keccak256(
    encodeAbiParameters(
      [{ type: 'string' }, { type: 'uint256' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'uint32' }, { type: 'bool' }],
      [INPUTS_TAG, BigInt(index), statics, f.filesRoot, f.maxPages, f.random],
    ),
  );
}

const node = (left: Hex, right: Hex) => keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }], [left, right]));

/** The levels of the tree over `leaves`, padded with zero leaves to a power of two (one leaf is its own root). */
function levelsOf(leaves: readonly Hex[]): Hex[][] {
  if (leaves.length === 0) throw new RangeError('an inputs root needs at least one task');
  let level = [...leaves];
  const levels = [level];
  while (level.length > 1) {
    if (level.length % 2 === 1) level.push(ZERO);
    const next: Hex[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(node(level[i] as Hex, level[i + 1] as Hex));
    level = next;
    levels.push(level);
  }
  return levels;
}

/** The root of the inputs leaves of tasks 0..n-1 (what a request signs as `inputsRoot`). */
export function inputsRootOfLeaves(leaves: readonly Hex[]): Hex {
  const levels = levelsOf(leaves);
  return levels[levels.length - 1]?.[0] as Hex;
}

/** The siblings of leaf `index`, bottom up (sibling k on the left when bit k of `index` is set, as the hub folds them). */
export function inputsSiblingsOf(leaves: readonly Hex[], index: number): Hex[] {
  if (index < 0 || index >= leaves.length) throw new RangeError(`task ${index} is not among the ${leaves.length} leaves`);
  const levels = levelsOf(leaves);
  const siblings: Hex[] = [];
  let at = index;
  for (const level of levels.slice(0, -1)) {
    siblings.push(level[at ^ 1] ?? ZERO);
    at >>= 1;
  }
  return siblings;
}

/**
 * The inputs leaves and root of a bag of tasks, request i being task i's machine request (as a worker runs it, but
 * the seed: the leaf does not hold it, so any seed gives the same root before the deal exists): what
 * `requestRun({ inputsRoot })` signs.
 * @example
 * const { root } = inputsRootOf(tasks.map((t, i) => machineRequestOf(t, i)));
 */
export function inputsRootOf(requests: readonly MachineRequest[]): { root: Hex; leaves: Hex[] } {
  const leaves = requests.map((r, i) => inputsLeafOf(i, taskInputsFieldsOf(r)));
  return { root: inputsRootOfLeaves(leaves), leaves };
}

/** The hub's `InputsProof` for task `index` (proveStart, proveBatchStart): its start's static fields and its path. */
export function inputsProofOf(fields: TaskInputsFields, leaves: readonly Hex[], index: number) {
  const { args, env, seedHash, maxOutput, random } = fields;
  return { args, env, seedHash, maxOutput, random, siblings: inputsSiblingsOf(leaves, index) };
}

/**
 * The inputs root of a run as `requestRun` lists its tasks (task i: its args and its files by name), on the app's
 * module with its registered memory: each task built as a worker leases and runs it (env `TASK_INDEX`, the sandbox's
 * memory and output limits). What a requester signs as `inputsRoot`; the CLI's `run --verify optimistic` uses it.
 * @example
 * const { root } = inputsRootOfTasks({ module: wasm, tasks, appMemoryMb: 64 });
 * await requestRun(requester, market, { app, tasks, verification: 'optimistic', inputsRoot: root, ... });
 */
export function inputsRootOfTasks(p: {
  module: Uint8Array;
  tasks: readonly { args?: string[]; files?: Record<string, Uint8Array> }[];
  appMemoryMb: number;
}): { root: Hex; leaves: Hex[] } {
  const limits = taskLimitsOf({ appMemoryMb: p.appMemoryMb, categoryMaxSeconds: 1 });
  return inputsRootOf(
    p.tasks.map((t, i) => ({
      module: p.module,
      args: t.args ?? [],
      files: t.files ?? {},
      seed: 'any seed: not in the leaf',
      env: { TASK_INDEX: String(i) },
      limits: { memoryMb: limits.memoryMb, maxOutputBytes: limits.maxOutputBytes },
    })),
  );
}
