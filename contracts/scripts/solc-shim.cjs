#!/usr/bin/env node
// Stand-in for the native `solc` binary that forge expects, backed by solc-js from npm.
// Forge asks only for `--version` and `--standard-json` (input on stdin, sources inline),
// so that is all this answers. Why: only the npm registry is reachable, and forge must not
// download a compiler (see docs/decisions/001-toolchain.md).
const solc = require('solc');

const args = process.argv.slice(2);
if (args.includes('--version')) {
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
  process.exit(0);
}
if (!args.includes('--standard-json')) {
  process.stderr.write('solc-shim: only --version and --standard-json are supported\n');
  process.exit(2);
}
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', () => {
  const input = Buffer.concat(chunks).toString('utf8');
  const fs = require('node:fs');
  const path = require('node:path');
  // Sources normally arrive inline; this callback only covers a missed import.
  const findImports = (p) => {
    for (const base of [process.cwd(), path.join(process.cwd(), 'node_modules'), path.join(process.cwd(), '..', 'node_modules')]) {
      const full = path.resolve(base, p);
      if (fs.existsSync(full)) return { contents: fs.readFileSync(full, 'utf8') };
    }
    return { error: `File not found: ${p}` };
  };
  process.stdout.write(solc.compile(input, { import: findImports }));
});
