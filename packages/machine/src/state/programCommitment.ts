import type { Program } from '../compile/compileModule.ts';
import { WORDS } from '../compile/opcodes.ts';
import { HOST_KIND } from './ioState.ts';
import { depthFor, MerkleTree, WORD } from './merkle.ts';
import { packedHash } from './words.ts';

/** The immutable part of the state: code, function table, indirect-call table, and their hash. */
export type ProgramCommitment = { hash: Uint8Array; code: MerkleTree; funcs: MerkleTree; table: MerkleTree; fields: ProgramFields };
/** The pre-image of a program hash. */
export type ProgramFields = {
  codeRoot: Uint8Array;
  codeDepth: number;
  funcsRoot: Uint8Array;
  funcsDepth: number;
  tableRoot: Uint8Array;
  tableDepth: number;
  tableLength: number;
  globalsDepth: number;
  maxFrames: number;
  /** The memory cap of the run, in pages (memory.grow past it answers -1). */
  maxPages: number;
};

export function hashProgram(f: ProgramFields): Uint8Array {
  return packedHash([
    [f.codeRoot, 32],
    [f.codeDepth, 1],
    [f.funcsRoot, 32],
    [f.funcsDepth, 1],
    [f.tableRoot, 32],
    [f.tableDepth, 1],
    [f.tableLength, 4],
    [f.globalsDepth, 1],
    [f.maxFrames, 4],
    [f.maxPages, 4],
  ]);
}

/** Instruction `pc` as a leaf: 16 zero bytes, then op, a, b, c as big-endian 32-bit words. */
export function instructionLeaf(code: Int32Array, pc: number): Uint8Array {
  const leaf = new Uint8Array(WORD);
  const view = new DataView(leaf.buffer);
  for (let i = 0; i < WORDS; i++) view.setInt32(16 + 4 * i, code[pc * WORDS + i]!, false);
  return leaf;
}

/**
 * Function `f` as a leaf: 8 zero bytes, the host call's kind (ioState.HOST_KIND; 0 for a defined function or a call
 * not provable yet), entry pc (-1 for a host function), signature id, params, locals, results, each 32-bit.
 */
export function functionLeaf(program: Program, f: number): Uint8Array {
  const info = program.funcs[f]!;
  const leaf = new Uint8Array(WORD);
  const view = new DataView(leaf.buffer);
  const imported = program.module.imports[f];
  if (imported?.module === 'wasi_snapshot_preview1') view.setInt32(8, HOST_KIND[imported.name] ?? 0, false);
  const fields = [info.entry, program.typeIds[info.typeIndex]!, info.numParams, info.numLocals, info.numResults];
  for (const [i, v] of fields.entries()) view.setInt32(12 + 4 * i, v, false);
  return leaf;
}

/** Table entry as a leaf: the function index (-1 when empty), 32-bit, in the last 4 bytes. */
function tableLeaf(entry: number): Uint8Array {
  const leaf = new Uint8Array(WORD);
  new DataView(leaf.buffer).setInt32(28, entry, false);
  return leaf;
}

function tree(leaves: Uint8Array[]): MerkleTree {
  const bytes = new Uint8Array(leaves.length * WORD);
  leaves.forEach((leaf, i) => {
    bytes.set(leaf, i * WORD);
  });
  return new MerkleTree(bytes, depthFor(leaves.length));
}

/**
 * Commits to a program and its limits: hash = keccak(codeRoot, codeDepth, funcsRoot, funcsDepth, tableRoot, tableDepth,
 * tableLength, globalsDepth, maxFrames, maxPages).
 * @example
 * const commitment = commitProgram(program, machine.table, machine.maxPages)
 */
export function commitProgram(program: Program, table: Int32Array, maxPages: number): ProgramCommitment {
  const code = tree(Array.from({ length: program.code.length / WORDS }, (_, pc) => instructionLeaf(program.code, pc)));
  const funcs = tree(program.funcs.map((_, f) => functionLeaf(program, f)));
  const tableTree = tree(Array.from(table, tableLeaf));
  const fields: ProgramFields = {
    codeRoot: code.root,
    codeDepth: code.depth,
    funcsRoot: funcs.root,
    funcsDepth: funcs.depth,
    tableRoot: tableTree.root,
    tableDepth: tableTree.depth,
    tableLength: table.length,
    globalsDepth: depthFor(program.module.globals.length),
    maxFrames: program.maxFrames,
    maxPages,
  };
  return { hash: hashProgram(fields), code, funcs, table: tableTree, fields };
}
