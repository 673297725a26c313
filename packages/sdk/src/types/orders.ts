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

/** A requester's demand (EIP-712 `RequestOrder`). `params` is JSON (args, inputs, result key). */
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
};

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
