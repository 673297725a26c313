// What the EDR node process is told (PROOFGRID_EDR_CONFIG) and the EDR ProviderConfig made from it.
import type { AccountOverride, ProviderConfig } from '@nomicfoundation/edr';

export type EdrServerConfig = {
  host: string;
  port: number;
  chainId: number;
  /** EDR's hardfork name; the contracts are built for prague. */
  hardfork: string;
  /** Funded accounts: in the genesis state, their keys owned by the node (eth_accounts), as anvil's. */
  accounts: { address: string; privateKey: string }[];
  /** Genesis balance of each account, wei (decimal string). */
  balanceWei: string;
  /** Seconds between blocks; 0 or absent: a block for every transaction (automine), as anvil by default. */
  blockTime?: number;
  blockGasLimit: string;
  /** Refuse `eth_getLogs` over more blocks than this, as public providers do (absent: no limit, as anvil). */
  maxLogRange?: number;
  initialBaseFeePerGas: string;
};

const hexBytes = (hex: string) => Buffer.from(hex.replace(/^0x/, ''), 'hex');

/** The EDR provider configuration: a local L1 chain, anvil's defaults where EDR has its own. */
export function providerConfig(c: EdrServerConfig, hardforkGenesis: AccountOverride[]): ProviderConfig {
  const blockGasLimit = BigInt(c.blockGasLimit);
  const accounts: AccountOverride[] = c.accounts.map((a) => ({ address: hexBytes(a.address), balance: BigInt(c.balanceWei) }));
  return {
    allowBlocksWithSameTimestamp: false,
    allowUnlimitedContractSize: false,
    // eth_call of a reverting call answers an error with the revert data, as anvil and geth (not a result).
    bailOnCallFailure: true,
    bailOnTransactionFailure: false,
    chainId: BigInt(c.chainId),
    coinbase: Buffer.alloc(20),
    defaultTransactionGasLimit: blockGasLimit,
    genesisState: [...hardforkGenesis, ...accounts],
    hardfork: c.hardfork,
    initialBaseFeePerGas: BigInt(c.initialBaseFeePerGas),
    minGasPrice: 0n,
    mining: {
      autoMine: !c.blockTime,
      blockGasLimit,
      ...(c.blockTime ? { interval: BigInt(c.blockTime * 1000) } : {}),
      memPool: { order: 'Priority' as never },
    },
    network: { genesisBlockGasLimit: blockGasLimit },
    networkId: BigInt(c.chainId),
    observability: {},
    ownedAccounts: c.accounts.map((a) => a.privateKey),
    precompileOverrides: [],
  };
}
