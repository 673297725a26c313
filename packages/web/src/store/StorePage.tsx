import { useState } from 'react';
import { ErrorNote } from '../common/ErrorNote.tsx';
import { CATEGORY_NAMES, formatToken, short, tagNames } from '../common/format.ts';
import { usePersistentState } from '../common/usePersistentState.ts';
import { usePoll } from '../common/usePoll.ts';
import { useSession } from '../session/Session.tsx';
import { type AppItem, type DatasetItem, type PoolItem, loadCatalog } from './loadCatalog.ts';

type Tab = 'apps' | 'datasets' | 'pools';

/** The apps store: apps, datasets and workerpools with price, tags, resources and reputation. */
export function StorePage() {
  const { reader, market, symbol } = useSession();
  const [tab, setTab] = usePersistentState<Tab>('store.tab', 'apps');
  const [query, setQuery] = usePersistentState('store.query', '');
  const catalog = usePoll(() => loadCatalog(reader, market), [reader, market], { intervalMs: 5000 });
  const q = query.trim().toLowerCase();
  const match = (...fields: unknown[]) =>
    !q ||
    fields.some((f) =>
      String(f ?? '')
        .toLowerCase()
        .includes(q),
    );
  const c = catalog.value;
  const apps = c?.apps.filter((a) => match(a.name, a.id, a.moduleHash, a.owner, ...tagNames(a.tag))) ?? [];
  const datasets = c?.datasets.filter((d) => match(d.name, d.id, d.contentHash, d.owner, ...tagNames(d.tag))) ?? [];
  const pools = c?.pools.filter((p) => match(p.description, p.id, p.owner, ...Object.values(p.resources))) ?? [];
  const tabs: [Tab, string, number][] = [
    ['apps', 'Apps', apps.length],
    ['datasets', 'Datasets', datasets.length],
    ['pools', 'Workerpools', pools.length],
  ];

  return (
    <section aria-labelledby="store-title">
      <h1 id="store-title">Apps store</h1>
      <div className="row">
        <label className="grow">
          Search apps, datasets and workerpools
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="name, id, tag (GPU, TEE), owner…" />
        </label>
      </div>
      <div role="tablist" aria-label="Catalogue" className="tabs">
        {tabs.map(([id, label, n]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            onClick={() => setTab(id)}
          >
            {label} ({n})
          </button>
        ))}
      </div>
      <ErrorNote error={catalog.error} />
      {catalog.loading && <p role="status">Loading the catalogue…</p>}
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'apps' && <AppList apps={apps} symbol={symbol} />}
        {tab === 'datasets' && <DatasetList datasets={datasets} symbol={symbol} />}
        {tab === 'pools' && <PoolList pools={pools} symbol={symbol} />}
      </div>
    </section>
  );
}

function Tags({ tag }: { tag: string }) {
  const names = tagNames(tag);
  return (
    <>
      {names.length ? (
        names.map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))
      ) : (
        <span className="tag muted">CPU</span>
      )}
    </>
  );
}

function AppList({ apps, symbol }: { apps: AppItem[]; symbol: string }) {
  if (!apps.length) return <p>No app matches.</p>;
  return (
    <ul className="grid">
      {apps.map((a) => (
        <li key={String(a.id)} className="card item">
          <h2>
            <a href={`#/app/${a.id}`}>{a.name}</a> <span className="muted">#{String(a.id)}</span>
          </h2>
          <p>
            <Tags tag={a.tag} /> <span className="tag">{CATEGORY_NAMES[a.category] ?? `category ${a.category}`}</span>{' '}
            <span className="tag">{a.maxMemoryMb} MB</span>
          </p>
          <p>
            {a.price === undefined ? (
              <span className="muted">no open order</span>
            ) : (
              <>
                Price <strong>{formatToken(a.price, symbol)}</strong> per task
              </>
            )}
          </p>
          <p className="muted">
            module <code>{short(a.moduleHash)}</code> · owner <code>{short(a.owner, 4)}</code>
          </p>
        </li>
      ))}
    </ul>
  );
}

function DatasetList({ datasets, symbol }: { datasets: DatasetItem[]; symbol: string }) {
  if (!datasets.length) return <p>No dataset matches. Dataset owners publish them with the CLI (proofgrid dataset publish).</p>;
  return (
    <ul className="grid">
      {datasets.map((d) => (
        <li key={String(d.id)} className="card item">
          <h2>
            {d.name} <span className="muted">#{String(d.id)}</span>
          </h2>
          <p>
            <Tags tag={d.tag} />
          </p>
          <p>
            {d.price === undefined ? (
              <span className="muted">no open order</span>
            ) : (
              <>
                Price <strong>{formatToken(d.price, symbol)}</strong> per use
              </>
            )}
          </p>
          <p className="muted">
            content <code>{short(d.contentHash)}</code> · owner <code>{short(d.owner, 4)}</code>
          </p>
        </li>
      ))}
    </ul>
  );
}

function PoolList({ pools, symbol }: { pools: PoolItem[]; symbol: string }) {
  const [open, setOpen] = useState<string>();
  if (!pools.length) return <p>No workerpool matches.</p>;
  return (
    <ul className="grid">
      {pools.map((p) => (
        <li key={String(p.id)} className="card item">
          <h2>
            {p.description || 'workerpool'} <span className="muted">#{String(p.id)}</span>
          </h2>
          <p>
            {Object.entries(p.resources).map(([k, v]) => (
              <span key={k} className="tag">
                {k}: {String(v)}
              </span>
            ))}
          </p>
          <p>
            {p.price === undefined ? (
              <span className="muted">no open order</span>
            ) : (
              <>
                Price <strong>{formatToken(p.price, symbol)}</strong> per task · trust up to {String(p.trust)}
              </>
            )}
          </p>
          <p className="muted">
            scheduler <code>{short(p.scheduler, 4)}</code> · worker stake {p.workerStakeRatio}% · scheduler reward {p.schedulerRewardRatio}%
          </p>
          {p.workers.length > 0 && (
            <details open={open === String(p.id)} onToggle={(e) => (e.currentTarget.open ? setOpen(String(p.id)) : undefined)}>
              <summary>{p.workers.filter((w) => w.status === 'online').length} workers online</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Worker</th>
                    <th scope="col">Status</th>
                    <th scope="col">Reputation</th>
                    <th scope="col">Done</th>
                  </tr>
                </thead>
                <tbody>
                  {p.workers.map((w) => (
                    <tr key={w.address}>
                      <td>
                        <code>{w.name ?? short(w.address, 4)}</code>
                      </td>
                      <td>{w.status}</td>
                      <td>{w.score}</td>
                      <td>{w.done}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}
