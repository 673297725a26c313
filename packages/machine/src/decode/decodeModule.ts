import { MalformedModuleError, UnsupportedFeatureError } from '../errors.ts';
import { Reader } from './reader.ts';
import { F32, F64, I32, I64 } from './types.ts';
import type { Export, FuncType, Global, InitExpr, Limits, ValType, WasmModule } from './types.ts';

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const EXPORT_KINDS = ['func', 'table', 'memory', 'global'] as const;

/**
 * Parses a WebAssembly binary into a {@link WasmModule}. Refuses, naming the feature, what the
 * machine does not prove: SIMD, threads (shared memory), reference types, multi-value, memory64,
 * multiple memories, exception handling. Function bodies are kept as bytes; compileModule decodes them.
 * @example
 * const module = decodeModule(readFileSync('app.wasm'))
 */
export function decodeModule(bytes: Uint8Array): WasmModule {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) throw new MalformedModuleError('not a WebAssembly 1.0 binary', 0);
  const module: WasmModule = {
    types: [],
    imports: [],
    functions: [],
    table: undefined,
    memory: undefined,
    globals: [],
    exports: [],
    start: undefined,
    elements: [],
    codes: [],
    data: [],
  };
  const r = new Reader(bytes, 8);
  let lastRank = 0;
  while (!r.done) {
    const id = r.u8();
    const size = r.u32();
    const s = new Reader(bytes, r.pos, r.pos + size);
    if (s.end > bytes.length) r.fail(`section ${id} runs past the end`);
    const rank = id === 12 ? 9.5 : id; // the data count section sits between elements and code
    if (id !== 0 && rank <= lastRank) r.fail(`section ${id} out of order`);
    if (id !== 0) lastRank = rank;
    decodeSection(id, s, module);
    if (id !== 0 && !s.done) s.fail(`section ${id} has trailing bytes`);
    r.pos = s.end;
  }
  if (module.functions.length !== module.codes.length) throw new MalformedModuleError('function and code sections differ in length');
  return module;
}

function decodeSection(id: number, s: Reader, m: WasmModule): void {
  switch (id) {
    case 0:
      return; // custom section (names, producers): ignored
    case 1:
      vector(s, () => m.types.push(funcType(s)));
      return;
    case 2:
      vector(s, () => importEntry(s, m));
      return;
    case 3:
      vector(s, () => m.functions.push(typeIndex(s, m)));
      return;
    case 4:
      vector(s, () => {
        if (m.table) throw new UnsupportedFeatureError('reference types', 'more than one table');
        const elem = s.u8();
        if (elem !== 0x70) throw new UnsupportedFeatureError('reference types', `table of type 0x${elem.toString(16)}`);
        m.table = limits(s, 'table');
      });
      return;
    case 5:
      vector(s, () => {
        if (m.memory) throw new UnsupportedFeatureError('multiple memories', 'memory section');
        m.memory = limits(s, 'memory');
      });
      return;
    case 6:
      vector(s, () => m.globals.push(global(s)));
      return;
    case 7:
      vector(s, () => m.exports.push(exportEntry(s)));
      return;
    case 8:
      m.start = s.u32();
      return;
    case 9:
      vector(s, () => {
        const flags = s.u32();
        if (flags !== 0) throw new UnsupportedFeatureError('reference types', `element segment with flags ${flags}`);
        const offset = initExpr(s, I32);
        const funcs: number[] = [];
        vector(s, () => funcs.push(s.u32()));
        m.elements.push({ offset, funcs });
      });
      return;
    case 10:
      vector(s, () => {
        const size = s.u32();
        const body = new Reader(s.bytes, s.pos, s.pos + size);
        const locals: ValType[] = [];
        vector(body, () => {
          const count = body.u32();
          const type = valType(body, 'local');
          if (locals.length + count > 50_000) body.fail('too many locals');
          for (let i = 0; i < count; i++) locals.push(type);
        });
        m.codes.push({ locals, body: s.bytes.subarray(body.pos, body.end), offset: body.pos });
        s.pos = body.end;
      });
      return;
    case 11:
      vector(s, () => {
        const flags = s.u32();
        if (flags === 1) throw new UnsupportedFeatureError('bulk memory (passive data segments)', 'data section');
        if (flags === 2 && s.u32() !== 0) throw new UnsupportedFeatureError('multiple memories', 'data section');
        if (flags > 2) s.fail(`data segment flags ${flags}`);
        const offset = initExpr(s, I32);
        m.data.push({ offset, bytes: s.take(s.u32()) });
      });
      return;
    case 12:
      s.u32();
      return; // data count (bulk memory): informational
    case 13:
      throw new UnsupportedFeatureError('exception handling', 'tag section');
    default:
      s.fail(`unknown section ${id}`);
  }
}

