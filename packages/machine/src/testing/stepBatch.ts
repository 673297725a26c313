// Test helper: many OneStepProver.step calls in one eth_call. A test-only contract (StepBatch) staticcalls the
// prover once per proof and returns each call's success and return data, so anvil runs one EVM call and one
// JSON-RPC round trip for a whole batch of steps instead of one per step.
import { type Abi, decodeErrorResult, decodeFunctionResult, type Hex, type PublicClient } from 'viem';

export const STEP_BATCH_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.30;

/// Test helper (packages/machine/src/testing/stepBatch.ts): one eth_call for many OneStepProver.step calls.
contract StepBatch {
    function run(address prover, bytes[] calldata calls) external view returns (bool[] memory ok, bytes[] memory out) {
        ok = new bool[](calls.length);
        out = new bytes[](calls.length);
        for (uint256 i = 0; i < calls.length; i++) (ok[i], out[i]) = prover.staticcall(calls[i]);
    }
}
`;

/** What one step answered: its post-state root, or the error it reverted with (decoded from the prover's ABI when it can be). */
export type StepOutcome = { root: Hex } | { error: string };

/** Runs the step() calldata of each entry of `calls` in one eth_call of StepBatch at `batch`. */
export async function stepMany(client: PublicClient, batch: Hex, batchAbi: Abi, prover: Hex, proverAbi: Abi, calls: Hex[]) {
  const [ok, out] = (await client.readContract({ address: batch, abi: batchAbi, functionName: 'run', args: [prover, calls] })) as [
    boolean[],
    Hex[],
  ];
  return ok.map((success, i): StepOutcome => {
    if (success) return { root: decodeFunctionResult({ abi: proverAbi, functionName: 'step', data: out[i]! }) as Hex };
    try {
      const e = decodeErrorResult({ abi: proverAbi, data: out[i]! });
      return { error: `${e.errorName}(${(e.args ?? []).join(', ')})` };
    } catch {
      return { error: `revert ${out[i]}` };
    }
  });
}
