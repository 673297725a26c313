import { type ProofgridClient, createProofgridClient, getBalances, getToken } from '@proofgrid/sdk';
import { type MarketClient, createMarketClient } from '@proofgrid/sdk/api';
import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { usePersistentState } from '../common/usePersistentState.ts';
import { connectInjected, injectedProvider } from '../wallet/injected.ts';
import type { WebConfig } from './loadConfig.ts';

/** Which signer the person chose; kept in localStorage so a reload reconnects it. */
export type WalletChoice = { kind: 'none' } | { kind: 'dev'; name: string } | { kind: 'injected' };
export type Balances = Awaited<ReturnType<typeof getBalances>>;

export type Session = {
  config: WebConfig;
  market: MarketClient;
  /** Reads only (no signer). */
  reader: ProofgridClient;
  /** The chosen signer's client, once connected. */
  signer: ProofgridClient | undefined;
  address: Address | undefined;
  accountLabel: string | undefined;
  choice: WalletChoice;
  choose(choice: WalletChoice): Promise<void>;
  walletError: unknown;
  balances: Balances | undefined;
  refreshBalances(): Promise<void>;
  symbol: string;
};

const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside <SessionProvider>');
  return s;
}

export function SessionProvider({ config, children }: { config: WebConfig; children: ReactNode }) {
  const market = useMemo(() => createMarketClient({ url: config.marketUrl }), [config]);
  const reader = useMemo(() => createProofgridClient({ deployment: config.deployment, pollingInterval: 250 }), [config]);
  const [choice, setChoice] = usePersistentState<WalletChoice>('wallet', { kind: 'none' });
  const [signer, setSigner] = useState<{ client: ProofgridClient; address: Address; label: string }>();
  const [walletError, setWalletError] = useState<unknown>();
  const [balances, setBalances] = useState<Balances>();
  const [symbol, setSymbol] = useState('PGT');

  const connect = useCallback(
    async (c: WalletChoice, silent: boolean) => {
      setWalletError(undefined);
      setSigner(undefined);
      setBalances(undefined);
      if (c.kind === 'dev') {
        const dev = config.devAccounts.find((a) => a.name === c.name);
        if (!dev) return;
        const account = privateKeyToAccount(dev.privateKey);
        setSigner({
          client: createProofgridClient({ deployment: config.deployment, account, pollingInterval: 250 }),
          address: account.address,
          label: `${dev.name} (dev)`,
        });
      } else if (c.kind === 'injected') {
        try {
          const { client, address } = await connectInjected(config.deployment, { silent });
          setSigner({ client, address, label: 'injected wallet' });
        } catch (err) {
          // On reload, a wallet that no longer shares an account just stays disconnected.
          if (silent && (err as { code?: string }).code === 'WalletNoAccount') return;
          setWalletError(err);
        }
      }
    },
    [config],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: reconnect only on load; later changes go through choose()
  useEffect(() => {
    void connect(choice, true);
  }, []);

  useEffect(() => {
    const provider = injectedProvider();
    if (!provider?.on || choice.kind !== 'injected') return;
    const again = () => void connect(choice, true);
    provider.on('chainChanged', again);
    provider.on('accountsChanged', again);
    return () => {
      provider.removeListener?.('chainChanged', again);
      provider.removeListener?.('accountsChanged', again);
    };
  }, [choice, connect]);

  const refreshBalances = useCallback(async () => {
    if (!signer) return;
    setBalances(await getBalances(reader, { account: signer.address }));
  }, [signer, reader]);

  useEffect(() => {
    void refreshBalances().catch(setWalletError);
    const t = setInterval(() => void refreshBalances().catch(() => undefined), 3000);
    return () => clearInterval(t);
  }, [refreshBalances]);

  useEffect(() => {
    getToken(reader)
      .then((t) => setSymbol(t.symbol))
      .catch(() => undefined); // the default label stays
  }, [reader]);

  const choose = useCallback(
    async (c: WalletChoice) => {
      setChoice(c);
      await connect(c, false);
    },
    [connect, setChoice],
  );

  const value: Session = {
    config,
    market,
    reader,
    signer: signer?.client,
    address: signer?.address,
    accountLabel: signer?.label,
    choice,
    choose,
    walletError,
    balances,
    refreshBalances,
    symbol,
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
