import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { nodeReady } from './nodeProcess.ts';

export type Anvil = { rpcUrl: string; port: number; process: ChildProcess; stop: () => Promise<void> };
export type StartAnvilParameters = { port?: number; accounts?: number; host?: string; blockTime?: number };

/** The anvil binary shipped by the npm package @foundry-rs/anvil-linux-amd64. */
export function anvilPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@foundry-rs/anvil-linux-amd64/package.json')), 'bin', 'anvil');
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real anvil node on a free port (automine) and resolves once it answers JSON-RPC.
 * @example
 * import { startAnvil } from '@proofgrid/devnet';
 * const anvil = await startAnvil(); … await anvil.stop();
 */
export async function startAnvil({ port, accounts = 20, host = '127.0.0.1', blockTime }: StartAnvilParameters = {}): Promise<Anvil> {
  const p = port ?? (await freePort());
  const args = [
    '--host',
    host,
    '--port',
    String(p),
    '--accounts',
    String(accounts),
    '--balance',
    '100000',
    '--silent',
    '--hardfork',
    'prague',
  ];
  if (blockTime) args.push('--block-time', String(blockTime));
  const child = spawn(anvilPath(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const rpcUrl = `http://${host}:${p}`;
  const stop = await nodeReady(child, { name: 'anvil', rpcUrl, timeoutMs: 15_000 });
  return { rpcUrl, port: p, process: child, stop };
}
