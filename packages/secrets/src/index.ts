// @proofgrid/secrets: the dataset secret service (D1, D2, D3).
export { startSecretService } from './createSecretService.ts';
export type { SecretService, SecretServiceOptions } from './createSecretService.ts';
export { defaultVerifiers, noneVerifier, unimplementedTeeVerifier } from './attestation.ts';
export type { AttestationVerdict, AttestationVerifier } from './attestation.ts';
export { SecretsError } from './errors.ts';
