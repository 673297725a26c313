// Receipts as a node answers them, with hub events encoded by the hub's ABI: for the tests of decision 015.
import { type Address, type Hex, type TransactionReceipt, encodeAbiParameters, encodeEventTopics } from 'viem';
import { hubAbi } from '@proofgrid/sdk';

export const HUB = '0x5FbDB2315678afecb367f032d93F642f64180aa3' as Address;
export const OTHER = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' as Address;
export const WORKER = '0x90f79bf6eb2c4f870365e785982e1f101e93b906' as Address;
export const FORGER = '0x15d34aaf54267db7d7c367839aaf71a00a2c6a65' as Address;
export const BATCH = `0x${'11'.repeat(32)}` as Hex;
export const DEAL = `0x${'22'.repeat(32)}` as Hex;
export const ROOT = `0x${'ab'.repeat(32)}` as Hex;
export const TX = `0x${'cd'.repeat(32)}` as Hex;
export const usage = { maxRunTimeMs: 5, memoryPeakKb: 64 };

type EventName = 'BatchRevealed' | 'BatchFinalized' | 'BatchContributed' | 'BatchFailedByApp';
export function logOf(eventName: EventName, args: Record<string, unknown>, address: Address = HUB): TransactionReceipt['logs'][number] {
  const event = hubAbi.find((x) => x.type === 'event' && x.name === eventName) as unknown as {
    inputs: { name: string; indexed?: boolean }[];
  };
  const plain = event.inputs.filter((i) => !i.indexed);
  return {
    address,
    topics: encodeEventTopics({ abi: hubAbi, eventName, args } as never) as TransactionReceipt['logs'][number]['topics'],
    data: encodeAbiParameters(plain as never, plain.map((i) => args[i.name]) as never),
    blockHash: `0x${'00'.repeat(32)}`,
    blockNumber: 7n,
    logIndex: 0,
    transactionHash: TX,
    transactionIndex: 0,
    removed: false,
  } as TransactionReceipt['logs'][number];
}
export const pushLogs = (worker: Address = WORKER, root: Hex = ROOT, batchId: Hex = BATCH, address: Address = HUB) => [
  logOf('BatchRevealed', { batchId, worker, resultRoot: root, usage }, address),
  logOf('BatchFinalized', { batchId, dealId: DEAL, first: 0, count: 2, resultRoot: root }, address),
];
export function receipt(over: Partial<TransactionReceipt> = {}): TransactionReceipt {
  return {
    transactionHash: TX,
    status: 'success',
    from: WORKER,
    to: HUB.toLowerCase() as Address,
    logs: pushLogs(),
    blockNumber: 7n,
    ...over,
  } as TransactionReceipt;
}
