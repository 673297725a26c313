import { z } from 'zod';
import { zAddress, zBytes32, zHex, zUint } from '../api/schemas.ts';
import type { DealKey } from '../types/ids.ts';

// The worker <-> scheduler protocol: one zod schema per request and response body. The worker's
// client parses every answer with these, the scheduler validates every request with them, and the
// scheduler may check what it sends against them too (the `...Wire` input types). Integers that
// may not fit in a double (uint256) travel as decimal strings; everything else is plain JSON.

/** A worker's declared resources (its ClassAd). */
export const zResources = z.object({
  cpus: z.number().int().min(1).max(1024),
  memoryMb: z
    .number()
    .int()
    .min(16)
    .max(1 << 22),
  diskGb: z
    .number()
    .int()
    .min(0)
    .max(1 << 20)
    .default(1),
  gpus: z.number().int().min(0).max(64).default(0),
  tee: z.boolean().default(false),
  region: z.string().max(32).default('local'),
});
export type WorkerResources = z.infer<typeof zResources>;

const zCount = z.number().int().nonnegative();
const zMs = z.number().int().nonnegative();

// ------------------------------------------------------------------ POST /v1/workers/challenge

const zDecimal = z.string().regex(/^\d{1,78}$/);

/** Request: nothing (the body may be empty). */
export const zChallengeRequest = z.object({});
export type ChallengeBody = z.input<typeof zChallengeRequest>;

/**
 * Response: a one-time challenge (docs/decisions/014). The worker signs `registrationTypedData`
 * over the nonce and the scheduler's identity (its pool, its address, the chain and hub), and
 * registers before `expiresAt`; a nonce registers once.
 */
export const zChallenge = z.object({
  nonce: zBytes32,
  /** When the nonce stops being accepted (ms since the epoch, the scheduler's clock). */
  expiresAt: zMs,
  /** The scheduler's clock when it answered (ms since the epoch): lets a worker see its own clock is off. */
  serverTime: zMs,
  /** The pool's workerpool id (uint256 as a decimal string). */
  workerpool: zDecimal,
  /** The scheduler's own address (the key that signs its worker authorizations). */
  scheduler: zAddress,
  chainId: z.number().int().min(1),
  /** The hub contract of the deployment (the EIP-712 domain's verifying contract). */
  hub: zAddress,
});
export type Challenge = z.infer<typeof zChallenge>;

// ------------------------------------------------------------------ POST /v1/workers/register

/** What a registration signs: a challenge's nonce, the worker, and the scheduler's identity. */
export type RegistrationScope = {
  nonce: `0x${string}`;
  worker: `0x${string}`;
  workerpool: bigint;
  scheduler: `0x${string}`;
  chainId: number;
  hub: `0x${string}`;
};

/**
 * The EIP-712 typed data a worker signs to register (viem `signTypedData` / `verifyTypedData`):
 * domain bound to the chain and the hub, message bound to the nonce, the worker, the pool and
 * the scheduler. Signed for one pool, scheduler or chain, it is refused by every other.
 */
export function registrationTypedData(s: RegistrationScope) {
  return {
    domain: { name: 'Proofgrid worker registration', version: '1', chainId: s.chainId, verifyingContract: s.hub },
    types: {
      Registration: [
        { name: 'nonce', type: 'bytes32' },
        { name: 'worker', type: 'address' },
        { name: 'workerpool', type: 'uint256' },
        { name: 'scheduler', type: 'address' },
      ],
    },
    primaryType: 'Registration',
    message: { nonce: s.nonce, worker: s.worker, workerpool: s.workerpool, scheduler: s.scheduler },
  } as const;
}

/** Request: a challenge's fields, and the worker's signature of `registrationTypedData` over them. */
export const zRegisterWorker = z.object({
  address: zAddress,
  resources: zResources,
  nonce: zBytes32,
  workerpool: zDecimal,
  scheduler: zAddress,
  chainId: z.number().int().min(1),
  signature: zHex,
  /** Where the worker can be reached for diagnostics (optional). */
  name: z.string().max(64).optional(),
});
export type RegisterWorkerBody = z.input<typeof zRegisterWorker>;

