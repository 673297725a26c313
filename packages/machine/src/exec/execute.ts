import { MachineHaltedError } from '../errors.ts';
import { convertOp } from './convertOps.ts';
import { floatOp } from './floatOps.ts';
import { int32Op } from './int32Ops.ts';
import { int64Op } from './int64Ops.ts';
import { FRAME_WORDS, type Machine } from './machine.ts';
import { bulkMemoryOp, memoryOp } from './memoryOps.ts';
import { TrapSignal, trap } from './trap.ts';

/**
 * Executes up to `budget` steps (one machine instruction each) and returns how many ran; stops early
 * when the machine exits or traps. A trapping step leaves every register as before it and sets
 * status 'trapped'. run(m, 1) is one step: the state can be hashed between any two.
 * @example
 * while (m.status === 'running') run(m, 1_000_000)
 */
export function run(m: Machine, budget: number): number {
  if (m.status !== 'running') throw new MachineHaltedError(m.status);
  const { code, s32, f32, f64, i64, u64, frames, globals, table } = m;
  const { funcs, typeIds } = m.program;
  let { pc, sp, fp, base, func } = m;
  let n = 0;
  let at = pc;
  let atSp = sp;
  try {
    for (; n < budget; n++) {
      at = pc;
      atSp = sp;
      const w = pc << 2;
      const op = code[w]!;
      pc++;
      switch (op) {
        case 0x20: {
          // local.get
          const from = 2 * (fp + code[w + 1]!);
          s32[2 * sp] = s32[from]!;
          s32[2 * sp + 1] = s32[from + 1]!;
          sp++;
          break;
        }
        case 0x21:
        case 0x22: {
          // local.set, local.tee
          const to = 2 * (fp + code[w + 1]!);
          s32[to] = s32[2 * sp - 2]!;
          s32[to + 1] = s32[2 * sp - 1]!;
          if (op === 0x21) sp--;
          break;
        }
        case 0x41:
          s32[2 * sp] = code[w + 1]!;
          s32[2 * sp + 1] = 0;
          sp++;
          break;
        case 0x42:
        case 0x44:
          s32[2 * sp] = code[w + 1]!;
          s32[2 * sp + 1] = code[w + 2]!;
          sp++;
          break;
        case 0x43:
          s32[2 * sp] = code[w + 1]!;
          s32[2 * sp + 1] = 0;
          sp++;
          break;
        case 0x6a:
          sp--;
          s32[2 * sp - 2] = (s32[2 * sp - 2]! + s32[2 * sp]!) | 0;
          break;
        // biome-ignore lint/suspicious/noFallthroughSwitchClause: a taken br_if is a br
        case 0x0d: // br_if
          sp--;
          if (s32[2 * sp] === 0) break;
        // falls through
        case 0x0c: {
          // br
          const dst = base + code[w + 3]!;
          if (code[w + 2] === 1) {
            s32[2 * dst] = s32[2 * sp - 2]!;
            s32[2 * dst + 1] = s32[2 * sp - 1]!;
          }
          sp = dst + code[w + 2]!;
          pc = code[w + 1]!;
          break;
        }
        case 0x04:
          sp--;
          if (s32[2 * sp] === 0) pc = code[w + 1]!;
          break;
        case 0x02:
          pc = code[w + 1]!;
          break;
        case 0x0e: {
          // br_table
          sp--;
          const count = code[w + 1]!;
          const index = s32[2 * sp]! >>> 0;
          const e = (pc + Math.min(index, count)) << 2;
          const dst = base + code[e + 3]!;
          if (code[e + 2] === 1) {
            s32[2 * dst] = s32[2 * sp - 2]!;
            s32[2 * dst + 1] = s32[2 * sp - 1]!;
          }
          sp = dst + code[e + 2]!;
          pc = code[e + 1]!;
          break;
        }
        case 0x1a:
          sp--;
          break;
        case 0x1b: {
          // select
          sp -= 2;
          if (s32[2 * sp + 2] === 0) {
            s32[2 * sp - 2] = s32[2 * sp]!;
            s32[2 * sp - 1] = s32[2 * sp + 1]!;
          }
          break;
        }
        case 0x23: {
          // global.get
          const g = 2 * code[w + 1]!;
          s32[2 * sp] = globals[g]!;
          s32[2 * sp + 1] = globals[g + 1]!;
          sp++;
          break;
        }
        case 0x24: {
          const g = 2 * code[w + 1]!;
          sp--;
          globals[g] = s32[2 * sp]!;
          globals[g + 1] = s32[2 * sp + 1]!;
          break;
        }
        case 0x11: {
          // call_indirect
          sp--;
          const index = s32[2 * sp]! >>> 0;
          if (index >= table.length) trap('undefined element');
          const callee = table[index]!;
          if (callee < 0) trap('uninitialized element');
          if (typeIds[funcs[callee]!.typeIndex] !== code[w + 1]) trap('indirect call signature mismatch');
          if (funcs[callee]!.entry < 0) {
            sp = callHost(m, callee, sp, pc);
            if (m.status !== 'running') return ++n;
            if (m.repeat) {
              // a host call with micro-steps left: the index goes back above its operands and call_indirect runs again
              m.repeat = false;
              s32[2 * sp] = index;
              s32[2 * sp + 1] = 0;
              sp++;
              pc--;
            }
            break;
          }
          ({ pc, sp, fp, base } = enter(m, callee, pc, sp, fp, base, func));
          func = callee;
          break;
        }
        case 0x10: {
          const callee = code[w + 1]!;
          ({ pc, sp, fp, base } = enter(m, callee, pc, sp, fp, base, func));
          func = callee;
          break;
        }
        case 0x12:
          if (m.pauseAtHost && n > 0) {
            pc = at; // stop before the host call (tests and benchmarks that prove host steps)
            return n;
          }
          sp = callHost(m, code[w + 1]!, sp, pc);
          if (m.status !== 'running') return ++n;
          if (m.repeat) {
            m.repeat = false; // micro-steps left (decision 019): the call runs again, its progress in its operands
            pc--;
          }
          break;
        case 0x0f: {
          // return
          const results = funcs[func]!.numResults;
          const to = m.depth === 0 ? base : fp; // the outermost frame keeps its locals: its result stays an operand
          if (results === 1) {
            s32[2 * to] = s32[2 * sp - 2]!;
            s32[2 * to + 1] = s32[2 * sp - 1]!;
          }
          sp = to + results;
          if (m.depth === 0) {
            m.exit(0);
            return ++n;
          }
          const f = --m.depth * FRAME_WORDS;
          pc = frames[f]!;
          fp = frames[f + 1]!;
          base = frames[f + 2]!;
          func = frames[f + 3]!;
          break;
        }
        case 0x00:
          return trap('unreachable');
        case 0x3f:
        case 0x40:
        case 0xea:
        case 0xeb:
          sp = bulkMemoryOp(m, op, sp);
          if (m.repeat) {
            m.repeat = false;
            pc--;
          }
          break;
        default:
          if (op >= 0x28 && op <= 0x3e) sp = memoryOp(m, op, code[w + 1]!, sp);
          else if (op <= 0x5a || (op >= 0x67 && op <= 0x78) || op === 0xc0 || op === 0xc1) sp = int32Op(s32, i64, u64, op, sp);
          else if (op <= 0x66 || (op >= 0x8b && op <= 0xa6)) sp = floatOp(s32, f32, f64, op, sp);
          else if ((op >= 0x79 && op <= 0x8a) || (op >= 0xc2 && op <= 0xc4)) sp = int64Op(s32, i64, u64, op, sp);
          else sp = convertOp(s32, f32, f64, i64, u64, op, sp);
      }
    }
  } catch (error) {
    if (!(error instanceof TrapSignal)) throw error;
    m.status = 'trapped';
    m.trap = error.message;
    pc = at;
    sp = atSp;
    n++;
  } finally {
    m.pc = pc;
    m.sp = sp;
    m.fp = fp;
    m.base = base;
    m.func = func;
    m.steps += n;
  }
  return n;
}

