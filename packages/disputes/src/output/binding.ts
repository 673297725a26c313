import { type IoFields, imageFieldsOfModule, type MachineRequest, type ProgramFields, toHex } from '@proofgrid/machine';
import { stateArgument } from '../chain/encodeProof.ts';
import type { Trace } from '../trace/trace.ts';
import { imageHashOf } from '@proofgrid/sdk';
import type { Hex } from './commitment.ts';

/** MachineHostTypes.Io as an ABI value. */
export function ioArgument(io: IoFields) {
  return {
    staticHash: toHex(io.staticHash) as Hex,
    fdRoot: toHex(io.fdRoot) as Hex,
    fdBitmap: toHex(io.fdBitmap) as Hex,
    filesRoot: toHex(io.filesRoot) as Hex,
    pathHash: toHex(io.pathHash) as Hex,
    stdoutHash: toHex(io.stdoutHash) as Hex,
    stderrHash: toHex(io.stderrHash) as Hex,
    randomPosition: BigInt(io.randomPosition),
    clock: BigInt(io.clock),
    written: BigInt(io.written),
  };
}

/** MachineState.Program as an ABI value. */
export function programArgument(p: ProgramFields) {
  return {
    codeRoot: toHex(p.codeRoot) as Hex,
    codeDepth: p.codeDepth,
    funcsRoot: toHex(p.funcsRoot) as Hex,
    funcsDepth: p.funcsDepth,
    tableRoot: toHex(p.tableRoot) as Hex,
    tableDepth: p.tableDepth,
    tableLength: p.tableLength,
    globalsDepth: p.globalsDepth,
    maxFrames: p.maxFrames,
    maxPages: p.maxPages,
  };
}

/** The hub's `Reveal` struct: a state's fields, its program's fields and its I/O fields, as ABI values. */
export type RevealArgument = {
  state: ReturnType<typeof stateArgument>;
  program: ReturnType<typeof programArgument>;
  io: ReturnType<typeof ioArgument>;
};

/**
 * The argument of the hub's binding entry points (decision 027) for the claim of `trace`: the pre-images of its start
 * state ('start': refuteStart*) or of its halted end state ('end': refuteEnd*). The hub checks they hash to the
 * claim's root, then that the state is an initial one of the app's image (start) or a halted one whose output
 * commitment is the task's outputDigest (end).
 * @example
 * await hub.write.refuteAnswerEnd([key, index, outputDigest, claim, bindingArguments(trace, 'end')]);
 */
export function bindingArguments(trace: Trace, which: 'start' | 'end'): RevealArgument {
  const step = which === 'start' ? 0n : trace.end().steps;
  const { state, program, io } = trace.reveal(step);
  return { state: stateArgument(state), program: programArgument(program), io: ioArgument(io) };
}

/**
 * The machine image of a module (what `AppRegistry.setMachineImage` registers, decision 027): the same for every
 * task of the app, whatever its arguments, files, seed and limits.
 * @example
 * const image = machineImageOf(wasmBytes); // 0x...: appRegistry.setMachineImage(appId, image)
 */
export function machineImageOf(module: Uint8Array | MachineRequest['module']): Hex {
  return imageHashOf(imageFieldsOfModule(module));
}
