import { type Address, type Hex, concatHex, sha256 } from 'viem';

// The EIP-191 messages of the secret service protocol (D1, D2). Each binds the chain, the
// dataset registry and the service (its public key, GET /v1/info), so a signature for one
// deployment, or for one secret service, is worthless on another (docs/decisions/014). The service
// refuses messages more than 5 minutes old. Owner messages (push, restrict, revoke) carry unix
// milliseconds and must be newer than the last one accepted for the dataset (an old push cannot
// undo a revoke); key requests carry unix seconds and a single-use nonce.

export type DatasetRestrictions = {
  /** App id allowed to use the key (0 / undefined = any). */
  app?: bigint;
  /** Workerpool id allowed (0 / undefined = any). */
  workerpool?: bigint;
  /** Requester allowed (zero address / undefined = any). */
  requester?: Address;
};

/** What every secret service message is bound to: the chain, the dataset registry, and the service's public key. */
export type SecretScope = { chainId: number; datasets: Address; service: Hex };

const restrictionLine = (r: DatasetRestrictions = {}) =>
  `restrictions: app=${(r.app ?? 0n).toString()} workerpool=${(r.workerpool ?? 0n).toString()} requester=${(r.requester ?? '0x0000000000000000000000000000000000000000').toLowerCase()}`;

/** The dataset owner hands the key to the service: binds dataset id, sha256 of the key, restrictions. */
export function secretPushMessage(
  scope: SecretScope,
  p: { dataset: bigint; keyHash: Hex; restrictions?: DatasetRestrictions; timestamp: number },
): string {
  return [
    'Proofgrid dataset secret',
    `chain: ${scope.chainId}`,
    `registry: ${scope.datasets.toLowerCase()}`,
    `service: ${scope.service.toLowerCase()}`,
    `dataset: ${p.dataset}`,
    `key sha256: ${p.keyHash.toLowerCase()}`,
    restrictionLine(p.restrictions),
    `timestamp: ${p.timestamp}`,
  ].join('\n');
}

/** The dataset owner revokes the key: every later key request is refused (D2). */
export function secretRevokeMessage(scope: SecretScope, p: { dataset: bigint; timestamp: number }): string {
  return [
    'Proofgrid dataset revoke',
    `chain: ${scope.chainId}`,
    `registry: ${scope.datasets.toLowerCase()}`,
    `service: ${scope.service.toLowerCase()}`,
    `dataset: ${p.dataset}`,
    `timestamp: ${p.timestamp}`,
  ].join('\n');
}

/** The owner changes the restrictions of a stored key without re-sending it. */
export function secretRestrictMessage(
  scope: SecretScope,
  p: { dataset: bigint; restrictions?: DatasetRestrictions; timestamp: number },
): string {
  return [
    'Proofgrid dataset restrict',
    `chain: ${scope.chainId}`,
    `registry: ${scope.datasets.toLowerCase()}`,
    `service: ${scope.service.toLowerCase()}`,
    `dataset: ${p.dataset}`,
    restrictionLine(p.restrictions),
    `timestamp: ${p.timestamp}`,
  ].join('\n');
}

/**
 * A worker asks for a dataset key for one task. The message doubles as the worker's signed
 * delivery receipt (D4): `received sha256` is the hash of the ciphertext it holds, which the
 * service checks against the registry before releasing anything. `transportKey` is the worker's one-time P-256
 * public key: the service wraps the key for it. `attestation` is the kind of evidence sent.
 */
export function keyRequestMessage(
  scope: SecretScope,
  p: {
    dataset: bigint;
    contentHash: Hex;
    dealId: Hex;
    taskIndex: number;
    worker: Address;
    nonce: Hex;
    timestamp: number;
    transportKey: Hex;
    attestation: string;
  },
): string {
  return [
    'Proofgrid dataset key request',
    `chain: ${scope.chainId}`,
    `registry: ${scope.datasets.toLowerCase()}`,
    `service: ${scope.service.toLowerCase()}`,
    `dataset: ${p.dataset}`,
    `received sha256: ${p.contentHash.toLowerCase()}`,
    `deal: ${p.dealId.toLowerCase()}`,
    `task: ${p.taskIndex}`,
    `worker: ${p.worker.toLowerCase()}`,
    `transport key: ${p.transportKey.toLowerCase()}`,
    `attestation: ${p.attestation}`,
    `nonce: ${p.nonce.toLowerCase()}`,
    `timestamp: ${p.timestamp}`,
  ].join('\n');
}

/** What a TEE quote must carry in its report data: binds the quote to this request's transport key. */
export function keyRequestReportData(transportKey: Hex, nonce: Hex): Hex {
  return sha256(concatHex([transportKey, nonce]));
}
