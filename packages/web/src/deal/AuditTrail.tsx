import { type DealEvent, getDealEvents } from '@proofgrid/sdk';
import type { Hex } from 'viem';
import { ErrorNote } from '../common/ErrorNote.tsx';
import { short } from '../common/format.ts';
import { usePoll } from '../common/usePoll.ts';
import { useSession } from '../session/Session.tsx';
import { describeEvent } from './describeEvent.ts';

type Trail = { order?: { hash: Hex; createdAt: number }; events: (DealEvent & { time?: number })[] };

/**
 * The audit trail of a deal (C2): the request order, then every chain event from the match to the
 * payouts, replayed from the hub's logs, each with a link to its transaction.
 */
export function AuditTrail({ dealId, batchIds, live }: { dealId: Hex; batchIds: Hex[]; live: boolean }) {
  const { reader, market, symbol } = useSession();
  const trail = usePoll(
    async (): Promise<Trail> => {
      const events = await getDealEvents(reader, { dealId, batchIds });
      const blocks = [...new Set(events.map((e) => e.blockNumber))];
      const times = new Map(
        await Promise.all(blocks.map(async (n) => [n, Number((await reader.public.getBlock({ blockNumber: n })).timestamp)] as const)),
      );
      const requestHash = (events.find((e) => e.eventName === 'DealMatched')?.args.key as { requestHash?: Hex } | undefined)?.requestHash;
      const order = requestHash ? await market.getOrder(requestHash).catch(() => undefined) : undefined;
      return {
        order: order && { hash: order.hash, createdAt: order.createdAt },
        events: events.map((e) => ({ ...e, time: times.get(e.blockNumber) })),
      };
    },
    [reader, market, dealId, batchIds.join()],
    // Payouts land shortly after the last result: keep listening a while after the deal ends.
    { intervalMs: live ? 1500 : 4000 },
  );
  const t = trail.value;
  return (
    <section className="card" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit trail</h2>
      <p className="muted">
        Every step of this deal, replayed from the chain's event log: anyone can check it against the hub at{' '}
        <code>{short(reader.deployment.hub)}</code>.
      </p>
      <ErrorNote error={trail.error} />
      {!t && !trail.error && <p role="status">Reading the chain events…</p>}
      {t && (
        <ol className="timeline" data-testid="audit-trail">
          {t.order && (
            <li>
              <span className="when">{new Date(t.order.createdAt).toLocaleTimeString()}</span>
              <strong>Request order published</strong> <span>signed request {short(t.order.hash)} in the off-chain orderbook</span>
            </li>
          )}
          {t.events.map((e) => {
            const d = describeEvent(e, symbol);
            return (
              <li key={`${e.transactionHash}-${e.logIndex}`} data-event={e.eventName}>
                <span className="when">
                  {e.time ? new Date(e.time * 1000).toLocaleTimeString() : ''} · block {String(e.blockNumber)}
                </span>
                <strong>{d.title}</strong> <span>{d.detail}</span>{' '}
                <a href={`#/tx/${e.transactionHash}`} aria-label={`transaction ${e.transactionHash} of ${d.title}`}>
                  tx {short(e.transactionHash)}
                </a>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
