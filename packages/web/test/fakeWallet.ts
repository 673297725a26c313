// An injected EIP-1193 wallet for tests (window.ethereum), so the page's wallet paths run in a real
// browser without an extension: it reports `chainId`, shares `address`, forwards reads to the node,
// and either forwards or rejects (code 4001, as a person pressing "Reject") what needs a signature.

export type FakeWalletOptions = { rpcUrl: string; chainId: number; address: string; reject: boolean };

/** The init script to pass to `page.addInitScript`, with its options. */
export function fakeWallet(options: FakeWalletOptions): [(o: FakeWalletOptions) => void, FakeWalletOptions] {
  const install = (o: FakeWalletOptions) => {
    const SIGNING = ['eth_sendTransaction', 'eth_signTypedData_v4', 'personal_sign', 'eth_sign'];
    let id = 0;
    const listeners: Record<string, ((...a: unknown[]) => void)[]> = {};
    (window as unknown as { ethereum: unknown }).ethereum = {
      isFakeWallet: true,
      async request({ method, params }: { method: string; params?: unknown[] }) {
        if (method === 'eth_requestAccounts' || method === 'eth_accounts') return [o.address];
        if (method === 'eth_chainId') return `0x${o.chainId.toString(16)}`;
        if (method === 'wallet_switchEthereumChain') {
          if (o.reject) throw Object.assign(new Error('User rejected the request.'), { code: 4001 });
          o.chainId = Number((params?.[0] as { chainId: string } | undefined)?.chainId);
          for (const l of listeners.chainChanged ?? []) l(`0x${o.chainId.toString(16)}`);
          return null;
        }
        if (SIGNING.includes(method) && o.reject) throw Object.assign(new Error('User rejected the request.'), { code: 4001 });
        const res = await fetch(o.rpcUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: params ?? [] }),
        });
        const json = (await res.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
        if (json.error) throw Object.assign(new Error(json.error.message), json.error);
        return json.result;
      },
      on(event: string, fn: (...a: unknown[]) => void) {
        (listeners[event] ??= []).push(fn);
      },
      removeListener(event: string, fn: (...a: unknown[]) => void) {
        listeners[event] = (listeners[event] ?? []).filter((x) => x !== fn);
      },
    };
  };
  return [install, options];
}
