import { fetchResults } from '@proofgrid/sdk';
import type { DealView } from '@proofgrid/sdk/api';
import { useEffect, useMemo, useState } from 'react';
import { ErrorNote } from '../common/ErrorNote.tsx';
import { short } from '../common/format.ts';
import { combineKnown, knownApp } from '../run/appForms.ts';
import type { RunRecord } from '../run/runs.ts';
import { useSession } from '../session/Session.tsx';
import { EstimatePlot, type Estimate } from './EstimatePlot.tsx';

type Results = Awaited<ReturnType<typeof fetchResults>>;

const MIME: Record<string, string> = {
  png: 'image/png',
  json: 'application/json',
  txt: 'text/plain',
  svg: 'image/svg+xml',
  wav: 'audio/wav',
  csv: 'text/csv',
};
const mimeOf = (name: string) => MIME[name.split('.').pop() ?? ''] ?? 'application/octet-stream';

/** Object URLs for files, revoked when the view goes away. */
function useFileUrls(files: Record<string, Uint8Array>) {
  const urls = useMemo(
    () =>
      Object.fromEntries(Object.entries(files).map(([n, b]) => [n, URL.createObjectURL(new Blob([b as BlobPart], { type: mimeOf(n) }))])),
    [files],
  );
  useEffect(
    () => () => {
      for (const u of Object.values(urls)) URL.revokeObjectURL(u);
    },
    [urls],
  );
  return urls;
}

/** A finished deal's results, downloaded and verified by hash and against the root agreed on chain. */
export function ResultsView({ deal, run }: { deal: DealView; run: RunRecord | undefined }) {
  const { reader, market } = useSession();
  const [results, setResults] = useState<Results>();
  const [error, setError] = useState<unknown>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: fetched again only when the deal or its status changes (results do not change once it ended)
  useEffect(() => {
    fetchResults(reader, market, deal, { resultKey: run?.resultKey }).then(setResults, setError);
  }, [deal.dealId, deal.status]);
  const sealed = (error as { code?: string } | undefined)?.code === 'ResultEncrypted';
  const known = run ? knownApp(run.appName) : undefined;
  const combined = useMemo(() => {
    if (!results || !known || !run || results.length !== deal.tasks.length) return undefined;
    try {
      return combineKnown(known, results, run.params);
    } catch (err) {
      return { summary: `could not combine the results: ${(err as Error).message}`, files: {} };
    }
  }, [results, known, run, deal.tasks.length]);

  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">Results</h2>
      {sealed ? (
        <p className="muted" data-testid="results-encrypted">
          🔒 The results are encrypted for the requester (private by default): only the browser that bought this run holds their key.
        </p>
      ) : (
        <ErrorNote error={error} />
      )}
      {!results && !error && <p role="status">Downloading and verifying the results…</p>}
      {results && (
        <p className="ok" data-testid="results-verified">
          ✔ {results.length} result{results.length === 1 ? '' : 's'} verified: each blob's sha256 equals its digest, and the digests' Merkle
          root equals the root agreed on chain.
        </p>
      )}
      {combined && <Combined summary={combined.summary} files={combined.files} />}
      {results && <EstimatePlot estimates={estimatesOf(results)} />}
      {results && <TaskResults results={results} />}
    </section>
  );
}

function Combined({ summary, files }: { summary: string; files: Record<string, Uint8Array> }) {
  const urls = useFileUrls(files);
  return (
    <div>
      <p data-testid="result-summary">
        <strong>{summary}</strong>
      </p>
      {Object.entries(urls).map(([name, url]) =>
        mimeOf(name).startsWith('image/') ? (
          <figure key={name}>
            <img src={url} alt={`${name}: the combined result`} className="result-image" />
            <figcaption>
              <a href={url} download={name}>
                Download {name}
              </a>
            </figcaption>
          </figure>
        ) : (
          <p key={name}>
            <a href={url} download={name}>
              Download {name}
            </a>
          </p>
        ),
      )}
    </div>
  );
}

function TaskResults({ results }: { results: Results }) {
  return (
    <details>
      <summary>Each task's result ({results.length})</summary>
      <ul className="plain">
        {results.map((r) => (
          <TaskResult key={r.index} result={r} />
        ))}
      </ul>
    </details>
  );
}

function TaskResult({ result }: { result: Results[number] }) {
  const files = useMemo(
    () => ({
      [`task-${result.index}-stdout.txt`]: result.stdout,
      ...Object.fromEntries(Object.entries(result.files).map(([n, b]) => [`task-${result.index}-${n}`, b])),
    }),
    [result],
  );
  const urls = useFileUrls(files);
  const text = new TextDecoder().decode(result.stdout.slice(0, 400));
  return (
    <li>
      <p>
        Task {result.index} · digest <code>{short(result.digest, 10)}</code>
      </p>
      <pre>{text}</pre>
      <p>
        {Object.entries(urls).map(([n, u]) => (
          <a key={n} href={u} download={n} className="download">
            {n}
          </a>
        ))}
      </p>
    </li>
  );
}

/** Per-task estimates with a confidence interval (montecarlo-like JSON lines), for a plot. */
function estimatesOf(results: Results): Estimate[] {
  const out: Estimate[] = [];
  for (const r of results) {
    try {
      const j = JSON.parse(new TextDecoder().decode(r.stdout)) as { estimate?: unknown; ci95?: unknown };
      if (typeof j.estimate === 'number' && Array.isArray(j.ci95))
        out.push({ index: r.index, estimate: j.estimate, lo: Number(j.ci95[0]), hi: Number(j.ci95[1]) });
    } catch {
      return []; // not JSON: nothing to plot
    }
  }
  return out.length === results.length ? out : [];
}
