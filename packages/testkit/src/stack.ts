import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { privateKeyToAccount } from 'viem/accounts';
import { type DevAccount, type DevnetChain, startDevnet } from '@proofgrid/devnet';
import { type ProofgridClient, createProofgridClient } from '@proofgrid/sdk';
import { type MarketClient, createMarketClient } from '@proofgrid/sdk/api';
import { type Proxy as FaultProxy, startProxy } from './proxy.ts';
import { fetchTrusting } from './tls.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = ['--import', 'tsx'];

export type Proc = { name: string; child: ChildProcess; log: () => string; kill(signal?: NodeJS.Signals): Promise<void> };

/**
 * Spawns `node --import tsx <script> ...args` as a real process, capturing its output.
 * PROOFGRID_SERVICE_NODE_FLAGS (space-separated) adds node flags to every service, e.g.
 * `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the scheduler under a benchmark.
 */
export function spawnService(
  name: string,
  script: string,
  args: string[],
  env: Record<string, string> = {},
  nodeFlags: string[] = [],
): Proc {
  const flags = [...(process.env.PROOFGRID_SERVICE_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []), ...nodeFlags];
  const child = spawn(process.execPath, [...flags, ...TSX, join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out += d));
  child.stderr?.on('data', (d) => (out += d));
  return {
    name,
    child,
    log: () => out,
    kill: (signal = 'SIGTERM') =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill(signal);
      }),
  };
}

