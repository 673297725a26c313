/** Value types the machine runs: i32, i64, f32, f64 (their binary encodings). */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export type ValType = typeof I32 | typeof I64 | typeof F32 | typeof F64;

export type FuncType = { params: ValType[]; results: ValType[] };
export type Limits = { min: number; max: number | undefined };
/** A constant expression: a value as two int32 words (low, high), or the value of an imported global. */
export type InitExpr = { kind: 'const'; lo: number; hi: number } | { kind: 'global'; index: number };
export type Global = { type: ValType; mutable: boolean; init: InitExpr };
export type FuncImport = { module: string; name: string; typeIndex: number };
export type Export = { name: string; kind: 'func' | 'table' | 'memory' | 'global'; index: number };
export type ElementSegment = { offset: InitExpr; funcs: number[] };
export type DataSegment = { offset: InitExpr; bytes: Uint8Array };
/** A function body: its declared locals (after the parameters) and its instruction bytes. */
export type Code = { locals: ValType[]; body: Uint8Array; offset: number };

/** A decoded WebAssembly 1.0 module (plus the extensions the machine accepts). */
export type WasmModule = {
  types: FuncType[];
  imports: FuncImport[];
  /** Type index of every function defined in the module (after the imports). */
  functions: number[];
  table: Limits | undefined;
  memory: Limits | undefined;
  globals: Global[];
  exports: Export[];
  start: number | undefined;
  elements: ElementSegment[];
  codes: Code[];
  data: DataSegment[];
};
