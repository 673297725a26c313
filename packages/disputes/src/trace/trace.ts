import {
  Commitment,
  type MachineRequest,
  proveStep,
  run,
  type Session,
  type StateFields,
  type StepProof,
  startSession,
  toHex,
} from '@proofgrid/machine';
import { ProofgridError } from '@proofgrid/sdk/errors';

export type Hex = `0x${string}`;

/** What proves the step after state `step`: a step proof, or the fields of a halted state (the step leaves it as it is). */
export type OneStep = { kind: 'step'; step: bigint; proof: StepProof } | { kind: 'halted'; step: bigint; fields: StateFields };

/** A party's view of a run: the state root after any step, and what proves the step after it. */
export interface TraceView {
  rootAt(step: bigint): Hex;
  oneStep(step: bigint): OneStep;
}

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
