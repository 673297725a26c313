import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { capModuleMemory } from './capModuleMemory.ts';
import { wasmModule } from './fixtures/wasmModule.ts';

const withMemory = (memory: { initial: number; maximum?: number }) => wasmModule({ imports: [], memory, body: [] });
const memoryOf = (bytes: Uint8Array) => {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  return instance.exports.memory as WebAssembly.Memory;
};

describe('capModuleMemory', () => {
  test('sets the maximum of a memory that declared none, so memory.grow past the cap fails', () => {
    const capped = capModuleMemory(withMemory({ initial: 1 }), 3);
    assert.deepEqual({ initialPages: capped.initialPages, maxPages: capped.maxPages }, { initialPages: 1, maxPages: 3 });
    const memory = memoryOf(capped.bytes);
    assert.equal(memory.grow(2), 1);
    assert.throws(() => memory.grow(1), RangeError);
  });

  test('lowers a larger declared maximum and keeps a smaller one', () => {
    assert.equal(capModuleMemory(withMemory({ initial: 1, maximum: 1000 }), 200).maxPages, 200);
    assert.equal(capModuleMemory(withMemory({ initial: 1, maximum: 2 }), 200).maxPages, 2);
  });

  test('re-encodes section sizes with multi-byte LEB128 and leaves the other sections intact', () => {
    const original = withMemory({ initial: 1 });
    const capped = capModuleMemory(original, 60_000);
    assert.equal(capped.bytes.length, original.length + 3); // the maximum 60000 takes 3 LEB128 bytes
    assert.deepEqual(
      WebAssembly.Module.exports(new WebAssembly.Module(capped.bytes)),
      WebAssembly.Module.exports(new WebAssembly.Module(original)),
    );
  });

  test('error: initial memory above the cap is SandboxMemoryLimit', () => {
    assert.throws(() => capModuleMemory(withMemory({ initial: 10 }), 9), { name: 'SandboxMemoryLimit' });
  });

  test('error: an imported memory, no memory, or garbage is SandboxInvalidModule', () => {
    const importsMemory = Uint8Array.from([
      0,
      97,
      115,
      109,
      1,
      0,
      0,
      0,
      2,
      11,
      1,
      3,
      0x65,
      0x6e,
      0x76,
      3,
      0x6d,
      0x65,
      0x6d,
      2,
      0,
      1, // (import "env" "mem" (memory 1))
    ]);
    const noMemory = Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0]);
    for (const bytes of [importsMemory, noMemory, Uint8Array.from([1, 2, 3])]) {
      assert.throws(() => capModuleMemory(bytes, 16), { name: 'SandboxInvalidModule' });
    }
  });
});
