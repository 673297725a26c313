import type { Hex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { bytesToHex } from 'viem';

/** anvil's default mnemonic: its first accounts are funded with ETH at start. */
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

/** Roles of the first dev accounts; accounts from index 6 on are workers. */
export const ROLES = ['admin', 'requester', 'developer', 'dataOwner', 'poolOwner', 'scheduler'] as const;
export type Role = (typeof ROLES)[number];

export type DevAccount = { name: string; index: number; address: Hex; privateKey: Hex };

/** The dev account at `index` of the default mnemonic (admin, requester, … then worker0, worker1, …). */
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
