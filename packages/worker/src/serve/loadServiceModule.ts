// The module a lease serves: its app's module (by uri, or a local file given by the provider), checked
// against the app's moduleHash on chain.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ProofgridError, type ProofgridClient, appRegistryAbi, getLease, type ServiceLease } from '@proofgrid/sdk';

export type ServedApp = { lease: ServiceLease; module: Uint8Array; moduleHash: `0x${string}`; memoryMb: number; name: string };

/** Reads the lease and its app on chain and loads the module (`modulePath` overrides the app's uri). */
export async function loadServiceModule(client: ProofgridClient, leaseId: bigint, modulePath?: string): Promise<ServedApp> {
  const lease = await getLease(client, { leaseId });
  const app = (await client.public.readContract({
    address: client.deployment.apps,
    abi: appRegistryAbi,
    functionName: 'appOf',
    args: [lease.app],
  })) as { name: string; uri: string; moduleHash: `0x${string}`; maxMemoryMb: number };
  let module: Uint8Array;
  if (modulePath) module = readFileSync(modulePath);
  else if (app.uri.startsWith('file://')) module = readFileSync(fileURLToPath(app.uri));
  else if (/^https?:\/\//.test(app.uri)) {
    const res = await fetch(app.uri);
    if (!res.ok) throw new ProofgridError(`cannot fetch ${app.uri}: HTTP ${res.status}`, { code: `Http${res.status}`, kind: 'platform' });
    module = new Uint8Array(await res.arrayBuffer());
  } else {
    throw new ProofgridError(`app ${lease.app}'s uri ${app.uri} is neither file:// nor http(s): pass --module <file>`, {
      code: 'ServiceNotFound',
      kind: 'config',
    });
  }
  const actual = `0x${createHash('sha256').update(module).digest('hex')}`;
  if (actual !== app.moduleHash.toLowerCase()) {
    throw new ProofgridError(`the module hashes to ${actual}, not app ${lease.app}'s ${app.moduleHash}: refused`, {
      code: 'ContentHashMismatch',
    });
  }
  return { lease, module, moduleHash: app.moduleHash, memoryMb: Math.max(16, Number(app.maxMemoryMb) || 256), name: app.name };
}
