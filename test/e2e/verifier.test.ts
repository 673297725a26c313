// proofgrid-verifier as a real process (issue 16): a devnet with the real DisputeGame, an optimistic deal of the
// montecarlo example on its smallest input (47,169 steps on the provable machine), a content store serving the module
// over HTTP, the verifier as a child process with its own key (worker1), and the test playing the answering worker
// (worker0) with the deal scheduler's authorization: a liar defending its false claim with made-up roots, a liar that
// does not defend, an honest worker. Chain time moves only by evm_increaseTime; every wait is for a state.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { bindingArguments, defend, readGame, SIDE, Trace, type Wallet } from '@proofgrid/disputes';
import { lyingTrace } from '../../packages/disputes/src/testing/lyingTrace.ts';
import {
  type DealKey,
  dealIdOf,
  deposit,
  finalizeAnswer,
  getBalances,
  getHubEvents,
  getTaskResolution,
  hubAbi,
  proveStart,
  taskIdOf,
  taskInputsOf,
} from '@proofgrid/sdk';
import { OPTIMISTIC_ROLES, startOptimisticDeal } from '@proofgrid/testkit';
import { type Hex, keccak256, parseEther, sha256, toHex } from 'viem';
import { loadModule, montecarlo } from '../../examples/index.ts';

type Deal = Awaited<ReturnType<typeof startOptimisticDeal>>;
type Status = { checked: number; challenged: number; won: number; lost: number; skipped: number; gasSpent: string; tasks: TaskStatus[] };
type TaskStatus = { taskId: Hex; index: number; state: string; moves: number; finalized: boolean; game?: string; detail?: string };

const ROOT = new URL('../..', import.meta.url).pathname;
const MAIN = join(ROOT, 'packages/verifier/src/main.ts');
const WINDOW = 600n;
const CLOCK = 3600; // the devnet's game clock (decision 026)

