import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { REVEAL_TRANSITIONS } from './reducer.ts';

const doc = readFileSync(new URL('../../../../docs/lifecycles.md', import.meta.url), 'utf8');

test("docs/lifecycles.md draws the reveal reducer's transition table", () => {
  const section = doc.split(/^## /m).find((s) => s.startsWith('Reveal\n'));
  assert.ok(section, 'docs/lifecycles.md has a "## Reveal" section');
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  assert.deepEqual(
    lines.slice(0, 2).map((l) => l.replace(/\s/g, '')),
    ['|from|event|to|', '|---|---|---|'],
  );
  const drawn = lines.slice(2).map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim())
      .join(' '),
  );
  assert.equal(new Set(drawn).size, drawn.length, 'no row drawn twice');
  assert.deepEqual([...drawn].sort(), REVEAL_TRANSITIONS.map((t) => `${t.from} ${t.event} ${t.to}`).sort());
});
