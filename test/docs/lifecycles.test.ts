// Each lifecycle is drawn once, as a `| from | event | to |` table in docs/lifecycles.md; this test
// holds every drawing to the transition table its reducer runs on (scheduler: lease, batch, deal;
// worker: reveal), so neither can change without the other.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ANSWER_TRANSITIONS } from '../../packages/scheduler/src/scheduling/answer.ts';
import { BATCH_TRANSITIONS } from '../../packages/scheduler/src/scheduling/batch.ts';
import { DEAL_TRANSITIONS } from '../../packages/scheduler/src/scheduling/deal.ts';
import { LEASE_TRANSITIONS } from '../../packages/scheduler/src/scheduling/lease.ts';
import { REVEAL_TRANSITIONS } from '../../packages/worker/src/reveal/reducer.ts';

const doc = readFileSync(new URL('../../docs/lifecycles.md', import.meta.url), 'utf8');

/** The rows of the `| from | event | to |` table under the `## <title>` heading, as `from event to`. */
function tableOf(title: string): string[] {
  const section = doc.split(/^## /m).find((s) => s.startsWith(`${title}\n`));
  assert.ok(section, `docs/lifecycles.md has a "## ${title}" section`);
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const [header, rule] = lines.slice(0, 2).map((l) => l.replace(/\s/g, ''));
  assert.equal(header, '|from|event|to|', `the ${title} table's header`);
  assert.match(rule ?? '', /^\|(:?-+:?\|){3}$/, `the ${title} table's header rule`);
  return lines.slice(2).map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
      .join(' '),
  );
}

describe("docs/lifecycles.md draws the reducers' transition tables", () => {
  for (const [title, table] of [
    ['Lease', LEASE_TRANSITIONS],
    ['Batch', BATCH_TRANSITIONS],
    ['Deal', DEAL_TRANSITIONS],
    ['Reveal', REVEAL_TRANSITIONS],
    ['Answer', ANSWER_TRANSITIONS],
  ] as const) {
    test(title, () => {
      const drawn = tableOf(title);
      assert.equal(new Set(drawn).size, drawn.length, 'no row drawn twice');
      assert.deepEqual([...drawn].sort(), table.map((t) => `${t.from} ${t.event} ${t.to}`).sort());
    });
  }
});
