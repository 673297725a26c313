import { type TraceOutput, encodeProvableResult } from '@proofgrid/disputes';
import {
  type ProofgridClient,
  ProofgridError,
  answerTask,
  buildResultTree,
  encryptResult,
  getBalances,
  getHubEvents,
  getMachineImage,
  getTaskResolution,
  hubAbi,
  resultDigestOf,
} from '@proofgrid/sdk';
import { type RequestParams, toWire } from '@proofgrid/sdk/api';
import type { Lease, WorkerProtocolClient } from '@proofgrid/sdk/protocol';
import type { Logger } from 'pino';
import { type Address, type Hex, zeroHash } from 'viem';
import type { createContentCache } from '../contentCache.ts';
import type { AnswerEntry, AnswerJournal } from './answerJournal.ts';
import { createInputsLeaves } from './inputsLeaves.ts';
import { type TraceHandle, openTrace, traceBoundsOf } from './traceHost.ts';
import type { MachineRequest } from './traceProtocol.ts';

/**
 * The output digest an answer names: the output commitment of the run's halted state (decision 027,
 * `Trace#output`), which the requester checks a downloaded result blob against with `verifyProvableResult`.
 */
export function outputDigestOf(output: TraceOutput): Hex {
  return output.commitment;
}

/** The provable machine's request for a journaled task: exactly the inputs the sandbox would get. */
export async function requestOf(entry: AnswerEntry, cache: ReturnType<typeof createContentCache>): Promise<MachineRequest> {
  const module = await cache.get(entry.app.moduleHash, entry.app.uri);
  const files: Record<string, Uint8Array> = {};
  for (const [name, hash] of Object.entries(entry.files)) files[name] = await cache.get(hash);
  return { module, args: entry.args, files, seed: entry.seed, env: entry.env, limits: entry.limits };
}

/** The bounds of a journaled answer's runs (an entry written before `timeoutMs` was kept: the protocol's default). */
export const boundsOf = (entry: AnswerEntry) => traceBoundsOf({ timeoutMs: entry.timeoutMs ?? DEFAULT_TIMEOUT_MS });
const DEFAULT_TIMEOUT_MS = 60_000;

/** The hub's dispute deposit (IConfig.disputeSettings: game, clock, deposit). */
export async function disputeDepositOf(client: ProofgridClient): Promise<bigint> {
  const [, , deposit] = (await client.public.readContract({
    address: client.deployment.hub,
    abi: hubAbi,
    functionName: 'disputeSettings',
  })) as readonly [Address, bigint, bigint];
  return deposit;
}

/**
 * Answering a lease of an optimistic deal (decision 026): each task (a lease holds one) runs on the provable
 * machine with the sandbox's inputs; the claim `(startRoot, steps, endRoot)` and the output commitment come from
 * that run, the provable result blob is uploaded and reported, the answer is journaled (a restarted worker still
 * defends it), then `answer` locks the deposit. The run happens in a trace thread (traceHost.ts), within a step budget
 * and a wall-clock bound derived from the lease's `timeoutMs`. The escrow is checked first: short of the deposit, the lease fails
 * with `AnswerDepositShort` and the scheduler gives the task to another worker.
 */
