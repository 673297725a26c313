import type { Machine } from '../exec/machine.ts';

/** Thrown by a host function's memory access out of bounds; the host function answers ERRNO.FAULT. */
export class FaultSignal extends Error {
  override name = 'FaultSignal';
}

/** Bounds-checked reads and writes of the machine's memory from a host function; writes mark their leaves. */
export class HostMemory {
  m: Machine;
  constructor(m: Machine) {
    this.m = m;
  }

  check(ptr: number, length: number): void {
    if (ptr < 0 || length < 0 || ptr + length > this.m.memory.length) throw new FaultSignal(`${ptr}+${length}`);
  }

  u32(ptr: number): number {
    this.check(ptr, 4);
    return this.m.view.getUint32(ptr, true);
  }

  bytes(ptr: number, length: number): Uint8Array {
    this.check(ptr, length);
    return this.m.memory.subarray(ptr, ptr + length);
  }

  setU32(ptr: number, value: number): void {
    this.check(ptr, 4);
    this.m.view.setUint32(ptr, value, true);
    this.m.touch(ptr, 4);
  }

  setU64(ptr: number, value: bigint): void {
    this.check(ptr, 8);
    this.m.view.setBigUint64(ptr, value, true);
    this.m.touch(ptr, 8);
  }

  setU8(ptr: number, value: number): void {
    this.check(ptr, 1);
    this.m.memory[ptr] = value;
    this.m.touch(ptr, 1);
  }

  setU16(ptr: number, value: number): void {
    this.check(ptr, 2);
    this.m.view.setUint16(ptr, value, true);
    this.m.touch(ptr, 2);
  }

  set(ptr: number, data: Uint8Array): void {
    this.check(ptr, data.length);
    this.m.memory.set(data, ptr);
    this.m.touch(ptr, data.length);
  }

  /** The iovec list at `iovs`: [ptr, length] pairs. */
  iovecs(iovs: number, count: number): [number, number][] {
    const list: [number, number][] = [];
    for (let i = 0; i < count; i++) list.push([this.u32(iovs + 8 * i), this.u32(iovs + 8 * i + 4)]);
    for (const [ptr, length] of list) this.check(ptr, length);
    return list;
  }
}
