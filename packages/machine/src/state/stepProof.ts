import { Op } from '../compile/opcodes.ts';
import { BadProofError } from '../errors.ts';
import { type HostProof, proveHost, verifyHost } from './hostProof.ts';
import { MEMORY_DEPTH } from './memoryTree.ts';
import { depthFor, equalBytes, rootFromProof, ZERO } from './merkle.ts';
import { hashProgram, type ProgramFields } from './programCommitment.ts';
import { type Commitment, type FrameRecord, frameHash, hashFields, slotTree, type StateFields } from './stateHash.ts';
import { decodeFunction, decodeInstruction, lowWord, stepShape } from './stepShape.ts';
import { chain, slotWord } from './words.ts';

/** A leaf of one of the machine's trees and its siblings. */
export type Path = { index: number; leaf: Uint8Array; siblings: Uint8Array[] };

/**
 * Everything needed to execute the step at `state.pc` without the rest of the state: the state's pre-image,
 * the program's, the instruction (and a br_table's chosen entry), the current function, the operands the step
 * reads (all above a branch target) with the stack hash below them, and the local, global, memory leaves,
 * table entry, callee and caller frame it touches, each with its Merkle path.
 */
export type StepProof = {
  state: StateFields;
  program: ProgramFields;
  instruction: Path;
  entry?: Path;
  func: Path;
  operands: Uint8Array[];
  stackRest: Uint8Array;
  local?: Path;
  global?: Path;
  memory: Path[];
  table?: Path;
  callee?: Path;
  frame?: { record: FrameRecord; rest: Uint8Array };
  /** A host call's micro-step: the I/O state and what the step touches in it (hostProof.ts). */
  host?: HostProof;
  /** Set for steps the on-chain prover cannot execute: host calls the six apps do not make (decision 019). */
  unprovable?: string;
};

/** The proof of the next step of a committed session (call before running the step). */
export function proveStep(commitment: Commitment): StepProof {
  const m = commitment.session.machine;
  const program = commitment.program;
  const state = commitment.fields();
  const path = (tree: { proof(i: number): Uint8Array[]; levels: Uint8Array[] }, index: number): Path => ({
    index,
    leaf: tree.levels[0]!.slice(index * 32, index * 32 + 32),
    siblings: tree.proof(index).map((s) => s.slice()),
  });
  const instruction = path(program.code, m.pc);
  const ins = decodeInstruction(instruction.leaf);
  const [op, a] = ins;
  const words: Uint8Array[] = [];
  for (const [from, to] of commitment.operandRanges(m)) for (let s = from; s < to; s++) words.push(slotWord(m.s32, s));
  const top = (i: number) => lowWord(words[words.length - 1 - i] ?? ZERO[0]!);
  const entry = op === Op.BR_TABLE ? path(program.code, m.pc + 1 + Math.min(top(0), a)) : undefined;
  const calleeIndex = op === Op.CALL_INDIRECT ? (top(0) < m.table.length ? m.table[top(0)]! : -1) : a;
  const calleeParams = () => m.program.funcs[calleeIndex]?.numParams ?? 0;
  const shape = stepShape(ins, state, top, () => decodeInstruction(entry!.leaf)[3], calleeParams, m.sp - m.base);
  const proof: StepProof = {
    state,
    program: program.fields,
    instruction,
    entry,
    func: path(program.funcs, m.func),
    operands: words.slice(words.length - shape.operands),
    stackRest: ZERO[0]!,
    memory: [],
  };
  for (const w of words.slice(0, words.length - shape.operands)) proof.stackRest = chain(proof.stackRest, w);
  if (op === Op.LOCAL_GET || op === Op.LOCAL_SET || op === Op.LOCAL_TEE) proof.local = path(slotTree(m.s32, m.fp, m.base), a);
  if (op === Op.GLOBAL_GET || op === Op.GLOBAL_SET) proof.global = globalPath(m.globals, a);
  for (const leaf of shape.leaves) proof.memory.push({ index: leaf, ...commitment.memory.proof(leaf) });
  if (op === Op.CALL_INDIRECT && top(0) < m.table.length) proof.table = path(program.table, top(0));
  if ((op === Op.CALL || op === Op.CALL_HOST || op === Op.CALL_INDIRECT) && calleeIndex >= 0)
    proof.callee = path(program.funcs, calleeIndex);
  if (op === Op.RETURN && m.depth > 0) {
    const records = commitment.frameRecords(m);
    let rest = ZERO[0]!;
    for (const r of records.slice(0, -1)) rest = chain(rest, frameHash(r));
    proof.frame = { record: records[records.length - 1]!, rest };
  }
  if (op === Op.CALL_HOST || indirectHost(ins, proof)) {
    // a host call, or call_indirect of one (its table index above the parameters): the I/O micro-step's proof
    const kind = decodeFunction(proof.callee!.leaf).host;
    const name = m.program.module.imports[calleeIndex]?.name ?? String(calleeIndex);
    if (kind === 0) proof.unprovable = `host call ${name} (not split into I/O micro-steps yet)`;
    else {
      const { host, memory } = proveHost(commitment.io, kind, m, m.sp - calleeParams() - (op === Op.CALL_INDIRECT ? 1 : 0));
      proof.host = host;
      proof.memory = memory.map((leaf) => ({ index: leaf, ...commitment.memory.proof(leaf) }));
    }
  }
  return proof;
}

