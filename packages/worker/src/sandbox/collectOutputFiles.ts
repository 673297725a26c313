import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SandboxOutputLimitError } from './errors.ts';

/**
 * @internal Reads every regular file under `outDir` into a record keyed by its
 * relative path ('plots/a.png'), in UTF-8 byte order of the names.
 * Symlinks and special files are not collected (a symlink could point at a host
 * file). Sizes are checked against `budgetBytes` before anything is read, so a
 * sparse or truncated-up file cannot make the host allocate past the limit.
 * Synchronous, like createScratchDir: a few small local reads cost less than thread-pool round trips.
 */
export async function collectOutputFiles(
  outDir: string,
  { budgetBytes, limitBytes, alreadyWritten }: { budgetBytes: number; limitBytes: number; alreadyWritten: number },
): Promise<Record<string, Uint8Array>> {
  const found: { name: string; path: string; size: number }[] = [];
  walk(outDir, '', found);
  const total = found.reduce((n, f) => n + f.size, 0);
  if (total > budgetBytes) throw new SandboxOutputLimitError({ limitBytes, writtenBytes: alreadyWritten + total });
  found.sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const files: Record<string, Uint8Array> = {};
  for (const file of found) files[file.name] = new Uint8Array(readFileSync(file.path));
  return files;
}

function walk(dir: string, prefix: string, found: { name: string; path: string; size: number }[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const name = prefix + entry.name;
    if (entry.isDirectory()) walk(path, `${name}/`, found);
    else if (entry.isFile()) found.push({ name, path, size: lstatSync(path).size });
  }
}
