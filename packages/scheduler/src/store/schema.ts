import Database from 'better-sqlite3';

/** The scheduler's durable state. A restart reads everything back from here (X2). */
export type Db = Database.Database;

/** Version 1: the schema of the first release (tables made `if not exists`, so a database made before
 * versions were recorded takes it as a no-op). */
const V1 = `
create table if not exists meta (k text primary key, v text not null);
create table if not exists orders (
  hash text primary key,
  kind text not null,
  body text not null,            -- the order in wire form, with its signature
  signer text not null,
  asset text not null,           -- app / dataset / workerpool id ('0' for requests)
  app text, dataset text, workerpool text, requester text,
  category integer, trust integer,
  volume text not null,
  consumed text not null default '0',
  expiry integer not null,
  status text not null,          -- open | filled | cancelled | expired
  reason text,                   -- for requests: why not matched (yet)
  created_at integer not null
);
create index if not exists orders_kind_status on orders(kind, status);
create table if not exists deals (
  deal_id text primary key,
  request_hash text not null,
  requester text not null,
  key text not null,             -- the DealKey in wire form
  app_uri text not null,
  module_hash text not null,
  app_memory_mb integer not null,
  params text not null,
  category_max_s integer not null,
  trust integer not null,
  volume integer not null,
  status text not null,          -- running | completed | failed
  unmatched text,
  match_tx text not null,
  created_at integer not null
);
create index if not exists deals_request on deals(request_hash);
create table if not exists batches (
  batch_id text primary key,
  deal_id text not null,
  first integer not null,
  count integer not null,
  status text not null,          -- pending | running | revealing | finalized | claimed
  replicas integer not null,     -- workers wanted on it
  root text,
  digests text,                  -- JSON array of the agreed per-task digests
  tx text,
  updated_at integer not null
);
create index if not exists batches_deal on batches(deal_id, first);
create index if not exists batches_status on batches(status);
create table if not exists leases (
  lease_id integer primary key autoincrement,
  batch_id text not null,
  worker text not null,
  status text not null,          -- active | reported | contributed | revealed | done | expired | failed
  expires_at integer not null,
  root text,
  digests text,
  error text,
  tx text,
  created_at integer not null,
  unique (batch_id, worker)
);
create index if not exists leases_status on leases(status, expires_at);
create table if not exists workers (
  address text primary key,
  name text,
  resources text not null,
  token text not null,
  last_seen integer not null,
  done integer not null default 0
);
create index if not exists workers_token on workers(token);
create index if not exists leases_worker on leases(worker, status);
create table if not exists matches (     -- matches sent by this scheduler, not yet confirmations deep
  tx text primary key,
  request_hash text not null,
  orders text not null,          -- JSON list of the order hashes it consumed
  created_at integer not null
);
`;

/**
 * Schema migrations, applied in order on open; `pragma user_version` records the last one applied.
 * Each runs in a transaction with the version bump. Append, never edit a released one.
 */
export const MIGRATIONS: readonly ((db: Db) => void)[] = [
  (db) => db.exec(V1),
  // 2: whether a finalized batch was settled after its rollback window.
  (db) => {
    const columns = (db.prepare('pragma table_info(batches)').all() as { name: string }[]).map((c) => c.name);
    if (!columns.includes('settled')) db.exec('alter table batches add column settled integer not null default 0');
  },
  // 3: an optimistic task's answer state (scheduling/answer.ts; null for replicated and pushed batches).
  (db) => {
    const columns = (db.prepare('pragma table_info(batches)').all() as { name: string }[]).map((c) => c.name);
    if (!columns.includes('answer')) db.exec('alter table batches add column answer text');
  },
];

/** Opens the state database and brings its schema to the latest version; `:memory:` for throwaway runs. */
export function openDb(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = wal');
  db.pragma('synchronous = normal');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length)
    throw new Error(`scheduler database ${path} has schema version ${version}, newer than this scheduler (${MIGRATIONS.length})`);
  MIGRATIONS.slice(version).forEach((migrate, i) => {
    db.transaction(() => {
      migrate(db);
      db.pragma(`user_version = ${version + i + 1}`);
    })();
  });
  return db;
}
