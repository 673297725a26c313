import { WORDS } from './opcodes.ts';

/** A growable array of 4-word instructions. */
export class CodeBuffer {
  words = new Int32Array(WORDS * 1024);
  length = 0;

  /** Appends an instruction; returns its index (the pc that names it). */
  emit(op: number, a: number, b: number, c: number): number {
    if ((this.length + 1) * WORDS > this.words.length) {
      const grown = new Int32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    const at = this.length++;
    const w = at * WORDS;
    this.words[w] = op;
    this.words[w + 1] = a;
    this.words[w + 2] = b;
    this.words[w + 3] = c;
    return at;
  }

  /** Sets the jump target (word a) of the instruction at `at`. */
  patch(at: number, target: number): void {
    this.words[at * WORDS + 1] = target;
  }

  finish(): Int32Array {
    return this.words.slice(0, this.length * WORDS);
  }
}
