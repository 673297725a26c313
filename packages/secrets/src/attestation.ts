import type { Hex } from 'viem';

/**
 * Attestation (D3) on the service side: a verifier per evidence kind. A TEE quote (SGX DCAP,
 * SEV-SNP, TDX) must carry `reportData` = sha256(transportKey ‖ nonce) of the key request, so the
 * key is wrapped for a key that lives inside the measured enclave; the verifier checks the quote's
 * signature chain and returns the enclave measurement to compare with an allow-list.
 */
export type AttestationVerdict = { ok: true; kind: string; measurement?: Hex; note: string } | { ok: false; kind: string; reason: string };
export interface AttestationVerifier {
  readonly kind: string;
  /** True when this evidence proves a hardware enclave (the 'none' kind does not). */
  readonly hardware: boolean;
  verify(evidence: { kind: string; quote?: Hex }, reportData: Hex): Promise<AttestationVerdict>;
}

/**
 * The default: no TEE. Accepts a request without evidence and says plainly what that means:
 * the worker's host (its operator, root, anything that can read the worker's memory or scratch
 * directory) can see the plain dataset and results while the task runs.
 */
export const noneVerifier: AttestationVerifier = {
  kind: 'none',
  hardware: false,
  async verify() {
    return { ok: true, kind: 'none', note: 'no TEE: the worker host can see the plain dataset while the task runs' };
  },
};

/**
 * Placeholder for a real quote verifier (sgx-dcap, sev-snp, tdx): refuses everything until an
 * implementation that checks the vendor certificate chain and the measurement is plugged in.
 */
export function unimplementedTeeVerifier(kind: 'sgx-dcap' | 'sev-snp' | 'tdx'): AttestationVerifier {
  return {
    kind,
    hardware: true,
    async verify() {
      return { ok: false, kind, reason: `no ${kind} quote verifier is configured in this secret service` };
    },
  };
}

export const defaultVerifiers = (): Map<string, AttestationVerifier> =>
  new Map(
    [noneVerifier, unimplementedTeeVerifier('sgx-dcap'), unimplementedTeeVerifier('sev-snp'), unimplementedTeeVerifier('tdx')].map((v) => [
      v.kind,
      v,
    ]),
  );
