import { type ProofgridClient, ProofgridError, type Deployment, chainOf, createProofgridClient } from '@proofgrid/sdk';
import { type Address, createWalletClient, custom } from 'viem';

/** An EIP-1193 provider (window.ethereum). */
export type Eip1193Provider = {
  request(args: { method: string; params?: unknown[] }): Promise<unknown>;
  on?(event: string, listener: (...args: unknown[]) => void): void;
  removeListener?(event: string, listener: (...args: unknown[]) => void): void;
};

/** The injected wallet, if the browser has one. */
export function injectedProvider(): Eip1193Provider | undefined {
  return (window as unknown as { ethereum?: Eip1193Provider }).ethereum;
}

/**
 * Connects the injected wallet for `deployment`: asks for its accounts (or, `silent`, reuses an
 * earlier grant) and checks it is on the market's chain (`WalletWrongNetwork` otherwise).
 */
export async function connectInjected(
  deployment: Deployment,
  { silent = false } = {},
): Promise<{ client: ProofgridClient; address: Address }> {
  const provider = injectedProvider();
  if (!provider) {
    throw new ProofgridError(
      'this browser has no injected wallet (window.ethereum); install one, or on the local devnet pick a dev account',
      { code: 'WalletMissing', kind: 'user' },
    );
  }
  const accounts = (await provider.request({ method: silent ? 'eth_accounts' : 'eth_requestAccounts' })) as Address[];
  const address = accounts[0];
  if (!address) throw new ProofgridError('the wallet shared no account', { code: 'WalletNoAccount', kind: 'user' });
  const walletChainId = Number(await provider.request({ method: 'eth_chainId' }));
  if (walletChainId !== deployment.chainId) {
    throw new ProofgridError(`wallet on chain ${walletChainId}, market on chain ${deployment.chainId}`, {
      code: 'WalletWrongNetwork',
      kind: 'user',
      details: { walletChainId, chainId: deployment.chainId },
    });
  }
  const wallet = createWalletClient({ chain: chainOf(deployment), transport: custom(provider), account: address });
  return { client: createProofgridClient({ deployment, wallet }), address };
}

/** Asks the wallet to switch to (or add) the market's chain. */
export async function switchNetwork(deployment: Deployment): Promise<void> {
  const provider = injectedProvider();
  if (!provider) return;
  const chainId = `0x${deployment.chainId.toString(16)}`;
  try {
    await provider.request({ method: 'wallet_switchEthereumChain', params: [{ chainId }] });
  } catch (err) {
    if ((err as { code?: number }).code !== 4902) throw err;
    await provider.request({
      method: 'wallet_addEthereumChain',
      params: [
        {
          chainId,
          chainName: chainOf(deployment).name,
          rpcUrls: [deployment.rpcUrl],
          nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
        },
      ],
    });
  }
}
