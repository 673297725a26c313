import {
  type Failure,
  type ProofgridClient,
  ProofgridError,
  type SecretsClient,
  buildResultTree,
  contentHashOf,
  decryptDataset,
  encodeResult,
  encryptResult,
  getDataset,
  getDeal,
  resultDigestOf,
  taskIdOf,
} from '@proofgrid/sdk';
import { type RequestParams, parseRequestParams } from '@proofgrid/sdk/api';
import type { Lease, ProvableTaskReport, WorkerProtocolClient } from '@proofgrid/sdk/protocol';
import type { Hex } from 'viem';
import type { PrivateKeyAccount } from 'viem/accounts';
import { AppFailedError, type TaskFailure, batchFailureOf, firstFailure, taskFailureOf } from './appFailure.ts';
import type { AttestationProvider } from './attestation.ts';
import { createLeaseLeaves } from './batchLeaves/leaseLeaves.ts';
import type { ProvableLeaf } from './batchLeaves/provableLeaves.ts';
import type { createContentCache } from './contentCache.ts';
import type { ResultStrategy, TaskOutput } from './resultStrategy.ts';
import type { createSandboxPool } from './sandbox/index.ts';

/**
 * A batch's result as it is reported and committed: per-task digests, their Merkle root, the peak
 * usage; for a batch the app failed, no digests, the failure (exit code, report digest) and its root.
 */
export type BatchResult = {
  digests: Hex[];
  root: Hex;
  usage: { maxRunTimeMs: number; memoryPeakKb: number };
  failure?: Failure;
  /** A disputable deal's batch (decision 030 point 6): per task, its result blob's sha256 and its leaf's pre-image. */
  provable?: ProvableTaskReport[];
};

export type LeaseRunnerParameters = {
  account: PrivateKeyAccount;
  client: ProofgridClient;
  scheduler: WorkerProtocolClient;
  cache: ReturnType<typeof createContentCache>;
  pool: ReturnType<typeof createSandboxPool>;
  secrets?: SecretsClient;
  attestation: AttestationProvider;
  stats: { tasks: number; datasetKeys: number };
  /**
   * Commit provable leaves for batches of disputable deals (decision 030); the report carries each leaf's result blob
   * digest and pre-image beside it (point 6). Off by default until the requester's result download checks provable
   * blobs (fetchResults still downloads by the leaf).
   */
  provableBatches?: boolean;
};

/** Result blobs go to the content store in chunks of this many. */
const UPLOAD_CHUNK = 1000;

/**
 * Running a lease: the app and the inputs by content hash (a deal's dataset decrypted in memory),
 * every task in the sandbox, results encoded (and encrypted for the requester when the deal asks),
 * uploaded to the content store and reported to the scheduler.
 */
