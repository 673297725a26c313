// @ts-check
import { ERRNO } from './wasiErrno.js';

/** @internal Thrown from inside a WASI call to unwind the app when the output budget is spent. */
export class OutputLimitSignal extends Error {
  name = 'OutputLimitSignal';
  /** @param {number} limitBytes @param {number} writtenBytes */
  constructor(limitBytes, writtenBytes) {
    super(`output limit ${limitBytes} reached (${writtenBytes} bytes)`);
    this.limitBytes = limitBytes;
    this.writtenBytes = writtenBytes;
  }
}

/**
 * @internal `fd_write`/`fd_pwrite` that capture stdout (fd 1) and stderr (fd 2)
 * in memory and charge every byte written, to stdio or to files, against one
 * budget. Bytes written to files count as they are written (rewriting a region
 * counts twice); the final sizes are checked again when /out is collected.
 *
 * @param {{ original: Record<string, Function>, view: () => DataView, bytes: () => Uint8Array, maxOutputBytes: number }} options
 */
export function createOutputImports({ original, view, bytes, maxOutputBytes }) {
  let written = 0;
  /** @type {Record<number, Uint8Array[]>} */
  const captured = { 1: [], 2: [] };

  /** @param {number} length */
  const ensureBudget = (length) => {
    if (written + length > maxOutputBytes) throw new OutputLimitSignal(maxOutputBytes, written + length);
  };
  /** @param {number} iovs @param {number} count */
  const totalLength = (iovs, count) => {
    const memory = view();
    let total = 0;
    for (let i = 0; i < count; i++) total += memory.getUint32(iovs + i * 8 + 4, true);
    return total;
  };
  /** @param {number} fd @param {number} iovs @param {number} count @param {number} writtenPtr */
  const capture = (fd, iovs, count, writtenPtr) => {
    const memory = view();
    const heap = bytes();
    let total = 0;
    for (let i = 0; i < count; i++) {
      const ptr = memory.getUint32(iovs + i * 8, true);
      const length = memory.getUint32(iovs + i * 8 + 4, true);
      if (ptr + length > heap.length) return ERRNO.FAULT;
      ensureBudget(length);
      captured[fd].push(heap.slice(ptr, ptr + length));
      written += length;
      total += length;
    }
    memory.setUint32(writtenPtr, total, true);
    return ERRNO.SUCCESS;
  };
  /** @param {() => number} write @param {number} writtenPtr @param {number} requested */
  const chargeFileWrite = (write, writtenPtr, requested) => {
    ensureBudget(requested);
    const errno = write();
    if (errno === ERRNO.SUCCESS) written += view().getUint32(writtenPtr, true);
    return errno;
  };

  const imports = {
    /** @param {number} fd @param {number} iovs @param {number} count @param {number} writtenPtr */
    fd_write(fd, iovs, count, writtenPtr) {
      if (fd === 1 || fd === 2) return capture(fd, iovs, count, writtenPtr);
      const requested = totalLength(iovs, count);
      return chargeFileWrite(() => original.fd_write(fd, iovs, count, writtenPtr), writtenPtr, requested);
    },
    /** @param {number} fd @param {number} iovs @param {number} count @param {bigint} offset @param {number} writtenPtr */
    fd_pwrite(fd, iovs, count, offset, writtenPtr) {
      if (fd === 1 || fd === 2) return ERRNO.SPIPE;
      const requested = totalLength(iovs, count);
      return chargeFileWrite(() => original.fd_pwrite(fd, iovs, count, offset, writtenPtr), writtenPtr, requested);
    },
  };
  return {
    imports,
    /** @param {1 | 2} fd */
    output(fd) {
      const parts = captured[fd];
      const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
      let at = 0;
      for (const part of parts) {
        out.set(part, at);
        at += part.length;
      }
      return out;
    },
  };
}