describe('proofgrid-verifier (real processes: anvil, the verifier as a child process)', () => {
  let deal: Deal;
  let key: DealKey;
  let server: Server;
  let blobsUrl: string;
  let dir: string;
  let deploymentFile: string;
  let verifierKey: Hex;
  let honest: (index: number) => Promise<Trace>;
  const children = new Set<ChildProcess>();

  before(async () => {
    const module = loadModule('montecarlo');
    const args = montecarlo.buildTasks({ paths: 2, tasks: 1 })[0]!.args;
    const moduleHash = sha256(module);
    const blobs = new Map<string, Uint8Array>([[moduleHash, module]]);
    server = createServer((req, res) => {
      const bytes = blobs.get(/^\/v1\/blobs\/(0x[0-9a-f]{64})$/.exec(req.url ?? '')?.[1] ?? '');
      res.writeHead(bytes ? 200 : 404).end(bytes);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    blobsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'h3-verifier-'));
    deploymentFile = join(dir, 'deployment.json');
    deal = await startOptimisticDeal({
      volume: 9n,
      challengeWindow: WINDOW,
      app: { uri: 'blob:montecarlo', moduleHash, maxMemoryMb: 16 },
      params: JSON.stringify({ args }),
      deploymentFile,
    });
    key = deal.key;
    verifierKey = deal.devnet.accounts[7]!.privateKey as Hex; // worker1: 10 PGT in escrow
    const app = { moduleHash, appMemoryMb: 16, categoryMaxSeconds: Number(key.timeRef) };
    honest = async (index) => {
      const inputs = await taskInputsOf(
        { dealId: dealIdOf(key), params: JSON.stringify({ args }), ...app },
        index,
        async (h) => blobs.get(h)!,
      );
      return new Trace({ ...inputs, limits: { memoryMb: inputs.limits.memoryMb, maxOutputBytes: inputs.limits.maxOutputBytes } });
    };
  });
  after(async () => {
    for (const c of children) c.kill('SIGKILL');
    server?.close();
    await deal?.devnet.stop();
  });

  const c = () => deal.clients;
  const taskId = (index: number) => taskIdOf(dealIdOf(key), index);
  const mine = async (seconds: number) => {
    await c().requester!.public.request({ method: 'evm_increaseTime', params: [seconds] } as never);
    await c().requester!.public.request({ method: 'evm_mine', params: [] } as never);
  };
  const head = async () => c().requester!.public.getBlockNumber();

  /** Starts the verifier process; resolves with its port once it listens. */
  function startVerifier(o: { db: string; fraction: string; fromBlock: bigint; key?: Hex }) {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        MAIN,
        '--deployment',
        deploymentFile,
        '--key',
        o.key ?? verifierKey,
        '--blobs',
        blobsUrl,
        '--db',
        join(dir, o.db),
      ].concat(['--fraction', o.fraction, '--from-block', o.fromBlock.toString(), '--poll-ms', '100']),
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.add(child);
    child.on('exit', () => children.delete(child));
    return new Promise<{ child: ChildProcess; url: string; status: () => Promise<Status> }>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const started = /"msg":"verifier started".*"port":(\d+)/.exec(out);
        if (started) {
          const url = `http://127.0.0.1:${started[1]}`;
          resolve({ child, url, status: async () => (await fetch(`${url}/status`)).json() as Promise<Status> });
        }
        if (process.env.H3_VERBOSE) process.stderr.write(d);
      });
      let err = '';
      child.stderr!.on('data', (d: Buffer) => {
        err += d.toString();
        if (process.env.H3_VERBOSE) process.stderr.write(d);
      });
      child.on('exit', (code) => reject(new Error(`the verifier exited with ${code}: ${out}${err}`)));
    });
  }
  /** Polls the verifier's /status until `ok` holds for task `index` (a state, not a duration). */
  async function until(status: () => Promise<Status>, index: number, ok: (t: TaskStatus) => boolean, what: string) {
    for (let i = 0; i < 3000; i++) {
      const t = (await status().catch(() => undefined))?.tasks.find((x) => x.index === index);
      if (t && ok(t)) return t;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`task ${index} never reached: ${what}`);
  }
  const stop = (child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  /** The lie: the honest start root and step count, an end root made up (as lyingTrace makes up every root from step lieFrom). */
  const lieOf = (trace: Trace, lieFrom: bigint) => {
    const { startRoot, steps } = trace.end();
    const liar = lyingTrace(trace, lieFrom);
    return { claim: { startRoot, steps, endRoot: liar.rootAt(steps) }, liar };
  };
  const outputDigest = keccak256(toHex('montecarlo output'));
  /** The game of task `index`'s first challenge. */
  const gameOf = async (index: number, challengeIndex = 0n) =>
    (await c().requester!.public.readContract({
      address: deal.devnet.deployment.hub,
      abi: hubAbi,
      functionName: 'challengeOf',
      args: [taskId(index), challengeIndex],
    })) as { game: Hex; gameId: bigint; challenger: Hex };
  /** Waits until the verifier challenged task `index` and made its first move (the defender's turn, on chain). */
  async function firstMoveMade(status: () => Promise<Status>, index: number) {
    await until(status, index, (t) => t.state === 'challenged', 'challenged');
    const { game, gameId } = await gameOf(index);
    for (let i = 0; i < 3000; i++) {
      const g = await readGame({ publicClient: c().requester!.public as never, address: game, gameId });
      if (g.turn === SIDE.defender) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the verifier never moved in the game of task ${index}`);
  }
  /** The liar defends its claim in the game of task `index`'s first challenge. */
  async function liarDefends(index: number, liar: ReturnType<typeof lyingTrace>, challengeIndex = 0n) {
    const challenge = await gameOf(index, challengeIndex);
    const opened = (await getHubEvents(c().requester!, { eventName: 'DisputeGameOpened', args: { subject: taskId(index) } })).find(
      (e) => e.args.challenge === challengeIndex,
    );
    return defend({
      publicClient: c().worker0!.public as never,
      wallet: c().worker0!.wallet as Wallet,
      address: challenge.game,
      gameId: challenge.gameId,
      fromBlock: opened!.blockNumber,
      view: liar,
      pollMs: 50,
    });
  }

  test('fraction 0 checks nothing: a lie is seen, skipped and not challenged', async () => {
    const from = await head();
    const trace = await honest(0);
    await deal.answer({ index: 0, outputDigest, claim: lieOf(trace, trace.end().steps / 2n).claim });
    const v = await startVerifier({ db: 'zero.sqlite', fraction: '0', fromBlock: from });
    await until(v.status, 0, (t) => t.state === 'skipped', 'skipped');
    const s = await v.status();
    assert.equal(s.checked, 0);
    assert.equal(s.challenged, 0);
    assert.equal((await getTaskResolution(c().requester!, taskId(0))).challenges, 0, 'nothing on chain');
    await stop(v.child);
  });

  let from: bigint;
  let verifier: Awaited<ReturnType<typeof startVerifier>>;
  test('a liar that defends its claim is challenged and loses in a one-step proof; the verifier takes its deposit', async () => {
    from = (await head()) + 1n;
    verifier = await startVerifier({ db: 'one.sqlite', fraction: '1', fromBlock: from });
    const before = await getBalances(c().requester!, { account: c().worker1!.account!.address });
    const trace = await honest(2);
    const { claim, liar } = lieOf(trace, trace.end().steps / 3n);
    await deal.answer({ index: 2, outputDigest, claim });
    await until(verifier.status, 2, (t) => t.state === 'challenged', 'challenged');
    const defended = await liarDefends(2, liar);
    assert.equal(defended.status, 'ChallengerWon');
    const done = await until(verifier.status, 2, (t) => t.state === 'won' && t.finalized, 'won and finalized');
    assert.ok(done.moves >= 3, `challenge, bisections and the proof (${done.moves} transactions)`);
    const [resolved] = await getHubEvents(c().requester!, { eventName: 'ChallengeResolved', args: { subject: taskId(2) } });
    assert.equal(resolved!.args.challengerWon, true);
    assert.equal(resolved!.args.paidTo, c().worker1!.account!.address);
    const r = await getTaskResolution(c().requester!, taskId(2));
    assert.equal(r.status, 'refunded', 'overturned: the requester is refunded');
    const [, , deposit] = (await c().requester!.public.readContract({
      address: deal.devnet.deployment.hub,
      abi: hubAbi,
      functionName: 'disputeSettings',
    })) as readonly [Hex, bigint, bigint];
    const after = await getBalances(c().requester!, { account: c().worker1!.account!.address });
    assert.equal(after.escrow + after.locked - before.escrow - before.locked, deposit, "the liar's deposit, the verifier's own back");
  });

  test('an honest answer is checked and left alone', async () => {
    const trace = await honest(1);
    await deal.answer({ index: 1, outputDigest: trace.output().commitment, claim: trace.end() });
    await until(verifier.status, 1, (t) => t.state === 'agreed', 'agreed');
    assert.equal((await getTaskResolution(c().requester!, taskId(1))).challenges, 0);
  });

  test('a true claim with a wrong output digest is refuted by its end binding, without a game', async () => {
    const trace = await honest(5);
    await deal.answer({ index: 5, outputDigest: keccak256(toHex('not the output')), claim: trace.end() });
    const done = await until(verifier.status, 5, (t) => t.state === 'won' && t.finalized, 'refuted and finalized');
    assert.equal(done.game, undefined, 'no game');
    assert.equal((await getTaskResolution(c().requester!, taskId(5))).status, 'refunded');
    const [refuted] = await getHubEvents(c().requester!, { eventName: 'ClaimRefuted', args: { subject: taskId(5) } });
    assert.equal((refuted!.args as { challenger: Hex }).challenger, c().worker1!.account!.address);
  });

  test('a true run of the app on other inputs: the answerer proves its start when demanded, and the verifier records it lost, with why', async () => {
    const mine = await honest(7);
    const other = new Trace({ ...mine.request, seed: 'another seed' }); // the right program, a start the hub cannot tell from the task's
    const claim = other.end();
    assert.notEqual(claim.startRoot, mine.end().startRoot);
    await deal.answer({ index: 7, outputDigest: other.output().commitment, claim });
    await until(verifier.status, 7, (t) => t.state === 'demanded', 'a start demand');
    await proveStart(c().worker0!, { key, index: 7, reveal: bindingArguments(other, 'start') as never });
    const lost = await until(verifier.status, 7, (t) => t.state === 'lost', 'the demand answered');
    assert.match(lost.detail ?? '', /does not bind/);
    const [proven] = await getHubEvents(c().requester!, { eventName: 'StartProven', args: { subject: taskId(7) } });
    assert.equal((proven!.args as { paidTo: Hex }).paidTo, c().worker0!.account!.address, "the verifier's deposit to the answerer");
  });

  test('a verifier restarted in the middle of a game finishes it', async () => {
    const trace = await honest(3);
    const { claim, liar } = lieOf(trace, 7n);
    await deal.answer({ index: 3, outputDigest, claim });
    // the liar does not move yet: the verifier challenges and makes its first bisection, then is killed
    await firstMoveMade(verifier.status, 3);
    await stop(verifier.child, 'SIGKILL');
    // as if the kill had come between the challenge's transaction and its record: the restart must adopt it, not challenge twice
    const db = new Database(join(dir, 'one.sqlite'));
    db.prepare("update tasks set state = 'mismatch', challenge = null, game = null, game_id = null where idx = 3").run();
    db.close();
    const defended = liarDefends(3, liar);
    verifier = await startVerifier({ db: 'one.sqlite', fraction: '1', fromBlock: from });
    assert.equal((await defended).status, 'ChallengerWon');
    await until(verifier.status, 3, (t) => t.state === 'won' && t.finalized, 'won after the restart');
    assert.equal((await getTaskResolution(c().requester!, taskId(3))).challenges, 1, 'one challenge, adopted after the restart');
  });

  test('two verifiers challenge the same lie at once: both win their games, the first resolved takes the deposit, the other gets its own back', async () => {
    const second = c().dataOwner!;
    await deposit(second, { amount: parseEther('1') });
    const other = await startVerifier({
      db: 'two.sqlite',
      fraction: '1',
      fromBlock: (await head()) + 1n,
      key: deal.devnet.accounts[OPTIMISTIC_ROLES.indexOf('dataOwner')]!.privateKey as Hex,
    });
    const before = await getBalances(c().requester!, { account: second.account!.address });
    const trace = await honest(8);
    const { claim, liar } = lieOf(trace, trace.end().steps / 2n);
    await deal.answer({ index: 8, outputDigest, claim });
    await until(verifier.status, 8, (t) => t.state === 'challenged', 'challenged by the first verifier');
    await until(other.status, 8, (t) => t.state === 'challenged', 'challenged by the second verifier');
    const games = await Promise.all([liarDefends(8, liar, 0n), liarDefends(8, liar, 1n)]);
    assert.deepEqual(
      games.map((g) => g.status),
      ['ChallengerWon', 'ChallengerWon'],
    );
    await until(verifier.status, 8, (t) => t.state === 'won' && t.finalized, 'the first verifier won');
    await until(other.status, 8, (t) => t.state === 'won' && t.finalized, 'the second verifier won');
    const resolved = await getHubEvents(c().requester!, { eventName: 'ChallengeResolved', args: { subject: taskId(8) } });
    assert.equal(resolved.length, 2);
    assert.ok(resolved.every((e) => e.args.challengerWon));
    const after = await getBalances(c().requester!, { account: second.account!.address });
    const gained = after.escrow + after.locked - (before.escrow + before.locked);
    const [, , disputeDeposit] = (await c().requester!.public.readContract({
      address: deal.devnet.deployment.hub,
      abi: hubAbi,
      functionName: 'disputeSettings',
    })) as readonly [Hex, bigint, bigint];
    // Which verifier's challenge landed first is a race: find the second verifier's challenge index on chain.
    const challenged = await getHubEvents(c().requester!, { eventName: 'TaskChallenged', args: { taskId: taskId(8) } });
    const ofSecond = challenged.find((e) => (e.args.challenger as string).toLowerCase() === second.account!.address.toLowerCase());
    assert.ok(ofSecond, 'the second verifier challenged');
    const secondFirst = resolved[0]!.args.challenge === ofSecond.args.challenge;
    assert.equal(gained, secondFirst ? disputeDeposit : 0n, "its deposit back, and the liar's only if its challenge was resolved first");
    assert.equal((await getTaskResolution(c().requester!, taskId(8))).status, 'refunded');
    await stop(other.child);
  });

  // Chain time moves once, past the dispute clock (the deal's deadline too: no answer can come after it).
  test('when the clock runs out: an answerer that does not defend loses on time; a made-up start root, demanded and never revealed, is overturned', async () => {
    const trace = await honest(4);
    await deal.answer({ index: 4, outputDigest, claim: lieOf(trace, 1n).claim });
    const { steps } = (await honest(6)).end();
    const madeUp = { startRoot: keccak256(toHex('made up')), steps, endRoot: keccak256(toHex('end')) };
    await deal.answer({ index: 6, outputDigest, claim: madeUp });
    await firstMoveMade(verifier.status, 4);
    await until(verifier.status, 6, (t) => t.state === 'demanded', 'a start demand');
    assert.equal((await getTaskResolution(c().requester!, taskId(6))).state, 'Resolving', 'the demand holds the answer');
    await mine(CLOCK + 1);
    await until(verifier.status, 4, (t) => t.state === 'won' && t.finalized, 'won on time');
    await until(verifier.status, 6, (t) => t.state === 'won' && t.finalized, 'won when the demand expired');
    const [expired] = await getHubEvents(c().requester!, {
      eventName: 'StartDemandExpired',
      args: { subject: taskId(6) },
    });
    assert.equal((expired!.args as { challenger: Hex }).challenger, c().worker1!.account!.address);
    assert.equal((await getTaskResolution(c().requester!, taskId(6))).status, 'refunded');
    const s = await verifier.status();
    assert.equal(s.won, 6);
    assert.equal(s.lost, 1, 'the start demand the answerer proved');
    assert.ok(BigInt(s.gasSpent) > 0n);
    const metrics = await (await fetch(`${verifier.url}/metrics`)).text();
    assert.match(metrics, new RegExp(`^proofgrid_verifier_won ${s.won}$`, 'm'));
    assert.match(metrics, /^proofgrid_verifier_process_resident_memory_bytes \d/m, 'the process metrics too');
    assert.match(metrics, new RegExp(`^proofgrid_verifier_challenged ${s.challenged}$`, 'm'));
  });

  test('the honest answer, never challenged, is soft-resolved and paid', async () => {
    assert.equal((await getTaskResolution(c().requester!, taskId(1))).status, 'payable', 'the window passed with no challenge');
    await finalizeAnswer(c().requester!, { key, index: 1 });
    assert.equal((await getTaskResolution(c().requester!, taskId(1))).status, 'completed');
    await stop(verifier.child);
  });
});
