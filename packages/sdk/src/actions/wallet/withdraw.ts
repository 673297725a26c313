import type { Address } from 'viem';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { requireAccount, sendHubTransaction } from '../sendHubTransaction.ts';

export type WithdrawParameters = { amount: bigint; to?: Address };

/**
 * Withdraws from the caller's free escrow balance to `to` (default: the caller).
 * @example
 * import { withdraw } from '@proofgrid/sdk';
 * await withdraw(client, { amount: 10n ** 18n });
 */
export async function withdraw(client: ProofgridClient, { amount, to }: WithdrawParameters): Promise<void> {
  const { account } = requireAccount(client);
  await sendHubTransaction(client, { functionName: 'withdraw', args: [amount, to ?? account.address] });
}
