import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { compileModule } from '../compile/compileModule.ts';
import { MalformedModuleError, UnsupportedFeatureError } from '../errors.ts';
import { buildModule, i32c, T } from '../testing/wasmBuilder.ts';
import { decodeModule } from './decodeModule.ts';

const refused = (bytes: Uint8Array, feature: RegExp) =>
  assert.throws(
    () => compileModule(bytes),
    (e: unknown) => e instanceof UnsupportedFeatureError && feature.test(e.feature) && e.code === 'MachineUnsupportedFeature',
  );

/** A module with the given raw bytes appended as the body of _start. */
const withBody = (body: number[]) => buildModule({ memory: { min: 1 }, table: [0], funcs: [{ body }] });

describe('decoding and the publish-time check', () => {
  test('the six example apps decode and compile', () => {
    for (const app of ['renderer', 'montecarlo', 'spectrum', 'tsp', 'kmeans', 'ml']) {
      const program = compileModule(readFileSync(new URL(`../../../../examples/${app}/build/${app}.wasm`, import.meta.url)));
      assert.ok(program.code.length > 1000, app);
      assert.ok(program.module.imports.every((i) => i.module === 'wasi_snapshot_preview1'));
    }
  });

  test('SIMD, threads, reference types, multi-value and memory64 are refused naming the feature', () => {
    refused(withBody([0xfd, 0x0c, ...new Array(16).fill(0), 0x1a]), /SIMD/);
    refused(withBody([...i32c(0), 0xfe, 0x10, 0x02, 0x00, 0x1a]), /threads/);
    refused(withBody([0xd0, 0x70, 0x1a]), /reference types/);
    refused(withBody([0xfc, 15, 0x00]), /reference types/);
    refused(buildModule({ funcs: [{ params: [0x7b as never], body: [] }] }), /SIMD/);
    refused(buildModule({ funcs: [{ results: [T.i32, T.i32], body: [...i32c(1), ...i32c(2)] }] }), /multi-value/);
    refused(buildModule({ funcs: [{ locals: [0x6f as never], body: [] }] }), /reference types/);
    const memory64 = buildModule({ memory: { min: 1 }, funcs: [{ body: [] }] });
    const at = memory64.findIndex((b, i) => b === 5 && memory64[i + 2] === 1 && memory64[i + 3] === 0x00 && memory64[i + 4] === 1);
    memory64[at + 3] = 0x04;
    refused(memory64, /memory64/);
    const shared = memory64.slice();
    shared[at + 3] = 0x03;
    refused(shared, /threads/);
    refused(withBody([0x06, 0x40, 0x0b]), /exception/);
    refused(withBody([0x12, 0x00]), /tail calls/);
  });

  test('memory.init/data.drop, passive data, table instructions, multiple memories and exception tags are refused naming the feature', () => {
    refused(withBody([...i32c(0), ...i32c(0), ...i32c(0), 0xfc, 8, 0, 0]), /memory\.init/);
    refused(withBody([0xfc, 9, 0]), /data\.drop/);
    refused(withBody([0xfc, 16, 0, 0x1a]), /reference types/);
    refused(withBody([0x3f, 1, 0x1a]), /multiple memories/);
    // a load from memory 1: the memarg's alignment has bit 6 set and a memory index follows
    refused(withBody([...i32c(0), 0x28, 0x42, 1, 0, 0x1a]), /multiple memories/);
    refused(withBody([...i32c(0), ...i32c(0), 0x36, 0x42, 1, 0]), /multiple memories/);
    const empty = [...buildModule({ memory: { min: 1 }, funcs: [{ body: [] }] })];
    refused(new Uint8Array([...empty, 11, 4, 1, 1, 1, 0x42]), /passive data/);
    refused(new Uint8Array([...empty, 13, 3, 1, 0, 0]), /exception/);
  });

  test('malformed bytes get MalformedModuleError with the offset', () => {
    assert.throws(() => decodeModule(new Uint8Array([0, 1, 2])), MalformedModuleError);
    const good = withBody([]);
    assert.throws(
      () => decodeModule(good.subarray(0, good.length - 3)),
      (e: unknown) => e instanceof MalformedModuleError && /unexpected end|past the end|trailing/.test(e.message),
    );
    assert.throws(() => compileModule(withBody([0x20, 5])), /local 5 out of range/);
    assert.throws(() => compileModule(withBody([0x0c, 3])), /branch depth/);
    assert.throws(() => compileModule(withBody([0xff])), /unknown opcode 0xff/);
    assert.throws(() => compileModule(buildModule({ funcs: [{ body: [], export: 'main' }] })), /no exported _start/);
  });
});
