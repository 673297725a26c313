import { type Abi, type Address, type Hex, createPublicClient, createWalletClient, http } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type Deployment, chainOf, tokenAbi } from '@proofgrid/sdk';

export type FundParameters = { deployment: Deployment; deployerKey: Hex; recipients: readonly Address[]; amount: bigint };

/**
 * Sends `amount` tokens to each recipient from the deployer (pipelined, then awaited together).
 * @example
 * import { fundAccounts } from '@proofgrid/devnet';
 * await fundAccounts({ deployment, deployerKey, recipients, amount: parseEther('1000000') });
 */
export async function fundAccounts({ deployment, deployerKey, recipients, amount }: FundParameters): Promise<void> {
  const chain = chainOf(deployment);
  const account = privateKeyToAccount(deployerKey);
  const publicClient = createPublicClient({ chain, transport: http(deployment.rpcUrl), pollingInterval: 20 });
  const wallet = createWalletClient({ chain, transport: http(deployment.rpcUrl), account });
  let nonce = await publicClient.getTransactionCount({ address: account.address, blockTag: 'pending' });
  const hashes: Hex[] = [];
  for (const to of recipients) {
    hashes.push(
      await wallet.writeContract({
        address: deployment.token,
        abi: tokenAbi as Abi,
        functionName: 'transfer',
        args: [to, amount],
        nonce: nonce++,
        gas: 100_000n,
      } as never),
    );
  }
  await Promise.all(hashes.map((hash) => publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 })));
}
