/**
 * The scheduler's one serial transaction queue: every transaction it sends (matchOrders, finalize,
 * reopen, claim, settle) goes through here, one at a time, so they share one nonce sequence.
 */
export type TxQueue = { run<T>(send: () => Promise<T>): Promise<T>; idle(): Promise<void> };

export function createTxQueue(): TxQueue {
  let tail: Promise<void> = Promise.resolve();
  return {
    run<T>(send: () => Promise<T>): Promise<T> {
      const run = tail.then(send);
      // The next transaction waits for this one whatever its outcome; the outcome goes to the caller.
      tail = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    },
    idle: () => tail,
  };
}
