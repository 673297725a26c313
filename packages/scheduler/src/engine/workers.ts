import { randomBytes } from 'node:crypto';
import { type Address, isAddressEqual, verifyTypedData } from 'viem';
import { registrationTypedData } from '@proofgrid/sdk/protocol';
import type { z } from 'zod';
import type { zRegisterWorker } from '@proofgrid/sdk/protocol';
import { ServiceError } from '../errors.ts';
import type { Ad } from '../matching/classad.ts';
import type { WorkerRow } from '../store/index.ts';
import { type ChallengeOptions, createChallenges } from './challenges.ts';
import type { Ctx } from './context.ts';

export type Registration = z.output<typeof zRegisterWorker>;

/**
 * Workers: registration over a one-time challenge (docs/decisions/014), bearer tokens, heartbeats
 * that keep them online and extend their leases.
 */
export function createWorkerDesk(ctx: Omit<Ctx, 'onlineWorkers'>, challengeOptions?: ChallengeOptions) {
  const { store, config, log, metrics } = ctx;
  const allowWorkers = config.allowWorkers?.map((a) => a.toLowerCase());
  const ads = new WeakMap<WorkerRow, Ad>();
  const challenges = createChallenges(challengeOptions);
  /** Who this scheduler is: what every registration it takes must be signed for. */
  const identity = {
    workerpool: config.workerpool,
    scheduler: config.scheduler.address,
    chainId: ctx.client.deployment.chainId,
    hub: ctx.client.deployment.hub,
  };

  /** A one-time nonce, with the identity the worker signs it for. */
  function challenge() {
    const { nonce, expiresAt } = challenges.issue();
    return { nonce, expiresAt, serverTime: Date.now(), ...identity, workerpool: identity.workerpool.toString() };
  }

  /**
   * Registers a worker: the registration must name this pool, scheduler and chain, be signed by
   * the worker over them and a nonce this scheduler issued, unused and unexpired. A refused
   * registration changes nothing: the worker's live session (its token) is untouched.
   */
  async function register(r: Registration) {
    const address = r.address.toLowerCase() as Address;
    if (BigInt(r.workerpool) !== identity.workerpool || !isAddressEqual(r.scheduler, identity.scheduler) || r.chainId !== identity.chainId)
      throw new ServiceError(
        'RegistrationMisdirected',
        `registration signed for pool ${r.workerpool}, scheduler ${r.scheduler}, chain ${r.chainId}; this is pool ${identity.workerpool}, scheduler ${identity.scheduler}, chain ${identity.chainId}`,
        403,
        { workerpool: identity.workerpool.toString(), scheduler: identity.scheduler, chainId: identity.chainId },
      );
    let signed = false;
    try {
      const typed = registrationTypedData({ ...identity, nonce: r.nonce, worker: r.address });
      signed = await verifyTypedData({ ...typed, address: r.address, signature: r.signature });
    } catch {
      signed = false; // a malformed signature is a wrong one
    }
    if (!signed) throw new ServiceError('WorkerSignatureInvalid', `registration is not signed by ${r.address}`, 401);
    // After the signature (a forged registration cannot burn a nonce), and synchronously with what follows.
    const verdict = challenges.consume(r.nonce);
    if (verdict === 'replayed') {
      log.warn({ worker: address }, 'a registration was replayed: refused, the live session is kept');
      throw new ServiceError('RegistrationReplayed', `registration nonce ${r.nonce} was already used: ask for a new challenge`, 401);
    }
    if (verdict === 'unknown')
      throw new ServiceError(
        'ChallengeUnknown',
        `registration nonce ${r.nonce} was not issued by this scheduler or has expired: ask for a new challenge (POST /v1/workers/challenge)`,
        401,
      );
    if (allowWorkers && !allowWorkers.includes(address))
      throw new ServiceError('WorkerNotAllowed', `worker ${r.address} is not on this private pool's allow-list`, 403);
    const token = randomBytes(24).toString('hex');
    store.workers.upsert(address, r.name ?? null, JSON.stringify(r.resources), token, Date.now());
    log.info({ worker: address, resources: r.resources }, 'worker registered');
    ctx.kick();
    return {
      token,
      leaseTtlMs: config.leaseTtlMs,
      heartbeatMs: Math.max(200, Math.floor(config.leaseTtlMs / 4)),
      workerpool: config.workerpool.toString(),
    };
  }

  function authenticate(header: string | undefined): WorkerRow {
    const token = header?.replace(/^Bearer\s+/i, '');
    const row = token ? store.workers.byToken(token) : undefined;
    if (!row)
      throw new ServiceError('WorkerUnauthorized', 'unknown or missing worker token: register first (POST /v1/workers/register)', 401);
    return row;
  }

  /**
   * Keeps a worker online and extends the leases it says it holds; a lease of this worker it does
   * not list (lost in a crash of the worker or of the scheduler) expires and its work goes back.
   */
  function heartbeat(worker: WorkerRow, held: number[] | undefined) {
    const now = Date.now();
    store.workers.touch(worker, now);
    const until = now + config.leaseTtlMs;
    let n = 0;
    if (held) {
      // A lease granted in the last TTL may not be in the worker's list yet (in flight).
      for (const id of store.leases.activeIdsOf(worker.address)) if (held.includes(id)) n += store.leases.extend(id, until);
    } else n = store.leases.extendAllOf(worker.address, until);
    metrics.heartbeats.inc();
    return { ok: true as const, leases: n };
  }

  const online = (w: WorkerRow) => Date.now() - w.last_seen < config.leaseTtlMs;
  const onlineWorkers = () => store.workers.all().filter(online);
  const adOf = (w: WorkerRow): Ad => {
    let ad = ads.get(w);
    if (!ad) ads.set(w, (ad = { ...(JSON.parse(w.resources) as Ad), address: w.address }));
    return ad;
  };
  const workers = () => store.workers.all().sort((a, b) => (a.address < b.address ? -1 : 1));

  return { challenge, register, authenticate, heartbeat, online, onlineWorkers, adOf, workers };
}
export type WorkerDesk = ReturnType<typeof createWorkerDesk>;
