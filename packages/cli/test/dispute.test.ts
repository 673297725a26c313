// `proofgrid dispute …` as a real process against a devnet with the real DisputeGame: an optimistic
// deal whose task 0 is answered and task 1 answered and challenged through the CLI; its game is then
// won by timeout, resolved and finalized through the CLI. Chain only: no market is needed.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { keccak256, parseEther, toHex } from 'viem';
import { startOptimisticDeal } from '@proofgrid/testkit';
import { type DealKey, type ProofgridClient, dealIdOf, disputeGameAbi } from '@proofgrid/sdk';

const BIN = join(resolve(import.meta.dirname, '../../..'), 'packages/cli/bin/proofgrid.mjs');
type Run = { code: number; stdout: string; stderr: string };

describe('proofgrid dispute (real process, devnet with the real dispute game)', () => {
  let devnet: Awaited<ReturnType<typeof startOptimisticDeal>>['devnet'];
  let dir: string;
  let c: Record<string, ProofgridClient>;
  let key: DealKey;
  let dealId: string;
  const claim = { startRoot: keccak256(toHex('start')), endRoot: keccak256(toHex('end')), steps: 12_345n };

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
    assert.equal(r.stdout, '');
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `one line, got:\n${r.stderr}`);
    assert.match(lines[0]!, new RegExp(`^proofgrid: .+ \\[${code}\\]$`));
    return lines[0]!;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'h7-proofgrid-dispute-'));
    let answer: Awaited<ReturnType<typeof startOptimisticDeal>>['answer'];
    ({
      devnet,
      clients: c,
      key,
      answer,
    } = await startOptimisticDeal({
      volume: 3n,
      challengeWindow: 600n,
      deploymentFile: join(dir, 'deployment.json'),
    }));
    dealId = dealIdOf(key);
    for (const index of [0, 1]) await answer({ index, outputDigest: keccak256(toHex(`out${index}`)), claim });
  });
  after(async () => {
    await devnet?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('challenge opens a game on the answer and prints its id; list and show give the ECM states', async () => {
    const opened = await json('dispute', 'challenge', dealId, '1', '--as', 'worker1');
    assert.equal(opened.challenge, 0);
    assert.match(opened.gameId, /^[1-9]\d*$/, 'game ids start at 1');
    assert.equal(opened.challenger, c.worker1!.account!.address);
    assert.equal(opened.deposit, parseEther('0.1').toString());

    const { disputes } = await json('dispute', 'list', '--deal', dealId);
    assert.equal(disputes.length, 1);
    const [d] = disputes;
    assert.equal(d.task, 1);
    assert.equal(d.kind, 'answer');
    assert.equal(d.challenger, c.worker1!.account!.address);
    assert.equal(d.gameId, opened.gameId);
    assert.equal(d.game, opened.game);
    assert.equal(d.gameStatus, 'open');
    assert.equal(d.resolved, false);
    assert.equal(d.answerState, 'Resolving');
    assert.equal(d.answerStatus, 'disputed');
    assert.equal(d.deposit, parseEther('0.1').toString());

    const human = await cli('dispute', 'list', '--deal', dealId);
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^1 +answer 0x.+ 0 +0x.+ +\d+ on 0x.+game open +Resolving \(disputed\) +0\.1 PGT each side$/m);

    const shown = await json('dispute', 'show', dealId, '1');
    assert.equal(shown.verification, 'optimistic');
    assert.equal(shown.answer.state, 'Resolving');
    assert.equal(shown.answer.openGames, 1);
    assert.equal(shown.answer.answerer, c.worker0!.account!.address);
    assert.equal(shown.challenges.length, 1);
    assert.deepEqual(
      shown.challenges[0].moves.map((m: { event: string }) => m.event),
      ['GameOpened'],
    );
    assert.equal(shown.challenges[0].moves[0].args.defender, c.worker0!.account!.address, 'the answerer defends');
    const events = shown.timeline.map((e: { event: string }) => e.event);
    assert.equal(events[0], 'TaskAnswered');
    assert.deepEqual([...events].sort(), ['DisputeGameOpened', 'GameOpened', 'TaskAnswered', 'TaskChallenged']);

    const unchallenged = await json('dispute', 'show', dealId, '0');
    assert.equal(unchallenged.answer.state, 'WaitingForResolution');
    assert.equal(unchallenged.answer.status, 'answered');
    assert.deepEqual(unchallenged.challenges, []);
    assert.deepEqual(
      unchallenged.timeline.map((e: { event: string }) => e.event),
      ['TaskAnswered'],
    );
  });

  test('a challenge the escrow cannot cover is one readable line in PGT, exit 1, nothing sent', async () => {
    const line = failsWith(await cli('dispute', 'challenge', dealId, '0', '--as', 'developer'), 'EscrowInsufficientBalance', 1);
    assert.match(line, /has 0 PGT free in the escrow but a challenge locks 0\.1 PGT/);
    assert.equal((await json('dispute', 'show', dealId, '0')).answer.challenges, 0);
  });

  test('errors: an unanswered task, an unknown deal, a malformed deal id, a task past the volume', async () => {
    assert.match(
      failsWith(await cli('dispute', 'challenge', dealId, '2', '--as', 'worker1'), 'DisputeUnexpectedState', 1),
      /task 2 of deal 0x[0-9a-f]{64} has no answer to challenge \(state Pending\)/,
    );
    failsWith(await cli('dispute', 'list', '--deal', `0x${'ab'.repeat(32)}`), 'DealUnknown', 1);
    failsWith(await cli('dispute', 'show', `0x${'ab'.repeat(32)}`, '0'), 'DealUnknown', 1);
    failsWith(await cli('dispute', 'show', '0x1234', '0'), 'HashInvalid', 2);
    failsWith(await cli('dispute', 'show', dealId, '3'), 'TaskOutOfRange', 2);
  });

  test('a game lost by timeout: resolve pays the winner, show has the end of the game, finalize refunds', async () => {
    failsWith(await cli('dispute', 'resolve', dealId, '1', '0', '--as', 'requester'), 'DisputeGameNotOver', 1);
    await c.requester!.public.request({ method: 'evm_increaseTime', params: [3601] } as never);
    await c.requester!.public.request({ method: 'evm_mine', params: [] } as never);
    const [open] = (await json('dispute', 'list', '--deal', dealId)).disputes;
    const hash = await c.requester!.wallet!.writeContract({
      address: open.game,
      abi: disputeGameAbi,
      functionName: 'timeout',
      args: [BigInt(open.gameId)],
      account: c.requester!.account!,
      chain: c.requester!.chain,
    });
    await c.requester!.public.waitForTransactionReceipt({ hash });

    const ended = (await json('dispute', 'list', '--deal', dealId)).disputes[0];
    assert.notEqual(ended.gameStatus, 'open');
    assert.equal(ended.resolved, false);
    const challengerWon = ended.gameStatus === 'challengerWon';

    const resolved = await json('dispute', 'resolve', dealId, '1', '0', '--as', 'requester');
    assert.equal(resolved.challengerWon, challengerWon);
    assert.equal(resolved.paidTo, challengerWon ? c.worker1!.account!.address : c.worker0!.account!.address);
    assert.equal(resolved.answerResolved, true);
    assert.equal(resolved.overturned, challengerWon);

    const shown = await json('dispute', 'show', dealId, '1');
    assert.equal(shown.answer.state, 'FirmResolution');
    assert.equal(shown.challenges[0].resolved, true);
    const end = shown.challenges[0].moves.at(-1);
    assert.equal(end.event, 'GameEnded');
    assert.equal(end.args.byTimeout, true);
    assert.deepEqual(
      shown.timeline.slice(-2).map((e: { event: string }) => e.event),
      ['ChallengeResolved', 'AnswerResolved'],
    );

    const done = await json('dispute', 'finalize', dealId, '1', '--as', 'requester');
    assert.equal(done.state, 'Finalized');
    assert.equal(done.status, challengerWon ? 'refunded' : 'completed');

    const human = await cli('dispute', 'show', dealId, '1');
    assert.equal(human.code, 0, human.stderr);
    assert.match(human.stdout, /^answer +Finalized \((refunded|completed)/m);
    assert.match(human.stdout, /GameEnded +game \d+: game over: (challengerWon|defenderWon) \(by timeout\)$/m);
    assert.match(human.stdout, /AnswerFinalized +finalized: /m);

    const audit = await cli('audit', dealId);
    assert.equal(audit.code, 0, audit.stderr);
    assert.match(
      audit.stdout,
      /TaskChallenged +0x[0-9a-fA-F]{10}… challenged the answer \(challenge 0\)$/m,
      'audit names dispute events in words',
    );
    assert.match(audit.stdout, /ChallengeResolved +challenge 0 resolved: the (challenger|defender) won, 0\.1 PGT paid to /m);
  });
});
