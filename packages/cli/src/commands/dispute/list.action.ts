import type { Context } from '../../context.ts';
import { parseBytes32, short, tokens } from '../../format.ts';
import { table } from '../../output.ts';
import { type Dispute, disputesOf } from './disputes.ts';

/** What a game's status and the hub's resolution say together. */
export function statusOf(d: Dispute): string {
  if (d.resolved) return d.challengerWon ? 'challenger won (resolved)' : 'defender won (resolved)';
  if (d.gameStatus === 'open') return 'game open';
  return `${d.gameStatus === 'challengerWon' ? 'challenger won' : 'defender won'}, to resolve`;
}

export default async function list(ctx: Context, opts: { deal: string }) {
  const dealId = parseBytes32(opts.deal, 'deal id');
  const { disputes } = await disputesOf(await ctx.client(), dealId);
  ctx.out.result({ dealId, disputes }, (r) =>
    r.disputes.length === 0
      ? `deal ${r.dealId} has no challenges`
      : table(
          ['TASK', 'SUBJECT', 'CHALLENGE', 'CHALLENGER', 'GAME', 'STATUS', 'ANSWER', 'DEPOSIT'],
          r.disputes.map((d) => [
            String(d.task),
            `${d.kind} ${short(d.subject, 10)}`,
            String(d.challenge),
            short(d.challenger, 12),
            `${d.gameId} on ${short(d.game, 10)}`,
            statusOf(d),
            d.answerState ? `${d.answerState} (${d.answerStatus})` : '-',
            `${tokens(d.deposit)} each side`,
          ]),
        ),
  );
}
