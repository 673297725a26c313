import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseEther } from 'viem';
import { devAccounts } from './accounts.ts';
import type { EdrServerConfig } from './edr/config.ts';
import { nodeReady } from './nodeProcess.ts';
import { freePort } from './startAnvil.ts';

/** A running EDR node: the same surface as startAnvil's Anvil, plus what a caller may want to check. */
export type EdrNode = {
  rpcUrl: string;
  port: number;
  chainId: number;
  /** The funded accounts (the dev mnemonic's first `accounts`, as anvil's). */
  accounts: { address: `0x${string}`; privateKey: `0x${string}` }[];
  process: ChildProcess;
  stop: () => Promise<void>;
};
export type StartEdrParameters = {
  port?: number;
  accounts?: number;
  host?: string;
  /** Seconds between blocks (interval mining); absent: automine, a block per transaction. */
  blockTime?: number;
  chainId?: number;
  hardfork?: string;
  /** Refuse `eth_getLogs` over more blocks than this (-32005), as public RPC providers do; absent: no limit. */
  maxLogRange?: number;
};

const SERVER = fileURLToPath(new URL('./edr/server.ts', import.meta.url));
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Starts a real JSON-RPC node over Hardhat's EDR (a second, independent EVM implementation) in its own
 * process, on a free port, with the dev mnemonic's accounts funded (100,000 ETH each, as anvil), and
 * resolves once it answers JSON-RPC. Prague, chain id 31337 and a 30M block gas limit, as anvil's defaults.
 * @example
 * import { startEdr } from '@proofgrid/devnet';
 * const node = await startEdr(); … await node.stop();
 */
export async function startEdr({
  port,
  accounts = 20,
  host = '127.0.0.1',
  blockTime,
  chainId = 31337,
  hardfork = 'prague',
  maxLogRange,
}: StartEdrParameters = {}): Promise<EdrNode> {
  const p = port ?? (await freePort());
  const funded = devAccounts(accounts).map((a) => ({ address: a.address, privateKey: a.privateKey }));
  const config: EdrServerConfig = {
    host,
    port: p,
    chainId,
    hardfork,
    accounts: funded,
    balanceWei: parseEther('100000').toString(),
    blockTime,
    blockGasLimit: '30000000',
    initialBaseFeePerGas: '1000000000',
    maxLogRange,
  };
  // cwd: the package, so that `--import tsx` resolves from the workspace.
  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    cwd: PACKAGE_DIR,
    env: { ...process.env, PROOFGRID_EDR_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const rpcUrl = `http://${host}:${p}`;
  const stop = await nodeReady(child, { name: 'the EDR node', rpcUrl, timeoutMs: 20_000 });
  return { rpcUrl, port: p, chainId, accounts: funded, process: child, stop };
}
