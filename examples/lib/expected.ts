import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Compares a test's actual reference output with the JSON committed next to it.
 * Run the tests with UPDATE_EXPECTED=1 to rewrite the file instead (after a
 * deliberate change to an app; review the diff before committing).
 * @example
 * matchExpected(new URL('./expected.json', import.meta.url), { args, stdout, digest })
 */
export function matchExpected(file: URL, actual: Record<string, unknown>): void {
  const normalized = JSON.parse(JSON.stringify(actual)) as Record<string, unknown>;
  if (process.env.UPDATE_EXPECTED) {
    writeFileSync(file, `${JSON.stringify(normalized, null, 2)}\n`);
    return;
  }
  const expected = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(normalized, expected, `output differs from ${file.pathname} (UPDATE_EXPECTED=1 rewrites it)`);
}
