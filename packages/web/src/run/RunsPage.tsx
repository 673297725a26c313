import { short } from '../common/format.ts';
import { usePoll } from '../common/usePoll.ts';
import { useSession } from '../session/Session.tsx';
import { listRuns } from './runs.ts';

/** The runs bought from this browser, and the connected account's deals known to the market. */
export function RunsPage() {
  const { market, address } = useSession();
  const deals = usePoll(() => (address ? market.listDeals({ requester: address }) : Promise.resolve([])), [market, address], {
    intervalMs: 3000,
  });
  const runs = listRuns();
  const appOf = new Map(runs.filter((r) => r.dealId).map((r) => [r.dealId!.toLowerCase(), r.appName]));
  return (
    <section aria-labelledby="runs-title">
      <h1 id="runs-title">My runs</h1>
      {runs
        .filter((r) => !r.dealId)
        .map((r) => (
          <p key={r.requestHash}>
            <a href={`#/run/${r.requestHash}`}>
              {r.appName} × {r.tasks}: waiting for a match ({short(r.requestHash)})
            </a>
          </p>
        ))}
      {!address && <p>Connect a wallet to see your deals.</p>}
      {deals.value && deals.value.length === 0 && address && (
        <p>
          No deal yet: pick an app in the <a href="#/">store</a> and buy a run.
        </p>
      )}
      {deals.value && deals.value.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Deal</th>
              <th scope="col">App</th>
              <th scope="col">Tasks</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {deals.value.map((d) => (
              <tr key={d.dealId}>
                <td>
                  <a href={`#/deal/${d.dealId}`}>
                    <code>{short(d.dealId)}</code>
                  </a>
                </td>
                <td>{appOf.get(d.dealId.toLowerCase()) ?? '—'}</td>
                <td>{String((d as { volume?: number }).volume ?? '')}</td>
                <td>{d.status}</td>
                <td>{new Date(d.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