export function createAnswerer(p: {
  client: ProofgridClient;
  address: Address;
  scheduler: WorkerProtocolClient;
  cache: ReturnType<typeof createContentCache>;
  journal: AnswerJournal;
  paramsOf: (dealId: Hex) => Promise<RequestParams>;
  log: Logger;
  stats: { tasks: number };
}) {
  const { client, scheduler, journal, log } = p;
  const checkInputs = createInputsLeaves(p.cache);

  async function checkTerms(lease: Lease) {
    const params = await p.paramsOf(lease.dealId);
    if (lease.key.dataset !== 0n)
      throw new ProofgridError('an optimistic task with a dataset cannot be answered by this worker', {
        code: 'AnswerInputsUnsupported',
        details: { dealId: lease.dealId },
      });
    return params;
  }

  async function checkDeposit() {
    const deposit = await disputeDepositOf(client);
    const { escrow } = await getBalances(client, { account: p.address });
    if (escrow < deposit)
      throw new ProofgridError(`the worker's free escrow (${escrow} wei) is below the dispute deposit (${deposit} wei) an answer locks`, {
        code: 'AnswerDepositShort',
        details: { escrow: escrow.toString(), deposit: deposit.toString() },
      });
  }

  /**
   * The start binding (decision 027, amendment): when the app's owner registered a machine image, it must be the
   * module's (computed in the run's thread), or every honest answer would lose a start demand; the lease fails with
   * `AnswerImageMismatch`, as it would on every honest worker. No image registered: the hub checks only that the
   * start is an initial state, which an honest start is, so the task is answered.
   */
  async function checkImage(lease: Lease, run: TraceHandle) {
    const registered = await getMachineImage(client, { app: lease.key.app, owner: lease.key.appOwner });
    if (registered === zeroHash) return;
    const image = await run.image();
    if (image.toLowerCase() !== registered.toLowerCase())
      throw new ProofgridError(`app ${lease.key.app}'s registered machine image ${registered} is not its module's (${image})`, {
        code: 'AnswerImageMismatch',
        details: { app: lease.key.app.toString(), registered, image },
      });
  }

  /** A task answered before (a lease granted again after a lost report): its answer on chain is reported. */
  async function answeredBefore(lease: Lease, taskId: Hex): Promise<Hex | undefined> {
    const r = await getTaskResolution(client, taskId as never);
    if (r.state === 'Pending') return undefined;
    if (r.answerer.toLowerCase() !== p.address.toLowerCase())
      throw new ProofgridError(`task ${lease.first} of deal ${lease.dealId} was answered by ${r.answerer}`, {
        code: 'DisputeUnexpectedState',
      });
    const [ev] = await getHubEvents(client, { eventName: 'TaskAnswered', args: { taskId } as never });
    return ev?.transactionHash ?? undefined;
  }

  return {
    async answer(lease: Lease): Promise<'pushed'> {
      const t = lease.tasks[0];
      if (!t || lease.count !== 1) throw new Error(`an optimistic lease holds one task (lease ${lease.leaseId} has ${lease.count})`);
      const earlier = await answeredBefore(lease, t.taskId as Hex);
      if (earlier) {
        await scheduler.reportDone(lease.leaseId, { phase: 'pushed', tx: earlier });
        return 'pushed';
      }
      const params = await checkTerms(lease);
      await checkDeposit();
      const entry: AnswerEntry = {
        dealId: lease.dealId,
        key: toWire(lease.key) as Record<string, unknown>,
        index: t.index,
        taskId: t.taskId as Hex,
        app: { uri: lease.app.uri, moduleHash: lease.app.moduleHash as Hex },
        args: t.args,
        files: t.files as Record<string, Hex>,
        seed: t.seed,
        env: { TASK_INDEX: String(t.index) },
        limits: { memoryMb: lease.limits.memoryMb, maxOutputBytes: lease.limits.maxOutputBytes },
        timeoutMs: lease.limits.timeoutMs,
        outputDigest: '0x',
        claim: { startRoot: '0x', steps: '0', endRoot: '0x' },
        fromBlock: '0',
        defended: [],
      };
      const started = performance.now();
      // In a thread of its own, bounded by the lease's limits (AnswerStepBudget, AnswerTimeout): heartbeats go on.
      const request = await requestOf(entry, p.cache);
      // Decision 031: the deal's signed inputs root must hold this run's start (AnswerInputsMismatch otherwise).
      const leaves = await checkInputs(entry, lease.key, params, request);
      if (leaves) entry.inputsLeaves = leaves;
      const run = openTrace(request, boundsOf(entry));
      const { claim, output } = await checkImage(lease, run)
        .then(() => run.end())
        .finally(() => run.close());
      // Encrypted for the requester when the deal asks (deterministically, as replicas do); the output digest is
      // the commitment of the plain run, which the requester checks after decrypting.
      const plain = encodeProvableResult(output.result);
      const blob = params.resultPublicKey
        ? await encryptResult(plain, params.resultPublicKey as Hex, { deterministic: { taskId: t.taskId as Hex } })
        : plain;
      const digest = resultDigestOf(blob);
      const [stored] = await scheduler.putBlobs([blob]);
      if (stored !== digest)
        throw new ProofgridError(`the store hashed the result to ${stored}, not ${digest}`, {
          code: 'ResultUploadMismatch',
          kind: 'platform',
        });
      const usage = { maxRunTimeMs: Math.ceil(performance.now() - started), memoryPeakKb: 0 };
      await scheduler.reportResults(lease.leaseId, { digests: [digest], root: buildResultTree(lease.first, [digest]).root, usage });
      p.stats.tasks++;
      entry.outputDigest = outputDigestOf(output);
      entry.claim = { startRoot: claim.startRoot, steps: claim.steps.toString(), endRoot: claim.endRoot };
      entry.fromBlock = (await client.public.getBlockNumber()).toString();
      journal.add(entry);
      const receipt = await answerTask(client, {
        key: lease.key,
        index: t.index,
        outputDigest: entry.outputDigest,
        claim,
        authorization: lease.authorization,
      });
      entry.tx = receipt.transactionHash;
      journal.save();
      log.info({ dealId: lease.dealId, index: t.index, steps: claim.steps.toString() }, 'answered an optimistic task');
      await scheduler.reportDone(lease.leaseId, { phase: 'pushed', tx: receipt.transactionHash });
      return 'pushed';
    },
  };
}
