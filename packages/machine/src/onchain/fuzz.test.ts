// Differential fuzzing of the on-chain prover (issue 15): seeded random programs (testing/fuzzPrograms.ts) over edge
// operands run on the interpreter, and every step of every run is proven by OneStepProver on anvil: the contract's
// post-state root must equal the interpreter's. The coverage report lists, for every opcode the machine supports
// (host calls aside: onchain/hostIo.test.ts), how many steps proved it; the test fails if one was never proven.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { instructionClass, Op, opName } from '../compile/opcodes.ts';
import { run } from '../exec/execute.ts';
import { startSession } from '../run/runModule.ts';
import { toHex } from '../state/merkle.ts';
import { Commitment } from '../state/stateHash.ts';
import { proveStep } from '../state/stepProof.ts';
import { decodeInstruction } from '../state/stepShape.ts';
import { type Case, compareWithV8 } from '../testing/differential.ts';
import { NUMERIC_OPS, ProgramGenerator, signature } from '../testing/fuzzPrograms.ts';
import { operandBits, Random } from '../testing/fuzzValues.ts';
import { deployProver } from '../testing/onchainProver.ts';
import { T, type ValType } from '../testing/wasmBuilder.ts';

const SEED = 0x15f00d;
const PROGRAMS = 32;
const SNIPPETS = 36;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * Every opcode of the machine's instruction set but CALL_HOST (host calls: hostIo.test.ts) and BR_ENTRY (a
 * br_table's data word, never executed): what compileFunction emits.
 */
export const SUPPORTED_OPS = [
  Op.UNREACHABLE,
  Op.JUMP,
  Op.BR_UNLESS,
  Op.BR,
  Op.BR_IF,
  Op.BR_TABLE,
  Op.RETURN,
  Op.CALL,
  Op.CALL_INDIRECT,
  Op.DROP,
  Op.SELECT,
  ...range(0x20, 0x24),
  ...range(0x28, 0x3e),
  Op.MEMORY_SIZE,
  Op.MEMORY_GROW,
  ...range(0x41, 0x44),
  ...NUMERIC_OPS,
  Op.MEMORY_COPY,
  Op.MEMORY_FILL,
];

describe('differential fuzzing: the one-step prover against the interpreter on random programs', () => {
  let prover: Awaited<ReturnType<typeof deployProver>>;
  before(async () => {
    prover = await deployProver();
  });
  after(() => prover?.stop());

  test(`${PROGRAMS} random programs (seed 0x${SEED.toString(16)}): every step proven on chain gives the interpreter's root; every supported opcode covered`, async (t) => {
    const r = new Random(SEED);
    const generator = new ProgramGenerator(r);
    const started = performance.now();
    const proven = new Map<number, number>();
    const trapsAt = new Map<string, number>();
    let steps = 0;
    for (let i = 0; i < PROGRAMS; i++) {
      const bytes = generator.program(SNIPPETS, i % 2 === 1 ? i >> 1 : undefined); // every other one ends in a trap of each kind
      const session = startSession({ module: bytes, seed: `fuzz-${i}`, limits: { memoryMb: 16, maxOutputBytes: 1024 } });
      const commitment = new Commitment(session);
      let batch: { call: `0x${string}`; want: string; label: string }[] = [];
      let inFlight: Promise<unknown> = Promise.resolve();
      const send = (items: typeof batch) =>
        prover.stepMany(items.map((x) => x.call)).then((outcomes) => {
          for (const [k, o] of outcomes.entries()) assert.deepEqual(o, { root: items[k]!.want }, items[k]!.label);
        });
      while (session.machine.status === 'running') {
        const root = commitment.root();
        const proof = proveStep(commitment);
        const op = decodeInstruction(proof.instruction.leaf)[0];
        const call = prover.calldataOf(root, proof);
        run(session.machine, 1);
        const label = `program ${i}, step ${session.machine.steps} (${opName(op)}, pc ${proof.state.pc})`;
        batch.push({ call, want: toHex(commitment.root()), label });
        proven.set(op, (proven.get(op) ?? 0) + 1);
        steps++;
        if (batch.length >= 100) {
          // one batch on anvil (one eth_call) while the next is proven here
          await inFlight;
          inFlight = send(batch);
          batch = [];
        }
      }
      await Promise.all([inFlight, send(batch)]);
      if (session.machine.status === 'trapped') {
        const trap = session.machine.trap ?? 'trap';
        trapsAt.set(trap, (trapsAt.get(trap) ?? 0) + 1);
      }
    }
    const byClass = new Map<string, string[]>();
    for (const op of SUPPORTED_OPS) {
      const cls = instructionClass(op);
      byClass.set(cls, [...(byClass.get(cls) ?? []), `${opName(op)} ${proven.get(op) ?? 0}`]);
    }
    const report = [...byClass].map(([cls, ops]) => `${cls}: ${ops.join(', ')}`);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    t.diagnostic(
      `${steps} steps of ${PROGRAMS} programs proven on chain in ${seconds} s; runs ending in a trap: ${[...trapsAt].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    );
    t.diagnostic(`coverage (opcode, steps proven):\n${report.join('\n')}`);
    const missing = SUPPORTED_OPS.filter((op) => !proven.has(op)).map(opName);
    assert.deepEqual(missing, [], `supported opcodes never proven on chain: ${missing.join(', ')}`);
    assert.ok(steps >= 4000, `${steps} steps`);
    assert.ok(trapsAt.size >= 6, 'runs end in many kinds of trap');
  });

  test('the interpreter matches V8 on every numeric opcode over the fuzzer operands (NaN payloads aside)', async () => {
    const r = new Random(SEED + 1);
    const asArg = (type: ValType, bits: number | bigint): number | bigint => {
      if (type === T.f32) return new Float32Array(new Int32Array([Number(bits)]).buffer)[0]!;
      if (type === T.f64) return new Float64Array(new BigInt64Array([BigInt(bits)]).buffer)[0]!;
      return bits;
    };
    const cases: Case[] = [];
    for (const op of NUMERIC_OPS) {
      const [params, result] = signature(op);
      for (let i = 0; i < 40; i++)
        cases.push({ op: op >= 0xe0 ? [0xfc, op - 0xe0] : [op], params, result, args: params.map((p) => asArg(p, operandBits(r, p))) });
    }
    const { compared, traps } = await compareWithV8(cases);
    assert.ok(compared > 5000, `${compared} compared`);
    assert.ok(traps > 50, `${traps} trapping cases`);
  });
});
