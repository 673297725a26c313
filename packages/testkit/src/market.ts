import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Hex, parseEther } from 'viem';
import { machineImageOf } from '@proofgrid/disputes';
import { type HubEventName, type ProofgridClient, deposit, getHubEvents, publishApp } from '@proofgrid/sdk';
import type { Stack } from './stack.ts';

export const PRICE = parseEther('0.01');
export const MONTECARLO = resolve(import.meta.dirname, '../../../examples/montecarlo/build/montecarlo.wasm');

/**
 * Publishes the montecarlo example with its machine image (decision 027; `machineImage: false` skips it) and funds
 * the requester; returns the app id and clients.
 */
export async function setupMarket(stack: Stack, { fund = true, machineImage = true } = {}) {
  const developer = stack.clientOf(stack.accounts.developer);
  const requester = stack.clientOf(stack.accounts.requester);
  const { app } = await publishApp(developer, stack.market, {
    wasm: readFileSync(MONTECARLO),
    name: 'montecarlo',
    price: PRICE,
    ...(machineImage ? { machineImage: machineImageOf } : {}),
  });
  if (fund) await deposit(requester, { amount: parseEther('100') });
  return { app, developer, requester };
}

/** Montecarlo tasks: `paths` samples each, seeds 1..n (the app's argument order). */
export function mcTasks(n: number, paths = 2000) {
  return Array.from({ length: n }, (_, i) => ({ args: ['100', '100', '0.05', '0.2', '1', String(paths), String(i + 1), 'call'] }));
}

/** A hub event as the tests read it: its arguments and where it stands in the chain. */
export type HubEvent = { args: Record<string, unknown>; transactionHash: Hex; blockNumber: bigint; logIndex: number };

/** Every hub event of `eventName` since the deployment, in chain order. */
export async function events(client: ProofgridClient, eventName: string): Promise<HubEvent[]> {
  return (await getHubEvents(client, { eventName: eventName as HubEventName })) as unknown as HubEvent[];
}
