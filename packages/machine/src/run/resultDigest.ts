import { sha256 } from '@noble/hashes/sha2';
import { compareBytes } from '../wasi/fileSystem.ts';

/**
 * The result digest workers agree on, computed as the sandbox's computeResultDigest (version 1): sha256 over
 * `u32be(len(name)) ‖ name ‖ u64be(len(content)) ‖ content` for stdout (named 'stdout') and then every /out
 * file in UTF-8 byte order of its path. Browser-safe (no node:crypto).
 */
export function resultDigest(result: { stdout: Uint8Array; files: Record<string, Uint8Array> }): `0x${string}` {
  const hash = sha256.create();
  const encoder = new TextEncoder();
  const entry = (name: Uint8Array, content: Uint8Array) => {
    const header = new Uint8Array(12);
    const view = new DataView(header.buffer);
    view.setUint32(0, name.length, false);
    hash.update(header.subarray(0, 4)).update(name);
    view.setBigUint64(4, BigInt(content.length), false);
    hash.update(header.subarray(4, 12)).update(content);
  };
  entry(encoder.encode('stdout'), result.stdout);
  const names = Object.keys(result.files)
    .map((n) => ({ n, bytes: encoder.encode(n) }))
    .sort((a, b) => compareBytes(a.bytes, b.bytes));
  for (const { n, bytes } of names) entry(bytes, result.files[n]!);
  return `0x${Array.from(hash.digest(), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
