import { SandboxMemoryLimitError } from './errors.ts';
import { encodeUnsignedLeb128 } from './leb128.ts';
import { concat, invalid, readLeb } from './moduleBytes.ts';

/** Size of one WebAssembly page. */
export const WASM_PAGE_BYTES = 65_536;

const MEMORY_SECTION = 5;
const IMPORT_SECTION = 2;
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A module whose memory maximum has been rewritten. */
export type CappedModule = { bytes: Uint8Array; initialPages: number; maxPages: number };

/**
 * Rewrites the maximum of the module's one memory to at most `maxPages`.
 *
 * V8 does not count wasm memory in a worker's `resourceLimits`, so the cap is
 * put in the module itself: the memory section (id 5) is re-encoded with
 * `maximum = min(declared maximum, maxPages)`, after which `memory.grow` past
 * the cap returns -1 inside the app. A module whose *initial* memory exceeds
 * the cap is refused. Imported, shared, 64-bit or multiple memories are refused.
 *
 * @example
 * import { capModuleMemory } from './capModuleMemory.ts'
 * const { bytes } = capModuleMemory(wasmBytes, 256) // 16 MiB
 * const module = await WebAssembly.compile(bytes)
 */
export function capModuleMemory(bytes: Uint8Array, maxPages: number): CappedModule {
  if (bytes.length < 8 || HEADER.some((b, i) => bytes[i] !== b)) invalid('not a WebAssembly 1.0 binary');
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let capped: CappedModule | undefined;
  let offset = 8;
  while (offset < bytes.length) {
    const id = bytes[offset]!;
    const size = readLeb(bytes, offset + 1);
    const end = size.next + size.value;
    if (end > bytes.length) invalid(`section ${id} runs past the end of the module`);
    const content = bytes.subarray(size.next, end);
    if (id === IMPORT_SECTION) refuseImportedMemory(content);
    if (id === MEMORY_SECTION) {
      const rewritten = rewriteMemorySection(content, maxPages);
      capped = { bytes, initialPages: rewritten.initialPages, maxPages: rewritten.maxPages };
      parts.push(Uint8Array.of(id), encodeUnsignedLeb128(rewritten.content.length), rewritten.content);
    } else {
      parts.push(bytes.subarray(offset, end));
    }
    offset = end;
  }
  if (!capped) invalid('it defines no memory (WASI apps export one named "memory")');
  return { ...capped, bytes: concat(parts) };
}

function rewriteMemorySection(content: Uint8Array, maxPages: number) {
  const count = readLeb(content, 0);
  if (count.value !== 1) invalid(`it defines ${count.value} memories; exactly one is supported`);
  const flags = content[count.next];
  if (flags !== 0 && flags !== 1) invalid(`memory flags 0x${flags?.toString(16)} (shared or 64-bit) are not supported`);
  const initial = readLeb(content, count.next + 1);
  const declaredMax = flags === 1 ? readLeb(content, initial.next).value : Number.POSITIVE_INFINITY;
  if (initial.value > maxPages) {
    throw new SandboxMemoryLimitError({
      limitBytes: maxPages * WASM_PAGE_BYTES,
      memoryBytes: initial.value * WASM_PAGE_BYTES,
      reason: `its initial memory is ${initial.value} pages, the limit ${maxPages}`,
    });
  }
  const newMax = Math.min(declaredMax, maxPages);
  const encoded = concat([Uint8Array.of(1, 1), encodeUnsignedLeb128(initial.value), encodeUnsignedLeb128(newMax)]);
  return { content: encoded, initialPages: initial.value, maxPages: newMax };
}

function refuseImportedMemory(content: Uint8Array): void {
  let { value: count, next: offset } = readLeb(content, 0);
  for (; count > 0; count--) {
    offset = skipName(content, skipName(content, offset));
    const kind = content[offset++];
    if (kind === 0x02) invalid('it imports its memory; a WASI app must define and export it');
    if (kind === 0x00) offset = readLeb(content, offset).next;
    else if (kind === 0x01) offset = skipLimits(content, offset + 1);
    else if (kind === 0x03) offset += 2;
    else if (kind === 0x04) offset = readLeb(content, offset + 1).next;
    else invalid(`unknown import kind ${kind}`);
  }
}

function skipName(content: Uint8Array, offset: number): number {
  const length = readLeb(content, offset);
  return length.next + length.value;
}

function skipLimits(content: Uint8Array, offset: number): number {
  const flags = content[offset]!;
  const min = readLeb(content, offset + 1);
  return flags & 1 ? readLeb(content, min.next).next : min.next;
}
