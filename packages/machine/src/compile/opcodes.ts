/**
 * The machine's instruction set. Numeric, memory, local/global and parametric instructions keep their
 * WebAssembly opcode; structured control flow is compiled away (as Nitro's WAVM does) into jumps whose
 * targets and stack adjustments are resolved ahead of time, so one step is one of these instructions.
 * Every instruction is 4 int32 words: op, a, b, c.
 */
export const Op = {
  UNREACHABLE: 0x00,
  /** Jump to a (no stack change): the end of an if's then-branch. */
  JUMP: 0x02,
  /** Pop an i32; jump to a when it is zero: `if`. */
  BR_UNLESS: 0x04,
  /** br_table data word: a = target, b = arity, c = height (never executed). */
  BR_ENTRY: 0x05,
  /** br / br_if: jump to a, keeping the top b values, which land at operand height c. */
  BR: 0x0c,
  BR_IF: 0x0d,
  /** a = number of labels; followed by a + 1 BR_ENTRY words (the last one is the default). */
  BR_TABLE: 0x0e,
  RETURN: 0x0f,
  /** a = function index (a defined function). */
  CALL: 0x10,
  /** a = structural signature id of the expected type (Program.typeIds), b = its parameter count. */
  CALL_INDIRECT: 0x11,
  /** a = import index (a host function). */
  CALL_HOST: 0x12,
  DROP: 0x1a,
  SELECT: 0x1b,
  LOCAL_GET: 0x20,
  LOCAL_SET: 0x21,
  LOCAL_TEE: 0x22,
  GLOBAL_GET: 0x23,
  GLOBAL_SET: 0x24,
  MEMORY_SIZE: 0x3f,
  MEMORY_GROW: 0x40,
  I32_CONST: 0x41,
  I64_CONST: 0x42,
  F32_CONST: 0x43,
  F64_CONST: 0x44,
  /** 0xfc 0..7 (saturating truncation) become 0xe0..0xe7. */
  TRUNC_SAT: 0xe0,
  MEMORY_COPY: 0xea,
  MEMORY_FILL: 0xeb,
} as const;

export const WORDS = 4;

/** Binary numeric opcodes (pop 2, push 1); other numeric opcodes in 0x45..0xc4 pop 1, push 1. */
export function isBinaryNumeric(op: number): boolean {
  return (
    (op >= 0x46 && op <= 0x4f) ||
    (op >= 0x51 && op <= 0x5a) ||
    (op >= 0x5b && op <= 0x66) ||
    (op >= 0x6a && op <= 0x78) ||
    (op >= 0x7c && op <= 0x8a) ||
    (op >= 0x92 && op <= 0x98) ||
    (op >= 0xa0 && op <= 0xa6)
  );
}

/** Names of the machine's opcodes, for errors, coverage and proofs. */
export function opName(op: number): string {
  const control = Object.entries(Op).find(([, v]) => v === op);
  if (control) return control[0].toLowerCase();
  if (op >= 0x28 && op <= 0x35) return `load_0x${op.toString(16)}`;
  if (op >= 0x36 && op <= 0x3e) return `store_0x${op.toString(16)}`;
  if (op >= 0xe0 && op <= 0xe7) return `trunc_sat_${op - 0xe0}`;
  return `op_0x${op.toString(16)}`;
}

/** The class an instruction belongs to, for proof figures (gas and size per class) and coverage reports. */
export function instructionClass(op: number): string {
  if (op >= 0x28 && op <= 0x35) return 'load';
  if (op >= 0x36 && op <= 0x3e) return 'store';
  if (op >= 0x41 && op <= 0x44) return 'const';
  if ((op >= 0x45 && op <= 0x4f) || (op >= 0x67 && op <= 0x78) || op === 0xc0 || op === 0xc1) return 'i32 arithmetic';
  if ((op >= 0x50 && op <= 0x5a) || (op >= 0x79 && op <= 0x8a) || (op >= 0xc2 && op <= 0xc4)) return 'i64 arithmetic';
  if ((op >= 0x5b && op <= 0x66) || (op >= 0x8b && op <= 0xa6)) return 'float arithmetic';
  if ((op >= 0xa7 && op <= 0xbf) || (op >= 0xe0 && op <= 0xe7)) return 'conversion';
  switch (op) {
    case Op.LOCAL_GET:
    case Op.LOCAL_SET:
    case Op.LOCAL_TEE:
      return 'local';
    case Op.GLOBAL_GET:
    case Op.GLOBAL_SET:
      return 'global';
    case Op.BR:
    case Op.BR_IF:
    case Op.BR_UNLESS:
    case Op.JUMP:
      return 'branch';
    case Op.BR_TABLE:
      return 'br_table';
    case Op.CALL:
      return 'call';
    case Op.CALL_INDIRECT:
      return 'call_indirect';
    case Op.CALL_HOST:
      return 'host call';
    case Op.RETURN:
      return 'return';
    case Op.MEMORY_SIZE:
    case Op.MEMORY_GROW:
      return 'memory.size/grow';
    case Op.MEMORY_COPY:
    case Op.MEMORY_FILL:
      return 'bulk memory';
    case Op.DROP:
    case Op.SELECT:
      return 'drop/select';
    default:
      return 'other';
  }
}
