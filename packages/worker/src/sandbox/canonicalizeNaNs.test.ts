import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { canonicalizeNaNs } from './canonicalizeNaNs.ts';
import { encodeUnsignedLeb128 as uleb } from './leb128.ts';

const [I32, I64, F32, F64] = [0x7f, 0x7e, 0x7d, 0x7c];
const F32_NAN = 0x7fc00000;
const F64_NAN = 0x7ff8000000000000n;
type Fn = { name: string; params: number[]; result: number; locals?: number[]; body: number[] };

const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const name = (s: string) => vec([...new TextEncoder().encode(s)].map((b) => [b]));

/** A module of exported functions; a table holding every function, so call_indirect and element indices are exercised. */
function moduleOf(fns: Fn[]): Uint8Array {
  const types = fns.map((f) => [0x60, ...vec(f.params.map((p) => [p])), 1, f.result]);
  const bodies = fns.map((f) => {
    const body = [...vec((f.locals ?? []).map((t) => [1, t])), ...f.body, 0x0b];
    return [...uleb(body.length), ...body];
  });
  const all = fns.map((_, i) => [...uleb(i)]);
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(3, vec(all)),
    ...section(4, vec([[0x70, 0x00, ...uleb(fns.length)]])),
    ...section(7, vec(fns.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(9, vec([[0x00, 0x41, 0x00, 0x0b, ...vec(all)]])),
    ...section(10, vec(bodies)),
  ]);
}

const exportsOf = (bytes: Uint8Array) =>
  new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource)).exports as Record<string, (...a: unknown[]) => unknown>;
const f32From = (bits: number) => new Float32Array(new Uint32Array([bits]).buffer)[0]!;
const f64From = (bits: bigint) => new Float64Array(new BigUint64Array([bits]).buffer)[0]!;
const bitsF32 = (op: number[], arity: number): Fn => ({
  name: `f32_${op.join('_')}`,
  params: Array(arity).fill(F32),
  result: I32,
  body: [...Array.from({ length: arity }, (_, i) => [0x20, i]).flat(), ...op, 0xbc], // i32.reinterpret_f32
});
const bitsF64 = (op: number[], arity: number, param = F64): Fn => ({
  name: `f64_${op.join('_')}`,
  params: Array(arity).fill(param),
  result: I64,
  body: [...Array.from({ length: arity }, (_, i) => [0x20, i]).flat(), ...op, 0xbd], // i64.reinterpret_f64
});

const F32_UNARY = [0x8d, 0x8e, 0x8f, 0x90, 0x91]; // ceil floor trunc nearest sqrt
const F32_BINARY = [0x92, 0x93, 0x94, 0x95, 0x96, 0x97]; // add sub mul div min max
const F64_UNARY = [0x9b, 0x9c, 0x9d, 0x9e, 0x9f];
const F64_BINARY = [0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5];
const fns = [
  ...F32_UNARY.map((op) => bitsF32([op], 1)),
  ...F32_BINARY.map((op) => bitsF32([op], 2)),
  ...F64_UNARY.map((op) => bitsF64([op], 1)),
  ...F64_BINARY.map((op) => bitsF64([op], 2)),
  { ...bitsF32([0xb6], 1), params: [F64] }, // f32.demote_f64
  bitsF64([0xbb], 1, F32), // f64.promote_f32
];
const original = exportsOf(moduleOf(fns));
const rewritten = exportsOf(canonicalizeNaNs(moduleOf(fns)));
const NAN_INPUTS32 = [0xffc00000, 0x7fc00001, 0xff800001, 0x7fa00000].map(f32From); // negative, payload, signalling
const NAN_INPUTS64 = [0xfff8000000000000n, 0x7ff8000000000001n, 0xfff8000000000005n].map(f64From);

