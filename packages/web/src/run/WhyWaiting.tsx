import { type Explanation, explainRequest } from '@proofgrid/sdk';
import type { Hex } from 'viem';
import { usePoll } from '../common/usePoll.ts';
import { useSession } from '../session/Session.tsx';

/**
 * Why a request still waits (issue 19): the market's explanation, polled while it is not matched:
 * what blocks it, each failing clause with how many candidate orders (or workers) fail it, and the
 * smallest change that would make it match.
 */
export function WhyWaiting({ requestHash }: { requestHash: Hex }) {
  const { market } = useSession();
  const why = usePoll<Explanation>(() => explainRequest(market, requestHash), [market, requestHash], { intervalMs: 2000 });
  const e = why.value;
  if (!e) return null;
  return (
    <section className="card" aria-labelledby="why-title">
      <h2 id="why-title">Why it waits</h2>
      <p data-testid="why-summary">{e.matchable ? 'Every kind of order has a fitting offer: the match should follow.' : e.summary}</p>
      {e.clauses.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>of</th>
              <th>clause</th>
              <th>fails on</th>
              <th>would match if you</th>
            </tr>
          </thead>
          <tbody>
            {e.clauses.map((c) => (
              <tr key={`${c.kind}:${c.clause}`}>
                <td>{c.kind}</td>
                <td>{c.clause}</td>
                <td>
                  {c.failing} of {c.of}
                </td>
                <td>{c.fix ?? '-'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {e.fixes.length > 0 && (
        <p>
          To match: <strong data-testid="why-fix">{e.fixes.join('; ')}</strong>
        </p>
      )}
      {e.reason && <p className="muted">Last match attempt: {e.reason}</p>}
    </section>
  );
}
