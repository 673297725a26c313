#!/usr/bin/env node
// npm test: the whole suite, in order: build contracts (npm-only forge + solc-js) and check the
// generated ABIs, build the example apps from source, Solidity tests (unit, fuzz, invariants,
// attacks), then every TypeScript test (unit, apps in the sandbox, services, e2e with real
// processes). Ends with one line `N passed, N failed` and a non-zero exit on any failure.
//   PROOFGRID_SOAK=1 npm test   runs the long tiers too (forge soak profile, fault injection soak).
//   npm test -- --only node|forge   runs one half.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = new URL('..', import.meta.url).pathname;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const soak = process.env.PROOFGRID_SOAK === '1';
let passed = 0;
let failed = 0;
const failures = [];
const t0 = Date.now();

function step(title, cmd, args, opts = {}) {
  console.log(`\n=== ${title}\n$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd ?? ROOT,
    stdio: opts.capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, ...opts.env },
    maxBuffer: 256 << 20,
  });
  if (opts.capture) process.stdout.write(r.stdout ?? '');
  return r;
}

// 1. Contracts and generated ABIs.
const build = step('contracts: compile and check the SDK ABIs', process.execPath, ['contracts/scripts/build.mjs', '--check']);
if (build.status !== 0) {
  failed++;
  failures.push('contracts build / ABI check');
}
// 1b. docs/errors.md generated from the ABIs and the error catalogue.
const errorsDoc = step('docs: check docs/errors.md against the ABIs and the error catalogue', process.execPath, [
  '--import',
  'tsx',
  'scripts/errors-doc.ts',
  '--check',
]);
if (errorsDoc.status !== 0) {
  failed++;
  failures.push('docs/errors.md check');
}
// 1c. Lint and format check (Biome, biome.json): lint rules with the layering imports, and formatting.
const lint = step('lint: biome ci (lint rules, layering imports, formatting)', join(ROOT, 'node_modules/.bin/biome'), [
  'ci',
  '--reporter=summary',
  '.',
]);
if (lint.status !== 0) {
  failed++;
  failures.push('lint / format check (biome ci; `npm run format` fixes formatting)');
}
// 2. Example apps from source.
if (only !== 'forge') {
  const apps = step('examples: build the WASM apps from source', process.execPath, ['examples/build.mjs']);
  if (apps.status !== 0) {
    failed++;
    failures.push('examples build');
  }
}

// 3. Solidity tests.
if (only !== 'node') {
  const forge = step('contracts: forge test', join(ROOT, 'node_modules/.bin/forge'), ['test'], {
    capture: true,
    cwd: join(ROOT, 'contracts'),
    env: soak ? { FOUNDRY_PROFILE: 'soak' } : {},
  });
  const m = /(\d+) tests passed, (\d+) failed, (\d+) skipped/.exec(forge.stdout ?? '');
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
    if (Number(m[3]) > 0) {
      console.log(`(forge skipped ${m[3]} tests: counted as failures)`);
      failed += Number(m[3]);
    }
    if (Number(m[2]) > 0) failures.push('forge tests');
  } else {
    failed++;
    failures.push('forge did not run (see above)');
  }
  if (forge.status !== 0 && m && Number(m[2]) === 0) {
    failed++;
    failures.push(`forge exited ${forge.status}`);
  }
}

// 4. TypeScript tests: node's test runner over every *.test.ts outside node_modules.
if (only !== 'forge') {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.') || name === 'build' || name === 'out') continue;
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.test.ts')) files.push(relative(ROOT, p));
    }
  };
  for (const dir of ['packages', 'examples', 'test', 'bench']) if (existsSync(join(ROOT, dir))) walk(join(ROOT, dir));
  files.sort();
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const tap = join(ROOT, 'test-results', 'node.tap');
  const node = step(
    `node: ${files.length} test files`,
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { env: soak ? { PROOFGRID_SOAK: '1' } : {} },
  );
  const out = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
  const count = (k) => Number(new RegExp(`^# ${k} (\\d+)$`, 'm').exec(out)?.[1] ?? 'NaN');
  const [p, f, c, s, todo] = [count('pass'), count('fail'), count('cancelled'), count('skipped'), count('todo')];
  if (Number.isNaN(p)) {
    failed++;
    failures.push('node test runner produced no summary');
  } else {
    passed += p;
    failed += f + c + s + todo; // a skipped or cancelled test is not a pass
    if (f + c + s + todo > 0) failures.push(`node tests: ${f} failed, ${c} cancelled, ${s} skipped, ${todo} todo`);
  }
  if (node.status !== 0 && !failures.some((x) => x.startsWith('node'))) {
    failed++;
    failures.push(`node test runner exited ${node.status}`);
  }
}

console.log(`\n=== summary (${((Date.now() - t0) / 1000).toFixed(0)} s)${failures.length ? `\nfailing: ${failures.join('; ')}` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
