import { MalformedModuleError, UnsupportedFeatureError } from '../errors.ts';
import { Reader } from '../decode/reader.ts';
import { valType } from '../decode/decodeModule.ts';
import type { Code, FuncType, WasmModule } from '../decode/types.ts';
import type { CodeBuffer } from './codeBuffer.ts';
import { isBinaryNumeric, Op } from './opcodes.ts';

type Control = { loop: boolean; arity: number; height: number; start: number; fixups: number[]; elseAt: number; dead: boolean };

/** Immediate-free opcodes refused by name (the first match wins). */
const REFUSED: [number, number, string][] = [
  [0x06, 0x0a, 'exception handling'],
  [0x12, 0x13, 'tail calls'],
  [0x14, 0x15, 'typed function references'],
  [0x18, 0x19, 'exception handling'],
  [0x25, 0x26, 'reference types'],
  [0xd0, 0xd6, 'reference types'],
];

/**
 * Compiles one function body to the machine's instruction set (see opcodes.ts), appending to `out`.
 * Tracks the operand stack height so every branch knows where its values land; returns the
 * maximum operand height the function reaches (the interpreter checks stack room on call).
 */
export function compileFunction(m: WasmModule, funcIndex: number, code: Code, out: CodeBuffer, typeIds: Int32Array): number {
  const type = m.types[m.functions[funcIndex - m.imports.length]!]!;
  const numLocals = type.params.length + code.locals.length;
  const r = new Reader(code.body);
  const fail = (reason: string): never => {
    throw new MalformedModuleError(`function ${funcIndex}: ${reason}`, code.offset + r.pos);
  };
  const ctrl: Control[] = [{ loop: false, arity: type.results.length, height: 0, start: 0, fixups: [], elseAt: -1, dead: false }];
  let height = 0;
  let max = 0;
  const move = (pop: number, push: number) => {
    height -= pop;
    if (height < 0 && !ctrl[ctrl.length - 1]!.dead) fail('operand stack underflow');
    height += push;
    if (height > max) max = height;
  };
  const label = (depth: number): Control => ctrl[ctrl.length - 1 - depth] ?? fail(`branch depth ${depth} out of range`);
  const branch = (op: number, target: Control) => {
    const at = out.emit(op, target.loop ? target.start : -1, target.loop ? 0 : target.arity, target.height);
    if (!target.loop) target.fixups.push(at);
  };
  const local = (index: number) => (index < numLocals ? index : fail(`local ${index} out of range`));
  const funcType = (index: number): FuncType => {
    if (index < m.imports.length) return m.types[m.imports[index]!.typeIndex]!;
    const t = m.functions[index - m.imports.length];
    return t === undefined ? fail(`function ${index} out of range`) : m.types[t]!;
  };
  const blockArity = (): number => {
    const b = r.bytes[r.pos];
    if (b === 0x40) {
      r.pos++;
      return 0;
    }
    if (b !== undefined && b >= 0x6f && b <= 0x7f) {
      valType(r, 'block type');
      return 1;
    }
    const t = m.types[r.s32()] ?? fail('block type index out of range');
    if (t.params.length > 0 || t.results.length > 1) throw new UnsupportedFeatureError('multi-value', `function ${funcIndex} block type`);
    return t.results.length;
  };
  const endDead = () => {
    ctrl[ctrl.length - 1]!.dead = true;
  };

  while (ctrl.length > 0) {
    const op = r.u8();
    for (const [lo, hi, feature] of REFUSED)
      if (op >= lo && op <= hi) throw new UnsupportedFeatureError(feature, `function ${funcIndex}, opcode 0x${op.toString(16)}`);
    if (op >= 0x45 && op <= 0xc4) {
      move(isBinaryNumeric(op) ? 2 : 1, 1);
      out.emit(op, 0, 0, 0);
      continue;
    }
    if (op >= 0x28 && op <= 0x3e) {
      // alignment hint: ignored, every access may be unaligned; bit 6 says a memory index follows (multi-memory)
      if (r.u32() & 0x40) throw new UnsupportedFeatureError('multiple memories', `function ${funcIndex}: an access to another memory`);
      out.emit(op, r.u32(), 0, 0);
      move(op <= 0x35 ? 1 : 2, op <= 0x35 ? 1 : 0);
      continue;
    }
    switch (op) {
      case 0x00:
        out.emit(Op.UNREACHABLE, 0, 0, 0);
        endDead();
        height = ctrl[ctrl.length - 1]!.height;
        break;
      case 0x01:
        break; // nop: no instruction
      case 0x02:
      case 0x03: {
        const arity = blockArity();
        ctrl.push({ loop: op === 0x03, arity, height, start: out.length, fixups: [], elseAt: -1, dead: false });
        break;
      }
      case 0x04: {
        const arity = blockArity();
        move(1, 0);
        const elseAt = out.emit(Op.BR_UNLESS, -1, 0, 0);
        ctrl.push({ loop: false, arity, height, start: out.length, fixups: [], elseAt, dead: false });
        break;
      }
      case 0x05: {
        const c = ctrl[ctrl.length - 1]!;
        if (c.elseAt < 0) fail('else without if');
        c.fixups.push(out.emit(Op.JUMP, -1, 0, 0));
        out.patch(c.elseAt, out.length);
        c.elseAt = -1;
        c.dead = false;
        height = c.height;
        break;
      }
      case 0x0b: {
        const c = ctrl.pop()!;
        if (c.elseAt >= 0) {
          if (c.arity > 0) fail('if with a result but no else');
          out.patch(c.elseAt, out.length);
        }
        for (const at of c.fixups) out.patch(at, out.length);
        height = c.height + c.arity;
        if (height > max) max = height;
        if (ctrl.length === 0) out.emit(Op.RETURN, 0, 0, 0);
        break;
      }
      case 0x0c:
        branch(Op.BR, label(r.u32()));
        endDead();
        height = ctrl[ctrl.length - 1]!.height;
        break;
      case 0x0d:
        move(1, 0);
        branch(Op.BR_IF, label(r.u32()));
        break;
      case 0x0e: {
        const count = r.u32();
        if (count > 100_000) fail('br_table too large');
        const depths: number[] = [];
        for (let i = 0; i <= count; i++) depths.push(r.u32());
        move(1, 0);
        out.emit(Op.BR_TABLE, count, 0, 0);
        for (const d of depths) branch(Op.BR_ENTRY, label(d));
        endDead();
        height = ctrl[ctrl.length - 1]!.height;
        break;
      }
      case 0x0f:
        out.emit(Op.RETURN, 0, 0, 0);
        endDead();
        height = ctrl[ctrl.length - 1]!.height;
        break;
      case 0x10: {
        const index = r.u32();
        const t = funcType(index);
        move(t.params.length, t.results.length);
        out.emit(index < m.imports.length ? Op.CALL_HOST : Op.CALL, index, 0, 0);
        break;
      }
      case 0x11: {
        const typeIndex = r.u32();
        if (r.u32() !== 0)
          throw new UnsupportedFeatureError('reference types', `function ${funcIndex}: call_indirect on table other than 0`);
        const t = m.types[typeIndex] ?? fail('call_indirect type out of range');
        if (!m.table) fail('call_indirect without a table');
        move(t.params.length + 1, t.results.length);
        out.emit(Op.CALL_INDIRECT, typeIds[typeIndex]!, t.params.length, 0);
        break;
      }
      case 0x1a:
        move(1, 0);
        out.emit(Op.DROP, 0, 0, 0);
        break;
      case 0x1c: // typed select: one value type, then as select
        if (r.u32() !== 1) throw new UnsupportedFeatureError('multi-value', 'typed select');
        valType(r, 'select');
        move(3, 1);
        out.emit(Op.SELECT, 0, 0, 0);
        break;
      case 0x1b:
        move(3, 1);
        out.emit(Op.SELECT, 0, 0, 0);
        break;
      case 0x20:
        move(0, 1);
        out.emit(Op.LOCAL_GET, local(r.u32()), 0, 0);
        break;
      case 0x21:
        move(1, 0);
        out.emit(Op.LOCAL_SET, local(r.u32()), 0, 0);
        break;
      case 0x22:
        move(1, 1);
        out.emit(Op.LOCAL_TEE, local(r.u32()), 0, 0);
        break;
      case 0x23:
      case 0x24: {
        const index = r.u32();
        const g = m.globals[index] ?? fail(`global ${index} out of range`);
        if (op === 0x24 && !g.mutable) fail(`global ${index} is immutable`);
        move(op === 0x23 ? 0 : 1, op === 0x23 ? 1 : 0);
        out.emit(op, index, 0, 0);
        break;
      }
      case 0x3f:
      case 0x40:
        if (r.u8() !== 0) throw new UnsupportedFeatureError('multiple memories', `function ${funcIndex}`);
        if (!m.memory) fail('memory instruction without a memory');
        move(op === 0x3f ? 0 : 1, 1);
        out.emit(op, 0, 0, 0);
        break;
      case 0x41:
        move(0, 1);
        out.emit(op, r.s32(), 0, 0);
        break;
      case 0x42: {
        move(0, 1);
        const [lo, hi] = r.s64();
        out.emit(op, lo, hi, 0);
        break;
      }
      case 0x43:
        move(0, 1);
        out.emit(op, r.word(), 0, 0);
        break;
      case 0x44: {
        move(0, 1);
        const lo = r.word();
        out.emit(op, lo, r.word(), 0);
        break;
      }
      case 0xfc:
        prefixed(r.u32());
        break;
      case 0xfd:
        throw new UnsupportedFeatureError('SIMD', `function ${funcIndex}`);
      case 0xfe:
        throw new UnsupportedFeatureError('threads (atomics)', `function ${funcIndex}`);
      default:
        fail(`unknown opcode 0x${op.toString(16)}`);
    }
  }
  if (!r.done) fail('bytes after the final end');
  return max;

  function prefixed(sub: number): void {
    if (sub <= 7) {
      move(1, 1);
      out.emit(Op.TRUNC_SAT + sub, 0, 0, 0);
    } else if (sub === 10 || sub === 11) {
      if (r.u8() !== 0 || (sub === 10 && r.u8() !== 0)) throw new UnsupportedFeatureError('multiple memories', `function ${funcIndex}`);
      move(3, 0);
      out.emit(sub === 10 ? Op.MEMORY_COPY : Op.MEMORY_FILL, 0, 0, 0);
    } else if (sub === 8 || sub === 9) {
      throw new UnsupportedFeatureError('bulk memory (memory.init / data.drop)', `function ${funcIndex}`);
    } else if (sub >= 12 && sub <= 17) {
      throw new UnsupportedFeatureError('reference types (table instructions)', `function ${funcIndex}`);
    } else fail(`unknown opcode 0xfc ${sub}`);
  }
}
