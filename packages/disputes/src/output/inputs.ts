import { inputsFieldsOf, type MachineRequest } from '@proofgrid/machine';
import { INPUTS_TAG, inputsLeafOf, inputsRootOfLeaves, inputsSiblingsOf, type TaskInputsFields, taskLimitsOf } from '@proofgrid/sdk';
import type { Trace } from '../trace/trace.ts';
import type { Hex } from './commitment.ts';

// The hashing of the inputs root lives in the SDK (as imageHashOf); the leaf fields of a task come from the machine.
export { INPUTS_TAG, inputsLeafOf, inputsRootOfLeaves, inputsSiblingsOf, type TaskInputsFields };

/**
 * The inputs of a task's initial state, from its machine request (built with the machine's own code, nothing run) or
 * from its trace's start state.
 */
export function taskInputsFieldsOf(source: MachineRequest | Trace): TaskInputsFields {
  return inputsFieldsOf('request' in source ? source.request : source);
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
