// The hub's logs the verifier acts on, from its stored cursor to the chain's head in bounded ranges: DealMatched (the
// key and params a task's inputs come from) and TaskAnswered (an optimistic answer, checked or skipped by the keyed
// choice). A restart scans again from the cursor; recording an answer twice changes nothing.
import { type DealKey, getHubEvents, type ProofgridClient } from '@proofgrid/sdk';
import { toWire } from '@proofgrid/sdk/api';
import type { Hex } from 'viem';
import { isPicked } from './select.ts';
import type { Store } from './store.ts';

/** Blocks per getLogs call. */
const RANGE = 5_000n;

export type WatchOptions = { client: ProofgridClient; store: Store; secret: Hex; fraction: number; fromBlock?: bigint };

/** Reads every new log up to the head; returns the answers it recorded (picked or not). */
export async function scanOnce(o: WatchOptions): Promise<number> {
  const { client, store } = o;
  const head = await client.public.getBlockNumber();
  let from = store.cursor() ?? o.fromBlock ?? client.deployment.startBlock ?? 0n;
  let added = 0;
  while (from <= head) {
    const to = from + RANGE - 1n < head ? from + RANGE - 1n : head;
    const matched = await getHubEvents(client, { eventName: 'DealMatched', fromBlock: from, toBlock: to });
    for (const m of matched) {
      const { dealId, key, params } = m.args as { dealId: Hex; key: DealKey; params: string };
      store.putDeal(dealId, JSON.stringify(toWire(key)), params);
    }
    const answered = await getHubEvents(client, { eventName: 'TaskAnswered', fromBlock: from, toBlock: to });
    for (const a of answered) {
      const { taskId, dealId, answerer, index, outputDigest, claim, windowEnd } = a.args as {
        taskId: Hex;
        dealId: Hex;
        answerer: Hex;
        index: number;
        outputDigest: Hex;
        claim: { startRoot: Hex; endRoot: Hex; steps: bigint };
        windowEnd: number;
      };
      if (!store.deal(dealId)) await fetchDeal(client, store, dealId);
      const picked = isPicked(o, taskId);
      if (
        store.addTask({
          task_id: taskId,
          deal_id: dealId,
          idx: Number(index),
          answerer,
          output_digest: outputDigest,
          claim: JSON.stringify(toWire(claim)),
          window_end: Number(windowEnd),
          state: picked ? 'pending' : 'skipped',
        })
      )
        added++;
    }
    store.setCursor(to + 1n);
    from = to + 1n;
  }
  return added;
}

/** A deal matched before the cursor (the verifier started later): its DealMatched log, looked up by id. */
async function fetchDeal(client: ProofgridClient, store: Store, dealId: Hex) {
  const [m] = await getHubEvents(client, { eventName: 'DealMatched', args: { dealId } });
  if (!m) return;
  const { key, params } = m.args as { key: DealKey; params: string };
  store.putDeal(dealId, JSON.stringify(toWire(key)), params);
}
