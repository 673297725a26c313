import { encodeUnsignedLeb128 } from './leb128.ts';
import { stackEffect } from './nanEffects.ts';
import { concat, invalid, readLeb } from './moduleBytes.ts';
import { skipInstruction } from './wasmInstructions.ts';

const TYPE_SECTION = 1;
const FUNCTION_SECTION = 3;
const CODE_SECTION = 10;
const F32 = 0x7d;
const F64 = 0x7c;

/**
 * Rewrites a module so that every float instruction that can produce an arithmetic NaN leaves the
 * canonical quiet NaN (f32 0x7fc00000, f64 0x7ff8000000000000) instead, as the reference interpreter
 * does. V8 keeps the hardware's NaN (negative on x64), so an app that stored a NaN's bits would otherwise
 * get another result digest on a worker than in the interpreter that replays a dispute.
 *
 * Each function body that has such an instruction gets one f32 and one f64 local appended to its local
 * declarations (function, type and local indices of everything else are unchanged), and after each such
 * instruction `local.tee t; <type>.const nan; local.get t; local.get t; <type>.eq; select` (x when x == x,
 * else the canonical NaN). Bodies without one are copied as they are; a module without one is returned as is.
 *
 * @example
 * import { canonicalizeNaNs } from './canonicalizeNaNs.ts'
 * const module = await WebAssembly.compile(canonicalizeNaNs(wasmBytes))
 */
export function canonicalizeNaNs(bytes: Uint8Array): Uint8Array {
  const paramCounts: number[] = [];
  const functionTypes: number[] = [];
  const parts: Uint8Array[] = [bytes.subarray(0, 8)];
  let changed = false;
  let offset = 8;
  while (offset < bytes.length) {
    const id = bytes[offset]!;
    const size = readLeb(bytes, offset + 1);
    const end = size.next + size.value;
    if (end > bytes.length) invalid(`section ${id} runs past the end of the module`);
    const content = bytes.subarray(size.next, end);
    if (id === TYPE_SECTION) paramCounts.push(...readParamCounts(content));
    if (id === FUNCTION_SECTION) functionTypes.push(...readIndices(content));
    const rewritten =
      id === CODE_SECTION
        ? rewriteCode(
            content,
            functionTypes.map((t) => paramCounts[t] ?? 0),
          )
        : content;
    if (rewritten === content) parts.push(bytes.subarray(offset, end));
    else {
      changed = true;
      parts.push(Uint8Array.of(id), encodeUnsignedLeb128(rewritten.length), rewritten);
    }
    offset = end;
  }
  return changed ? concat(parts) : bytes;
}

function rewriteCode(content: Uint8Array, paramCounts: number[]): Uint8Array {
  const count = readLeb(content, 0);
  if (count.value !== paramCounts.length) invalid(`${count.value} function bodies for ${paramCounts.length} functions`);
  const parts: Uint8Array[] = [encodeUnsignedLeb128(count.value)];
  let changed = false;
  let offset = count.next;
  for (let i = 0; i < count.value; i++) {
    const size = readLeb(content, offset);
    const end = size.next + size.value;
    if (end > content.length) invalid(`function body ${i} runs past the end of the code section`);
    const body = content.subarray(size.next, end);
    const rewritten = rewriteBody(body, paramCounts[i]!);
    if (rewritten === body) parts.push(content.subarray(offset, end));
    else {
      changed = true;
      parts.push(encodeUnsignedLeb128(rewritten.length), rewritten);
    }
    offset = end;
  }
  return changed ? concat(parts) : content;
}

function rewriteBody(body: Uint8Array, paramCount: number): Uint8Array {
  const groups = readLeb(body, 0);
  let offset = groups.next;
  let localCount = paramCount;
  for (let g = 0; g < groups.value; g++) {
    const n = readLeb(body, offset);
    localCount += n.value;
    offset = n.next + 1; // the value type
  }
  const code = offset;
  const cuts = scanBody(body, offset);
  if (cuts.length === 0) return body;
  const fix = { f32: canonicalizer('f32', localCount), f64: canonicalizer('f64', localCount + 1) };
  const parts: Uint8Array[] = [encodeUnsignedLeb128(groups.value + 2), body.subarray(groups.next, code), Uint8Array.of(1, F32, 1, F64)];
  let from = code;
  for (const cut of cuts) {
    parts.push(body.subarray(from, cut.at), fix[cut.type]);
    from = cut.at;
  }
  parts.push(body.subarray(from));
  return concat(parts);
}

/**
 * The NaN-producing instructions of a body whose result must be canonicalized: all of them but those whose
 * result is only ever an operand that cannot observe a NaN's bits (another float operation, a comparison, a
 * truncation, `drop`), followed on an abstract operand stack while the instructions' stack effects are known
 * (straight-line arithmetic); at any other instruction every value still on the stack counts as observed.
 */
function scanBody(body: Uint8Array, code: number): { at: number; type: 'f32' | 'f64' }[] {
  const cuts: { at: number; type: 'f32' | 'f64'; observed: boolean }[] = [];
  const stack: number[] = []; // per operand: the index of the cut that produced it, or -1
  let offset = code;
  while (offset < body.length) {
    const op = body[offset]!;
    const effect = stackEffect(op, op === 0xfc ? readLeb(body, offset + 1).value : undefined);
    offset = skipInstruction(body, offset);
    if (!effect) {
      for (const cut of stack) if (cut >= 0) cuts[cut]!.observed = true;
      stack.length = 0;
      continue;
    }
    for (let i = 0; i < effect.pops; i++) {
      const cut = stack.pop() ?? -1; // an operand pushed before the last unknown effect: already counted
      if (cut >= 0 && effect.bits) cuts[cut]!.observed = true;
    }
    if (effect.nan) cuts.push({ at: offset, type: effect.nan, observed: false });
    for (let i = 0; i < effect.pushes; i++) stack.push(effect.nan ? cuts.length - 1 : -1);
  }
  if (offset !== body.length) invalid('an instruction runs past the end of its function body');
  for (const cut of stack) if (cut >= 0) cuts[cut]!.observed = true;
  return cuts.filter((cut) => cut.observed);
}

/** `local.tee t; const canonical NaN; local.get t; local.get t; eq; select`. */
function canonicalizer(type: 'f32' | 'f64', local: number): Uint8Array {
  const index = encodeUnsignedLeb128(local);
  const nan = type === 'f32' ? [0x43, 0x00, 0x00, 0xc0, 0x7f] : [0x44, 0, 0, 0, 0, 0, 0, 0xf8, 0x7f];
  const eq = type === 'f32' ? 0x5b : 0x61;
  return Uint8Array.from([0x22, ...index, ...nan, 0x20, ...index, 0x20, ...index, eq, 0x1b]);
}

function readParamCounts(content: Uint8Array): number[] {
  const count = readLeb(content, 0);
  const out: number[] = [];
  let offset = count.next;
  for (let i = 0; i < count.value; i++) {
    if (content[offset] !== 0x60) invalid(`type ${i} is not a function type`);
    const params = readLeb(content, offset + 1);
    out.push(params.value);
    const results = readLeb(content, params.next + params.value);
    offset = results.next + results.value;
  }
  return out;
}

function readIndices(content: Uint8Array): number[] {
  const count = readLeb(content, 0);
  const out: number[] = [];
  let offset = count.next;
  for (let i = 0; i < count.value; i++) {
    const index = readLeb(content, offset);
    out.push(index.value);
    offset = index.next;
  }
  return out;
}
