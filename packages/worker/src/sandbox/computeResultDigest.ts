import { createHash } from 'node:crypto';
import type { SandboxResult } from './types.ts';

/**
 * The digest workers agree on: sha256 over a canonical encoding of the result.
 *
 * Encoding (version 1), a sequence of entries, each
 * `u32be(byteLength(name)) ‖ name (UTF-8) ‖ u64be(byteLength(content)) ‖ content`:
 * first stdout as an entry named `stdout`, then every /out file, sorted by the
 * UTF-8 bytes of its relative path ('a/b.txt'). stderr, the exit code and the
 * usage figures are not covered: stderr is for diagnostics and usage is not
 * deterministic. The position of the stdout entry keeps it apart from a file
 * that happens to be named `stdout`.
 *
 * @example
 * import { computeResultDigest } from './computeResultDigest.ts'
 * const digest = computeResultDigest(await pool.run(request)) // '0x3f…' (32 bytes)
 */
export function computeResultDigest(result: Pick<SandboxResult, 'stdout' | 'files'>): `0x${string}` {
  const hash = createHash('sha256');
  const entry = (name: string, content: Uint8Array) => {
    const nameBytes = Buffer.from(name, 'utf8');
    const header = Buffer.alloc(4);
    header.writeUInt32BE(nameBytes.length);
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(BigInt(content.length));
    hash.update(header).update(nameBytes).update(length).update(content);
  };
  entry('stdout', result.stdout);
  const names = Object.keys(result.files).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const name of names) entry(name, result.files[name]!);
  return `0x${hash.digest('hex')}`;
}
