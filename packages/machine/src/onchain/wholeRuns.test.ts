// Whole runs proven on chain (issue 15): every step of each run is executed by the Solidity prover from the
// interpreter's pre-state root, and each on-chain post-state root must be the next step's pre-state root, from the
// initial state to the final one, whose outputs give the sandbox's result digest. The runs together exercise every
// host call and every instruction the six apps execute.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { apps } from '../../../../examples/index.ts';
import { computeResultDigest, createSandboxPool, type SandboxPool } from '../../../worker/src/sandbox/index.ts';
import { compileModule } from '../compile/compileModule.ts';
import { Op, opName } from '../compile/opcodes.ts';
import { type MachineRequest, startSession } from '../run/runModule.ts';
import { resultDigest } from '../run/resultDigest.ts';
import { functionLeaf } from '../state/programCommitment.ts';
import { Commitment } from '../state/stateHash.ts';
import { decodeFunction, decodeInstruction } from '../state/stepShape.ts';
import { floatArithmeticModule, floatBitsModule, floatConversionModules } from '../testing/floatPrograms.ts';
import { PROBE_REQUEST } from '../testing/hostProbe.ts';
import { deployProver } from '../testing/onchainProver.ts';
import { proveMany, proveRun } from '../testing/proveMany.ts';
import { coveredClassesModule, randomIntegerModule } from '../testing/proverPrograms.ts';
import { buildModule, i32c } from '../testing/wasmBuilder.ts';

const LIMITS = { memoryMb: 16, maxOutputBytes: 4096 };
const plain = (module: Uint8Array): MachineRequest => ({ module, seed: 's', limits: LIMITS });
/** Purpose-built runs: together they exercise every host call and every instruction the prover executes. */
const RUNS: [string, MachineRequest[]][] = [
  ['every host call on its edge cases (testing/hostProbe.ts)', [PROBE_REQUEST]],
  ['every integer, memory and control class', [plain(coveredClassesModule())]],
  ['i32 and i64 instructions on edge operands, loads and stores', [plain(randomIntegerModule())]],
  ['float comparisons, signs, min/max, rounding on edge bit patterns', [plain(floatBitsModule())]],
  ['f32 and f64 arithmetic on random operands', [plain(floatArithmeticModule())]],
  ['int/float conversions on edge values, trapping ones included', floatConversionModules().map(plain)],
  ['division and remainder, then unreachable (a trapping end)', [plain(trappingModule())]],
];

/** A valid WASI command whose last instruction traps: the sandbox must trap too. */
function trappingModule(): Uint8Array {
  const div = [0x6d, 0x6e, 0x6f, 0x70].flatMap((op) => [...i32c(-7), ...i32c(2), op, 0x1a]);
  return buildModule({ memory: { min: 1 }, funcs: [{ body: [...div, 0x00] }] });
}
/** Whether the worker's sandbox can run the module (test programs built loosely typed, or without memory, cannot). */
const sandboxRuns = (bytes: Uint8Array) =>
  WebAssembly.validate(bytes as BufferSource) &&
  WebAssembly.Module.exports(new WebAssembly.Module(bytes as BufferSource)).some((e) => e.name === 'memory');
let sandboxCompared = 0;

/** Opcodes and host calls some whole run proved on chain. */
const provenOps = new Set<number>();
const provenHost = new Set<number>();