/** Response: the bearer token of every other worker call, and how often to heartbeat. */
export const zRegistered = z.object({
  token: z.string().min(16).max(256),
  leaseTtlMs: zMs.min(1),
  heartbeatMs: zMs.min(1),
  /** The pool's workerpool id (uint256 as a decimal string). */
  workerpool: zDecimal,
});
export type Registered = z.infer<typeof zRegistered>;

// ------------------------------------------------------------------ POST /v1/workers/heartbeat

/** Request: the leases the worker still works on; one of its leases not listed expires. */
export const zHeartbeat = z.object({ leases: z.array(zCount).max(100_000).optional() });
export type HeartbeatBody = z.input<typeof zHeartbeat>;
/** Response: how many leases were extended. */
export const zHeartbeatAck = z.object({ ok: z.literal(true), leases: zCount });
export type HeartbeatAck = z.infer<typeof zHeartbeatAck>;

// ------------------------------------------------------------------ POST /v1/leases/next

/** A deal's immutable terms on the wire (bigints as decimal strings), parsed to a `DealKey`. */
export const zDealKey = z.object({
  requestHash: zBytes32,
  requestConsumed: zUint,
  requester: zAddress,
  callback: zAddress,
  appOwner: zAddress,
  appPrice: zUint,
  datasetOwner: zAddress,
  datasetPrice: zUint,
  poolOwner: zAddress,
  poolPrice: zUint,
  scheduler: zAddress,
  app: zUint,
  dataset: zUint,
  workerpool: zUint,
  volume: zCount,
  trust: zCount,
  timeRef: zUint,
  startTime: zCount,
  workerStake: zUint,
  schedulerRewardRatio: zCount,
  tag: zBytes32,
  verification: zCount,
  challengeWindow: zUint,
  rollbackWindow: zUint,
  inputsRoot: zBytes32.default(`0x${'0'.repeat(64)}`),
});
// A compile-time check that the parsed key is exactly the SDK's DealKey.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const dealKeyMatches: Same<z.output<typeof zDealKey>, DealKey> = true;
void dealKeyMatches;

/** One task of a lease: its index in the deal, its seed, arguments and input files (content hashes). */
export const zLeaseTask = z.object({
  index: zCount,
  taskId: zBytes32,
  seed: zBytes32,
  args: z.array(z.string().max(1024)).max(64),
  files: z.record(z.string().max(200), zBytes32),
});

/** The sandbox limits of a lease's tasks. */
export const zLeaseLimits = z.object({ memoryMb: zCount.min(1), timeoutMs: zMs.min(1), maxOutputBytes: zCount.min(1) });

/** A batch leased to a worker: everything it needs to run the batch and write its result on chain. */
export const zLease = z
  .object({
    leaseId: zCount,
    dealId: zBytes32,
    batchId: zBytes32,
    key: zDealKey,
    first: zCount,
    count: zCount.min(1),
    trust: zCount.min(1),
    app: z.object({ uri: z.string(), moduleHash: zBytes32, memoryMb: zCount }),
    limits: zLeaseLimits,
    tasks: z.array(zLeaseTask),
    /** The scheduler's signature authorizing this worker on this batch (checked by the hub). */
    authorization: zHex,
    /** When the lease expires unless heartbeats extend it (ms since the epoch). */
    expiresAt: zMs,
  })
  .check((ctx) => {
    // The tasks are the batch's, in order: the worker's Merkle root starts at `first`, one leaf per task.
    const { first, count, tasks } = ctx.value;
    if (tasks.length !== count || tasks.some((t, i) => t.index !== first + i)) {
      ctx.issues.push({
        code: 'custom',
        input: tasks,
        path: ['tasks'],
        message: `expected the tasks ${first}..${first + count - 1} in order`,
      });
    }
  });
/** A lease as the worker uses it (`key` is a DealKey with bigints). */
export type Lease = z.output<typeof zLease>;
/** A lease as the scheduler sends it (bigints as decimal strings). */
export type LeaseWire = z.input<typeof zLease>;

