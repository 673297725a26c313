import { createHash } from 'node:crypto';
import { canonicalizeNaNs } from './canonicalizeNaNs.ts';
import { capModuleMemory } from './capModuleMemory.ts';
import { SandboxInvalidModuleError } from './errors.ts';

/** A module ready to run: capped, NaNs canonicalized, compiled and checked against the WASI contract. */
export type PreparedModule = {
  /** sha256 of the module bytes as given (the app's content hash), 0x-prefixed. */
  digest: `0x${string}`;
  module: WebAssembly.Module;
  initialPages: number;
  maxPages: number;
};

/** @internal A bounded cache of compiled modules. */
export type ModuleCache = {
  prepare(bytes: Uint8Array, maxPages: number): Promise<PreparedModule>;
  readonly size: number;
};

const WASI_NAMESPACE = 'wasi_snapshot_preview1';

/**
 * Creates a least-recently-used cache of compiled modules keyed by the module's
 * sha256 and the memory cap (the cap is written into the compiled bytes).
 * A hit costs one sha256 over the bytes; a compiled `WebAssembly.Module` is
 * shared with sandbox threads without recompiling.
 *
 * @example
 * import { createModuleCache } from './createModuleCache.ts'
 * const cache = createModuleCache({ maxEntries: 32 })
 * const { digest, module } = await cache.prepare(wasmBytes, 256)
 */
export function createModuleCache({ maxEntries = 32 }: { maxEntries?: number } = {}): ModuleCache {
  const entries = new Map<string, Promise<PreparedModule>>();
  return {
    get size() {
      return entries.size;
    },
    prepare(bytes, maxPages) {
      const digest = `0x${createHash('sha256').update(bytes).digest('hex')}` as const;
      const key = `${digest}:${maxPages}`;
      const cached = entries.get(key);
      if (cached) {
        entries.delete(key);
        entries.set(key, cached);
        return cached;
      }
      const prepared = compile(bytes, maxPages, digest);
      entries.set(key, prepared);
      prepared.catch(() => entries.delete(key)); // a failed compile is not cached; the caller sees the rejection
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
      return prepared;
    },
  };
}

async function compile(bytes: Uint8Array, maxPages: number, digest: `0x${string}`): Promise<PreparedModule> {
  const capped = capModuleMemory(bytes, maxPages);
  let canonical: Uint8Array | undefined;
  let refusal: unknown;
  try {
    canonical = canonicalizeNaNs(capped.bytes); // every arithmetic NaN canonical, as in the reference interpreter
  } catch (error) {
    refusal = error; // V8's own message comes first when the module is not valid at all
  }
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile((canonical ?? capped.bytes) as BufferSource);
  } catch (error) {
    throw new SandboxInvalidModuleError({ reason: (error as Error).message, cause: error });
  }
  if (refusal) throw refusal;
  checkWasiContract(module);
  return { digest, module, initialPages: capped.initialPages, maxPages: capped.maxPages };
}

function checkWasiContract(module: WebAssembly.Module): void {
  for (const entry of WebAssembly.Module.imports(module)) {
    if (entry.module !== WASI_NAMESPACE || entry.kind !== 'function') {
      throw new SandboxInvalidModuleError({
        reason: `it imports ${entry.module}.${entry.name} (${entry.kind}); only ${WASI_NAMESPACE} functions are provided`,
      });
    }
  }
  const exports = new Map(WebAssembly.Module.exports(module).map((e) => [e.name, e.kind]));
  if (exports.get('_start') !== 'function') throw new SandboxInvalidModuleError({ reason: 'it exports no _start function' });
  if (exports.get('memory') !== 'memory') throw new SandboxInvalidModuleError({ reason: 'it exports no memory named "memory"' });
}
