import { hostname } from 'node:os';
import { isAddressEqual } from 'viem';
import { ProofgridError } from '@proofgrid/sdk';
import { ApiError } from '@proofgrid/sdk/api';
import {
  type Challenge,
  type Registered,
  type WorkerProtocolClient,
  type WorkerResources,
  registrationTypedData,
} from '@proofgrid/sdk/protocol';
import type { Logger } from 'pino';
import type { PrivateKeyAccount } from 'viem/accounts';
import { firstLine } from './startup.ts';

export type Session = ReturnType<typeof createSession>;

/** What the worker knows of the scheduler it means to join: a challenge naming anything else is not signed. */
export type ExpectedScheduler = { chainId?: number; hub?: `0x${string}`; workerpool?: bigint; scheduler?: `0x${string}` };

/** How far this machine's clock may be off the scheduler's before the worker says so. */
const CLOCK_WARN_MS = 60_000;

/** The challenge's identity checked against what the worker expects; a mismatch is `ChallengeMismatch`. */
export function checkChallenge(c: Challenge, expect: ExpectedScheduler) {
  const wrong: string[] = [];
  if (expect.chainId !== undefined && c.chainId !== expect.chainId) wrong.push(`chain ${c.chainId}, expected ${expect.chainId}`);
  if (expect.hub && !isAddressEqual(c.hub, expect.hub)) wrong.push(`hub ${c.hub}, expected ${expect.hub}`);
  if (expect.workerpool !== undefined && BigInt(c.workerpool) !== expect.workerpool)
    wrong.push(`workerpool ${c.workerpool}, expected ${expect.workerpool}`);
  if (expect.scheduler && !isAddressEqual(c.scheduler, expect.scheduler))
    wrong.push(`scheduler ${c.scheduler}, expected ${expect.scheduler}`);
  if (wrong.length)
    throw new ProofgridError(`the scheduler's challenge is for ${wrong.join('; ')}: not signed`, {
      code: 'ChallengeMismatch',
      details: { challenge: c },
    });
}

/**
 * The worker's session with its scheduler: a registration signed over a one-time challenge (its
 * nonce, the pool, the scheduler's address, the chain; docs/decisions/014), the bearer token the
 * protocol client keeps, heartbeats listing the leases the worker still holds, and registering
 * again when the scheduler no longer knows the token (it restarted on a fresh database, or the
 * worker was replaced). No clock is signed: a worker whose clock is off registers all the same
 * (and says its clock is off, for what else depends on it).
 */
export function createSession(o: {
  account: PrivateKeyAccount;
  scheduler: WorkerProtocolClient;
  resources: WorkerResources;
  name?: string;
  log: Logger;
  /** The chain, hub and (if configured) pool the worker means to join. */
  expect?: ExpectedScheduler;
}) {
  const { account, scheduler, log } = o;
  let registering: Promise<Registered> | undefined;
  let beat: ReturnType<typeof setInterval> | undefined;
  /** Set while heartbeats fail: one warning per outage, one line when they pass again. */
  let heartbeatFailing = false;
  let clockWarned = false;

  async function send() {
    const c = await scheduler.challenge();
    checkChallenge(c, o.expect ?? {});
    const offsetMs = Date.now() - c.serverTime;
    if (Math.abs(offsetMs) > CLOCK_WARN_MS && !clockWarned) {
      clockWarned = true;
      log.warn(
        { offsetS: Math.round(offsetMs / 1000) },
        "this machine's clock is off the scheduler's: registration does not depend on it (a server nonce), but fix the clock",
      );
    }
    const signature = await account.signTypedData(
      registrationTypedData({ ...c, worker: account.address, workerpool: BigInt(c.workerpool) }),
    );
    const { nonce, workerpool, scheduler: schedulerAddress, chainId } = c;
    return scheduler.register({
      address: account.address,
      resources: o.resources,
      nonce,
      workerpool,
      scheduler: schedulerAddress,
      chainId,
      signature,
      name: o.name ?? hostname(),
    });
  }
  async function registerOnce(): Promise<Registered> {
    try {
      return await send();
    } catch (err) {
      // The nonce expired or was forgotten between the two calls (a slow machine, a scheduler restart): once more.
      if (!(err instanceof ApiError) || err.code !== 'ChallengeUnknown') throw err;
      log.info('the registration challenge was no longer known to the scheduler: asking for a new one');
      return await send();
    }
  }
  /** Registers (again); callers at the same time share one registration. */
  function register(): Promise<Registered> {
    registering ??= registerOnce().finally(() => {
      registering = undefined;
    });
    return registering;
  }

  /**
   * Handles a failed scheduler call: `WorkerUnauthorized` means the scheduler does not know this
   * worker's token, so the worker registers again (a failure is logged: the next heartbeat or poll
   * tries again). Answers whether the error was that one.
   */
  async function recover(err: unknown, during: string): Promise<boolean> {
    if (!(err instanceof ApiError) || err.code !== 'WorkerUnauthorized') return false;
    try {
      await register();
      log.info({ during }, 'the scheduler did not know this worker: registered again');
    } catch (again) {
      log.warn(
        { during, code: (again as { code?: string }).code },
        `registering again failed, tried again at the next call: ${firstLine(again)}`,
      );
    }
    return true;
  }

  async function heartbeat(leases: number[]) {
    try {
      await scheduler.heartbeat({ leases });
      if (heartbeatFailing) log.info('heartbeats pass again');
      heartbeatFailing = false;
    } catch (err) {
      if (await recover(err, 'heartbeat')) return;
      // The scheduler is down or partitioned: its leases expire on its side if this lasts; the
      // lease loop sees the same outage and waits. Logged once per outage.
      if (!heartbeatFailing) log.warn({ code: (err as { code?: string }).code }, `heartbeats fail: ${firstLine(err)}`);
      heartbeatFailing = true;
    }
  }

  return {
    register,
    recover,
    /** Beats every `heartbeatMs`, listing `leases()` (those being run, and contributions not yet revealed). */
    startHeartbeats(heartbeatMs: number, leases: () => number[]) {
      beat = setInterval(() => void heartbeat(leases()), heartbeatMs);
    },
    stop() {
      clearInterval(beat);
    },
  };
}
