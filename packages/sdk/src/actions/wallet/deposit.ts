import { tokenAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { sendHubTransaction, sendTransaction } from '../sendHubTransaction.ts';

export type DepositParameters = { amount: bigint };
export type DepositReturnType = { amount: bigint };

/**
 * Moves tokens from the wallet into the caller's escrow balance (approves the hub first when
 * the allowance is short).
 * @example
 * import { deposit } from '@proofgrid/sdk';
 * await deposit(client, { amount: 100n * 10n ** 18n });
 */
export async function deposit(client: ProofgridClient, { amount }: DepositParameters): Promise<DepositReturnType> {
  const { token, hub } = client.deployment;
  const owner = client.account?.address;
  if (owner) {
    const allowance = await client.public.readContract({ address: token, abi: tokenAbi, functionName: 'allowance', args: [owner, hub] });
    if (allowance < amount) {
      await sendTransaction(client, { address: token, abi: tokenAbi, functionName: 'approve', args: [hub, amount] });
    }
  }
  await sendHubTransaction(client, { functionName: 'deposit', args: [amount] });
  return { amount };
}