function vector(s: Reader, each: () => void): void {
  const count = s.u32();
  for (let i = 0; i < count; i++) each();
}

/** A value type; v128 and reference types are refused by name. */
export function valType(s: Reader, where: string): ValType {
  const t = s.u8();
  if (t === I32 || t === I64 || t === F32 || t === F64) return t;
  if (t === 0x7b) throw new UnsupportedFeatureError('SIMD (v128)', where);
  if (t === 0x70 || t === 0x6f) throw new UnsupportedFeatureError('reference types', where);
  return s.fail(`unknown value type 0x${t.toString(16)}`);
}

function funcType(s: Reader): FuncType {
  if (s.u8() !== 0x60) s.fail('function type must start with 0x60');
  const params: ValType[] = [];
  vector(s, () => params.push(valType(s, 'function type')));
  const results: ValType[] = [];
  vector(s, () => results.push(valType(s, 'function type')));
  if (results.length > 1) throw new UnsupportedFeatureError('multi-value', 'a function type with several results');
  return { params, results };
}

function typeIndex(s: Reader, m: WasmModule): number {
  const index = s.u32();
  if (index >= m.types.length) s.fail(`type index ${index} out of range`);
  return index;
}

function importEntry(s: Reader, m: WasmModule): void {
  const module = s.name();
  const name = s.name();
  const kind = s.u8();
  if (kind === 0x00) {
    m.imports.push({ module, name, typeIndex: typeIndex(s, m) });
    return;
  }
  if (kind === 0x02) {
    limits(s, 'imported memory');
    throw new MalformedModuleError(`imported memory ${module}.${name} (the machine owns the module's memory)`);
  }
  throw new MalformedModuleError(`import ${module}.${name} of kind ${kind}: only function imports can be linked`);
}

function limits(s: Reader, where: string): Limits {
  const flags = s.u8();
  if (flags & 0x02) throw new UnsupportedFeatureError('threads (shared memory)', where);
  if (flags & 0x04) throw new UnsupportedFeatureError('memory64', where);
  if (flags > 1) s.fail(`limits flags ${flags}`);
  const min = s.u32();
  const max = flags === 1 ? s.u32() : undefined;
  if (max !== undefined && max < min) s.fail(`${where} maximum below its minimum`);
  return { min, max };
}

function global(s: Reader): Global {
  const type = valType(s, 'global');
  const mutability = s.u8();
  if (mutability > 1) s.fail(`global mutability ${mutability}`);
  return { type, mutable: mutability === 1, init: initExpr(s, type) };
}

function exportEntry(s: Reader): Export {
  const name = s.name();
  const kind = EXPORT_KINDS[s.u8()];
  if (!kind) s.fail(`export ${name} of unknown kind`);
  return { name, kind, index: s.u32() };
}

/** A constant expression: one const or global.get, then end. */
function initExpr(s: Reader, type: ValType): InitExpr {
  const op = s.u8();
  let expr: InitExpr;
  if (op === 0x41 && type === I32) expr = { kind: 'const', lo: s.s32(), hi: 0 };
  else if (op === 0x42 && type === I64) {
    const [lo, hi] = s.s64();
    expr = { kind: 'const', lo, hi };
  } else if (op === 0x43 && type === F32) expr = { kind: 'const', lo: s.word(), hi: 0 };
  else if (op === 0x44 && type === F64) {
    const lo = s.word();
    expr = { kind: 'const', lo, hi: s.word() };
  } else if (op === 0x23) expr = { kind: 'global', index: s.u32() };
  else if (op === 0xd0 || op === 0xd2) throw new UnsupportedFeatureError('reference types', 'constant expression');
  else return s.fail(`unsupported constant expression opcode 0x${op.toString(16)}`);
  if (s.u8() !== 0x0b) s.fail('constant expression must end with end');
  return expr;
}
