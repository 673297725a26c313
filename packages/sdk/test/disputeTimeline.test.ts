// The SDK's dispute reads on a devnet with the real game (decision 022, 026): a whole game over an optimistic answer
// (worker0 answers with a made-up end root, worker1 challenges and wins by a one-step proof, the answer is refunded)
// read back by getDisputeTimeline and getDisputeGame; an open game's clocks as chain time passes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Hex, keccak256, toHex } from 'viem';
import { startOptimisticDeal } from '@proofgrid/testkit';
import {
  type DealKey,
  type DisputeTimelineEntry,
  type ProofgridClient,
  challengeTask,
  dealIdOf,
  getDisputeGame,
  getDisputeTimeline,
  taskIdOf,
} from '../src/index.ts';
import { playLyingAnswer } from './finishedGame.ts';

type Deal = Awaited<ReturnType<typeof startOptimisticDeal>>;
const CLOCK = 3600;

describe('SDK: dispute timeline and game reads on a devnet with the real game', () => {
  let deal: Deal;
  let c: Record<string, ProofgridClient>;
  let key: DealKey;
  let played: Awaited<ReturnType<typeof playLyingAnswer>>;
  let timeline: DisputeTimelineEntry[];
  const addr = (role: string) => c[role]!.account!.address;

  before(async () => {
    deal = await startOptimisticDeal({ volume: 2n, challengeWindow: 600n });
    ({ clients: c, key } = deal);
    played = await playLyingAnswer(deal, 0, CLOCK);
    timeline = await getDisputeTimeline(c.requester!, { taskId: taskIdOf(dealIdOf(key), 0) });
  });
  after(async () => deal?.devnet.stop());

  test('a finished game: hub events and moves in chain order, from the answer to the refund', () => {
    assert.deepEqual(
      timeline.map((e) => `${e.source}:${e.event}`),
      [
        'hub:TaskAnswered',
        'hub:TaskChallenged',
        'game:GameOpened',
        'hub:DisputeGameOpened',
        ...Array(4).fill('game:Bisected'), // 2^20 steps at k = 32: 2^15, 2^10, 2^5, 1
        'game:OneStepProven',
        'game:GameEnded',
        'hub:ChallengeResolved',
        'hub:AnswerResolved',
        'hub:AnswerFinalized',
      ],
    );
  });

  test('each entry has its block time, transaction, sender and gas; moves match what the players sent', () => {
    for (const e of timeline) {
      assert.ok(e.timestamp > 1_600_000_000, `${e.event} has a block time`);
      assert.ok(e.gasUsed > 21_000n, `${e.event} has the gas of its transaction`);
      assert.match(e.transactionHash, /^0x[0-9a-f]{64}$/);
    }
    const moves = timeline.filter((e) => e.event === 'Bisected' || e.event === 'OneStepProven');
    const sent = new Map(played.challenger.moves.map((m) => [m.hash, m.gasUsed]));
    const byChallenger = moves.filter((m) => m.from === addr('worker1'));
    assert.equal(byChallenger.length, played.challenger.moves.length, "every challenger's move is in the timeline");
    for (const m of byChallenger) assert.equal(m.gasUsed, sent.get(m.transactionHash), 'the gas the challenger paid');
    for (const m of moves) {
      assert.ok(m.event === 'Bisected' || m.event === 'OneStepProven');
      assert.equal(m.mover, m.from);
      assert.equal(m.side, m.mover === addr('worker1') ? 'challenger' : 'defender');
    }
  });

  test('bisections name a part of the opponent vector; the proof executes the step of the last part; clocks', () => {
    const [first, second] = timeline.filter((e) => e.event === 'Bisected');
    assert.ok(first?.event === 'Bisected' && second?.event === 'Bisected');
    assert.equal(first.side, 'challenger');
    assert.equal(first.part, 0, 'the claim is one part: [0, steps]');
    assert.equal(first.parts, 1);
    assert.equal(first.start, 0n);
    assert.equal(first.length, 2n ** 20n);
    assert.equal(first.roots.length, 33, 'k = 32: 33 roots');
    assert.equal(second.side, 'defender');
    assert.equal(second.parts, 32);
    assert.equal(second.part, 31, 'only the end root is a lie: the last part is disputed');
    assert.ok(first.clocks.challenger <= BigInt(CLOCK) && first.clocks.defender === BigInt(CLOCK));
    assert.ok(second.clocks.defender <= BigInt(CLOCK) && second.clocks.challenger === first.clocks.challenger);
    const proof = timeline.find((e) => e.event === 'OneStepProven');
    assert.ok(proof?.event === 'OneStepProven');
    assert.equal(proof.side, 'challenger');
    assert.equal(proof.proof, 'step');
    assert.equal(proof.stepIndex, 2n ** 20n - 1n, 'the last step');
    assert.equal(proof.refutedRoot, played.claim.endRoot);
    assert.notEqual(proof.postRoot, played.claim.endRoot);
    const end = timeline.find((e) => e.event === 'GameEnded');
    assert.ok(end?.event === 'GameEnded');
    assert.equal(end.status, 'challengerWon');
    assert.equal(end.winner, 'challenger');
    assert.equal(end.byTimeout, false);
  });

  test('the hub entries carry the answer, the challenge, the payout and the outcome', () => {
    const answered = timeline[0]!;
    assert.ok(answered.event === 'TaskAnswered');
    assert.equal(answered.answerer, addr('worker0'));
    assert.deepEqual(answered.claim, played.claim);
    assert.equal(answered.outputDigest, played.outputDigest);
    const resolved = timeline.find((e) => e.event === 'ChallengeResolved');
    assert.ok(resolved?.event === 'ChallengeResolved');
    assert.equal(resolved.challengerWon, true);
    assert.equal(resolved.paidTo, addr('worker1'));
    const finalized = timeline.at(-1)!;
    assert.ok(finalized.event === 'AnswerFinalized');
    assert.equal(finalized.overturned, true);
  });

  test('bounded log ranges: reading 3 blocks per call gives the same timeline', async () => {
    const small = await getDisputeTimeline(c.requester!, { taskId: taskIdOf(dealIdOf(key), 0), range: 3n });
    assert.deepEqual(small, timeline);
  });

  test('getDisputeGame of the finished game: status, players, claim, last vector hash', async () => {
    const g = await getDisputeGame(c.requester!, { game: played.game, gameId: played.gameId });
    assert.equal(g.status, 'challengerWon');
    assert.equal(g.challenger, addr('worker1'));
    assert.equal(g.defender, addr('worker0'));
    assert.equal(g.opener.toLowerCase(), c.requester!.deployment.hub.toLowerCase());
    assert.deepEqual(g.claim, played.claim);
    assert.equal(g.clock, BigInt(CLOCK));
    assert.equal(g.timedOut, false);
    assert.match(g.lastSegmentHash, /^0x[0-9a-f]{64}$/);
  });

  test('an open game: the side to move loses time on its clock until it times out', async () => {
    const outputDigest = keccak256(toHex('output 1'));
    const claim = { startRoot: keccak256(toHex('s')), endRoot: keccak256(toHex('e')), steps: 1000n };
    await deal.answer({ index: 1, outputDigest, claim });
    await challengeTask(c.worker1!, { key, index: 1, outputDigest, claim });
    const [opened] = (await getDisputeTimeline(c.requester!, { taskId: taskIdOf(dealIdOf(key), 1) })).filter(
      (e) => e.event === 'DisputeGameOpened',
    );
    assert.ok(opened?.event === 'DisputeGameOpened');
    const read = () => getDisputeGame(c.requester!, { game: opened.game as Hex, gameId: opened.gameId });
    const mine = async (s: number) => {
      await c.requester!.public.request({ method: 'evm_increaseTime', params: [s] } as never);
      await c.requester!.public.request({ method: 'evm_mine', params: [] } as never);
    };
    await mine(100);
    const g = await read();
    assert.equal(g.status, 'open');
    assert.equal(g.turn, 'challenger');
    assert.ok(g.clocksLeft.challenger <= BigInt(CLOCK - 100) && g.clocksLeft.challenger >= BigInt(CLOCK - 110));
    assert.equal(g.clocksLeft.defender, BigInt(CLOCK));
    assert.equal(g.timedOut, false);
    await mine(CLOCK);
    const late = await read();
    assert.equal(late.clocksLeft.challenger, 0n);
    assert.equal(late.timedOut, true);
  });
});
