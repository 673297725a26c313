import type { Hex } from 'viem';
import { formatToken } from './common/format.ts';
import { useHashRoute } from './common/useHashRoute.ts';
import { AuditTrailNote } from './common/AuditTrailNote.tsx';
import { DealPage } from './deal/DealPage.tsx';
import { TxPage } from './deal/TxPage.tsx';
import { PublishPage } from './publish/PublishPage.tsx';
import { AppPage } from './run/AppPage.tsx';
import { RunPage } from './run/RunPage.tsx';
import { RunsPage } from './run/RunsPage.tsx';
import { useSession } from './session/Session.tsx';
import { StorePage } from './store/StorePage.tsx';
import { WalletPage } from './wallet/WalletPage.tsx';

const NAV: [string, string][] = [
  ['', 'Store'],
  ['publish', 'Publish'],
  ['runs', 'My runs'],
  ['wallet', 'Wallet'],
];

/** The page shell: skip link, navigation with the wallet, and the routed page. */
export function App() {
  const route = useHashRoute();
  const [page = '', arg = ''] = route;
  return (
    <>
      {/* biome-ignore lint/a11y/useValidAnchor: a skip link; the app routes by URL hash, so it moves the focus instead of following #main */}
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header>
        <a href="#/" className="brand">
          Proofgrid
        </a>
        <nav aria-label="Main">
          {NAV.map(([to, label]) => (
            <a key={to} href={`#/${to}`} aria-current={page === to || (to === '' && page === 'app') ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <WalletBadge />
      </header>
      <main id="main" tabIndex={-1}>
        {page === '' && <StorePage />}
        {page === 'app' && <AppPage id={arg} />}
        {page === 'publish' && <PublishPage />}
        {page === 'runs' && <RunsPage />}
        {page === 'wallet' && <WalletPage />}
        {page === 'run' && <RunPage requestHash={arg as Hex} />}
        {page === 'deal' && <DealPage dealId={arg as Hex} />}
        {page === 'tx' && <TxPage hash={arg as Hex} />}
        {!['', 'app', 'publish', 'runs', 'wallet', 'run', 'deal', 'tx'].includes(page) && (
          <p role="alert">
            No page here. <a href="#/">Go to the store</a>.
          </p>
        )}
      </main>
      <AuditTrailNote />
    </>
  );
}

function WalletBadge() {
  const { accountLabel, balances, symbol, walletError } = useSession();
  if (walletError)
    return (
      <a href="#/wallet" className="badge warn">
        Wallet problem
      </a>
    );
  if (!accountLabel)
    return (
      <a href="#/wallet" className="badge">
        Connect wallet
      </a>
    );
  return (
    <a href="#/wallet" className="badge" aria-label={`Wallet: ${accountLabel}`}>
      {accountLabel}
      {balances && <> · {formatToken(balances.escrow, symbol)}</>}
    </a>
  );
}
