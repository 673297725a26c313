import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Abi, type Address, type Hex, createPublicClient, createWalletClient, http, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { type Deployment, chainOf, hubAbi, tokenAbi } from '@proofgrid/sdk';

const CONTRACTS_DIR = fileURLToPath(new URL('../../../contracts/', import.meta.url));

type Artifact = { abi: Abi; bytecode: Hex };

/** The compiled artifact of a contract; builds the contracts first if they were never built. */
export function loadArtifact(name: string): Artifact {
  const path = `${CONTRACTS_DIR}artifacts/${name}.json`;
  if (!existsSync(path)) execFileSync(process.execPath, [`${CONTRACTS_DIR}scripts/build.mjs`], { stdio: 'inherit' });
  return JSON.parse(readFileSync(path, 'utf8')) as Artifact;
}

/** Default categories: name and max run time per task, seconds. Deadlines are 10x this. */
export const DEFAULT_CATEGORIES: ReadonlyArray<readonly [string, bigint]> = [
  ['XS', 60n],
  ['S', 300n],
  ['M', 1800n],
  ['L', 7200n],
];

export type DeployParameters = {
  rpcUrl: string;
  deployerKey: Hex;
  /** Rollback window in seconds (P6); 0 settles rewards at finalize. */
  rollbackWindow?: bigint;
  tokenSupply?: bigint;
  checker?: Address;
  /**
   * Disputes (decisions 022, 026): the game (DisputeGame over OneStepProver) is deployed and set on the
   * hub with each side's `clock` (s, default 3600) and the `deposit` of an answer or a challenge (default
   * 0.1 token); the request windows may be as short as 1 s on the local network (`minWindow`).
   */
  disputes?: { clock?: bigint; deposit?: bigint; minWindow?: bigint };
};

/**
 * Deploys token, registries, the PoCo extension and the hub; creates the default categories; deploys the
 * dispute game and sets it on the hub with local window bounds; deploys ServiceLeases (`services`).
 * @example
 * import { deployProofgrid } from '@proofgrid/devnet';
 * const deployment = await deployProofgrid({ rpcUrl, deployerKey });
 */
export async function deployProofgrid({
  rpcUrl,
  deployerKey,
  rollbackWindow = 0n,
  tokenSupply = parseEther('1000000000'),
  checker,
  disputes = {},
}: DeployParameters): Promise<Deployment> {
  const account = privateKeyToAccount(deployerKey);
  const probe = createPublicClient({ transport: http(rpcUrl) });
  const chainId = await probe.getChainId();
  const startBlock = await probe.getBlockNumber();
  const chain = chainOf({ chainId, rpcUrl } as Deployment);
  const publicClient = createPublicClient({ chain, transport: http(rpcUrl), pollingInterval: 20 });
  const wallet = createWalletClient({ chain, transport: http(rpcUrl), account });

  const deploy = async (name: string, args: readonly unknown[] = []): Promise<Address> => {
    const { abi, bytecode } = loadArtifact(name);
    const hash = await wallet.deployContract({ abi, bytecode, args } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (!receipt.contractAddress) throw new Error(`deploying ${name} failed (tx ${hash})`);
    return receipt.contractAddress;
  };
  const send = async (address: Address, abi: Abi, functionName: string, args: readonly unknown[]) => {
    const hash = await wallet.writeContract({ address, abi, functionName, args } as never);
    await publicClient.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  };

  const token = await deploy('ProofToken', [account.address, tokenSupply]);
  const apps = await deploy('AppRegistry');
  const datasets = await deploy('DatasetRegistry');
  const workerpools = await deploy('WorkerpoolRegistry');
  const poco = await deploy('HubPoco');
  const hub = await deploy('Hub', [token, apps, datasets, workerpools, poco, account.address, rollbackWindow]);
  for (const [name, maxRunTime] of DEFAULT_CATEGORIES) await send(hub, hubAbi as Abi, 'createCategory', [name, maxRunTime]);
  if (checker) await send(hub, hubAbi as Abi, 'setChecker', [checker]);
  const hostIo = await deploy('MachineHostIo');
  const prover = await deploy('OneStepProver', [hostIo]);
  const game = await deploy('DisputeGame', [prover]);
  const clock = disputes.clock ?? 3600n;
  await send(hub, hubAbi as Abi, 'setDisputeSettings', [game, clock, disputes.deposit ?? parseEther('0.1')]);
  const minWindow = disputes.minWindow ?? 1n;
  await send(hub, hubAbi as Abi, 'setWindowBounds', [minWindow, 30n * 86400n, minWindow, 30n * 86400n]);
  // long-running services' leases and usage receipts (decision 029), beside the hub
  const services = await deploy('ServiceLeases', [token, apps, workerpools]);
  void tokenAbi;
  return { chainId, rpcUrl, token, hub, poco, apps, datasets, workerpools, startBlock, services };
}
