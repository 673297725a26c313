import { ProofgridError, deposit, withdraw } from '@proofgrid/sdk';
import { type FormEvent, useState } from 'react';
import { formatEther } from 'viem';
import { ErrorNote } from '../common/ErrorNote.tsx';
import { formatToken, parseAmount } from '../common/format.ts';
import { useSession } from '../session/Session.tsx';
import { switchNetwork } from './injected.ts';

/** Connect a wallet (injected, or a dev account on the devnet); balances, deposit and withdraw. */
export function WalletPage() {
  const s = useSession();
  const { config, choice, walletError } = s;
  const wrongNetwork = (walletError as { code?: string } | undefined)?.code === 'WalletWrongNetwork';
  return (
    <section aria-labelledby="wallet-title">
      <h1 id="wallet-title">Wallet</h1>
      <div className="card">
        <h2>Connect</h2>
        <div className="row">
          <button type="button" onClick={() => void s.choose({ kind: 'injected' })}>
            Connect injected wallet
          </button>
          {config.devAccounts.length > 0 && (
            <label>
              Dev account (local devnet)
              <select
                value={choice.kind === 'dev' ? choice.name : ''}
                onChange={(e) => void s.choose(e.target.value ? { kind: 'dev', name: e.target.value } : { kind: 'none' })}
              >
                <option value="">— choose —</option>
                {config.devAccounts.map((a) => (
                  <option key={a.name} value={a.name}>
                    {a.name} {a.address.slice(0, 8)}…
                  </option>
                ))}
              </select>
            </label>
          )}
          {choice.kind !== 'none' && (
            <button type="button" className="secondary" onClick={() => void s.choose({ kind: 'none' })}>
              Disconnect
            </button>
          )}
        </div>
        <ErrorNote error={walletError} />
        {wrongNetwork && (
          <button type="button" onClick={() => void switchNetwork(config.deployment).then(() => s.choose({ kind: 'injected' }))}>
            Switch wallet to chain {config.deployment.chainId}
          </button>
        )}
        <p className="muted">
          Market on chain {config.deployment.chainId} · hub <code>{config.deployment.hub}</code> · scheduler <code>{config.marketUrl}</code>
        </p>
      </div>
      {s.address && <Balances />}
      {s.address && <Transfer />}
    </section>
  );
}

function Balances() {
  const { address, accountLabel, balances, symbol } = useSession();
  return (
    <div className="card" aria-live="polite">
      <h2>Balances</h2>
      <p>
        Connected as <strong data-testid="account-label">{accountLabel}</strong> <code className="break">{address}</code>
      </p>
      {balances ? (
        <dl className="stats">
          <div>
            <dt>Wallet</dt>
            <dd data-testid="balance-wallet">{formatToken(balances.wallet, symbol)}</dd>
          </div>
          <div>
            <dt>Escrow (free)</dt>
            <dd data-testid="balance-escrow">{formatToken(balances.escrow, symbol)}</dd>
          </div>
          <div>
            <dt>Escrow (locked)</dt>
            <dd>{formatToken(balances.locked, symbol)}</dd>
          </div>
          <div>
            <dt>Gas (ETH)</dt>
            <dd>{Number(formatEther(balances.ether)).toFixed(4)}</dd>
          </div>
          <div>
            <dt>Reputation</dt>
            <dd>{balances.score}</dd>
          </div>
        </dl>
      ) : (
        <p>Loading balances…</p>
      )}
    </div>
  );
}

function Transfer() {
  const s = useSession();
  const [amount, setAmount] = useState('10');
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();

  const act = async (e: FormEvent, kind: 'deposit' | 'withdraw') => {
    e.preventDefault();
    setError(undefined);
    setDone(undefined);
    try {
      const wei = parseAmount(amount);
      const b = s.balances;
      if (b && kind === 'deposit' && wei > b.wallet) {
        throw new ProofgridError(
          `your wallet holds ${formatToken(b.wallet, s.symbol)}, less than the ${formatToken(wei, s.symbol)} to deposit`,
          { code: 'InsufficientFunds', kind: 'user' },
        );
      }
      if (b && kind === 'withdraw' && wei > b.escrow) {
        throw new ProofgridError(
          `your free escrow balance is ${formatToken(b.escrow, s.symbol)}, less than the ${formatToken(wei, s.symbol)} to withdraw`,
          { code: 'InsufficientFunds', kind: 'user' },
        );
      }
      setBusy(kind === 'deposit' ? 'Depositing…' : 'Withdrawing…');
      if (kind === 'deposit') await deposit(s.signer!, { amount: wei });
      else await withdraw(s.signer!, { amount: wei });
      await s.refreshBalances();
      setDone(`${kind === 'deposit' ? 'Deposited' : 'Withdrew'} ${formatToken(wei, s.symbol)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <form className="card" onSubmit={(e) => void act(e, 'deposit')}>
      <h2>Deposit and withdraw</h2>
      <p className="muted">Runs are paid from the escrow: deposit tokens from your wallet first.</p>
      <div className="row">
        <label>
          Amount ({s.symbol})
          <input name="amount" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />
        </label>
        <button type="submit" disabled={!!busy}>
          Deposit
        </button>
        <button type="button" className="secondary" disabled={!!busy} onClick={(e) => void act(e, 'withdraw')}>
          Withdraw
        </button>
      </div>
      {busy && <p role="status">{busy}</p>}
      {done && (
        <p role="status" className="ok">
          {done}
        </p>
      )}
      <ErrorNote error={error} />
    </form>
  );
}
