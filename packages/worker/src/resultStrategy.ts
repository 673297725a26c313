import type { Lease } from '@proofgrid/sdk/protocol';
import type { Hex } from 'viem';
import type { ProvableLeaf } from './batchLeaves/provableLeaves.ts';

/** One task's result: the encoded (maybe encrypted) blob, its digest, and what running it cost. */
export type TaskOutput = { blob: Uint8Array; digest: Hex; wallMs: number; memoryPeakBytes: number };

/**
 * Where a lease's results come from. The worker's own is `honest` (run every task in the sandbox);
 * demos and tests inject others (testkit's lazy saboteur) to exercise the consensus.
 */
export interface ResultStrategy {
  readonly name: string;
  /** The outputs of the lease's tasks, in task order; `run` runs them in the sandbox. */
  outputs(lease: Lease, run: () => Promise<TaskOutput[]>): Promise<TaskOutput[]>;
  /**
   * A disputable deal's batch (decision 030): the leaves committed, from the worker's own provable runs (`honest`).
   * Absent: the honest leaves. Tests inject false ones (testkit's colluding saboteur) to exercise the disputes.
   */
  leaves?(lease: Lease, honest: ProvableLeaf[]): ProvableLeaf[];
  /** Told once the lease's result is on chain. */
  committed?(lease: Lease, phase: 'pushed' | 'contributed'): void;
}

/** Runs every task. */
export const honest: ResultStrategy = { name: 'honest', outputs: (_lease, run) => run() };
