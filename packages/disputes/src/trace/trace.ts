import {
  Commitment,
  equalBytes,
  type IoFields,
  type MachineRequest,
  type ProgramFields,
  proveStep,
  run,
  type Session,
  type StateFields,
  type StepProof,
  startSession,
  toHex,
} from '@proofgrid/machine';
import { ProofgridError } from '@proofgrid/sdk/errors';
import type { ProvableResult } from '../output/blob.ts';
import { outputCommitmentOf } from '../output/commitment.ts';

export type Hex = `0x${string}`;

/** What proves the step after state `step`: a step proof, or the fields of a halted state (the step leaves it as it is). */
export type OneStep = { kind: 'step'; step: bigint; proof: StepProof } | { kind: 'halted'; step: bigint; fields: StateFields };

/** A party's view of a run: the state root after any step, and what proves the step after it. */
export interface TraceView {
  rootAt(step: bigint): Hex;
  oneStep(step: bigint): OneStep;
}

/** A state's pre-images as a binding reveals them: the state's fields, its program's and its I/O state's. */
export type Reveal = { state: StateFields; program: ProgramFields; io: IoFields };

/** The output of a halted run: the result blob's content and its output commitment (decision 027). */
export type TraceOutput = { result: ProvableResult; commitment: Hex };

/** Steps per call of the interpreter during a replay. */
const SLICE = 1 << 24;

/**
 * The honest trace of one run on the provable machine (packages/machine): the root after any step, computed by
 * replaying the run. One session moves forward through the run; a step before it restarts the session from step 0
 * (the machine has no snapshot to return to yet: at ~10^8 steps/s a replay of the whole run costs about a second per
 * 10^8 steps, paid at most once per move, since a move's roots are asked in increasing order). Roots already computed
 * are kept. A step past the end of the run is the halted state, which a step leaves as it is.
 * @example
 * const trace = new Trace({ module: program, args, files, seed, limits });
 * const { steps, endRoot } = trace.end(); // the claim's steps and end root
 * trace.rootAt(steps / 2n);
 */
export class Trace implements TraceView {
  readonly request: MachineRequest;
  private session!: Session;
  private commitment!: Commitment;
  private readonly roots = new Map<bigint, Hex>();
  /** Sessions started, the first one included (a measure of replays). */
  restarts = 0;

  constructor(request: MachineRequest) {
    this.request = request;
    this.restart();
  }

  /** Runs to the end: the claim of the run (its step count and its end root; the start root is `rootAt(0n)`). */
  end(): { steps: bigint; endRoot: Hex; startRoot: Hex } {
    const startRoot = this.rootAt(0n);
    this.seek(Number.MAX_SAFE_INTEGER);
    const steps = BigInt(this.session.machine.steps);
    return { steps, endRoot: this.rootAt(steps), startRoot };
  }

  rootAt(step: bigint): Hex {
    const known = this.roots.get(step);
    if (known) return known;
    this.seek(Number(step));
    const root = toHex(this.commitment.root()) as Hex;
    this.roots.set(step, root);
    return root;
  }

  oneStep(step: bigint): OneStep {
    this.seek(Number(step));
    const m = this.session.machine;
    if (m.status !== 'running') return { kind: 'halted', step, fields: this.commitment.fields() };
    const proof = proveStep(this.commitment);
    if (proof.unprovable) {
      throw new ProofgridError(`step ${step + 1n} cannot be proven on chain: ${proof.unprovable}`, {
        code: 'DisputeStepUnprovable',
        details: { step: Number(step), reason: proof.unprovable },
      });
    }
    return { kind: 'step', step, proof };
  }

  /** The pre-images of the state after `step` (a step past the end is the halted state). */
  reveal(step: bigint): Reveal {
    this.seek(Number(step));
    return { state: this.commitment.fields(), program: this.commitment.program.fields, io: this.commitment.io.fields() };
  }

  /**
   * Runs to the end and returns its output: exit code, stdout and stderr with the lengths of the chunks written, the
   * file table at the halt, and the output commitment (the provable task's outputDigest). Throws on a run that does
   * not halt (it has no output).
   */
  output(): TraceOutput {
    this.seek(Number.MAX_SAFE_INTEGER);
    const { machine, wasi } = this.session;
    const { state, io } = this.reveal(BigInt(machine.steps));
    const inputs = this.request.files ?? {};
    const inFiles: Record<string, Uint8Array | null> = {};
    for (const [path, file] of wasi.fs.areas.in) {
      const content = file.data.slice(0, file.size);
      const input = inputs[path];
      inFiles[path] = input && equalBytes(input, content) ? null : content;
    }
    const result: ProvableResult = {
      status: state.status,
      exitCode: state.exitCode,
      stdout: wasi.stdout(),
      stdoutChunks: wasi.chunkLengths(1),
      stderr: wasi.stderr(),
      stderrChunks: wasi.chunkLengths(2),
      files: wasi.fs.outputs(),
      outDirs: [...wasi.fs.dirs.out],
      inDirs: [...wasi.fs.dirs.in],
      inFiles,
    };
    const commitment = outputCommitmentOf({
      status: state.status,
      exitCode: state.exitCode,
      stdoutHash: toHex(io.stdoutHash) as Hex,
      stderrHash: toHex(io.stderrHash) as Hex,
      filesRoot: toHex(io.filesRoot) as Hex,
    });
    return { result, commitment };
  }

  private restart(): void {
    this.session = startSession(this.request);
    this.commitment = new Commitment(this.session);
    this.restarts++;
  }

  /** Moves the session to `step` (or to the end of the run, if it halts first). */
  private seek(step: number): void {
    if (step < this.session.machine.steps) this.restart();
    const m = this.session.machine;
    while (m.status === 'running' && m.steps < step) run(m, Math.min(SLICE, step - m.steps));
  }
}
