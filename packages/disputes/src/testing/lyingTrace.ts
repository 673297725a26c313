import type { Hex, OneStep, TraceView } from '../trace/trace.ts';
import { keccak256, toHex } from 'viem';

/**
 * Test helper: a party that follows `honest` up to step `lieFrom` and makes up every root from there on (a wrong end
 * root claimed, or a false challenge). Its one-step proofs are the honest ones: they cannot refute an honest root.
 */
export function lyingTrace(honest: TraceView, lieFrom: bigint): TraceView {
  return {
    rootAt: (step: bigint): Hex => (step >= lieFrom ? keccak256(toHex(`lie ${step}`)) : honest.rootAt(step)),
    oneStep: (step: bigint): OneStep => honest.oneStep(step),
  };
}
