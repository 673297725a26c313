// Builds every example app from AssemblyScript to WASI:
//   examples/<app>/assembly/index.ts  ->  examples/<app>/build/<app>.wasm
// An app is skipped when the hash of its sources, the shared lib, the compiler
// version and the flags matches build/.stamp, so repeated runs take well under
// a second. Usage: node examples/build.mjs [app ...]   (from any directory)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const EXAMPLES = dirname(fileURLToPath(import.meta.url));
const LIB = join(EXAMPLES, 'lib', 'assembly');
const require = createRequire(import.meta.url);
const SHIM_CONFIG = require.resolve('@assemblyscript/wasi-shim/asconfig.json');
const ASC_VERSION = JSON.parse(readFileSync(require.resolve('assemblyscript/package.json'), 'utf8')).version;
// asc joins the shim config's relative "lib" folder onto its base directory, which
// only works when both are relative: so compile from inside examples/.
process.chdir(EXAMPLES);
const FLAGS = ['--config', relative(EXAMPLES, SHIM_CONFIG), '-O3', '--runtime', 'incremental'];

const wanted = process.argv.slice(2);
const apps = readdirSync(EXAMPLES)
  .filter((name) => existsSync(join(EXAMPLES, name, 'assembly', 'index.ts')))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

let asc; // loaded only when something must be compiled (it takes about a second)
let failed = false;
for (const app of apps) {
  const started = performance.now();
  const out = join(EXAMPLES, app, 'build', `${app}.wasm`);
  const stampFile = join(EXAMPLES, app, 'build', '.stamp');
  const stamp = sourceHash(app);
  const upToDate = () => existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp;
  mkdirSync(dirname(out), { recursive: true });
  // One compiler per app at a time: test files start in parallel processes and all
  // build first; the others wait for the lock and then find the app up to date.
  const lock = join(EXAMPLES, app, 'build', '.lock');
  let locked = false;
  while (!upToDate() && !(locked = tryLock(lock))) await new Promise((resolve) => setTimeout(resolve, 100));
  if (upToDate()) {
    if (locked) rmSync(lock, { force: true });
    console.log(`${app.padEnd(11)} up to date   ${size(out)}`);
    continue;
  }
  try {
    failed = !(await compile(app, out)) || failed;
    if (failed) continue;
    writeFileSync(`${stampFile}.${process.pid}`, stamp);
    renameSync(`${stampFile}.${process.pid}`, stampFile);
    console.log(`${app.padEnd(11)} built in ${((performance.now() - started) / 1000).toFixed(1)} s   ${size(out)}`);
  } finally {
    rmSync(lock, { force: true });
  }
}
if (failed) process.exit(1);

/** Compiles one app; returns false (after printing the compiler's messages) on an error. */
async function compile(app, out) {
  asc ??= (await import('assemblyscript/asc')).default;
  const stderr = asc.createMemoryStream();
  // Compile to a private file and rename it into place, so test files that build in
  // parallel processes never read a half-written module.
  const partial = join(EXAMPLES, app, 'build', `${app}.${process.pid}.partial.wasm`);
  const { error } = await asc.main([join(app, 'assembly', 'index.ts'), ...FLAGS, '-o', relative(EXAMPLES, partial)], { stderr });
  if (error) {
    rmSync(partial, { force: true });
    console.log(`${app.padEnd(11)} FAILED\n${stderr.toString()}`);
    return false;
  }
  renameSync(partial, out);
  return true;
}

/** Creates the lock file, or returns false while another build holds it (a lock older than 2 min is stale). */
function tryLock(lock) {
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if (error.code !== 'EEXIST') throw error;
    try {
      if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { force: true });
    } catch {}
    return false;
  }
}

function sourceHash(app) {
  const hash = createHash('sha256').update(`asc ${ASC_VERSION} ${FLAGS.join(' ')}\n`);
  for (const file of [...tsFiles(join(EXAMPLES, app, 'assembly')), ...tsFiles(LIB)]) {
    hash.update(`${relative(EXAMPLES, file)}\n`).update(readFileSync(file));
  }
  return hash.digest('hex');
}

function tsFiles(dir) {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return tsFiles(path);
      return name.endsWith('.ts') ? [path] : [];
    });
}

function size(file) {
  return `${(statSync(file).size / 1024).toFixed(1)} KiB`;
}
