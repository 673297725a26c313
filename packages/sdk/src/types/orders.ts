import type { Address, Hex } from 'viem';

/** An app owner's offer (EIP-712 `AppOrder`). Restrictions: 0n / zero address = anyone. */
export type AppOrder = {
  app: bigint;
  price: bigint;
  volume: bigint;
  tag: Hex;
  datasetRestrict: bigint;
  workerpoolRestrict: bigint;
  requesterRestrict: Address;
  expiry: bigint;
  salt: Hex;
};

/** A dataset owner's offer (EIP-712 `DatasetOrder`). */
export type DatasetOrder = {
  dataset: bigint;
  price: bigint;
  volume: bigint;
  tag: Hex;
  appRestrict: bigint;
  workerpoolRestrict: bigint;
  requesterRestrict: Address;
  expiry: bigint;
  salt: Hex;
};

/** A workerpool's offer (EIP-712 `WorkerpoolOrder`). */
export type WorkerpoolOrder = {
  workerpool: bigint;
  price: bigint;
  volume: bigint;
  tag: Hex;
  category: bigint;
  trust: bigint;
  appRestrict: bigint;
  datasetRestrict: bigint;
  requesterRestrict: Address;
  expiry: bigint;
  salt: Hex;
};

/** How a request's results are verified (decision 026): replication consensus, or one answer open to challenges. */
export type VerificationMode = 'replicated' | 'optimistic';
/** The on-chain code of each mode (`RequestOrder.verification`, `DealKey.verification`). */
export const VERIFICATION_CODES = { replicated: 0, optimistic: 1 } as const satisfies Record<VerificationMode, number>;

/**
 * A requester's demand (EIP-712 `RequestOrder`). `params` is JSON (args, inputs, result key). The
 * verification terms (decision 026): `verification` 0 replicated / 1 optimistic, `challengeWindow`
 * (optimistic) and `rollbackWindow` (replicated, 0 = the hub's) in seconds; all 0 is the default. `inputsRoot`
 * (decision 031): the root of the tasks' inputs leaves (packages/disputes `inputsRootOf`), zero for none.
 */
export type RequestOrder = {
  app: bigint;
  appMaxPrice: bigint;
  dataset: bigint;
  datasetMaxPrice: bigint;
  workerpool: bigint;
  workerpoolMaxPrice: bigint;
  requester: Address;
  volume: bigint;
  tag: Hex;
  category: bigint;
  trust: bigint;
  callback: Address;
  params: string;
  expiry: bigint;
  salt: Hex;
  verification: number;
  challengeWindow: bigint;
  rollbackWindow: bigint;
  inputsRoot: Hex;
};

/** The verification terms of a request order, optional when building one (absent = 0, today's default). */
export type RequestTerms = Pick<RequestOrder, 'verification' | 'challengeWindow' | 'rollbackWindow'>;
/** The request order's fields a caller may leave out: the verification terms and the inputs root (absent = 0). */
export type RequestDefaults = RequestTerms & Pick<RequestOrder, 'inputsRoot'>;
/** A request order as callers build it: the verification terms may be left out. */
export type RequestOrderInput = Omit<RequestOrder, keyof RequestDefaults> & Partial<RequestDefaults>;

export type OrderKind = 'app' | 'dataset' | 'workerpool' | 'request';

export type OrderOf<K extends OrderKind> = K extends 'app'
  ? AppOrder
  : K extends 'dataset'
    ? DatasetOrder
    : K extends 'workerpool'
      ? WorkerpoolOrder
      : RequestOrder;

/** An order with its signature (`0x` when presigned on chain). */
export type Signed<T> = T & { signature: Hex };
