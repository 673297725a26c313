import type { Context } from '../../context.ts';
import { when } from '../../format.ts';
import { table } from '../../output.ts';

export default async function workers(ctx: Context) {
  const list = await ctx.market().listWorkers();
  ctx.out.result(list, (rows) =>
    rows.length === 0
      ? 'no worker has registered with this market'
      : table(
          ['ADDRESS', 'NAME', 'STATUS', 'LEASES', 'DONE', 'RESOURCES', 'LAST SEEN'],
          rows.map((w) => [
            w.address,
            w.name ?? '-',
            w.status,
            String(w.leases),
            String(w.done),
            Object.entries(w.resources)
              .map(([k, v]) => `${k}=${String(v)}`)
              .join(' '),
            when(w.lastSeen),
          ]),
        ),
  );
}