/** Waits until `file` exists and parses it as JSON (services write it when ready). */
export async function waitForFile<T>(file: string, proc: Proc, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as T;
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited (${proc.child.exitCode}) before it was ready:\n${proc.log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${proc.name} not ready within ${timeoutMs} ms:\n${proc.log()}`);
}

export type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * A whole market on loopback: anvil + contracts (in this process), the scheduler and `workers`
 * worker daemons as separate processes talking HTTP and JSON-RPC.
 * With `proxies`, the services reach anvil through a fault proxy (`stack.proxies.rpc`, written to a
 * second deployment file) and the workers reach the scheduler through another
 * (`stack.proxies.scheduler`); the test process itself talks to both directly.
 * With `tls`, the scheduler and the secret service serve HTTPS on the devnet's certificate
 * (`<dir>/tls`, kept when a fixed `dir` is wiped for a new stack); the processes trust its CA through
 * NODE_EXTRA_CA_CERTS, and `stack.market` and `stack.fetch` in this process through `fetchTrusting`.
 */
export async function startStack({
  workers = 2,
  leaseTtlMs = 2000,
  sabotageAfter,
  schedulerArgs = [],
  dir: fixedDir,
  logLevel,
  rollbackWindow,
  proxies: withProxies,
  secrets: withSecrets,
  clockSkewMs,
  tls: withTls,
  chain,
  workerArgs = [],
  colluding,
}: {
  /** Every worker a colluding saboteur (testkit's colludingSaboteur: false provable leaves, decision 030). */
  colluding?: boolean;
  /** More arguments for every worker daemon (e.g. `--provable-batches`, decision 030). */
  workerArgs?: string[];
  /** The EVM node under the market: anvil (default) or Hardhat's EDR (issue 20). */
  chain?: DevnetChain;
  secrets?: boolean;
  /** HTTPS for the scheduler and the secret service, on the devnet's certificate (decision 017). */
  tls?: boolean;
  rollbackWindow?: bigint;
  workers?: number;
  leaseTtlMs?: number;
  sabotageAfter?: Record<number, number>;
  schedulerArgs?: string[];
  dir?: string;
  logLevel?: string;
  proxies?: { seed?: number } | boolean;
  /** Worker index -> how far its wall clock is off, ms (clockSkew.mjs preloaded; plan D8). */
  clockSkewMs?: Record<number, number>;
} = {}) {
  const dir = fixedDir ?? mkdtempSync(join(tmpdir(), 'proofgrid-e2e-'));
  if (fixedDir) {
    // Everything but the devnet's certificates (made once per directory: a CA a user trusted stays valid).
    mkdirSync(fixedDir, { recursive: true });
    for (const name of readdirSync(fixedDir)) if (name !== 'tls') rmSync(join(fixedDir, name), { recursive: true, force: true });
  }
  const env0: Record<string, string> = logLevel ? { LOG_LEVEL: logLevel } : {};
  const deploymentFile = join(dir, 'deployment.json');
  const devnet = await startDevnet({
    accounts: 6 + workers + 2,
    deploymentFile,
    rollbackWindow,
    tlsDir: withTls ? join(dir, 'tls') : undefined,
    chain,
  });
  const tls = devnet.tls;
  // On TLS: the services serve the devnet certificate, every process trusts its CA.
  if (tls) env0.NODE_EXTRA_CA_CERTS = tls.caFile;
  const tlsArgs = tls ? ['--tls-cert', tls.certFile, '--tls-key', tls.keyFile] : [];
  const fetchFn = tls ? fetchTrusting(tls.ca) : globalThis.fetch;
  const viaProxy = (url: string) => (tls ? url.replace(/^http:/, 'https:') : url);
  const proxySeed = typeof withProxies === 'object' ? (withProxies.seed ?? 1) : 1;
  const proxies: { rpc?: FaultProxy; scheduler?: FaultProxy } = {};
  const procs: Proc[] = [];
  /** Stops everything started so far (also when start-up fails half-way: nothing is left running). */
  const stopAll = async () => {
    await Promise.all(procs.map((p) => p.kill('SIGKILL')));
    await Promise.all(Object.values(proxies).map((p) => p.close()));
    await devnet.stop();
    if (!fixedDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    // The services' deployment file: the same contracts, the RPC url of the proxy when there is one.
    let servicesDeployment = deploymentFile;
    if (withProxies) {
      proxies.rpc = await startProxy({ name: 'rpc', target: devnet.deployment.rpcUrl, seed: proxySeed });
      servicesDeployment = join(dir, 'deployment.proxied.json');
      writeFileSync(
        servicesDeployment,
        JSON.stringify({ ...JSON.parse(readFileSync(deploymentFile, 'utf8')), rpcUrl: proxies.rpc.url }, null, 2),
      );
    }
    const [admin, requester, developer, dataOwner, poolOwner, scheduler, ...rest] = devnet.accounts as DevAccount[];
    const readyFile = join(dir, 'scheduler.json');
    /** Spawns the scheduler on its state in `dir` (on `port` when restarting, so clients keep their url). */
    const startScheduler = async (port?: string) => {
      rmSync(readyFile, { force: true });
      const p = spawnService(
        'scheduler',
        'packages/scheduler/src/main.ts',
        [
          '--deployment',
          servicesDeployment,
          '--data',
          join(dir, 'scheduler'),
          '--ready-file',
          readyFile,
          '--lease-ttl',
          String(leaseTtlMs),
          ...(port ? ['--port', port] : []),
          ...tlsArgs,
          ...schedulerArgs,
        ],
        { ...env0, PROOFGRID_SCHEDULER_KEY: scheduler!.privateKey, PROOFGRID_OWNER_KEY: poolOwner!.privateKey },
      );
      procs.push(p);
      const ready = await waitForFile<{ url: string; workerpool: string }>(readyFile, p);
      return { proc: p, ...ready };
    };
    let sched = await startScheduler();
    // With `secrets`: the dataset secret service as its own process; workers get --secrets <url>.
    let secrets: { proc: Proc; url: string; publicKey: string } | undefined;
    if (withSecrets) {
      const secretsReady = join(dir, 'secrets.json');
      const p = spawnService(
        'secrets',
        'packages/secrets/src/main.ts',
        ['--deployment', servicesDeployment, '--data', join(dir, 'secrets'), '--ready-file', secretsReady, ...tlsArgs],
        env0,
      );
      procs.push(p);
      secrets = { proc: p, ...(await waitForFile<{ url: string; publicKey: string }>(secretsReady, p)) };
    }
    // The scheduler keeps its port across restarts, so the proxy's target stays valid.
    if (withProxies) proxies.scheduler = await startProxy({ name: 'scheduler', target: sched.url, seed: proxySeed + 1 });
    const workerAccounts = rest.slice(0, workers);
    const startWorkerProc = (i: number) => {
      const a = workerAccounts[i] as DevAccount;
      const args = [
        '--deployment',
        servicesDeployment,
        '--scheduler',
        proxies.scheduler ? viaProxy(proxies.scheduler.url) : sched.url,
        '--data',
        join(dir, `worker-${i}`),
        '--name',
        `worker-${i}`,
      ];
      if (secrets) args.push('--secrets', secrets.url);
      args.push(...workerArgs);
      // A saboteur is the same command line with a result strategy injected (saboteur.ts).
      const sabotage = sabotageAfter?.[i];
      // A skewed wall clock: clockSkew.mjs, preloaded, shifts Date in that process by the env's value.
      const skew = clockSkewMs?.[i];
      const env = {
        ...env0,
        PROOFGRID_WORKER_KEY: a.privateKey,
        ...(skew ? { PROOFGRID_CLOCK_SKEW_MS: String(skew) } : {}),
        ...(sabotage !== undefined ? { PROOFGRID_SABOTAGE_AFTER: String(sabotage) } : {}),
        ...(colluding ? { PROOFGRID_SABOTAGE_LEAVES: 'colluding' } : {}),
      };
      const script = sabotage !== undefined || colluding ? 'packages/testkit/src/saboteurWorker.ts' : 'packages/worker/src/main.ts';
      const p = spawnService(`worker-${i}`, script, args, env, skew ? ['--import', join(import.meta.dirname, 'clockSkew.mjs')] : []);
      procs.push(p);
      return p;
    };
    const workerProcs = workerAccounts.map((_, i) => startWorkerProc(i));
    const clientOf = (a: DevAccount): ProofgridClient =>
      createProofgridClient({ deployment: devnet.deployment, account: privateKeyToAccount(a.privateKey) });
    let market: MarketClient = createMarketClient({ url: sched.url, fetch: fetchFn });
    // Wait for every worker to register.
    const started = Date.now();
    while ((await market.listWorkers()).filter((w) => w.status === 'online').length < workers) {
      if (Date.now() - started > 60_000) throw new Error(`workers did not register:\n${workerProcs.map((p) => p.log()).join('\n')}`);
      for (const p of workerProcs) if (p.child.exitCode !== null) throw new Error(`${p.name} exited:\n${p.log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      dir,
      /** The secret service (with the `secrets` option). */
      secrets,
      /** With `tls`: the devnet's CA, certificate and key (files and PEM). */
      tls,
      /** The fetch for this process's own clients of the services (trusts the devnet CA with `tls`). */
      fetch: fetchFn,
      deploymentFile,
      devnet,
      deployment: devnet.deployment,
      accounts: {
        admin: admin!,
        requester: requester!,
        developer: developer!,
        dataOwner: dataOwner!,
        poolOwner: poolOwner!,
        scheduler: scheduler!,
        workers: workerAccounts,
        spare: rest.slice(workers),
      },
      clientOf,
      get market() {
        return market;
      },
      get scheduler() {
        return sched;
      },
      workers: workerProcs,
      startWorkerProc,
      /** Fault proxies (with the `proxies` option): services -> anvil, workers -> scheduler. */
      proxies,
      /**
       * Kills worker `i` (SIGKILL by default; a no-op if it is already dead) and starts it again
       * with the same key and data directory; resolves when the process is spawned.
       */
      async restartWorker(i: number, signal: NodeJS.Signals = 'SIGKILL') {
        const old = workerProcs[i] as Proc;
        if (old.child.signalCode === null && old.child.exitCode === null) {
          try {
            process.kill(old.child.pid as number, 'SIGCONT'); // a stopped process would never die of SIGTERM
          } catch {
            /* already gone */
          }
        }
        await old.kill(signal);
        workerProcs[i] = startWorkerProc(i);
        return workerProcs[i] as Proc;
      },
      /** Kills the scheduler (SIGKILL by default) and starts it again on the same state. */
      async restartScheduler(signal: NodeJS.Signals = 'SIGKILL') {
        await sched.proc.kill(signal);
        sched = await startScheduler(new URL(sched.url).port);
        market = createMarketClient({ url: sched.url, fetch: fetchFn });
      },
      logs: () => procs.map((p) => `--- ${p.name}\n${p.log()}`).join('\n'),
      stop: stopAll,
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
