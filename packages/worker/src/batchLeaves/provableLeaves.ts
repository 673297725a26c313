import { encodeProvableResult } from '@proofgrid/disputes';
import { ProofgridError, type ProvableClaim, provableDigestOf, resultDigestOf } from '@proofgrid/sdk';
import type { Hex } from 'viem';
import { openTrace, traceBoundsOf } from '../optimistic/traceHost.ts';
import type { MachineRequest } from '../optimistic/traceProtocol.ts';

/**
 * One task's leaf in a disputable replicated batch (decision 030): `provableDigestOf(outputDigest, claim)`, what
 * `challengeBatch` and `refuteBatch` prove under the batch's root, beside the provable result blob (maybe sealed for
 * the requester) and its content digest, under which the content store keeps it.
 */
export type ProvableLeaf = {
  index: number;
  leaf: Hex;
  /** The output commitment of the run's halted state (decision 027): the end binding's `outputDigest`. */
  outputDigest: Hex;
  claim: ProvableClaim;
  blob: Uint8Array;
  blobDigest: Hex;
};

/** STATUS_CODE.exited of the machine's state fields. */
const EXITED = 1;

export type ProvableTask = { index: number; request: MachineRequest };

/**
 * Runs each task of a disputable batch on the provable machine, in a trace thread of its own (optimistic/traceHost.ts:
 * off the main thread, within the lease's step budget and wall-clock bound, `AnswerStepBudget`/`AnswerTimeout`), one
 * task at a time (the sandbox pool already holds the cores). The module's image is checked once against the registered
 * one first: when they differ every honest replica refuses the batch (`AnswerImageMismatch`, as an optimistic answerer
 * does), since an honest start would lose every start demand. A task the sandbox ran to exit 0 must halt with exit 0
 * on the machine too; otherwise the two machines disagree and the batch is not committed (`Internal`).
 */
export async function provableLeavesOf(p: {
  tasks: readonly ProvableTask[];
  limits: { timeoutMs: number };
  image: Hex;
  seal: (plain: Uint8Array, index: number) => Promise<Uint8Array>;
}): Promise<ProvableLeaf[]> {
  const bounds = traceBoundsOf(p.limits);
  const leaves: ProvableLeaf[] = [];
  for (const [i, t] of p.tasks.entries()) {
    const run = openTrace(t.request, bounds);
    try {
      if (i === 0) {
        const image = await run.image();
        if (image.toLowerCase() !== p.image.toLowerCase())
          throw new ProofgridError(`the app's registered machine image ${p.image} is not its module's (${image})`, {
            code: 'AnswerImageMismatch',
            details: { registered: p.image, image },
          });
      }
      const { claim, output } = await run.end();
      if (output.result.status !== EXITED || output.result.exitCode !== 0)
        throw new ProofgridError(`task ${t.index} did not exit with 0 on the provable machine, as it did in the sandbox`, {
          code: 'Internal',
          details: { index: t.index },
        });
      const blob = await p.seal(encodeProvableResult(output.result), t.index);
      leaves.push({
        index: t.index,
        leaf: provableDigestOf(output.commitment, claim),
        outputDigest: output.commitment,
        claim,
        blob,
        blobDigest: resultDigestOf(blob),
      });
    } finally {
      await run.close();
    }
  }
  return leaves;
}
