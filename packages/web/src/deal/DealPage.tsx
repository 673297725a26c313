import type { DealView } from '@proofgrid/sdk/api';
import { useState } from 'react';
import type { Hex } from 'viem';
import { ErrorNote } from '../common/ErrorNote.tsx';
import { formatToken, short } from '../common/format.ts';
import { usePoll } from '../common/usePoll.ts';
import { useSession } from '../session/Session.tsx';
import { findRun } from '../run/runs.ts';
import { AuditTrail } from './AuditTrail.tsx';
import { ResultsView } from './ResultsView.tsx';
import { Verification } from './Verification.tsx';

/** A deal followed live: progress, every task (status, worker, consensus), results, verification and disputes, audit trail. */
export function DealPage({ dealId }: { dealId: Hex }) {
  const { market } = useSession();
  const [ended, setEnded] = useState(false);
  const poll = usePoll(
    async () => {
      const d = await market.getDeal(dealId);
      if (d.status !== 'running') setEnded(true);
      return d;
    },
    [market, dealId],
    { intervalMs: 700, active: !ended },
  );
  const deal = poll.value;
  const running = !deal || deal.status === 'running';
  const run = findRun({ dealId });
  return (
    <section aria-labelledby="deal-title">
      <h1 id="deal-title">
        Deal <code>{short(dealId)}</code>
        <span className="muted"> · {run?.appName ?? (deal ? `app #${deal.app.id}` : '')}</span>
      </h1>
      <ErrorNote error={poll.error} />
      {!deal && !poll.error && <p role="status">Loading the deal…</p>}
      {deal && <Progress deal={deal} />}
      {deal && <Terms deal={deal} />}
      {deal && <Tasks deal={deal} />}
      {deal && deal.status !== 'running' && <ResultsView deal={deal} run={run} />}
      <Verification dealId={dealId} live={running} />
      <AuditTrail dealId={dealId} batchIds={(deal?.batches ?? []).map((b) => b.batchId)} live={running} />
    </section>
  );
}

function Progress({ deal }: { deal: DealView }) {
  const total = deal.tasks.length || deal.key.volume;
  const done = deal.tasks.filter((t) => ['finalized', 'settled', 'claimed'].includes(t.status)).length;
  return (
    <div className="card">
      <p>
        Status: <strong data-testid="deal-status">{deal.status}</strong> ·{' '}
        <span data-testid="deal-progress">
          {done}/{total} tasks verified
        </span>
      </p>
      <progress max={total} value={done} aria-label="Tasks verified" />
      {deal.unmatched && (
        <p role="alert" className="error">
          No worker can take this deal: {deal.unmatched}
        </p>
      )}
    </div>
  );
}

function Terms({ deal }: { deal: DealView }) {
  const { symbol } = useSession();
  const k = deal.key;
  const perTask = k.appPrice + k.datasetPrice + k.poolPrice;
  return (
    <details className="card">
      <summary>Terms of the deal</summary>
      <dl className="facts">
        <dt>Requester</dt>
        <dd>
          <code className="break">{k.requester}</code>
        </dd>
        <dt>App / pool</dt>
        <dd>
          app #{String(k.app)} · workerpool #{String(k.workerpool)}
          {k.dataset ? ` · dataset #${k.dataset}` : ''}
        </dd>
        <dt>Price</dt>
        <dd>
          {formatToken(perTask, symbol)} per task ({formatToken(k.appPrice, symbol)} app + {formatToken(k.poolPrice, symbol)} pool) ×{' '}
          {k.volume} = {formatToken(perTask * BigInt(k.volume), symbol)} locked
        </dd>
        <dt>Trust</dt>
        <dd>{k.trust}</dd>
        <dt>Matched in</dt>
        <dd>
          <a href={`#/tx/${deal.matchTx}`}>
            <code>{short(deal.matchTx)}</code>
          </a>
        </dd>
      </dl>
    </details>
  );
}

function Tasks({ deal }: { deal: DealView }) {
  return (
    <div className="card">
      <h2>Tasks</h2>
      <div className="scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Status</th>
              <th scope="col">Workers</th>
              <th scope="col">Consensus</th>
              <th scope="col">Result digest</th>
            </tr>
          </thead>
          <tbody>
            {deal.tasks.map((t) => {
              const batch = deal.batches.find((b) => t.index >= b.first && t.index < b.first + b.count);
              const workers = (batch?.workers ?? []) as unknown as { address: string; status: string }[];
              return (
                <tr key={t.index} data-testid={`task-${t.index}`}>
                  <td>{t.index}</td>
                  <td>
                    <span className={`status status-${t.status}`}>{t.status}</span>
                    {t.error && <span className="muted"> ({t.error})</span>}
                  </td>
                  <td>
                    {workers.length
                      ? workers.map((w) => (
                          <code key={w.address} title={w.status}>
                            {short(w.address, 4)}{' '}
                          </code>
                        ))
                      : '—'}
                  </td>
                  <td>{batch ? `${batch.status}, ${batch.replicas} replica${batch.replicas > 1 ? 's' : ''}` : '—'}</td>
                  <td>
                    <code>{short(t.digest)}</code>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
