import type { Address } from 'viem';
import type { Db } from './schema.ts';
import type { WorkerRow } from './types.ts';

export type Workers = ReturnType<typeof createWorkers>;

/**
 * The workers table, mirrored in memory (by address and by token). A heartbeat only touches
 * memory: `last_seen` goes to the database in one transaction per flush (write-behind; a restart
 * may see it up to a flush old, and workers beat every TTL/4 anyway).
 */
export function createWorkers(db: Db) {
  const st = {
    all: db.prepare('select * from workers'),
    upsert: db.prepare(
      `insert into workers (address, name, resources, token, last_seen) values (?, ?, ?, ?, ?)
       on conflict(address) do update set name = excluded.name, resources = excluded.resources, token = excluded.token, last_seen = excluded.last_seen
       returning *`,
    ),
    seen: db.prepare('update workers set last_seen = ? where address = ?'),
    credit: db.prepare('update workers set done = done + 1 where address = ?'),
  };
  const byAddress = new Map<string, WorkerRow>();
  const byToken = new Map<string, WorkerRow>();
  for (const w of st.all.all() as WorkerRow[]) {
    byAddress.set(w.address, w);
    byToken.set(w.token, w);
  }
  const dirty = new Set<WorkerRow>();
  const flush = db.transaction(() => {
    for (const w of dirty) st.seen.run(w.last_seen, w.address);
    dirty.clear();
  });
  return {
    byToken: (token: string) => byToken.get(token),
    all: () => [...byAddress.values()],
    /** Registers (or re-registers, with a new token) a worker. */
    upsert(address: Address, name: string | null, resources: string, token: string, now: number): WorkerRow {
      const row = st.upsert.get(address, name, resources, token, now) as WorkerRow;
      const old = byAddress.get(address);
      if (old) {
        byToken.delete(old.token);
        dirty.delete(old);
      }
      byAddress.set(address, row);
      byToken.set(token, row);
      return row;
    },
    touch(w: WorkerRow, now: number) {
      w.last_seen = now;
      dirty.add(w);
    },
    credit(w: WorkerRow) {
      st.credit.run(w.address);
      w.done++;
    },
    flush: () => flush(),
  };
}
