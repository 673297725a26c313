import { type Program, compileModule } from '../compile/compileModule.ts';
import { startSession } from '../run/runModule.ts';
import { toHex } from './merkle.ts';
import { Commitment } from './stateHash.ts';

/**
 * What an app's initial state owes to its module alone (decision 027's machine image, before hashing): the program
 * fields but the memory cap (a term of the request), the entry point, the entry frame's locals, the globals and the
 * initial memory. The SDK's `imageHashOf` hashes these as the hub's `BindingChecks.imageOf` does.
 */
export type ImageFieldValues = {
  codeRoot: `0x${string}`;
  codeDepth: number;
  funcsRoot: `0x${string}`;
  funcsDepth: number;
  tableRoot: `0x${string}`;
  tableDepth: number;
  tableLength: number;
  globalsDepth: number;
  maxFrames: number;
  pc: number;
  func: number;
  pages: number;
  localsRoot: `0x${string}`;
  globalsRoot: `0x${string}`;
  memoryRoot: `0x${string}`;
};

/**
 * The image fields of a module: its initial state with no arguments, files or seed of a task (none of which the image
 * covers). Throws what `compileModule` throws for a module the machine does not run.
 * @example
 * import { imageHashOf } from '@proofgrid/sdk';
 * const image = imageHashOf(imageFieldsOfModule(wasm)); // what `proofgrid app publish` registers
 */
export function imageFieldsOfModule(module: Uint8Array | Program): ImageFieldValues {
  const program = module instanceof Uint8Array ? compileModule(module) : module;
  const c = new Commitment(startSession({ module: program, seed: 'image', limits: { memoryMb: 64, maxOutputBytes: 0 } }));
  const s = c.fields();
  const p = c.program.fields;
  const h = (b: Uint8Array) => toHex(b) as `0x${string}`;
  return {
    codeRoot: h(p.codeRoot),
    codeDepth: p.codeDepth,
    funcsRoot: h(p.funcsRoot),
    funcsDepth: p.funcsDepth,
    tableRoot: h(p.tableRoot),
    tableDepth: p.tableDepth,
    tableLength: p.tableLength,
    globalsDepth: p.globalsDepth,
    maxFrames: p.maxFrames,
    pc: s.pc,
    func: s.func,
    pages: s.pages,
    localsRoot: h(s.localsRoot),
    globalsRoot: h(s.globalsRoot),
    memoryRoot: h(s.memoryRoot),
  };
}
