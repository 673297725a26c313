import { SandboxInvalidModuleError } from './errors.ts';
import { readUnsignedLeb128 } from './leb128.ts';

// Shared by the module rewriters (capModuleMemory, canonicalizeNaNs) and the instruction scanner.

/** @internal Reads an unsigned LEB128 number, a typed error if malformed. */
export function readLeb(bytes: Uint8Array, offset: number): { value: number; next: number } {
  try {
    return readUnsignedLeb128(bytes, offset);
  } catch (error) {
    throw new SandboxInvalidModuleError({ reason: 'malformed LEB128 number', cause: error });
  }
}

/** @internal Refuses the module: `SandboxInvalidModule` with `reason`. */
export function invalid(reason: string): never {
  throw new SandboxInvalidModuleError({ reason });
}

/** @internal The parts joined into one byte array. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
