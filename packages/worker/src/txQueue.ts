// The worker's one serial queue for its account's transactions, and the client that sends through it: the SDK's
// (the scheduler uses the same queue), so every part of the worker (answers, defence moves, resolveChallenge,
// pushes, contributions, reveals) shares one nonce sequence.
export { createTxQueue, serialClient, type TxQueue } from '@proofgrid/sdk';
