import { verifyProvableResult } from '@proofgrid/disputes';
import type { ProvableResultCheck } from '@proofgrid/sdk';

/**
 * The check `fetchResults` needs for provable results (optimistic answers, disputable batches): the blob must yield
 * the output commitment the chain holds (packages/disputes `verifyProvableResult`, `ProvableResultMismatch` otherwise).
 * `inputsOf(index)`: the task's input files, which the blob marks instead of repeating.
 * @example
 * const results = await fetchResults(client, market, deal, { resultKey, checkProvable: provableCheck((i) => plan.tasks[i]?.files) });
 */
export function provableCheck(inputsOf: (index: number) => Record<string, Uint8Array> | undefined = () => undefined): ProvableResultCheck {
  return (blob, task) => {
    const { result } = verifyProvableResult(blob, { inputFiles: inputsOf(task.index) ?? {}, expected: task.outputDigest });
    return { stdout: result.stdout, files: result.files };
  };
}
