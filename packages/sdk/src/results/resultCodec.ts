import { type Hex, sha256 } from 'viem';

/** A task's result: what the app printed and the files it left under /out. */
export type TaskResult = { stdout: Uint8Array; files: Record<string, Uint8Array> };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The canonical encoding of a result (version 1). Its sha256 is the task's result digest, the
 * leaf value workers agree on, so a result blob fetched by digest verifies itself.
 * Entries `u32be(len(name)) ‖ name ‖ u64be(len(content)) ‖ content`: `stdout` first, then every
 * file sorted by the UTF-8 bytes of its path.
 * @example
 * import { encodeResult, resultDigestOf } from '@proofgrid/sdk';
 * const blob = encodeResult({ stdout, files }); const digest = resultDigestOf(blob);
 */
export function encodeResult(result: TaskResult): Uint8Array {
  const names = Object.keys(result.files)
    .map((name) => ({ name, bytes: encoder.encode(name) }))
    .sort((a, b) => compareBytes(a.bytes, b.bytes));
  const entries = [
    { name: encoder.encode('stdout'), content: result.stdout },
    ...names.map((n) => ({ name: n.bytes, content: result.files[n.name] as Uint8Array })),
  ];
  const size = entries.reduce((s, e) => s + 12 + e.name.length + e.content.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const e of entries) {
    view.setUint32(at, e.name.length);
    out.set(e.name, at + 4);
    at += 4 + e.name.length;
    view.setBigUint64(at, BigInt(e.content.length));
    out.set(e.content, at + 8);
    at += 8 + e.content.length;
  }
  return out;
}

/** Decodes a result blob; throws on a malformed one. */
export function decodeResult(blob: Uint8Array): TaskResult {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const files: Record<string, Uint8Array> = {};
  let stdout: Uint8Array | undefined;
  let at = 0;
  while (at < blob.length) {
    if (at + 4 > blob.length) throw new Error('decodeResult: truncated entry name length');
    const nameLength = view.getUint32(at);
    if (at + 4 + nameLength + 8 > blob.length) throw new Error('decodeResult: truncated entry');
    const name = decoder.decode(blob.subarray(at + 4, at + 4 + nameLength));
    at += 4 + nameLength;
    const length = Number(view.getBigUint64(at));
    if (at + 8 + length > blob.length) throw new Error('decodeResult: truncated content');
    const content = blob.slice(at + 8, at + 8 + length);
    at += 8 + length;
    if (stdout === undefined) {
      if (name !== 'stdout') throw new Error('decodeResult: the first entry must be stdout');
      stdout = content;
    } else files[name] = content;
  }
  if (stdout === undefined) throw new Error('decodeResult: empty blob');
  return { stdout, files };
}

/** sha256 of a blob, 0x-prefixed: content addresses and result digests. */
export function contentHashOf(bytes: Uint8Array): Hex {
  return sha256(bytes);
}

/** The digest of a result: sha256(encodeResult(result)). */
export function resultDigestOf(result: TaskResult | Uint8Array): Hex {
  return sha256(result instanceof Uint8Array ? result : encodeResult(result));
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}
