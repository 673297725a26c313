import { z } from 'zod';

// Wire schemas of the market HTTP API (scheduler + orderbook). Shared by the service (to
// validate requests) and by clients (to parse answers). Integers travel as decimal strings.

const hex = z.string().regex(/^0x[0-9a-fA-F]*$/, 'expected 0x-prefixed hex');
export const zHex = hex.transform((s) => s as `0x${string}`);
export const zBytes32 = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'expected 32 bytes as 0x-prefixed hex')
  .transform((s) => s.toLowerCase() as `0x${string}`);
export const zAddress = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'expected a 20-byte address')
  .transform((s) => s as `0x${string}`);
/** A uint256 as a decimal string (or a safe integer number), parsed to bigint. */
export const zUint = z
  .union([z.string().regex(/^\d{1,78}$/, 'expected a decimal integer'), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform((v) => BigInt(v))
  .refine((v) => v < 2n ** 256n, 'does not fit in uint256');

export const zAppOrder = z.object({
  app: zUint,
  price: zUint,
  volume: zUint,
  tag: zBytes32,
  datasetRestrict: zUint,
  workerpoolRestrict: zUint,
  requesterRestrict: zAddress,
  expiry: zUint,
  salt: zBytes32,
});
export const zDatasetOrder = z.object({
  dataset: zUint,
  price: zUint,
  volume: zUint,
  tag: zBytes32,
  appRestrict: zUint,
  workerpoolRestrict: zUint,
  requesterRestrict: zAddress,
  expiry: zUint,
  salt: zBytes32,
});
export const zWorkerpoolOrder = z.object({
  workerpool: zUint,
  price: zUint,
  volume: zUint,
  tag: zBytes32,
  category: zUint,
  trust: zUint,
  appRestrict: zUint,
  datasetRestrict: zUint,
  requesterRestrict: zAddress,
  expiry: zUint,
  salt: zBytes32,
});
export const zRequestOrder = z.object({
  app: zUint,
  appMaxPrice: zUint,
  dataset: zUint,
  datasetMaxPrice: zUint,
  workerpool: zUint,
  workerpoolMaxPrice: zUint,
  requester: zAddress,
  volume: zUint,
  tag: zBytes32,
  category: zUint,
  trust: zUint,
  callback: zAddress,
  params: z.string().max(4096),
  expiry: zUint,
  salt: zBytes32,
  // Verification terms (decision 026); absent = 0, the default (replicated, the hub's rollback window).
  verification: z.number().int().min(0).max(255).default(0),
  challengeWindow: zUint.default(0n),
  rollbackWindow: zUint.default(0n),
  // The tasks' inputs root (decision 031); absent = zero, unbound.
  inputsRoot: zBytes32.default(`0x${'0'.repeat(64)}`),
});

/** POST /v1/orders */
export const zPublishOrder = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('app'), order: zAppOrder, signature: zHex }),
  z.object({ kind: z.literal('dataset'), order: zDatasetOrder, signature: zHex }),
  z.object({ kind: z.literal('workerpool'), order: zWorkerpoolOrder, signature: zHex }),
  z.object({ kind: z.literal('request'), order: zRequestOrder, signature: zHex }),
]);
export type PublishOrderBody = z.input<typeof zPublishOrder>;

/** What a request order's `params` may hold (JSON). */
export const zRequestParams = z.object({
  /** sha256 of a task list blob (see zTaskList) in the content store. */
  tasks: zBytes32.optional(),
  /** Arguments for every task when there is no task list. */
  args: z.array(z.string().max(1024)).max(64).optional(),
  /** ClassAd-like requirement on the worker, e.g. `memoryMb >= 512 && !tee`. */
  requirements: z.string().max(512).optional(),
  /** Wall-clock budget per task in ms, tighter than the category's maximum run time. */
  maxRunMs: z.number().int().min(10).max(7_200_000).optional(),
  /** Workers to run each batch at least (replication beyond what trust needs), 1..20. */
  replicas: z.number().int().min(1).max(20).optional(),
  /** Rank expression: among matching workers the highest rank goes first. */
  rank: z.string().max(256).optional(),
  /** How the matcher orders fitting app, dataset and pool orders: `cheapest` (the default) or `earliest` published. */
  orderRank: z.enum(['cheapest', 'earliest']).optional(),
  /**
   * The requester's P-256 public key (33-byte compressed, hex): workers encrypt every result blob
   * for it (C3). Only the matching private key reads the results.
   */
  resultPublicKey: z
    .string()
    .regex(/^0x0[23][0-9a-fA-F]{64}$/, 'expected a 33-byte compressed P-256 public key')
    .optional(),
  /** Where the decrypted dataset appears under /in for each task (default `dataset.csv`). */
  datasetFile: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected a plain file name')
    .optional(),
  /** Secret service URL the requester expects workers to use (informative; workers use their own). */
  datasetKeyService: z.string().url().max(256).optional(),
});
export type RequestParams = z.infer<typeof zRequestParams>;
/** A deal's params as signed on chain (a JSON string, '' for none); throws when they are not valid. */
export const parseRequestParams = (raw: string): RequestParams => zRequestParams.parse(raw === '' ? {} : JSON.parse(raw));

/** A bag's task list: per-task args and input files (content hashes). */
export const zTaskList = z.object({
  version: z.literal(1),
  tasks: z
    .array(
      z.object({
        args: z.array(z.string().max(1024)).max(64).default([]),
        files: z.record(z.string().max(200), zBytes32).default({}),
      }),
    )
    .min(1)
    .max(100_000),
});
export type TaskList = z.input<typeof zTaskList>;

// The worker protocol's schemas (registration, heartbeats, leases) live in ../protocol/schemas.ts.

export const zCancelOrder = z.object({ signature: zHex });

/** The message an order's signer signs to take it off the book (EIP-191). */
export function cancelMessage(orderHash: string): string {
  return `Proofgrid cancel order ${orderHash.toLowerCase()}`;
}
