import type { DisputeTimelineEntry } from '@proofgrid/sdk';
import { short } from '../common/format.ts';
import { useSession } from '../session/Session.tsx';
import { describeDisputeEntry, duration } from './describeDispute.ts';

type Entry = DisputeTimelineEntry;
const time = (s: number) => new Date(s * 1000).toLocaleTimeString();

/** A dispute as a timeline of moves: who moved, which part, gas, time left on each clock, the end. */
export function DisputeTimeline({ entries, testId }: { entries: Entry[]; testId: string }) {
  const { symbol } = useSession();
  return (
    <ol className="timeline" data-testid={testId}>
      {entries.map((e) => {
        const d = describeDisputeEntry(e, symbol);
        return (
          <li key={`${e.transactionHash}-${e.logIndex}`} data-event={e.event} data-side={'side' in e ? e.side : undefined}>
            <span className="when">
              {time(e.timestamp)} · block {String(e.blockNumber)} · {String(e.gasUsed)} gas ·{' '}
              <a href={`#/tx/${e.transactionHash}`} aria-label={`transaction ${e.transactionHash} of ${d.title}`}>
                tx {short(e.transactionHash)}
              </a>
            </span>
            <strong>{d.title}</strong> <span>{d.detail}</span>
            {e.source === 'game' && e.event !== 'GameOpened' && (
              <span className="muted clocks">
                {' '}
                · clocks: challenger {duration(e.clocks.challenger)}, defender {duration(e.clocks.defender)}
              </span>
            )}
          </li>
        );
      })}
    </ol>
  );
}
