import { ProofgridError } from '@proofgrid/sdk';

/** What the page tells a person about a failure: a title naming the problem, and what to do. */
export type ErrorDescription = { title: string; message: string; code: string };

type Causal = {
  name?: string;
  code?: unknown;
  shortMessage?: string;
  message?: string;
  cause?: unknown;
  details?: Record<string, unknown>;
};

function chain(err: unknown): Causal[] {
  const out: Causal[] = [];
  let e = err as Causal | undefined;
  for (let i = 0; e && typeof e === 'object' && i < 12; i++, e = e.cause as Causal | undefined) out.push(e);
  return out;
}

/**
 * Maps any error (typed Proofgrid errors, viem errors, wallet errors) to a message for people.
 * Matches on `code` and `name`, never on instanceof alone (errors cross the wallet boundary).
 */
export function describeError(err: unknown): ErrorDescription {
  const all = chain(err);
  const pg = all.find((e) => typeof e.code === 'string') as (Causal & { code: string }) | undefined;
  const code = pg?.code ?? 'Unknown';
  if (all.some((e) => e.code === 4001 || e.name === 'UserRejectedRequestError')) {
    return {
      code: 'UserRejected',
      title: 'Signature rejected',
      message: 'You rejected the request in your wallet: nothing was signed or sent. Try again and approve it to continue.',
    };
  }
  if (code === 'WalletWrongNetwork') {
    const d = pg?.details ?? {};
    return {
      code,
      title: 'Wrong network',
      message: `Your wallet is on chain ${d.walletChainId}, but this market runs on chain ${d.chainId}. Switch your wallet to chain ${d.chainId}.`,
    };
  }
  if (code === 'InsufficientFunds') return { code, title: 'Insufficient funds', message: pg?.shortMessage ?? '' };
  if (code === 'EscrowInsufficientBalance') {
    const hint = (pg as { metaMessages?: string[] } | undefined)?.metaMessages?.[0];
    return { code, title: 'Insufficient funds', message: hint ?? 'your escrow balance is too low: deposit more on the Wallet page' };
  }
  if (code === 'ERC20InsufficientBalance')
    return { code, title: 'Insufficient funds', message: 'your wallet does not hold enough tokens for this' };
  if (all.some((e) => e.name === 'InsufficientFundsError')) {
    return {
      code: 'InsufficientGas',
      title: 'Insufficient funds',
      message: 'This account has no ETH to pay for gas. Fund it with ETH (or pick a funded dev account).',
    };
  }
  if (code === 'InputInvalid') return { code, title: 'Invalid input', message: pg?.shortMessage ?? 'check the form' };
  if (code === 'ServiceUnreachable')
    return { code, title: 'Market unreachable', message: `${pg?.shortMessage}. Is the market running (npm start)?` };
  if (code === 'WalletMissing') return { code, title: 'No wallet found', message: pg?.shortMessage ?? '' };
  const hint = err instanceof ProofgridError && err.metaMessages.length ? err.metaMessages[0] : undefined;
  // A decoded revert's hint says it all, amounts in tokens; its own message is the raw `Name(args)`, amounts in wei.
  if (hint && err instanceof ProofgridError && err.name === 'ContractRevertError') return { code, title: code, message: hint };
  const message = pg?.shortMessage ?? (err as Error)?.message ?? String(err);
  return { code, title: code === 'Unknown' ? 'Something went wrong' : code, message: hint ? `${message} — ${hint}` : message };
}
