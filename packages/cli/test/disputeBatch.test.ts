// `proofgrid dispute challenge --batch` as a real process against a devnet with the real DisputeGame: a replicated
// deal (trust 1, a 600 s rollback window) whose batch [0, 2) is pushed and finalized with provable digests; task 1 is
// challenged through the CLI with an evidence file (its output digest, claim and the batch's digests: the CLI builds
// the Merkle proof with the SDK), the deal's scheduler defends; the challenger lets its clock run out, the challenge is
// resolved through the CLI, and `dispute show` prints the batch's timeline. Chain only: no market is needed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Hex, keccak256, parseEther, toHex } from 'viem';
import { OPTIMISTIC_PRICE, startOptimisticDeal } from '@proofgrid/testkit';
import { type DealKey, type ProofgridClient, buildResultTree, dealIdOf, provableDigestOf } from '@proofgrid/sdk';
import { pushReplicatedBatch } from '../../sdk/test/replicatedBatch.ts';

const BIN = join(resolve(import.meta.dirname, '../../..'), 'packages/cli/bin/proofgrid.mjs');
type Run = { code: number; stdout: string; stderr: string };

describe('proofgrid dispute challenge --batch (real process, devnet with the real dispute game)', () => {
  let devnet: Awaited<ReturnType<typeof startOptimisticDeal>>['devnet'];
  let dir: string;
  let c: Record<string, ProofgridClient>;
  let key: DealKey;
  let dealId: Hex;
  const claims = [0, 1].map((i) => ({
    startRoot: keccak256(toHex(`s${i}`)),
    endRoot: keccak256(toHex(`e${i}`)),
    steps: 5000n + BigInt(i),
  }));
  const outputs = [0, 1].map((i) => keccak256(toHex(`out${i}`)));
  const digests = [0, 1].map((i) => provableDigestOf(outputs[i]!, claims[i]!));

  const cli = (...args: string[]) =>
    new Promise<Run>((done) => {
      const env: Record<string, string | undefined> = {
        ...process.env,
        PROOFGRID_DEPLOYMENT: join(dir, 'deployment.json'),
        PROOFGRID_KEY: '',
      };
      delete env.PROOFGRID_MARKET;
      execFile(process.execPath, [BIN, ...args], { cwd: dir, env, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
        done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  const json = async (...args: string[]) => {
    const r = await cli(...args, '--json');
    assert.equal(r.code, 0, `proofgrid ${args.join(' ')} failed: ${r.stdout}${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const failsWith = (r: Run, code: string, exit: number) => {
    assert.equal(r.code, exit, `exit code (stderr: ${r.stderr})`);
    assert.match(r.stderr.trimEnd(), new RegExp(`^proofgrid: .+ \\[${code}\\]$`));
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'h4-proofgrid-dispute-batch-'));
    const deal = await startOptimisticDeal({ volume: 1n, challengeWindow: 60n, deploymentFile: join(dir, 'deployment.json') });
    ({ devnet, clients: c } = deal);
    // A replicated request on the same app and pool, with a rollback window, its batch [0, 2) pushed.
    ({ key } = await pushReplicatedBatch(deal, { outputs, claims, rollbackWindow: 600n, price: OPTIMISTIC_PRICE }));
    dealId = dealIdOf(key);
    const evidence = (i: number, extra: Record<string, unknown>) =>
      JSON.stringify({ outputDigest: outputs[i], claim: { ...claims[i], steps: String(claims[i]!.steps) }, ...extra });
    writeFileSync(join(dir, 'task1.json'), evidence(1, { digests }));
    writeFileSync(join(dir, 'wrong.json'), evidence(0, { digests }));
    writeFileSync(join(dir, 'proof1.json'), evidence(1, { proof: buildResultTree(0, digests).proof(1) }));
  });
  after(async () => {
    await devnet?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('errors: no evidence, a malformed batch, a task outside it, a claim that is not the task digest', async () => {
    failsWith(await cli('dispute', 'challenge', dealId, '1', '--batch', '0:2', '--as', 'worker1'), 'UsageInvalid', 2);
    failsWith(
      await cli('dispute', 'challenge', dealId, '1', '--batch', '0-2', '--evidence', 'task1.json', '--as', 'worker1'),
      'UsageInvalid',
      2,
    );
    failsWith(
      await cli('dispute', 'challenge', dealId, '1', '--batch', '0:1', '--evidence', 'task1.json', '--as', 'worker1'),
      'TaskOutOfRange',
      2,
    );
    failsWith(
      await cli('dispute', 'challenge', dealId, '1', '--batch', '0:2', '--evidence', 'wrong.json', '--as', 'worker1'),
      'BatchResultProofInvalid',
      1,
    );
    failsWith(
      await cli('dispute', 'challenge', dealId, '1', '--batch', '0:2', '--evidence', 'missing.json', '--as', 'worker1'),
      'FileUnreadable',
      2,
    );
  });

  test('a batch challenge opens a game the scheduler defends; list and show name the batch', async () => {
    const opened = await json('dispute', 'challenge', dealId, '1', '--batch', '0:2', '--evidence', 'task1.json', '--as', 'worker1');
    assert.equal(opened.challenge, 0);
    assert.equal(opened.first, 0);
    assert.equal(opened.count, 2);
    assert.equal(opened.challenger, c.worker1!.account!.address);
    assert.equal(opened.defender, c.scheduler!.account!.address, "the deal's scheduler defends");
    assert.equal(opened.deposit, parseEther('0.1').toString());

    const [d] = (await json('dispute', 'list', '--deal', dealId)).disputes;
    assert.equal(d.kind, 'batch');
    assert.equal(d.task, 1);
    assert.equal(d.subject, opened.batchId);
    assert.equal(d.gameStatus, 'open');

    const shown = await json('dispute', 'show', dealId, '1');
    assert.equal(shown.verification, 'replicated');
    assert.equal(shown.challenges.length, 1);
    assert.deepEqual(
      shown.timeline.map((e: { event: string }) => e.event),
      ['BatchChallenged', 'GameOpened', 'DisputeGameOpened'],
    );
    for (const e of shown.timeline) assert.ok(BigInt(e.gasUsed) > 21_000n && e.time.endsWith('Z'));
  });

  test('a second challenge of the same task, the proof itself in the evidence file, runs in parallel', async () => {
    const opened = await json('dispute', 'challenge', dealId, '1', '--batch', '0:2', '--evidence', 'proof1.json', '--as', 'worker1');
    assert.equal(opened.challenge, 1);
    assert.equal((await json('dispute', 'list', '--deal', dealId)).disputes.length, 2);
  });

  test('the challenger lets its clock run out: resolve --batch pays the pool owner, the batch stands', async () => {
    await c.requester!.public.request({ method: 'evm_increaseTime', params: [3601] } as never);
    await c.requester!.public.request({ method: 'evm_mine', params: [] } as never);
    const [open] = (await json('dispute', 'list', '--deal', dealId)).disputes;
    const hash = await c.requester!.wallet!.writeContract({
      address: open.game,
      abi: [
        { type: 'function', name: 'timeout', inputs: [{ type: 'uint256', name: 'gameId' }], outputs: [], stateMutability: 'nonpayable' },
      ],
      functionName: 'timeout',
      args: [BigInt(open.gameId)],
      account: c.requester!.account!,
      chain: c.requester!.chain,
    });
    await c.requester!.public.waitForTransactionReceipt({ hash });
    const resolved = await json('dispute', 'resolve', dealId, '1', '0', '--batch', '0:2', '--as', 'requester');
    assert.equal(resolved.challengerWon, false);
    assert.equal(resolved.paidTo, c.poolOwner!.account!.address);
    assert.equal(resolved.overturned, false);
    const human = await cli('dispute', 'show', dealId, '1');
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /GameEnded +game \d+: game over: defenderWon \(by timeout\)$/m);
    assert.match(human.stdout, /ChallengeResolved +challenge 0 resolved: the defender won, 0\.1 PGT paid to /m);
  });
});
