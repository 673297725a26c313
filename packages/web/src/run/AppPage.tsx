import { ProofgridError, parseTag, requestRun } from '@proofgrid/sdk';
import { type FormEvent, useState } from 'react';
import { ErrorNote } from '../common/ErrorNote.tsx';
import { CATEGORY_NAMES, formatToken, parseWhole, tagNames } from '../common/format.ts';
import { go } from '../common/useHashRoute.ts';
import { usePersistentState } from '../common/usePersistentState.ts';
import { usePoll } from '../common/usePoll.ts';
import { useSession } from '../session/Session.tsx';
import { type AppItem, type Catalog, cheapestPool, loadCatalog } from '../store/loadCatalog.ts';
import { type KnownApp, buildKnownTasks, knownApp } from './appForms.ts';
import { saveRun } from './runs.ts';

/** An app's page: what it is, what it costs, and a form to buy a run (a bag of tasks). */
export function AppPage({ id }: { id: string }) {
  const { reader, market, symbol } = useSession();
  const catalog = usePoll(() => loadCatalog(reader, market), [reader, market], { intervalMs: 10_000 });
  const app = catalog.value?.apps.find((a) => String(a.id) === id);
  if (catalog.error && !catalog.value) return <ErrorNote error={catalog.error} />;
  if (!catalog.value) return <p role="status">Loading app #{id}…</p>;
  if (!app)
    return (
      <p role="alert">
        No app #{id} on this market. <a href="#/">Back to the store</a>
      </p>
    );
  return (
    <section aria-labelledby="app-title">
      <h1 id="app-title">
        {app.name} <span className="muted">app #{String(app.id)}</span>
      </h1>
      <div className="card">
        <dl className="facts">
          <dt>Price per task</dt>
          <dd>{app.price === undefined ? 'no open order' : formatToken(app.price, symbol)}</dd>
          <dt>Module (sha256)</dt>
          <dd>
            <code className="break">{app.moduleHash}</code>
          </dd>
          <dt>Needs</dt>
          <dd>{[...tagNames(app.tag), `${app.maxMemoryMb} MB`, CATEGORY_NAMES[app.category] ?? `category ${app.category}`].join(' · ')}</dd>
          <dt>Owner</dt>
          <dd>
            <code className="break">{app.owner}</code>
          </dd>
          <dt>Location</dt>
          <dd>
            <code className="break">{app.uri}</code>
          </dd>
        </dl>
      </div>
      <RunForm app={app} catalog={catalog.value} />
    </section>
  );
}

