import { MalformedModuleError } from '../errors.ts';
import { decodeModule } from '../decode/decodeModule.ts';
import type { FuncType, WasmModule } from '../decode/types.ts';
import { CodeBuffer } from './codeBuffer.ts';
import { compileFunction } from './compileFunction.ts';

/** What a call needs to know about a function. Imports have entry -1. */
export type FuncInfo = { entry: number; typeIndex: number; numParams: number; numLocals: number; numResults: number; maxHeight: number };

/** A module compiled to the machine's instruction set: the code the machine runs and a proof commits to. */
export type Program = {
  module: WasmModule;
  /** 4 int32 words per instruction (opcodes.ts). */
  code: Int32Array;
  funcs: FuncInfo[];
  /** Structural signature id of every type index: call_indirect compares these. */
  typeIds: Int32Array;
  /** Function index of the `_start` export. */
  start: number;
  /**
   * Frames that may be active at once: min(2^14, 2^19 / the largest frame in slots). A call that would pass it
   * traps (call stack exhausted); as every frame fits its share, the value stack can never overflow, so the
   * trap depends only on the committed depth.
   */
  maxFrames: number;
};

export const STACK_SLOTS = 1 << 19;
export const MAX_FRAMES = 1 << 14;

/**
 * Decodes and compiles a module; throws UnsupportedFeatureError or MalformedModuleError for what
 * the machine cannot run. This is also the publish-time check.
 * @example
 * const program = compileModule(readFileSync('examples/renderer/build/renderer.wasm'))
 */
export function compileModule(bytes: Uint8Array): Program {
  const module = decodeModule(bytes);
  const out = new CodeBuffer();
  const ids = typeIds(module.types);
  const funcs: FuncInfo[] = [];
  const info = (typeIndex: number, entry: number, numLocals: number, maxHeight: number): FuncInfo => {
    const t = module.types[typeIndex]!;
    return {
      entry,
      typeIndex,
      numParams: t.params.length,
      numLocals: t.params.length + numLocals,
      numResults: t.results.length,
      maxHeight,
    };
  };
  for (const imp of module.imports) funcs.push(info(imp.typeIndex, -1, 0, 0));
  module.codes.forEach((code, i) => {
    const index = module.imports.length + i;
    const entry = out.length;
    const maxHeight = compileFunction(module, index, code, out, ids);
    funcs.push(info(module.functions[i]!, entry, code.locals.length, maxHeight));
  });
  const checkFunc = (index: number, where: string) => {
    if (index >= funcs.length) throw new MalformedModuleError(`${where} names function ${index}, out of range`);
  };
  for (const segment of module.elements) for (const f of segment.funcs) checkFunc(f, 'element segment');
  if (module.start !== undefined) checkFunc(module.start, 'start section');
  const exported = module.exports.find((e) => e.name === '_start' && e.kind === 'func');
  if (!exported) throw new MalformedModuleError('no exported _start function (a WASI command module is expected)');
  checkFunc(exported.index, '_start export');
  const largestFrame = Math.max(1, ...funcs.map((f) => f.numLocals + f.maxHeight + 1));
  if (largestFrame > STACK_SLOTS) throw new MalformedModuleError(`a function needs ${largestFrame} stack slots, more than ${STACK_SLOTS}`);
  const maxFrames = Math.min(MAX_FRAMES, Math.floor(STACK_SLOTS / largestFrame));
  return { module, code: out.finish(), funcs, typeIds: ids, start: exported.index, maxFrames };
}

function typeIds(types: FuncType[]): Int32Array {
  const seen = new Map<string, number>();
  return Int32Array.from(types, (t) => {
    const key = `${t.params.join(',')}:${t.results.join(',')}`;
    if (!seen.has(key)) seen.set(key, seen.size);
    return seen.get(key)!;
  });
}
