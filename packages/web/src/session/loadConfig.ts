import { type Deployment, parseDeployment } from '@proofgrid/sdk';
import type { Address, Hex } from 'viem';

export type DevAccountConfig = { name: string; address: Address; privateKey: Hex };
export type WebConfig = { deployment: Deployment; marketUrl: string; devAccounts: DevAccountConfig[] };

/** Reads /config.json (served beside the page): where the market lives, and dev accounts on 31337. */
export async function loadConfig(): Promise<WebConfig> {
  const res = await fetch('/config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`cannot load /config.json (HTTP ${res.status}): start the page with its server`);
  const json = (await res.json()) as { deployment: unknown; marketUrl: string; devAccounts?: DevAccountConfig[] };
  const deployment = parseDeployment(json.deployment);
  // Dev keys are only ever used on the local devnet, whatever the server sent.
  return { deployment, marketUrl: json.marketUrl, devAccounts: deployment.chainId === 31337 ? (json.devAccounts ?? []) : [] };
}
