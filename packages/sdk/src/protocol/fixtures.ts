// Sample protocol bodies for the protocol's tests (not exported by the entry point).
import { toWire } from '../api/wire.ts';
import type { DealKey } from '../types/ids.ts';

export const b32 = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as const;
export const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const;
export const sampleKey: DealKey = {
  requestHash: b32(1),
  requestConsumed: 0n,
  requester: addr(2),
  callback: addr(0),
  appOwner: addr(3),
  appPrice: 10n ** 16n,
  datasetOwner: addr(0),
  datasetPrice: 0n,
  poolOwner: addr(4),
  poolPrice: 2n ** 200n,
  scheduler: addr(5),
  app: 1n,
  dataset: 0n,
  workerpool: 1n,
  volume: 4,
  trust: 3,
  timeRef: 300n,
  startTime: 1_700_000_000,
  workerStake: 10n ** 18n,
  schedulerRewardRatio: 10,
  tag: b32(0),
  verification: 0,
  challengeWindow: 0n,
  rollbackWindow: 0n,
  inputsRoot: b32(0),
};
/** A lease as the scheduler sends it (wire form). */
export const sampleLease = () =>
  toWire({
    leaseId: 7,
    dealId: b32(9),
    batchId: b32(10),
    key: sampleKey,
    first: 0,
    count: 2,
    trust: 3,
    app: { uri: 'blob:0x01', moduleHash: b32(11), memoryMb: 64 },
    limits: { memoryMb: 64, timeoutMs: 60_000, maxOutputBytes: 16 << 20 },
    tasks: [0, 1].map((index) => ({
      index,
      taskId: b32(20 + index),
      seed: b32(20 + index),
      args: ['--n', String(index)],
      files: { 'in.txt': b32(30) },
    })),
    authorization: `0x${'ab'.repeat(65)}`,
    expiresAt: 1_700_000_000_000,
  }) as Record<string, unknown>;