export function createLeaseRunner(p: LeaseRunnerParameters) {
  const { client, cache } = p;
  const leavesOf = createLeaseLeaves({ client, cache, paramsOf: (dealId) => paramsOf(dealId) });
  /** A deal's params as signed by its requester, read from the chain (not from the scheduler). */
  const dealParams = new Map<string, RequestParams>();
  async function paramsOf(dealId: Hex): Promise<RequestParams> {
    let params = dealParams.get(dealId);
    if (!params) {
      params = parseRequestParams((await getDeal(client, { dealId })).params);
      if (dealParams.size > 256) dealParams.delete(dealParams.keys().next().value as string);
      dealParams.set(dealId, params);
    }
    return params;
  }

  /**
   * A deal with a dataset: fetch the ciphertext by the registry's content hash (refused if it does
   * not match, before any key is asked for), ask the secret service for the key for this batch
   * (the request is the signed delivery receipt), decrypt in memory.
   */
  async function openDataset(lease: Lease) {
    if (!p.secrets)
      throw new ProofgridError('this deal uses a dataset and the worker has no secret service (--secrets <url>)', {
        code: 'SecretsNotConfigured',
        kind: 'config',
      });
    const meta = await getDataset(client, { dataset: lease.key.dataset });
    const ciphertext = await cache.get(meta.contentHash, meta.uri.startsWith('blob:') ? undefined : meta.uri);
    if (contentHashOf(ciphertext) !== meta.contentHash.toLowerCase())
      throw new ProofgridError('dataset content does not match its hash', { code: 'ContentHashMismatch', kind: 'platform' });
    const released = await p.secrets.requestKey(p.account, {
      key: lease.key,
      contentHash: meta.contentHash,
      taskIndex: lease.first,
      first: lease.first,
      count: lease.count,
      authorization: lease.authorization,
      attest: (reportData) => p.attestation.quote(reportData),
    });
    p.stats.datasetKeys++;
    try {
      return { plain: await decryptDataset(ciphertext, released.key), dealSecret: released.dealSecret };
    } finally {
      released.key.fill(0);
    }
  }

  /**
   * Runs every task of the lease in the sandbox (in parallel, as many as the pool has threads).
   * When the app fails tasks deterministically (a trap, a non-zero exit), every task still runs
   * and the first failing one's report is thrown as an `AppFailedError`.
   */
  async function runTasks(lease: Lease): Promise<TaskOutput[]> {
    const module = await cache.get(lease.app.moduleHash, lease.app.uri);
    const params = await paramsOf(lease.dealId);
    // The plain dataset lives in this process's memory and in the sandbox thread's in-memory /in
    // (never on a disk, decision 025); it is zeroed here once the batch is done.
    const dataset = lease.key.dataset !== 0n ? await openDataset(lease) : undefined;
    /** A result blob as stored: encrypted for the requester when the deal asks (C3), deterministically so replicas agree. */
    const seal = async (plain: Uint8Array, task: number) => {
      const blob = params.resultPublicKey
        ? await encryptResult(plain, params.resultPublicKey as Hex, {
            deterministic: { taskId: taskIdOf(lease.dealId, task), dealSecret: dataset?.dealSecret },
          })
        : plain;
      return { blob, digest: resultDigestOf(blob) };
    };
    try {
      const runs = await Promise.all(
        lease.tasks.map(async (t): Promise<TaskOutput | TaskFailure> => {
          const files: Record<string, Uint8Array> = {};
          for (const [name, hash] of Object.entries(t.files)) files[name] = await cache.get(hash);
          if (dataset) files[params.datasetFile ?? 'dataset.csv'] = dataset.plain;
          let r: Awaited<ReturnType<typeof p.pool.run>>;
          try {
            r = await p.pool.run({ module, args: t.args, files, seed: t.seed, limits: lease.limits, env: { TASK_INDEX: String(t.index) } });
          } catch (err) {
            const failure = taskFailureOf(t.index, err);
            if (failure) return failure;
            throw err;
          }
          if (r.exitCode !== 0) return { task: t.index, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
          const { blob, digest } = await seal(encodeResult({ stdout: r.stdout, files: r.files }), t.index);
          return { blob, digest, wallMs: r.usage.wallMs, memoryPeakBytes: r.usage.memoryPeakBytes };
        }),
      );
      const outputs = runs.filter((r): r is TaskOutput => 'blob' in r);
      const failed = firstFailure(runs.filter((r): r is TaskFailure => 'exitCode' in r));
      if (failed) throw new AppFailedError(await batchFailureOf(failed, seal), usageOf(outputs));
      return outputs;
    } finally {
      dataset?.plain.fill(0);
    }
  }

  /** Uploads the result blobs (idempotent) and checks the store named each by its digest. */
  async function upload(outputs: TaskOutput[]) {
    for (let i = 0; i < outputs.length; i += UPLOAD_CHUNK) {
      const chunk = outputs.slice(i, i + UPLOAD_CHUNK);
      const hashes = await p.scheduler.putBlobs(chunk.map((r) => r.blob));
      hashes.forEach((h, j) => {
        if (h !== chunk[j]?.digest)
          throw new ProofgridError(`the store hashed result ${i + j} to ${h}, not ${chunk[j]?.digest}`, {
            code: 'ResultUploadMismatch',
            kind: 'platform',
          });
      });
    }
  }

  /** A batch the app failed: its report uploaded (checked against its digest), the failure reported. */
  async function reportFailure(lease: Lease, { failure, usage }: AppFailedError): Promise<BatchResult> {
    await upload([{ blob: failure.blob, digest: failure.outputDigest, wallMs: 0, memoryPeakBytes: 0 }]);
    const { exitCode, outputDigest, root } = failure;
    await p.scheduler.reportResults(lease.leaseId, { failure: { exitCode, outputDigest }, root, usage });
    return { digests: [], root, usage, failure: { exitCode, outputDigest } };
  }

  return {
    /** A deal's params as signed by its requester, read from the chain (cached). */
    paramsOf,
    /**
     * Produces the lease's results with `strategy`, uploads them and reports them to the scheduler;
     * a batch the app failed deterministically is reported with its failure (decision 012).
     */
    async run(lease: Lease, strategy: ResultStrategy): Promise<BatchResult> {
      let outputs: TaskOutput[];
      try {
        outputs = await strategy.outputs(lease, () => runTasks(lease));
      } catch (err) {
        if (!(err instanceof AppFailedError)) throw err;
        p.stats.tasks += lease.tasks.length;
        return reportFailure(lease, err);
      }
      if (outputs.length !== lease.tasks.length) {
        throw new ProofgridError(`the ${strategy.name} strategy gave ${outputs.length} results for ${lease.tasks.length} tasks`, {
          code: 'ResultCountMismatch',
          kind: 'internal',
        });
      }
      p.stats.tasks += outputs.length;
      // A disputable deal's batch (decision 030): each task also on the provable machine, its leaf committed.
      const honestLeaves = p.provableBatches ? await leavesOf(lease) : undefined;
      const leaves = honestLeaves && strategy.leaves ? strategy.leaves(lease, honestLeaves) : honestLeaves;
      await upload(outputs);
      if (leaves) await upload(leaves.map((l) => ({ blob: l.blob, digest: l.blobDigest, wallMs: 0, memoryPeakBytes: 0 })));
      const result = leaves ? summarizeLeaves(lease.first, leaves, outputs) : summarize(lease.first, outputs);
      await p.scheduler.reportResults(lease.leaseId, result);
      return result;
    },
  };
}

/** The digests, their Merkle root and the batch's peak usage. */
export function summarize(first: number, outputs: TaskOutput[]): BatchResult {
  const digests = outputs.map((r) => r.digest);
  return { digests, root: buildResultTree(first, digests).root, usage: usageOf(outputs) };
}

/** A disputable batch's result: its provable leaves (decision 030), their Merkle root, the sandbox's peak usage. */
export function summarizeLeaves(first: number, leaves: ProvableLeaf[], outputs: TaskOutput[]): BatchResult {
  const digests = leaves.map((l) => l.leaf);
  const provable = leaves.map((l) => ({
    blob: l.blobDigest,
    outputDigest: l.outputDigest,
    claim: { startRoot: l.claim.startRoot, endRoot: l.claim.endRoot, steps: l.claim.steps.toString() },
  }));
  return { digests, root: buildResultTree(first, digests).root, usage: usageOf(outputs), provable };
}

/** The peak run time and memory of the tasks that ran to their end (zero when none did). */
function usageOf(outputs: TaskOutput[]): BatchResult['usage'] {
  return {
    maxRunTimeMs: Math.ceil(Math.max(0, ...outputs.map((r) => r.wallMs))),
    memoryPeakKb: Math.ceil(Math.max(0, ...outputs.map((r) => r.memoryPeakBytes)) / 1024),
  };
}
