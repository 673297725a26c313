import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { errorInfo } from './index.ts';

const ROOT = new URL('../../../..', import.meta.url).pathname;

function sources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'abi' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sources(path, out);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(path);
  }
  return out;
}

// The ways a code is written in the repo: `code: 'X'`, `code === 'X'`, `new ServiceError('X', …)`,
// `new SecretsError('X', …)`, the secret service's `parse(zSchema, body, 'X')`, the scheduler's `bodyOf`/`parseOr`, and the CLI's `new UsageError(message, 'X')` / `new ConfigError(message, 'X')`.
const PATTERNS = [
  /\bcode(?::|\s*===)\s*'([A-Z][A-Za-z0-9]+)'/g,
  /new (?:ServiceError|SecretsError)\(\s*'([A-Za-z0-9]+)'/g,
  /new (?:UsageError|ConfigError)\((?:[^;]|\n)*?,\s*'([A-Z][A-Za-z0-9]+)'\s*[,)]/g,
  /\bparse\(z\w+, \w+, '([A-Z][A-Za-z0-9]+)'\)/g,
  // the scheduler's body and schema helpers: bodyOf(c, zSchema, 'X', …), parseOr(result, 'X', …)
  /\b(?:bodyOf|parseOr)\((?:[^;]|\n)*?,\s*'([A-Z][A-Za-z0-9]+)'/g,
  // a registry read naming the code it throws: [address, abi, 'X']
  /\[[\w.]+, \w+Abi, '([A-Z][A-Za-z0-9]+)'\]/g,
];

test('every error code written in the packages is in the catalogue', () => {
  const missing = new Map<string, string>();
  for (const file of sources(join(ROOT, 'packages'))) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of PATTERNS) {
      for (const [, code] of text.matchAll(pattern)) if (!errorInfo(code!)) missing.set(code!, relative(ROOT, file));
    }
  }
  assert.deepEqual(
    Object.fromEntries(missing),
    {},
    'add these codes to packages/sdk/src/errors/catalogue/ and run node --import tsx scripts/errors-doc.ts',
  );
});
