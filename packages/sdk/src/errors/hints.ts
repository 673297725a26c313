import type { ErrorKind } from './ProofgridError.ts';

/** What to tell a person for each custom error: who must act, and how. */
const HINTS: Record<string, { kind: ErrorKind; message?: (args: readonly unknown[]) => string }> = {
  EscrowInsufficientBalance: {
    kind: 'user',
    message: ([account, balance, needed]) =>
      `account ${account} has ${balance} in the escrow but ${needed} is needed: deposit more (proofgrid wallet deposit)`,
  },
  EscrowZeroAmount: { kind: 'user', message: () => 'give a positive amount' },
  OrderInvalidSignature: {
    kind: 'user',
    message: ([, signer]) => `the order is not signed by its owner ${signer} for this chain and hub (nor presigned)`,
  },
  OrderExpired: { kind: 'user', message: ([, expiry]) => `the order expired at ${expiry}: publish a new one` },
  OrderFullyConsumed: { kind: 'user', message: () => 'the order has no volume left (used or cancelled)' },
  OrderUnauthorized: { kind: 'user', message: ([, caller, owner]) => `only ${owner} may do this, not ${caller}` },
  DealPriceTooHigh: { kind: 'user', message: () => 'an asking price is above the request max price' },
  DealTrustTooHigh: { kind: 'user', message: () => 'the request asks for more trust than the pool offers' },
  DealCategoryMismatch: { kind: 'user', message: () => 'request and workerpool orders are for different categories' },
  DealTagMismatch: { kind: 'user', message: () => 'the pool does not offer what the app, dataset or request need (TEE, GPU)' },
  DealRestricted: { kind: 'user', message: () => 'an order restricts who may use it, and this deal is not allowed' },
  DealUnknown: { kind: 'user', message: () => 'no deal has this key on this hub' },
  CategoryUnknown: { kind: 'user', message: () => 'no such category: the devnet has XS (0), S (1), M (2) and L (3)' },
  BatchOutOfRange: { kind: 'user', message: () => 'the task range is outside the deal' },
  BatchDeadlinePassed: { kind: 'user', message: () => 'the deadline passed: only a claim is possible now' },
  BatchDeadlineNotReached: { kind: 'user', message: () => 'the deal deadline has not passed yet: wait before claiming' },
  TaskAlreadySettled: { kind: 'user', message: () => 'the task is already settled, refunded or claimed' },
  ContributionUnauthorized: { kind: 'user', message: () => 'the scheduler did not authorize this worker for this batch' },
  ContributionDuplicate: { kind: 'user', message: () => 'this worker already contributed to the batch' },
  ContributionRevealMismatch: { kind: 'user', message: () => 'the revealed result and salt do not open the commitment' },
  CheckerUnauthorized: { kind: 'user', message: () => 'only the hub checker may overturn results' },
  OwnableUnauthorizedAccount: { kind: 'user', message: () => 'only the hub owner may do this' },
  RegistryUnknownAsset: { kind: 'user', message: () => 'no asset has this id' },
  RegistryInvalidMetadata: { kind: 'user', message: ([field]) => `metadata field ${field} is missing or invalid` },
};

export function hintFor(errorName: string, args: readonly unknown[]): { kind: ErrorKind; message?: string } {
  const hint = HINTS[errorName];
  if (!hint) return { kind: 'user' };
  return { kind: hint.kind, message: hint.message?.(args) };
}
