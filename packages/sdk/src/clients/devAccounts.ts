import { bytesToHex, type Hex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';

/** anvil's default mnemonic: its first accounts are funded with ETH at start. Only ever for chain 31337. */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/** Roles of the first dev accounts; accounts from index 6 on are workers (worker0, worker1, …). */
export const ROLES = ['admin', 'requester', 'developer', 'dataOwner', 'poolOwner', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

export type DevAccount = { name: string; index: number; address: Hex; privateKey: Hex };

/**
 * The dev account at `index` of the default mnemonic (admin, requester, … then worker0, worker1, …).
 * @example
 * import { devAccount } from '@proofgrid/sdk';
 * const { privateKey } = devAccount(1); // the requester of the local devnet
 */
export function devAccount(index: number): DevAccount {
  const account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index });
  const privateKey = bytesToHex(account.getHdKey().privateKey as Uint8Array);
  const name = index < ROLES.length ? (ROLES[index] as string) : `worker${index - ROLES.length}`;
  return { name, index, address: account.address, privateKey };
}

/** The first `n` dev accounts. */
export function devAccounts(n: number): DevAccount[] {
  return Array.from({ length: n }, (_, i) => devAccount(i));
}

/** The index of a dev account by role name (`requester`, `worker3`, …), or undefined for an unknown name. */
export function devAccountIndex(role: string): number | undefined {
  const worker = /^worker(\d+)$/.exec(role);
  if (worker) return ROLES.length + Number(worker[1]);
  const i = (ROLES as readonly string[]).indexOf(role);
  return i < 0 ? undefined : i;
}