/**
 * Request: `waitMs`, how long the scheduler may hold the request open when it has no work for
 * this worker (long poll; answered at once while the worker holds live work; the scheduler's
 * default when absent).
 */
export const zNextLeaseRequest = z.object({ waitMs: z.number().int().min(0).max(30_000).optional() });
export type NextLeaseBody = z.input<typeof zNextLeaseRequest>;
/** Response: a lease, or null and why there is none. */
export const zNextLease = z.object({ lease: zLease.nullable(), reason: z.string().optional() });
export type NextLease = z.infer<typeof zNextLease>;

// ------------------------------------------------------------------ POST /v1/leases/:id/{results,done,fail}

const zUsage = z.object({ maxRunTimeMs: zMs, memoryPeakKb: zCount });

/** One task of a disputable batch: its result blob's sha256 and its leaf's pre-image (decision 030 point 6). */
export const zProvableTask = z.object({
  blob: zBytes32,
  outputDigest: zBytes32,
  claim: z.object({ startRoot: zBytes32, endRoot: zBytes32, steps: zDecimal }),
});
export type ProvableTaskReport = z.infer<typeof zProvableTask>;

/** Request of /results for a batch that ran: the tasks' result digests, uploaded to the content store before. */
export const zLeaseDigests = z.object({
  /** Per-task result digests (sha256 of the encoded result), in task order. */
  digests: z.array(zBytes32).min(1),
  root: zBytes32,
  usage: zUsage,
  /** For replicated batches: the commitment made (the salt stays with the worker). */
  resultHash: zBytes32.optional(),
  /**
   * A disputable deal's batch (decision 030 point 6): `digests` are provable leaves, not content hashes; per task,
   * the leaf's pre-image (the run's output commitment and claim, `steps` in decimal) and the sha256 of its provable
   * result blob, uploaded before (what the store checks and the requester downloads).
   */
  provable: z.array(zProvableTask).min(1).optional(),
});

/**
 * Request of /results for a batch the app failed deterministically (docs/decisions/012): the
 * first failing task's exit code (the app's own, or 134 for a trap) and the digest of its failure
 * report, uploaded to the content store before; `root` is `failureDigest(failure)`.
 */
export const zLeaseFailure = z.object({
  failure: z.object({ exitCode: z.number().int().min(1).max(0xffffffff), outputDigest: zBytes32 }),
  root: zBytes32,
  usage: zUsage,
  resultHash: zBytes32.optional(),
});

/** Request of /results: the digests of a batch that ran, or the failure of a batch the app failed. */
export const zLeaseResult = z.union([zLeaseDigests, zLeaseFailure]);
export type LeaseResultBody = z.input<typeof zLeaseResult>;

/** Request of /done: what the worker did on chain, and the transaction (checked, not trusted). */
export const zLeaseDone = z.object({
  phase: z.enum(['pushed', 'contributed', 'revealed']),
  tx: zBytes32,
});
export type LeaseDoneBody = z.input<typeof zLeaseDone>;

/** Request of /fail: an error code (see docs/errors.md) and a message. */
export const zLeaseFail = z.object({
  code: z.string().max(64),
  message: z.string().max(1000),
});
export type LeaseFailBody = z.input<typeof zLeaseFail>;

/** Response of /results, /done and /fail. */
export const zOk = z.object({ ok: z.literal(true) });

// ------------------------------------------------------------------ /v1/blobs (content store)

/** Response of PUT /v1/blobs[/:hash]: the blob's address; `private` when it is served only to its deals' workers (decision 018; absent from older services). */
export const zBlobStored = z.object({ hash: zBytes32, size: zCount, private: z.boolean().optional() });
/** Response of POST /v1/blobs/batch (the body is length-prefixed frames, see `frame`). */
export const zBlobHashes = z.object({ hashes: z.array(zBytes32) });
/** Request of POST /v1/blobs/fetch (the answer is length-prefixed frames). */
export const zBlobFetch = z.object({ hashes: z.array(zBytes32).max(10_000) });
