import type { Abi, Address, ContractFunctionArgs, ContractFunctionName, Hash, TransactionReceipt } from 'viem';
import { hubAbi } from '../abi/index.ts';
import type { ProofgridClient } from '../clients/createProofgridClient.ts';
import { TransactionError } from '../errors/ContractRevertError.ts';
import { ProofgridError } from '../errors/ProofgridError.ts';
import { decodeError } from '../errors/decodeError.ts';

type HubWrite = ContractFunctionName<typeof hubAbi, 'nonpayable' | 'payable'>;

export type SendParameters<F extends HubWrite> = {
  functionName: F;
  args: ContractFunctionArgs<typeof hubAbi, 'nonpayable' | 'payable', F>;
  /** Skip gas estimation (and its revert decoding) with a fixed gas limit. */
  gas?: bigint;
};

/** Requires a signer on the client. */
export function requireAccount(client: ProofgridClient) {
  if (!client.wallet || !client.account) {
    throw new ProofgridError('this action needs a signer: pass an account or a wallet to the client', {
      code: 'ClientNoAccount',
      kind: 'config',
    });
  }
  return { wallet: client.wallet, account: client.account };
}

/** Sends a transaction to `address` and waits for its receipt; reverts become typed errors. */
export async function sendTransaction(
  client: ProofgridClient,
  request: { address: Address; abi: Abi; functionName: string; args: readonly unknown[]; gas?: bigint },
): Promise<TransactionReceipt> {
  const { wallet, account } = requireAccount(client);
  let hash: Hash;
  try {
    // viem checks the node's chain id against client.chain and signs for it (EIP-155); nonces are the pending count.
    const fees = await cappedFees(client);
    hash = await wallet.writeContract({ ...request, ...fees, account, chain: client.chain } as never);
  } catch (err) {
    throw decodeError(err, request.abi);
  }
  const receipt = await client.public.waitForTransactionReceipt({
    hash,
    pollingInterval: 20,
    confirmations: client.tx?.confirmations ?? 1,
  });
  if (receipt.status !== 'success') {
    // Replaying the call as of its block recovers the custom error that made it revert.
    try {
      await client.public.simulateContract({ ...request, account, blockNumber: receipt.blockNumber } as never);
    } catch (err) {
      throw decodeError(err, request.abi);
    }
    throw new TransactionError(`transaction ${hash} reverted`);
  }
  return receipt;
}

/**
 * With a fee cap (createProofgridClient's `maxFeePerGas`): the node's EIP-1559 estimate, its max fee and
 * tip held at the cap (a transaction then waits for the base fee to come down rather than overpay).
 * Without one: nothing, viem estimates.
 */
export async function cappedFees(client: ProofgridClient): Promise<{ maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint }> {
  const cap = client.tx?.maxFeePerGas;
  if (cap === undefined) return {};
  const { maxFeePerGas, maxPriorityFeePerGas } = await client.public.estimateFeesPerGas();
  const atMostCap = (fee: bigint) => (fee > cap ? cap : fee);
  return { maxFeePerGas: atMostCap(maxFeePerGas), maxPriorityFeePerGas: atMostCap(maxPriorityFeePerGas) };
}

/**
 * Sends a transaction to the hub and waits for its receipt.
 * @internal
 */
export function sendHubTransaction<F extends HubWrite>(client: ProofgridClient, { functionName, args, gas }: SendParameters<F>) {
  return sendTransaction(client, {
    address: client.deployment.hub,
    abi: hubAbi as Abi,
    functionName,
    args: args as readonly unknown[],
    gas,
  });
}