describe('whole runs proven on chain, every step', () => {
  let prover: Awaited<ReturnType<typeof deployProver>>;
  let pool: SandboxPool;
  before(async () => {
    prover = await deployProver();
    pool = createSandboxPool({ size: 1 });
  });
  after(async () => {
    prover?.stop();
    await pool?.close();
  });

  for (const [name, requests] of RUNS) {
    test(`${name}: every step proven, the roots chain from the initial state to the final one`, async () => {
      let total = 0;
      for (const request of requests) total += await proveWholeRun(request);
      console.log(`${name}: ${requests.length} run(s), ${total} steps proven on chain`);
    });
  }

  /** Proves every step of one run; checks the chain of roots and, for a run that exits, the sandbox's digest. */
  async function proveWholeRun(request: MachineRequest): Promise<number> {
    const session = startSession(request);
    const commitment = new Commitment(session);
    const initial = commitment.root();
    const steps = await proveRun(commitment, async (chunk, first) => {
      if (first === 0) assert.deepEqual(chunk[0]!.root, initial);
      const posts = await proveMany(prover, chunk);
      for (const [i, step] of chunk.entries()) {
        assert.equal(posts[i], step.post, `step ${first + i + 1}: the contract's post-state root is the next step's pre-state root`);
        const [op] = decodeInstruction(step.proof.instruction.leaf);
        provenOps.add(op);
        if (op === Op.CALL_HOST) provenHost.add(decodeFunction(step.proof.callee!.leaf).host);
      }
    });
    const m = session.machine;
    assert.notEqual(m.status, 'running');
    const bytes = request.module as Uint8Array;
    if (!sandboxRuns(bytes)) return steps;
    sandboxCompared++;
    const sandbox = pool.run({ ...request, module: bytes, limits: { ...request.limits, timeoutMs: 10_000 } });
    if (m.status === 'trapped') {
      await assert.rejects(sandbox, 'the sandbox traps too');
      return steps;
    }
    const expected = await sandbox;
    const actual = { stdout: session.wasi.stdout(), files: session.wasi.fs.outputs() };
    assert.equal(m.exitCode, expected.exitCode);
    assert.equal(resultDigest(actual), computeResultDigest(expected), 'the final state’s outputs give the sandbox’s digest');
    return steps;
  }

  if (process.env.PROOFGRID_SOAK === '1') {
    // long tier: each app's own whole run on its smallest input (47,000 to 121,000 steps: minutes each, past the
    // default budget). Spectrum is not here: its plot has a fixed size, so its smallest run is about 113 M steps.
    const enc = (text: string) => new TextEncoder().encode(text);
    const smallest: [keyof typeof apps, Record<string, unknown>][] = [
      ['renderer', { width: 1, height: 1, columns: 1, rows: 1, samples: 1 }],
      ['montecarlo', { paths: 2, tasks: 1 }],
      ['tsp', { cities: enc('x,y\n0,0\n1,0\n1,1\n'), restarts: 1, iterations: 1 }],
      ['ml', { dataset: enc('a,label\n1,1\n0,0\n'), shards: 1 }],
      ['kmeans', { dataset: enc('day,A,B\n1,0.1,0.2\n2,0.2,0.1\n'), k: 1, restarts: 1, maxIterations: 1 }],
    ];
    for (const [name, params] of smallest) {
      test(`long tier (PROOFGRID_SOAK=1): ${name} on its smallest input, every step proven`, { timeout: 1_800_000 }, async () => {
        const spec = apps[name];
        const task = (spec.buildTasks as (p: Record<string, unknown>) => { args: string[]; files: Record<string, Uint8Array> }[])(
          params,
        )[0]!;
        const module = new Uint8Array(readFileSync(spec.wasmPath));
        const steps = await proveWholeRun({ module, args: task.args, files: task.files, seed: `${name}:0`, limits: spec.limits });
        console.log(`${name} (smallest input): ${steps} steps proven on chain`);
      });
    }
  }

  test('coverage: every host call and every instruction the six apps execute was proven in a whole run', () => {
    const used = new Set<number>();
    const hostKinds = new Set<number>();
    for (const spec of Object.values(apps)) {
      const program = compileModule(new Uint8Array(readFileSync(spec.wasmPath)));
      for (let pc = 0; pc < program.code.length / 4; pc++) if (program.code[4 * pc] !== Op.BR_ENTRY) used.add(program.code[4 * pc]!);
      for (let f = 0; f < program.module.imports.length; f++) hostKinds.add(decodeFunction(functionLeaf(program, f)).host);
    }
    const missing = [...used].filter((op) => !provenOps.has(op)).map(opName);
    assert.deepEqual(missing, [], `instructions of the apps not proven in a whole run: ${missing.join(', ')}`);
    assert.deepEqual(
      [...hostKinds].filter((k) => !provenHost.has(k)),
      [],
      'host calls of the apps not proven in a whole run',
    );
    assert.ok(sandboxCompared >= 2, `${sandboxCompared} runs compared with the sandbox`);
  });
});
