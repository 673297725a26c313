import type { ProofgridClient } from './createProofgridClient.ts';

/**
 * One serial queue for the transactions of one account: a send waits for the one before it, whatever that one's
 * outcome (the outcome goes to its caller), so two parts of a service never sign with the same nonce. The scheduler
 * sends everything through one (matchOrders, finalize, reopen, claim, settle, defence moves), and so does the worker
 * (answers, defence moves, `resolveChallenge`, reveals).
 */
export type TxQueue = { run<T>(send: () => Promise<T>): Promise<T>; idle(): Promise<void> };

export function createTxQueue(): TxQueue {
  let tail: Promise<void> = Promise.resolve();
  return {
    run<T>(send: () => Promise<T>): Promise<T> {
      const run = tail.then(send);
      tail = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    idle: () => tail,
  };
}

/**
 * The client whose wallet sends every transaction through `queue`: `writeContract`, `sendTransaction` and
 * `deployContract` (what the SDK's actions and the dispute game's moves call) run one at a time, each from its
 * preparation (the nonce is the node's pending count, the gas estimated) until the node took it (its hash), so the
 * next one's pending count includes it. Receipts are awaited outside the queue, by the caller.
 * @example
 * const client = serialClient(createProofgridClient({ deployment, account }), createTxQueue());
 */
export function serialClient(client: ProofgridClient, queue: TxQueue): ProofgridClient {
  const wallet = client.wallet;
  if (!wallet) return client;
  const through =
    (send: (...args: never[]) => Promise<unknown>) =>
    (...args: unknown[]) =>
      queue.run(() => send(...(args as never[])));
  const queued = {
    ...wallet,
    writeContract: through(wallet.writeContract),
    sendTransaction: through(wallet.sendTransaction),
    deployContract: through(wallet.deployContract),
  } as unknown as typeof wallet;
  return { ...client, wallet: queued };
}