/** A call_indirect whose table entry is a host function of the expected signature (it runs the host call's micro-step). */
function indirectHost(ins: number[], proof: StepProof): boolean {
  if (ins[0] !== Op.CALL_INDIRECT || !proof.callee || !proof.table) return false;
  const f = decodeFunction(proof.callee.leaf);
  return f.entry < 0 && f.typeId === ins[1];
}

function globalPath(globals: Int32Array, index: number): Path {
  const tree = slotTree(globals, 0, globals.length / 2);
  return { index, leaf: tree.levels[0]!.slice(index * 32, index * 32 + 32), siblings: tree.proof(index) };
}

/**
 * Checks a step proof against the state root it claims to start from: every revealed item must be in that
 * state, and the proof must reveal exactly what the instruction needs. Throws BadProofError otherwise.
 * (The one-step prover contract does this and then executes the step.)
 */
export function verifyStepProof(preRoot: Uint8Array, proof: StepProof): void {
  const { state: s, program: p } = proof;
  const check = (ok: boolean, reason: string) => {
    if (!ok) throw new BadProofError(reason);
  };
  const inTree = (item: Path | undefined, index: number, depth: number, root: Uint8Array, what: string) => {
    check(item !== undefined, `${what} missing`);
    check(item!.index === index, `${what} at ${item!.index}, expected ${index}`);
    check(equalBytes(rootFromProof(item!.leaf, index, item!.siblings, depth), root), `${what} not in the committed tree`);
  };
  check(equalBytes(hashFields(s), preRoot), 'state fields do not hash to the pre-state root');
  check(s.status === 0, 'the machine has halted: there is no next step');
  check(equalBytes(hashProgram(p), s.programHash), 'program fields do not hash to the state’s program hash');
  inTree(proof.instruction, s.pc, p.codeDepth, p.codeRoot, 'instruction');
  inTree(proof.func, s.func, p.funcsDepth, p.funcsRoot, 'current function');
  const ins = decodeInstruction(proof.instruction.leaf);
  const [op, a] = ins;
  const top = (i: number) => lowWord(proof.operands[proof.operands.length - 1 - i] ?? ZERO[0]!);
  if (op === Op.BR_TABLE) inTree(proof.entry, s.pc + 1 + Math.min(top(0), a), p.codeDepth, p.codeRoot, 'br_table entry');
  if (op === Op.CALL_INDIRECT && top(0) < p.tableLength) inTree(proof.table, top(0), p.tableDepth, p.tableRoot, 'table entry');
  const calleeIndex = op === Op.CALL_INDIRECT ? (proof.table ? lowWord(proof.table.leaf) | 0 : -1) : a;
  if ((op === Op.CALL || op === Op.CALL_HOST || op === Op.CALL_INDIRECT) && calleeIndex >= 0)
    inTree(proof.callee, calleeIndex, p.funcsDepth, p.funcsRoot, 'callee');
  const current = s.stackHeight - s.baseHeight;
  const shape = stepShape(
    ins,
    s,
    top,
    () => decodeInstruction(proof.entry!.leaf)[3],
    () => (proof.callee ? decodeFunction(proof.callee.leaf).numParams : 0),
    current,
  );
  check(proof.operands.length === shape.operands, `${proof.operands.length} operands revealed, the step reads ${shape.operands}`);
  check(shape.operands <= s.stackHeight, 'more operands than the stack holds');
  let h = proof.stackRest;
  for (const w of proof.operands) h = chain(h, w);
  check(equalBytes(h, s.stackHash), 'operands do not hash to the stack hash');
  if (op === Op.LOCAL_GET || op === Op.LOCAL_SET || op === Op.LOCAL_TEE) {
    inTree(proof.local, a, depthFor(decodeFunction(proof.func.leaf).numLocals), s.localsRoot, 'local');
  }
  if (op === Op.GLOBAL_GET || op === Op.GLOBAL_SET) inTree(proof.global, a, p.globalsDepth, s.globalsRoot, 'global');
  if (op === Op.CALL_HOST || indirectHost(ins, proof)) {
    // which leaves a micro-step touches depends on memory (an iovec): the contract checks the set, this checks membership;
    // a host call not split into micro-steps (kind 0) has nothing to reveal and no on-chain step
    if (decodeFunction(proof.callee!.leaf).host !== 0) verifyHost(s.ioHash, proof.host, check, decodeFunction(proof.callee!.leaf).host);
    else check(proof.memory.length === 0 && proof.host === undefined, 'a host call without micro-steps reveals no I/O');
    for (const leaf of proof.memory) inTree(leaf, leaf.index, MEMORY_DEPTH, s.memoryRoot, 'memory leaf');
  } else {
    check(
      proof.memory.length === shape.leaves.length,
      `${proof.memory.length} memory leaves revealed, the step touches ${shape.leaves.length}`,
    );
    shape.leaves.forEach((leaf, i) => {
      inTree(proof.memory[i], leaf, MEMORY_DEPTH, s.memoryRoot, 'memory leaf');
    });
  }
  if (op === Op.RETURN && s.depth > 0) {
    check(proof.frame !== undefined, 'caller frame missing');
    check(equalBytes(chain(proof.frame!.rest, frameHash(proof.frame!.record)), s.framesHash), 'caller frame not in the frames hash');
  }
}

/**
 * The proof's size as calldata, packed: state fields 261 bytes, program fields 104, each Merkle path 32 bytes
 * per node plus a 4-byte index, each operand 32 and the stack hash below them 32, a caller frame 76, a host
 * call's I/O and static fields 396 and its file entry 73.
 */
export function proofSize(p: StepProof): number {
  const path = (x: Path | undefined) => (x ? 4 + 32 * (1 + x.siblings.length) : 0);
  let size = 261 + 104 + path(p.instruction) + path(p.entry) + path(p.func) + 32 * (p.operands.length + 1);
  size += path(p.local) + path(p.global) + path(p.table) + path(p.callee) + p.memory.reduce((n, x) => n + path(x), 0);
  if (p.host) {
    // I/O fields 280, static fields 180, the file entry 73
    size += 280 + 180 + path(p.host.fd) + path(p.host.data) + (p.host.file ? 73 + path(p.host.file.path) : 0);
  }
  return size + (p.frame ? 76 : 0);
}
