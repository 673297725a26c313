import { type Hex, parseEventLogs } from 'viem';
import { hubAbi } from '../../abi/index.ts';
import type { ProofgridClient } from '../../clients/createProofgridClient.ts';
import { ProofgridError } from '../../errors/ProofgridError.ts';
import type { DealId, DealKey } from '../../types/ids.ts';

export type GetDealParameters = { dealId: DealId };
export type GetDealReturnType = {
  dealId: DealId;
  key: DealKey;
  params: string;
  blockNumber: bigint;
  transactionHash: Hex;
  orderHashes: { app: Hex; dataset: Hex; workerpool: Hex; request: Hex };
};

/**
 * A deal's terms, read from its `DealMatched` event (the chain keeps only its existence).
 * @example
 * import { getDeal } from '@proofgrid/sdk';
 * const { key, params } = await getDeal(client, { dealId });
 */
export async function getDeal(client: ProofgridClient, { dealId }: GetDealParameters): Promise<GetDealReturnType> {
  const logs = await client.public.getLogs({
    address: client.deployment.hub,
    event: hubAbi.find((x) => x.type === 'event' && x.name === 'DealMatched') as never,
    args: { dealId } as never,
    fromBlock: client.deployment.startBlock,
  });
  const [event] = parseEventLogs({ abi: hubAbi, logs, eventName: 'DealMatched' }) as unknown as {
    args: { dealId: Hex; key: DealKey; params: string; appOrderHash: Hex; datasetOrderHash: Hex; workerpoolOrderHash: Hex };
    blockNumber: bigint;
    transactionHash: Hex;
  }[];
  if (!event) throw new ProofgridError(`no deal ${dealId} on this hub`, { code: 'DealUnknown', kind: 'user', details: { dealId } });
  const a = event.args;
  return {
    dealId,
    key: a.key,
    params: a.params,
    blockNumber: event.blockNumber,
    transactionHash: event.transactionHash,
    orderHashes: { app: a.appOrderHash, dataset: a.datasetOrderHash, workerpool: a.workerpoolOrderHash, request: a.key.requestHash },
  };
}