function RunForm({ app, catalog }: { app: AppItem; catalog: Catalog }) {
  const s = useSession();
  const known = knownApp(app.name);
  const [values, setValues] = usePersistentState<Record<string, string>>(`run.${app.name}`, known?.defaults ?? { tasks: '1', args: '' });
  const [trust, setTrust] = usePersistentState('run.trust', '1');
  // Tags and restrictions (M2) and worker requirements: empty = none.
  const [terms, setTerms] = usePersistentState<Record<string, string>>('run.terms', { tag: '', pool: '', requirements: '' });
  const setTerm = (k: string, v: string) => setTerms((old) => ({ ...old, [k]: v }));
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const pool = cheapestPool(catalog);
  const set = (k: string, v: string) => setValues((old) => ({ ...old, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      if (!s.signer || !s.address)
        throw new ProofgridError('connect a wallet first (Wallet page)', { code: 'WalletNotConnected', kind: 'user' });
      if (app.price === undefined)
        throw new ProofgridError('this app has no open order: its owner must publish one', { code: 'NoAppOrder', kind: 'user' });
      if (!pool?.price && pool?.price !== 0n)
        throw new ProofgridError('no workerpool sells capacity right now', { code: 'NoWorkerpoolOrder', kind: 'user' });
      const { params, tasks } = bagOf(known, values);
      const t = parseWhole(trust, 'trust', 1, 100);
      const tag = parseTag(terms.tag);
      const workerpool = terms.pool?.trim() ? BigInt(parseWhole(terms.pool, 'workerpool', 1, 1e9)) : undefined;
      const cost = BigInt(tasks.length) * (app.price + pool.price!);
      const free = s.balances?.escrow ?? 0n;
      if (cost > free) {
        throw new ProofgridError(
          `this run costs ${formatToken(cost, s.symbol)} (${tasks.length} tasks × ${formatToken(app.price + pool.price!, s.symbol)}) but your escrow holds ${formatToken(free, s.symbol)}: deposit at least ${formatToken(cost - free, s.symbol)} on the Wallet page`,
          { code: 'InsufficientFunds', kind: 'user', details: { cost, free } },
        );
      }
      setBusy('Uploading the inputs and signing the request order…');
      const { requestHash, resultKey } = await requestRun(s.signer, s.market, {
        app: app.id,
        tasks,
        trust: t,
        category: app.category,
        appMaxPrice: app.price,
        workerpoolMaxPrice: pool.price!,
        tag,
        ...(workerpool ? { workerpool } : {}),
        ...(terms.requirements?.trim() ? { requirements: terms.requirements.trim() } : {}),
      });
      saveRun({
        requestHash,
        app: String(app.id),
        appName: app.name,
        params,
        tasks: tasks.length,
        requester: s.address,
        createdAt: Date.now(),
        resultKey,
      });
      go('run', requestHash);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="run-title" noValidate>
      <h2 id="run-title">Run {app.name}</h2>
      <div className="row">
        {known ? (
          known.fields.map((f) =>
            f.choices ? (
              <label key={f.name}>
                {f.label}
                <select name={f.name} value={values[f.name] ?? ''} onChange={(e) => set(f.name, e.target.value)}>
                  {f.choices.map((c) => (
                    <option key={c}>{c}</option>
                  ))}
                </select>
              </label>
            ) : (
              <label key={f.name}>
                {f.label}
                <input name={f.name} inputMode="numeric" value={values[f.name] ?? ''} onChange={(e) => set(f.name, e.target.value)} />
              </label>
            ),
          )
        ) : (
          <>
            <label>
              Tasks in the bag
              <input name="tasks" inputMode="numeric" value={values.tasks ?? '1'} onChange={(e) => set('tasks', e.target.value)} />
            </label>
            <label className="grow">
              Arguments (space separated, the same for every task)
              <input name="args" value={values.args ?? ''} onChange={(e) => set('args', e.target.value)} />
            </label>
          </>
        )}
        <label>
          Trust (1 = one worker, more = replicated)
          <input name="trust" inputMode="numeric" value={trust} onChange={(e) => setTrust(e.target.value)} />
        </label>
        <label>
          Tag bits the pool must offer (0 = TEE, 1 = GPU; e.g. 0,1)
          <input name="tag" value={terms.tag ?? ''} onChange={(e) => setTerm('tag', e.target.value)} />
        </label>
        <label>
          Only workerpool # (empty = any)
          <input name="pool" inputMode="numeric" value={terms.pool ?? ''} onChange={(e) => setTerm('pool', e.target.value)} />
        </label>
        <label className="grow">
          Worker requirements (e.g. memoryMb &gt;= 512)
          <input name="requirements" value={terms.requirements ?? ''} onChange={(e) => setTerm('requirements', e.target.value)} />
        </label>
      </div>
      <p className="muted">
        {pool ? (
          <>
            Workerpool #{String(pool.id)} at {formatToken(pool.price ?? 0n, s.symbol)} per task.{' '}
          </>
        ) : (
          'No workerpool order open. '
        )}
        {s.balances && <>Your escrow: {formatToken(s.balances.escrow, s.symbol)}.</>}
      </p>
      <button type="submit" disabled={!!busy}>
        Buy the run
      </button>
      {busy && <p role="status">{busy}</p>}
      <ErrorNote error={error} />
    </form>
  );
}

/** The bag of tasks from the form; throws `InputInvalid` on a bad value. */
function bagOf(known: KnownApp | undefined, values: Record<string, string>) {
  if (!known) {
    const n = parseWhole(values.tasks ?? '', 'tasks', 1, 1000);
    const args = (values.args ?? '').trim() ? (values.args ?? '').trim().split(/\s+/) : [];
    return { params: { tasks: n, args }, tasks: Array.from({ length: n }, () => ({ args })) };
  }
  const params: Record<string, unknown> = {};
  for (const f of known.fields)
    params[f.name] = f.choices ? values[f.name] : parseWhole(values[f.name] ?? '', f.label.toLowerCase(), f.min ?? 0, f.max ?? 1e9);
  try {
    return { params, tasks: buildKnownTasks(known, params) };
  } catch (err) {
    throw new ProofgridError((err as Error).message, { code: 'InputInvalid', kind: 'user', cause: err });
  }
}
