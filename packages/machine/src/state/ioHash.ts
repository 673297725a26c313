import { keccak_256 } from '@noble/hashes/sha3';
import type { Wasi } from '../wasi/wasi.ts';
import { packedHash } from './words.ts';

const encoder = new TextEncoder();

/**
 * The I/O state of a run as one hash: arguments, environment, the open fds (kind, area, path, position, flags),
 * every file of /in and /out (path and content hash, in byte order), stdout, stderr, the random stream's
 * position, the virtual clock and the output bytes charged. Recomputed in full at a checkpoint: the files
 * of the example apps are small next to memory. (Issue 15 later splits it into a Merkle tree of 32-byte chunks.)
 */
export function ioHash(wasi: Wasi): Uint8Array {
  const parts: Uint8Array[] = [];
  const text = (s: string) => {
    const bytes = encoder.encode(s);
    parts.push(u32(bytes.length), bytes);
  };
  const blob = (bytes: Uint8Array) => parts.push(keccak_256(bytes));
  parts.push(u32(wasi.args.length));
  for (const a of wasi.args) blob(a);
  parts.push(u32(wasi.env.length));
  for (const e of wasi.env) blob(e);
  parts.push(u32(wasi.fs.fds.length));
  for (const h of wasi.fs.fds) {
    if (!h) text('-');
    else if (h.kind === 'stdio') text(`stdio:${h.fd}`);
    else if (h.kind === 'dir') text(`dir:${h.area}:${h.path}:${h.preopen ?? ''}:${h.rights}`);
    else text(`file:${h.area}:${h.path}:${h.position}:${+h.append}:${h.rights}`);
  }
  for (const area of ['in', 'out'] as const) {
    const files = [...wasi.fs.areas[area]].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    parts.push(u32(files.length));
    for (const [path, file] of files) {
      text(path);
      blob(file.data.subarray(0, file.size));
    }
    const dirs = [...wasi.fs.dirs[area]].sort();
    parts.push(u32(dirs.length));
    for (const d of dirs) text(d);
  }
  blob(wasi.stdout());
  blob(wasi.stderr());
  const total = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of parts) all.set(p, (at += p.length) - p.length);
  return packedHash([
    [keccak_256(all), 32],
    [wasi.random.position, 8],
    [wasi.clock.now, 8],
    [wasi.usage.written, 8],
  ]);
}

function u32(v: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, v, false);
  return out;
}
