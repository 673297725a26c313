import type { Hex } from 'viem';

/**
 * Attestation (D3) on the worker side. A provider produces evidence that the code asking for a
 * dataset key runs inside a hardware enclave (a TEE quote: Intel SGX DCAP, AMD SEV-SNP, Intel TDX)
 * whose report data is `reportData` = sha256(transportKey ‖ nonce) of the key request, so the
 * key is wrapped for a key that never leaves the enclave. The secret service verifies it with the
 * verifier of the same `kind` (packages/secrets/src/attestation.ts).
 */
export interface AttestationProvider {
  /** 'none', 'sgx-dcap', 'sev-snp', 'tdx'. */
  readonly kind: string;
  /** What this provider protects, in one sentence, for logs and `proofgrid-worker --help`. */
  readonly statement: string;
  /** Evidence bound to `reportData`. */
  quote(reportData: Hex): Promise<{ kind: string; quote?: Hex }>;
  /** Checks evidence of this kind locally (a provider may verify its own quotes; 'none' has nothing to check). */
  verify(evidence: { kind: string; quote?: Hex }, reportData: Hex): Promise<boolean>;
}

/**
 * The default provider: no TEE. It sends no quote and says so. Without a TEE, the worker's host
 * (the machine's owner, root, any process able to read this worker's memory or its scratch
 * directory) can see the plain dataset and the plain results while a task runs. The sandbox keeps
 * the app from the network and the host's files; it does not keep the host from the app's data.
 */
export const noAttestation: AttestationProvider = {
  kind: 'none',
  statement:
    'no TEE: this worker host can see the plain dataset and results while a task runs (the sandbox protects the host from the app, not the data from the host)',
  async quote() {
    return { kind: 'none' };
  },
  async verify(evidence) {
    return evidence.kind === 'none';
  },
};
