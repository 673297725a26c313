import { hostname } from 'node:os';
import { ApiError } from '@proofgrid/sdk/api';
import {
  type Registered,
  type WorkerProtocolClient,
  type WorkerResources,
  registrationMessage,
  zRegistrationExpiredDetails,
} from '@proofgrid/sdk/protocol';
import type { Logger } from 'pino';
import type { PrivateKeyAccount } from 'viem/accounts';
import { firstLine } from './startup.ts';

export type Session = ReturnType<typeof createSession>;

/** The scheduler's clock (unix seconds) when it refused a registration for its time (D8), else undefined. */
export function refusedServerTime(err: unknown): number | undefined {
  if (!(err instanceof ApiError) || err.code !== 'RegistrationExpired') return undefined;
  const details = zRegistrationExpiredDetails.safeParse(err.details);
  return details.success ? details.data.serverTime : undefined;
}

/**
 * The worker's session with its scheduler: a signed registration (signed again with the
 * scheduler's clock when this machine's clock is off), the bearer token the protocol client keeps,
 * heartbeats listing the leases the worker still holds, and registering again when the scheduler
 * no longer knows the token (it restarted on a fresh database, or the worker was replaced).
 */
export function createSession(o: {
  account: PrivateKeyAccount;
  scheduler: WorkerProtocolClient;
  resources: WorkerResources;
  name?: string;
  log: Logger;
}) {
  const { account, scheduler, log } = o;
  /** This machine's clock minus the scheduler's, learnt when a registration is refused for its time. */
  let clockOffsetMs = 0;
  let registering: Promise<Registered> | undefined;
  let beat: ReturnType<typeof setInterval> | undefined;
  /** Set while heartbeats fail: one warning per outage, one line when they pass again. */
  let heartbeatFailing = false;

  async function send() {
    const timestamp = Math.floor((Date.now() + clockOffsetMs) / 1000);
    const signature = await account.signMessage({ message: registrationMessage(account.address, timestamp) });
    return scheduler.register({ address: account.address, resources: o.resources, timestamp, signature, name: o.name ?? hostname() });
  }
  async function registerOnce(): Promise<Registered> {
    try {
      return await send();
    } catch (err) {
      const serverTime = refusedServerTime(err);
      if (serverTime === undefined) throw err;
      clockOffsetMs = serverTime * 1000 + 500 - Date.now();
      log.warn(
        { offsetS: Math.round(clockOffsetMs / 1000) },
        "this machine's clock is off the scheduler's: registering with the scheduler's time",
      );
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
