import { waitForDeal } from '@proofgrid/sdk';
import { useEffect, useState } from 'react';
import type { Hex } from 'viem';
import { ErrorNote } from '../common/ErrorNote.tsx';
import { go } from '../common/useHashRoute.ts';
import { useSession } from '../session/Session.tsx';
import { findRun, saveRun } from './runs.ts';
import { WhyWaiting } from './WhyWaiting.tsx';

/** A bought run waiting to be matched into a deal; resumes after a reload (the hash is in the URL). */
export function RunPage({ requestHash }: { requestHash: Hex }) {
  const { market } = useSession();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let cancelled = false;
    const known = findRun({ requestHash });
    if (known?.dealId) return go('deal', known.dealId);
    waitForDeal(market, requestHash, { timeoutMs: 120_000, pollMs: 300 })
      .then((dealId) => {
        if (cancelled) return;
        if (known) saveRun({ ...known, dealId });
        go('deal', dealId);
      })
      .catch((err) => !cancelled && setError(err));
    return () => {
      cancelled = true;
    };
  }, [market, requestHash]);
  return (
    <section aria-labelledby="run-wait-title">
      <h1 id="run-wait-title">Run requested</h1>
      <p>
        Request order <code className="break">{requestHash}</code>
      </p>
      {!error && <p role="status">Waiting for the workerpool's scheduler to match the orders on chain…</p>}
      <ErrorNote error={error} />
      <WhyWaiting requestHash={requestHash} />
    </section>
  );
}
