// The verifier's durable state (better-sqlite3): the chain cursor, the deals it saw, every answer it saw with its
// check and, for a wrong one, its challenge and game. A restart reads it back and resumes every game.
import Database from 'better-sqlite3';
import type { Hex } from 'viem';

/**
 * What happened to an answer: `skipped` (not picked), `pending` (to check), `agreed` (the verifier's run gives the
 * same claim), `mismatch` (it does not: to challenge), `unverifiable` (cannot be re-executed here: a dataset, a
 * module the machine refuses, a blob the store does not have; `detail` says which), `challenged` (a game is open and
 * played), `demanded` (a start demand is open until `deadline`), `won` / `lost` (the game ended, the answer was
 * refuted by its end binding, or a start demand expired: won; the answerer revealed a valid start of the app's image
 * although it is not the task's: lost, `detail` says why), `missed` (the window closed before the challenge went out).
 */
export type TaskState =
  | 'skipped'
  | 'pending'
  | 'agreed'
  | 'mismatch'
  | 'unverifiable'
  | 'challenged'
  | 'won'
  | 'lost'
  | 'missed'
  | 'demanded';

/**
 * How a wrong answer is shown wrong: its end binding (`refuteAnswer`, no game), a demand that the answerer reveal
 * its start (`demandStart`: overturned if it cannot within the dispute clock), or the bisection game.
 */
export type Plan = 'bind-end' | 'demand-start' | 'game';

export type TaskRow = {
  task_id: Hex;
  deal_id: Hex;
  idx: number;
  answerer: Hex;
  output_digest: Hex;
  claim: string; // JSON {startRoot, endRoot, steps}
  window_end: number;
  state: TaskState;
  detail: string | null;
  mine: string | null; // JSON: the verifier's own claim
  plan: Plan | null;
  challenge: number | null;
  deadline: number | null;
  game: Hex | null;
  game_id: string | null;
  game_from_block: string | null;
  moves: number;
  resolved: number;
  finalized: number;
  gas: string;
  updated_at: number;
};

const SCHEMA = `
create table if not exists meta (k text primary key, v text not null);
create table if not exists deals (deal_id text primary key, key text not null, params text not null);
create table if not exists tasks (
  task_id text primary key,
  deal_id text not null,
  idx integer not null,
  answerer text not null,
  output_digest text not null,
  claim text not null,
  window_end integer not null,
  state text not null,
  detail text,
  mine text,
  plan text,
  challenge integer,
  deadline integer,
  game text,
  game_id text,
  game_from_block text,
  moves integer not null default 0,
  resolved integer not null default 0,
  finalized integer not null default 0,
  gas text not null default '0',
  updated_at integer not null
);
create index if not exists tasks_state on tasks(state);
`;

export type NewTask = Pick<TaskRow, 'task_id' | 'deal_id' | 'idx' | 'answerer' | 'output_digest' | 'claim' | 'window_end' | 'state'>;

/** Opens (creating if needed) the verifier's database. */
export function openStore(path: string) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(SCHEMA);
  const now = () => Date.now();
  return {
    cursor(): bigint | undefined {
      const v = db.prepare('select v from meta where k = ?').pluck().get('cursor') as string | undefined;
      return v === undefined ? undefined : BigInt(v);
    },
    setCursor(block: bigint) {
      db.prepare('insert into meta (k, v) values (?, ?) on conflict(k) do update set v = excluded.v').run('cursor', block.toString());
    },
    putDeal(dealId: Hex, key: string, params: string) {
      db.prepare('insert or ignore into deals (deal_id, key, params) values (?, ?, ?)').run(dealId, key, params);
    },
    deal(dealId: Hex): { key: string; params: string } | undefined {
      return db.prepare('select key, params from deals where deal_id = ?').get(dealId) as { key: string; params: string } | undefined;
    },
    /** Records an answer once (a log seen again after a restart changes nothing). */
    addTask(t: NewTask): boolean {
      const r = db
        .prepare(
          `insert or ignore into tasks (task_id, deal_id, idx, answerer, output_digest, claim, window_end, state, updated_at)
           values (@task_id, @deal_id, @idx, @answerer, @output_digest, @claim, @window_end, @state, @now)`,
        )
        .run({ ...t, now: now() });
      return r.changes === 1;
    },
    task(taskId: Hex): TaskRow | undefined {
      return db.prepare('select * from tasks where task_id = ?').get(taskId) as TaskRow | undefined;
    },
    inState(...states: TaskState[]): TaskRow[] {
      return db
        .prepare(`select * from tasks where state in (${states.map(() => '?').join(',')}) order by rowid`)
        .all(...states) as TaskRow[];
    },
    /** The last `limit` answers seen, oldest first. */
    all(limit = 1000): TaskRow[] {
      return (db.prepare('select * from tasks order by rowid desc limit ?').all(limit) as TaskRow[]).reverse();
    },
    update(taskId: Hex, fields: Partial<Omit<TaskRow, 'task_id'>>) {
      const names = Object.keys(fields);
      if (!names.length) return;
      db.prepare(`update tasks set ${names.map((n) => `${n} = @${n}`).join(', ')}, updated_at = @updated_at where task_id = @task_id`).run({
        ...fields,
        updated_at: now(),
        task_id: taskId,
      });
    },
    addGas(taskId: Hex, gas: bigint, moves = 0) {
      const row = db.prepare('select gas, moves from tasks where task_id = ?').get(taskId) as { gas: string; moves: number };
      db.prepare('update tasks set gas = ?, moves = ?, updated_at = ? where task_id = ?').run(
        (BigInt(row.gas) + gas).toString(),
        row.moves + moves,
        now(),
        taskId,
      );
    },
    /** Counts by state and the gas the verifier spent, for /status and /metrics. */
    counts() {
      const byState = Object.fromEntries(
        (db.prepare('select state, count(*) n from tasks group by state').all() as { state: TaskState; n: number }[]).map((r) => [
          r.state,
          r.n,
        ]),
      ) as Partial<Record<TaskState, number>>;
      const gas = (db.prepare('select gas from tasks').pluck().all() as string[]).reduce((s, g) => s + BigInt(g), 0n);
      const n = (...s: TaskState[]) => s.reduce((sum, k) => sum + (byState[k] ?? 0), 0);
      return {
        seen: n('skipped', 'pending', 'agreed', 'mismatch', 'unverifiable', 'challenged', 'demanded', 'won', 'lost', 'missed'),
        checked: n('agreed', 'mismatch', 'challenged', 'demanded', 'won', 'lost', 'missed'),
        agreed: n('agreed'),
        skipped: n('skipped'),
        unverifiable: n('unverifiable'),
        challenged: n('challenged', 'demanded', 'won', 'lost'),
        refuted: (db.prepare("select count(*) from tasks where state = 'won' and plan = 'bind-end'").pluck().get() as number) ?? 0,
        demanded: n('demanded'),
        won: n('won'),
        lost: n('lost'),
        missed: n('missed'),
        gasSpent: gas,
      };
    },
    close: () => db.close(),
  };
}
export type Store = ReturnType<typeof openStore>;
