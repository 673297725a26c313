// Test and bench helper: a fresh anvil with MachineHostIo, OneStepProver and DisputeGame deployed from
// contracts/artifacts (written by `node contracts/scripts/build.mjs`; PROOFGRID_ARTIFACTS points at another build),
// funded wallets, and anvil's clock.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Abi, type Address, createPublicClient, createWalletClient, type Hex, http, type PublicClient } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { startAnvil } from '../../../devnet/src/startAnvil.ts';
import type { Wallet } from '../chain/play.ts';

const ARTIFACTS = process.env.PROOFGRID_ARTIFACTS ?? new URL('../../../../contracts/artifacts/', import.meta.url).pathname;
const MNEMONIC = 'test test test test test test test test test test test junk';

const artifact = (name: string) => JSON.parse(readFileSync(join(ARTIFACTS, `${name}.json`), 'utf8')) as { abi: Abi; bytecode: Hex };

export type GameChain = Awaited<ReturnType<typeof deployGame>>;

/** Anvil with the game deployed; `wallets[i]` is anvil's i-th funded account. */
export async function deployGame(accounts = 6) {
  const anvil = await startAnvil({ accounts });
  process.once('exit', () => anvil.process.kill()); // a bench or test that throws does not leave its anvil behind
  const chain = {
    id: 31337,
    name: 'anvil',
    nativeCurrency: { name: 'ETH', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [anvil.rpcUrl] } },
  } as const;
  const transport = http(anvil.rpcUrl);
  const publicClient = createPublicClient({ chain, transport, pollingInterval: 20, cacheTime: 0 }) as PublicClient;
  const wallets: Wallet[] = Array.from({ length: accounts }, (_, i) =>
    createWalletClient({ account: mnemonicToAccount(MNEMONIC, { addressIndex: i }), chain, transport, pollingInterval: 20, cacheTime: 0 }),
  );
  const deploy = async (name: string, args: readonly unknown[]) => {
    const { abi, bytecode } = artifact(name);
    const hash = await wallets[0]!.deployContract({ abi, bytecode, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    return receipt.contractAddress as Address;
  };
  const hostIo = await deploy('MachineHostIo', []);
  const prover = await deploy('OneStepProver', [hostIo]);
  const address = await deploy('DisputeGame', [prover]);
  return {
    rpcUrl: anvil.rpcUrl,
    publicClient,
    wallets,
    address,
    prover,
    /** Moves anvil's clock forward and mines a block at the new time. */
    increaseTime: async (seconds: number) => {
      await publicClient.request({ method: 'evm_increaseTime', params: [seconds] } as never);
      await publicClient.request({ method: 'evm_mine', params: [] } as never);
    },
    stop: () => anvil.stop(),
  };
}