/** Pushes the caller's frame and enters `callee`: its parameters are the caller's top operands, its other locals zero. */
function enter(m: Machine, callee: number, pc: number, sp: number, fp: number, base: number, func: number) {
  const f = m.program.funcs[callee]!;
  const calleeFp = sp - f.numParams;
  if (m.depth + 1 >= m.program.maxFrames) trap('call stack exhausted');
  const at = m.depth++ * FRAME_WORDS;
  m.frames[at] = pc;
  m.frames[at + 1] = fp;
  m.frames[at + 2] = base;
  m.frames[at + 3] = func;
  m.s32.fill(0, 2 * sp, 2 * (calleeFp + f.numLocals));
  const calleeBase = calleeFp + f.numLocals;
  return { pc: f.entry, sp: calleeBase, fp: calleeFp, base: calleeBase };
}

/** Calls host function `index` with the top operands; pushes its i32 result, if any. */
function callHost(m: Machine, index: number, sp: number, pc: number): number {
  const f = m.program.funcs[index]!;
  const args = sp - f.numParams;
  m.pc = pc;
  const result = m.host[index]!(m, args);
  if (m.repeat) return sp;
  if (f.numResults === 0) return args;
  m.s32[2 * args] = result ?? 0;
  m.s32[2 * args + 1] = 0;
  return args + 1;
}
