import type { Machine } from '../exec/machine.ts';
import type { Session } from '../run/runModule.ts';
import { hashIo, IoCommitment } from './ioState.ts';
import { MemoryTree } from './memoryTree.ts';
import { depthFor, MerkleTree, WORD, ZERO } from './merkle.ts';
import { commitProgram, type ProgramCommitment } from './programCommitment.ts';
import { chain, packedHash, slotWord } from './words.ts';

export const STATUS_CODE = { running: 0, exited: 1, trapped: 2 } as const;

/** A caller's frame as committed: where it resumes, its function, its locals and where its operands start. */
export type FrameRecord = { returnPc: number; func: number; localsRoot: Uint8Array; operandBase: number };

/** The pre-image of a state root: everything a one-step proof starts from. */
export type StateFields = {
  status: number;
  exitCode: number;
  steps: number;
  pc: number;
  func: number;
  depth: number;
  /** Operands of every frame, bottom to top, and how many belong to the callers. */
  stackHeight: number;
  baseHeight: number;
  pages: number;
  stackHash: Uint8Array;
  localsRoot: Uint8Array;
  framesHash: Uint8Array;
  globalsRoot: Uint8Array;
  memoryRoot: Uint8Array;
  programHash: Uint8Array;
  ioHash: Uint8Array;
};

/** keccak256 of the packed fields, in this order: the machine's state root. */
export function hashFields(f: StateFields): Uint8Array {
  return packedHash([
    [f.status, 1],
    [f.exitCode, 4],
    [f.steps, 8],
    [f.pc, 4],
    [f.func, 4],
    [f.depth, 4],
    [f.stackHeight, 4],
    [f.baseHeight, 4],
    [f.pages, 4],
    [f.stackHash, 32],
    [f.localsRoot, 32],
    [f.framesHash, 32],
    [f.globalsRoot, 32],
    [f.memoryRoot, 32],
    [f.programHash, 32],
    [f.ioHash, 32],
  ]);
}

export function frameHash(r: FrameRecord): Uint8Array {
  return packedHash([
    [r.returnPc, 4],
    [r.func, 4],
    [r.localsRoot, 32],
    [r.operandBase, 4],
  ]);
}

/** Merkle tree over slots [from, to) of the stack, depth from the slot count. */
export function slotTree(s32: Int32Array, from: number, to: number): MerkleTree {
  const leaves = new Uint8Array(Math.max(0, to - from) * WORD);
  for (let s = from; s < to; s++) leaves.set(slotWord(s32, s), (s - from) * WORD);
  return new MerkleTree(leaves, depthFor(to - from));
}

/**
 * The root of slots [from, to), memoized by their content (a root is a function of the words alone): caller frames'
 * locals and unchanged globals are not rehashed at every step. Cleared when it grows past 4,096 entries.
 */
export function slotRoot(s32: Int32Array, from: number, to: number): Uint8Array {
  const words = new Uint16Array(s32.buffer, s32.byteOffset + from * 8, Math.max(0, to - from) * 4);
  let key = '';
  for (let i = 0; i < words.length; i += 4096) key += String.fromCharCode(...words.subarray(i, i + 4096));
  let root = slotRoots.get(key);
  if (!root) {
    if (slotRoots.size >= 4096) slotRoots.clear();
    root = slotTree(s32, from, to).root;
    slotRoots.set(key, root);
  }
  return root;
}
const slotRoots = new Map<string, Uint8Array>();

/**
 * The commitment to a running session: the state root after any step. Memory is hashed incrementally
 * (MemoryTree), file contents when they change (IoCommitment); stack, frames, globals and the rest of the I/O state
 * are small and rehashed in full at each call.
 * @example
 * const commitment = new Commitment(session); run(session.machine, 1000); const root = commitment.root()
 */
export class Commitment {
  readonly session: Session;
  readonly memory: MemoryTree;
  readonly program: ProgramCommitment;
  readonly io: IoCommitment;
  constructor(session: Session) {
    this.session = session;
    this.io = new IoCommitment(session.wasi);
    this.memory = new MemoryTree(session.machine);
    this.program = commitProgram(session.machine.program, session.machine.table, session.machine.maxPages);
  }

  /** Operand ranges [from, to) of each frame, bottom to top (callers first, then the current frame). */
  operandRanges(m: Machine = this.session.machine): [number, number][] {
    const ranges: [number, number][] = [];
    for (let k = 0; k < m.depth; k++) {
      const above = k + 1 < m.depth ? m.frames[(k + 1) * 4 + 1]! : m.fp;
      ranges.push([m.frames[k * 4 + 2]!, above]);
    }
    ranges.push([m.base, m.sp]);
    return ranges;
  }

  /** The caller frames as committed, bottom first. */
  frameRecords(m: Machine = this.session.machine): FrameRecord[] {
    const ranges = this.operandRanges(m);
    let below = 0;
    return Array.from({ length: m.depth }, (_, k) => {
      const f = k * 4;
      const record = {
        returnPc: m.frames[f]!,
        func: m.frames[f + 3]!,
        localsRoot: slotRoot(m.s32, m.frames[f + 1]!, m.frames[f + 2]!),
        operandBase: below,
      };
      below += ranges[k]![1] - ranges[k]![0];
      return record;
    });
  }

  fields(): StateFields {
    const m = this.session.machine;
    let stackHash = ZERO[0]!;
    let stackHeight = 0;
    let baseHeight = 0;
    for (const [k, [from, to]] of this.operandRanges(m).entries()) {
      if (k === m.depth) baseHeight = stackHeight;
      for (let s = from; s < to; s++) stackHash = chain(stackHash, slotWord(m.s32, s));
      stackHeight += to - from;
    }
    let framesHash = ZERO[0]!;
    for (const record of this.frameRecords(m)) framesHash = chain(framesHash, frameHash(record));
    return {
      status: STATUS_CODE[m.status],
      exitCode: m.exitCode,
      steps: m.steps,
      pc: m.pc,
      func: m.func,
      depth: m.depth,
      stackHeight,
      baseHeight,
      pages: m.pages,
      stackHash,
      localsRoot: slotRoot(m.s32, m.fp, m.base),
      framesHash,
      globalsRoot: slotRoot(m.globals, 0, m.globals.length / 2),
      memoryRoot: this.memory.update(),
      programHash: this.program.hash,
      ioHash: hashIo(this.io.fields()),
    };
  }

  /** The state root now: keccak256 of the packed fields. */
  root(): Uint8Array {
    return hashFields(this.fields());
  }
}
