// Test helper: assembles small WebAssembly modules from instruction bytes (no toolchain needed).
export const T = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c } as const;
export type ValType = (typeof T)[keyof typeof T];

export function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

export function sleb(value: bigint | number): number[] {
  let v = BigInt(value);
  const out: number[] = [];
  for (;;) {
    const byte = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (byte & 0x40) === 0) || (v === -1n && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

export const i32c = (v: number) => [0x41, ...sleb(v | 0)];
export const i64c = (v: bigint) => [0x42, ...sleb(BigInt.asIntN(64, v))];
export const f32c = (v: number) => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)];
export const f64c = (v: number) => [0x44, ...new Uint8Array(new Float64Array([v]).buffer)];
/** f32/f64 constants from raw bits (NaN payloads, exact subnormals). */
export const f32bits = (bits: number) => [0x43, ...new Uint8Array(new Int32Array([bits]).buffer)];
export const f64bits = (bits: bigint) => [0x44, ...new Uint8Array(new BigInt64Array([bits]).buffer)];
export const constOf = (type: ValType, v: number | bigint): number[] =>
  type === T.i32 ? i32c(Number(v)) : type === T.i64 ? i64c(BigInt(v)) : type === T.f32 ? f32c(Number(v)) : f64c(Number(v));

export type Func = { params?: ValType[]; results?: ValType[]; locals?: ValType[]; body: number[]; export?: string };
export type ModuleSpec = {
  /** Imported functions (from wasi_snapshot_preview1 unless module is given); they take the first function indices. */
  imports?: { name: string; module?: string; params?: ValType[]; results?: ValType[] }[];
  funcs: Func[];
  memory?: { min: number; max?: number };
  globals?: { type: ValType; mutable: boolean; init: number[] }[];
  /** Function indices placed in table 0 from offset 0. */
  table?: number[];
  /** Active data segments of memory 0. */
  data?: { offset: number; bytes: number[] }[];
};

const section = (id: number, content: number[]) => [id, ...uleb(content.length)].concat(content);
const vec = (items: number[][]) => uleb(items.length).concat(items.flat());
const name = (s: string) => vec([...new TextEncoder().encode(s)].map((b) => [b]));

/** Builds a module; the function exported as "_start" (default: the last one) and memory are exported. */
export function buildModule(spec: ModuleSpec): Uint8Array {
  const imports = spec.imports ?? [];
  const sigs = [...imports.map((i) => [i.params ?? [], i.results ?? []]), ...spec.funcs.map((f) => [f.params ?? [], f.results ?? []])];
  const types = sigs.map(([p, r]) => [0x60, ...vec(p!.map((t) => [t])), ...vec(r!.map((t) => [t]))]);
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const append = (bytes: number[]) => {
    for (const b of bytes) out.push(b);
  };
  append(section(1, vec(types)));
  if (imports.length)
    append(
      section(2, vec(imports.map((imp, i) => [...name(imp.module ?? 'wasi_snapshot_preview1'), ...name(imp.name), 0x00, ...uleb(i)]))),
    );
  append(section(3, vec(spec.funcs.map((_, i) => uleb(imports.length + i)))));
  if (spec.table) append(section(4, vec([[0x70, 0x00, ...uleb(spec.table.length)]])));
  if (spec.memory)
    append(
      section(
        5,
        vec([
          spec.memory.max === undefined ? [0x00, ...uleb(spec.memory.min)] : [0x01, ...uleb(spec.memory.min), ...uleb(spec.memory.max)],
        ]),
      ),
    );
  if (spec.globals) append(section(6, vec(spec.globals.map((g) => [g.type, g.mutable ? 1 : 0, ...g.init, 0x0b]))));
  const exports: number[][] = [];
  const startIndex = spec.funcs.findIndex((f) => f.export === '_start');
  spec.funcs.forEach((f, i) => {
    const exported = f.export ?? (startIndex < 0 && i === spec.funcs.length - 1 ? '_start' : undefined);
    if (exported) exports.push([...name(exported), 0x00, ...uleb(imports.length + i)]);
  });
  if (spec.memory) exports.push([...name('memory'), 0x02, 0x00]);
  append(section(7, vec(exports)));
  if (spec.table) append(section(9, vec([[0x00, ...i32c(0), 0x0b, ...vec(spec.table.map((f) => uleb(f)))]])));
  const bodies = spec.funcs.map((f) => {
    const locals = (f.locals ?? []).map((t) => [1, t]);
    const body = vec(locals).concat(f.body, [0x0b]);
    return uleb(body.length).concat(body);
  });
  append(section(10, vec(bodies)));
  if (spec.data) append(section(11, vec(spec.data.map((d) => [0x00, ...i32c(d.offset), 0x0b, ...uleb(d.bytes.length)].concat(d.bytes)))));
  return new Uint8Array(out);
}
