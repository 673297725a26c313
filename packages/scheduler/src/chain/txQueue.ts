// The scheduler's one serial transaction queue: every transaction it sends (matchOrders, finalize, reopen, claim,
// settle, callbacks, defence moves) goes through it, one at a time, so they share one nonce sequence. The SDK's queue,
// the same one the worker uses.
export { createTxQueue, type TxQueue } from '@proofgrid/sdk';
