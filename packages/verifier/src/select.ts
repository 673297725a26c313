import { createHmac } from 'node:crypto';
import { type Hex, hexToBytes } from 'viem';

/**
 * Whether the verifier checks task `taskId`: HMAC-SHA256(secret, taskId) read as a number in [0, 1) is below
 * `fraction`. Only the secret's holder can tell which tasks it checks, so a worker cannot lie only where nobody
 * looks; the choice is stable across restarts (the same secret picks the same tasks).
 * @example
 * isPicked({ secret, fraction: 0.25 }, taskId); // true for about one task in four
 */
export function isPicked({ secret, fraction }: { secret: Hex; fraction: number }, taskId: Hex): boolean {
  if (fraction >= 1) return true;
  if (fraction <= 0) return false;
  const mac = createHmac('sha256', hexToBytes(secret)).update(hexToBytes(taskId)).digest();
  return mac.readUIntBE(0, 6) / 2 ** 48 < fraction;
}
