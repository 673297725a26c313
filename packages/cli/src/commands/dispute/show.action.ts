import { getDeal, getTaskResolution, taskIdOf } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { parseBytes32, parseUint, short, tokens } from '../../format.ts';
import { fields, table } from '../../output.ts';
import { disputesOf, taskTimeline } from './disputes.ts';
import { statusOf } from './list.action.ts';
import { timelineOf } from './timeline.ts';

/** A task's answer (ECM state, window), its challenges with their games, and the timeline of both (SDK `getDisputeTimeline`). */
export default async function show(ctx: Context, dealIdText: string, indexText: string) {
  const client = await ctx.client();
  const { dealId, index, key, blockNumber } = await dealTask(ctx, dealIdText, indexText);
  const taskId = taskIdOf(dealId, index);
  const [{ disputes }, resolution] = await Promise.all([disputesOf(client, dealId), getTaskResolution(client, taskId)]);
  const own = disputes.filter((d) => d.task === index);
  const { timeline, moves } = await taskTimeline(client, dealId, index, own, blockNumber);
  const answered = resolution.state !== 'Pending';
  const data = {
    dealId,
    index,
    taskId,
    verification: key.verification === 1 ? 'optimistic' : 'replicated',
    answer: answered ? resolution : null,
    challenges: own.map((dispute) => ({ ...dispute, moves: moves(dispute) })),
    timeline: timelineOf(timeline),
  };
  ctx.out.result(data, (d) =>
    [
      fields([
        ['deal', d.dealId],
        ['task', `${d.index} (${d.taskId})`],
        ['verification', d.verification],
        [
          'answer',
          d.answer
            ? `${d.answer.state} (${d.answer.status}${d.answer.overturned ? ', overturned' : ''}) by ${d.answer.answerer}`
            : 'none (Pending)',
        ],
        ['window', d.answer ? `challenges until ${new Date(d.answer.windowEnd * 1000).toISOString()}` : undefined],
        ['deposit', d.answer ? `${tokens(d.answer.deposit)} (each challenger locks the same)` : undefined],
        ['challenges', d.answer ? `${d.answer.challenges} made, ${d.answer.openGames} game(s) open` : String(d.challenges.length)],
      ]),
      '',
      table(
        ['CHALLENGE', 'SUBJECT', 'CHALLENGER', 'GAME', 'STATUS', 'MOVES'],
        d.challenges.map((c) => [
          String(c.challenge),
          `${c.kind} ${short(c.subject, 10)}`,
          short(c.challenger, 12),
          `${c.gameId} on ${short(c.game, 10)}`,
          statusOf(c),
          String(c.moves.filter((m) => m.event === 'Bisected' || m.event === 'OneStepProven').length),
        ]),
      ) || 'no challenges',
      '',
      table(
        ['BLOCK', 'TIME', 'TX', 'GAS', 'EVENT', 'FACTS'],
        d.timeline.map((e) => [String(e.block), e.time, short(e.tx, 12), String(e.gasUsed), e.event, e.facts]),
      ) || 'nothing on chain about this task yet',
    ].join('\n'),
  );
}

/** The deal's key from the chain (`DealUnknown` when no deal has this id) and a task index inside its volume. */
export async function dealTask(ctx: Context, dealIdText: string, indexText: string) {
  const dealId = parseBytes32(dealIdText, 'deal id');
  const index = Number(parseUint(indexText, 'task index'));
  const { key, blockNumber } = await getDeal(await ctx.client(), { dealId });
  if (index >= key.volume) {
    throw new UsageError(`deal ${dealId} has ${key.volume} tasks (0 to ${key.volume - 1}), not ${index}`, 'TaskOutOfRange', {
      dealId,
      index,
    });
  }
  return { dealId, index, key, blockNumber };
}
