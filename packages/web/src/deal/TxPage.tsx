import { hubAbi } from '@proofgrid/sdk';
import { type Hex, parseEventLogs } from 'viem';
import { ErrorNote } from '../common/ErrorNote.tsx';
import { usePoll } from '../common/usePoll.ts';
import { useSession } from '../session/Session.tsx';

/** One transaction, as the chain recorded it: sender, block, gas, and the hub events it emitted. */
export function TxPage({ hash }: { hash: Hex }) {
  const { reader } = useSession();
  const tx = usePoll(
    async () => {
      const [receipt, block] = await Promise.all([reader.public.getTransactionReceipt({ hash }), reader.public.getTransaction({ hash })]);
      const events = parseEventLogs({ abi: hubAbi, logs: receipt.logs });
      return { receipt, block, events };
    },
    [reader, hash],
    { active: false },
  );
  const v = tx.value;
  return (
    <section aria-labelledby="tx-title">
      <h1 id="tx-title">Transaction</h1>
      <p>
        <code className="break">{hash}</code>
      </p>
      <ErrorNote error={tx.error} />
      {v && (
        <div className="card">
          <dl className="facts">
            <dt>Status</dt>
            <dd>{v.receipt.status}</dd>
            <dt>Block</dt>
            <dd>{String(v.receipt.blockNumber)}</dd>
            <dt>From</dt>
            <dd>
              <code className="break">{v.receipt.from}</code>
            </dd>
            <dt>To</dt>
            <dd>
              <code className="break">{v.receipt.to}</code>
            </dd>
            <dt>Gas used</dt>
            <dd>{v.receipt.gasUsed.toLocaleString()}</dd>
          </dl>
          <h2>Hub events</h2>
          <ul className="plain">
            {v.events.map((e) => (
              <li key={`${e.logIndex}`}>
                <strong>{e.eventName}</strong>{' '}
                <code className="break">{JSON.stringify(e.args, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <p>
        {/* biome-ignore lint/a11y/useValidAnchor: the app routes by URL hash, so Back is a link that goes back in history instead of to "#" */}
        <a
          href="#"
          onClick={(e) => {
            e.preventDefault();
            history.back();
          }}
        >
          Back
        </a>
      </p>
    </section>
  );
}