describe('canonicalizeNaNs', () => {
  test('every NaN-producing f32/f64 instruction gives the canonical NaN, whatever NaN the hardware made', () => {
    for (const op of F32_UNARY)
      for (const x of [...NAN_INPUTS32, -1]) assertF32(rewritten[`f32_${op}`]!(x), op, op === 0x91 || Number.isNaN(x));
    for (const op of F32_BINARY)
      for (const x of [...NAN_INPUTS32, 0]) assertF32(rewritten[`f32_${op}`]!(x, 0), op, op === 0x95 || Number.isNaN(x));
    for (const op of F64_UNARY)
      for (const x of [...NAN_INPUTS64, -1]) assertF64(rewritten[`f64_${op}`]!(x), op, op === 0x9f || Number.isNaN(x));
    for (const op of F64_BINARY)
      for (const x of [...NAN_INPUTS64, 0]) assertF64(rewritten[`f64_${op}`]!(x, 0), op, op === 0xa3 || Number.isNaN(x));
    for (const x of NAN_INPUTS64) assertF32(rewritten.f32_182!(x), 0xb6, true);
    for (const x of NAN_INPUTS32) assertF64(rewritten.f64_187!(x), 0xbb, true);
  });

  test('on x64, V8 alone does not: 0/0 is the negative NaN (the reason for the rewrite)', { skip: process.arch !== 'x64' }, () => {
    assert.equal(original.f64_163!(0, 0), -0x8000000000000n); // 0xfff8000000000000 as i64
    assert.equal(original.f32_149!(0, 0), 0xffc00000 | 0);
    assert.equal(rewritten.f64_163!(0, 0), F64_NAN);
    assert.equal(rewritten.f32_149!(0, 0), F32_NAN);
  });

  test('non-NaN results are unchanged, bit for bit (signed zeros, subnormals, infinities, random operands)', () => {
    const values = [0, -0, 1, -1, 0.5, 2.5, -2.5, 1e-310, -1e-310, 1e308, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Math.PI];
    for (let i = 0; i < 200; i++) values.push((Math.random() - 0.5) * 2 ** Math.floor(Math.random() * 80 - 40));
    for (const fn of fns)
      for (const x of values)
        for (const y of [values[7]!, -0, 3, x]) {
          const a = original[fn.name]!(x, y);
          const b = rewritten[fn.name]!(x, y);
          if (!isNaNBits(a, fn.result)) assert.equal(b, a, `${fn.name}(${x}, ${y})`);
        }
  });

  test('abs, neg, copysign and reinterpretations still move bits: the sign of a NaN survives them', () => {
    const constant = (name: string, bits: number[], op: number[], result: number): Fn => ({
      name,
      params: [],
      result,
      body: [...bits, ...op],
    });
    const out = exportsOf(
      canonicalizeNaNs(
        moduleOf([
          constant('abs', [0x44, 1, 0, 0, 0, 0, 0, 0xf8, 0xff], [0x99, 0xbd], I64), // f64.abs of 0xfff8000000000001
          constant('neg', [0x44, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f], [0x9a, 0xbd], I64), // f64.neg of the canonical NaN
          constant('copysign', [0x44, 5, 0, 0, 0, 0, 0, 0xf8, 0x7f, 0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0xbf], [0xa6, 0xbd], I64),
          constant('neg32', [0x43, 0, 0, 0xc0, 0x7f], [0x8c, 0xbc], I32), // f32.neg of the canonical NaN
          constant('div', [0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x44, 0, 0, 0, 0, 0, 0, 0, 0], [0xa3, 0xbd], I64), // 0/0 for contrast
        ]),
      ),
    );
    assert.equal(out.abs!(), 0x7ff8000000000001n);
    assert.equal(out.neg!(), -0x8000000000000n);
    assert.equal(out.copysign!(), -0x7fffffffffffbn); // 0xfff8000000000005
    assert.equal(out.neg32!(), 0xffc00000 | 0);
    assert.equal(out.div!(), F64_NAN);
  });

  test('function, local and table indices survive: params, declared locals, calls and call_indirect', () => {
    const callee: Fn = { name: 'half', params: [F64], result: F64, body: [0x20, 0, 0x44, 0, 0, 0, 0, 0, 0, 0, 0x40, 0xa3] }; // x / 2
    const caller: Fn = {
      name: 'main',
      params: [F64, I32],
      result: I64,
      locals: [I32, F64, F64],
      // l3 = x*x; l4 = half(l3) via call 0; result: bits(call_indirect(l4 + l3)) with element 0
      body: [...[0x20, 0, 0x20, 0, 0xa2, 0x21, 3], ...[0x20, 3, 0x10, 0, 0x21, 4], ...[0x20, 4, 0x20, 3, 0xa0, 0x41, 0, 0x11, 0, 0, 0xbd]],
    };
    const bytes = moduleOf([callee, caller]);
    const before = exportsOf(bytes);
    const after = exportsOf(canonicalizeNaNs(bytes));
    for (const x of [0, 3, -7.25, 1e200]) assert.equal(after.main!(x, 1), before.main!(x, 1));
    assert.equal(after.main!(Number.POSITIVE_INFINITY, 1), before.main!(Number.POSITIVE_INFINITY, 1));
    assert.equal(after.main!(Number.NaN, 1), F64_NAN);
  });

  test('a NaN only ever used by another float operation, a comparison or drop is left as it is; any other use is canonical', () => {
    const nanOf = [0x20, 0, 0x20, 0, 0xa3]; // x / x: NaN for x = 0 (negative on x64)
    const flows: Fn[] = [
      { name: 'chain', params: [F64], result: I64, body: [...nanOf, 0x20, 0, 0xa0, 0xbd] }, // (x/x) + x
      { name: 'compared', params: [F64], result: I32, body: [...nanOf, ...nanOf, 0x61] }, // (x/x) == (x/x)
      { name: 'dropped', params: [F64], result: I32, body: [...nanOf, 0x1a, 0x41, 1] },
      { name: 'viaLocal', params: [F64], result: I64, locals: [F64], body: [...nanOf, 0x21, 1, 0x20, 1, 0xbd] },
      { name: 'viaSelect', params: [F64], result: I64, body: [...nanOf, 0x20, 0, 0x41, 1, 0x1b, 0xbd] },
      { name: 'viaBlock', params: [F64], result: I64, body: [0x02, F64, ...nanOf, 0x0b, 0xbd] },
      { name: 'viaNeg', params: [F64], result: I64, body: [...nanOf, 0x9a, 0x9a, 0xbd] }, // neg(neg(x/x)): the canonical bits
    ];
    const bytes = moduleOf(flows);
    const out = exportsOf(canonicalizeNaNs(bytes));
    for (const name of ['chain', 'viaLocal', 'viaSelect', 'viaBlock', 'viaNeg']) assert.equal(out[name]!(0), F64_NAN, name);
    assert.equal(out.compared!(0), 0);
    const sites = (b: Uint8Array) => Buffer.from(b).toString('hex').split('44000000000000f87f').length - 1; // f64.const canonical NaN
    assert.equal(sites(canonicalizeNaNs(bytes)), 5, 'one per function but `compared` and `dropped`, whose NaNs are never observed');
  });

  test('a module without NaN-producing instructions comes back as the same bytes', () => {
    const bytes = moduleOf([bitsF64([0x9a], 1), { name: 'k', params: [], result: I32, body: [0x41, 7] }]);
    assert.equal(canonicalizeNaNs(bytes), bytes);
  });

  test('error: SIMD and atomics are SandboxInvalidModule naming the feature', () => {
    const simd = moduleOf([{ name: 's', params: [], result: I32, body: [0xfd, 0x0c, ...Array(16).fill(0), 0xfd, 0x1b, 0] }]);
    assert.throws(() => canonicalizeNaNs(simd), { name: 'SandboxInvalidModule', message: /SIMD/ });
    const atomic = moduleOf([{ name: 'a', params: [], result: I32, body: [0x41, 0, 0xfe, 0x10, 2, 0] }]);
    assert.throws(() => canonicalizeNaNs(atomic), { name: 'SandboxInvalidModule', message: /threads/ });
  });
});

function assertF32(bits: unknown, op: number, mustBeNaN: boolean) {
  if (mustBeNaN || isNaNBits(bits, I32)) assert.equal(bits, F32_NAN, `0x${op.toString(16)}: 0x${((bits as number) >>> 0).toString(16)}`);
}
function assertF64(bits: unknown, op: number, mustBeNaN: boolean) {
  if (mustBeNaN || isNaNBits(bits, I64))
    assert.equal(bits, F64_NAN, `0x${op.toString(16)}: 0x${BigInt.asUintN(64, bits as bigint).toString(16)}`);
}
function isNaNBits(bits: unknown, type: number): boolean {
  return type === I32 ? Number.isNaN(f32From((bits as number) >>> 0)) : Number.isNaN(f64From(BigInt.asUintN(64, bits as bigint)));
}
