/** Thrown inside a step when the instruction traps; run() catches it and halts the machine in the trapped state. */
export class TrapSignal extends Error {
  override name = 'TrapSignal';
}

export function trap(message: string): never {
  throw new TrapSignal(message);
}
