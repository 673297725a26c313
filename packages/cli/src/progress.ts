import type { DealSummary } from '@proofgrid/sdk/api';
import cliProgress from 'cli-progress';

/** Task statuses after which a task no longer moves. */
const ENDED = ['finalized', 'settled', 'claimed', 'failed'];

/**
 * A progress bar of a deal's tasks on stderr, or nothing when stderr is not a terminal or the
 * output is JSON. Returns the `onProgress` callback of `waitForDealEnd` and a `stop()`.
 */
export function dealProgress({ enabled, volume }: { enabled: boolean; volume: number }) {
  if (!enabled) return { onProgress: (_d: DealSummary) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      format: 'tasks [{bar}] {value}/{total} done | {running} running | {status}',
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(volume, 0, { running: 0, status: 'matched' });
  return {
    onProgress(d: DealSummary) {
      const done = ENDED.reduce((n, s) => n + (d.counts[s] ?? 0), 0);
      const running = (d.counts.running ?? 0) + (d.counts.contributed ?? 0);
      bar.update(done, { running, status: d.unmatched ? `waiting: ${d.unmatched}` : d.status });
    },
    stop: () => bar.stop(),
  };
}
