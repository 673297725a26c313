import type { Hex } from 'viem';
import { ErrorNote } from '../common/ErrorNote.tsx';
import { short } from '../common/format.ts';
import { usePoll } from '../common/usePoll.ts';
import { useSession } from '../session/Session.tsx';
import { DisputeTimeline } from './DisputeTimeline.tsx';
import { type OptimisticTask, type ReplicatedBatch, loadVerification } from './loadVerification.ts';

const at = (s: number) => new Date(s * 1000).toLocaleString();
const left = (end: number, now: number) => (end > now ? `open for ${end - now} s more (until ${at(end)})` : `closed at ${at(end)}`);

/**
 * How the deal's results are verified, read from the chain: each optimistic task's ECM state and challenge window,
 * or each replicated batch's rollback window; a disputed task or batch shows its timeline of moves.
 */
export function Verification({ dealId, live }: { dealId: Hex; live: boolean }) {
  const { reader } = useSession();
  const poll = usePoll(() => loadVerification(reader, dealId), [reader, dealId], { intervalMs: live ? 1500 : 4000 });
  const v = poll.value;
  return (
    <section className="card" aria-labelledby="verification-title">
      <h2 id="verification-title">Verification</h2>
      <ErrorNote error={poll.error} />
      {!v && !poll.error && <p role="status">Reading the verification state…</p>}
      {v?.mode === 'optimistic' && (
        <>
          <p data-testid="verification-mode">
            <strong>Optimistic</strong>: one worker answers each task with a deposit; anyone may challenge an answer for{' '}
            {String(v.challengeWindow)} s, and a challenge is decided on chain by a bisection game.
          </p>
          <OptimisticTasks tasks={v.tasks} now={v.now} />
          {v.truncated && <p className="muted">Only the first {v.tasks.length} tasks are shown.</p>}
          {v.tasks
            .filter((t) => t.timeline)
            .map((t) => (
              <div key={t.index}>
                <h3>Dispute over task {t.index}</h3>
                <DisputeTimeline entries={t.timeline!} testId={`dispute-timeline-${t.index}`} />
              </div>
            ))}
        </>
      )}
      {v?.mode === 'replicated' && (
        <>
          <p data-testid="verification-mode">
            <strong>Replicated</strong> at trust {String(v.trust)}: workers agree on each result; a finalized batch can be challenged (or
            overturned by the checker) during its rollback window of {String(v.rollbackWindow)} s.
          </p>
          <ReplicatedBatches batches={v.batches} now={v.now} />
          {v.batches
            .filter((b) => b.timeline)
            .map((b) => (
              <div key={b.batchId}>
                <h3>
                  Dispute over batch {b.first}–{b.first + b.count - 1}
                </h3>
                <DisputeTimeline entries={b.timeline!} testId={`dispute-timeline-batch-${b.first}`} />
              </div>
            ))}
        </>
      )}
    </section>
  );
}

function OptimisticTasks({ tasks, now }: { tasks: OptimisticTask[]; now: number }) {
  return (
    <div className="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">State</th>
            <th scope="col">Answer</th>
            <th scope="col">Challenge window</th>
            <th scope="col">Challenges</th>
          </tr>
        </thead>
        <tbody>
          {tasks.map(({ index, resolution: r }) => (
            <tr key={index} data-testid={`verification-task-${index}`}>
              <td>{index}</td>
              <td>
                <span className={`status status-${r.status}`}>{r.state}</span> <span className="muted">({r.status})</span>
                {r.overturned && <strong> overturned</strong>}
              </td>
              <td>{r.state === 'Pending' ? '—' : <code>{short(r.answerer, 4)}</code>}</td>
              <td>{r.state === 'Pending' ? '—' : r.state === 'Finalized' ? `closed (${r.status})` : left(r.windowEnd, now)}</td>
              <td>{r.challenges ? `${r.challenges} (${r.openGames} game${r.openGames === 1 ? '' : 's'} open)` : '0'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ReplicatedBatches({ batches, now }: { batches: ReplicatedBatch[]; now: number }) {
  if (!batches.length) return <p className="muted">No batch finalized yet.</p>;
  return (
    <div className="scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Tasks</th>
            <th scope="col">Finalized</th>
            <th scope="col">Rollback window</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {batches.map((b) => (
            <tr key={b.batchId} data-testid={`verification-batch-${b.first}`}>
              <td>
                {b.first}–{b.first + b.count - 1}
              </td>
              <td>{at(b.finalizedAt)}</td>
              <td>{left(b.windowEnd, now)}</td>
              <td>{b.overturned ? 'overturned' : b.windowEnd > now ? 'agreed, still challengeable' : 'final'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
