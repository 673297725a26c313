import type { Address, Hex } from 'viem';

/** A deal id: keccak256(abi.encode(DealKey)). Mirrors Solidity `type DealId is bytes32`. */
export type DealId = Hex & { readonly __brand?: 'DealId' };
/** A batch id: keccak256(abi.encode(dealId, first, count)). */
export type BatchId = Hex & { readonly __brand?: 'BatchId' };
/** A task id: keccak256(abi.encode(dealId, index)). */
export type TaskId = Hex & { readonly __brand?: 'TaskId' };

/**
 * The immutable terms of a deal, as emitted in `DealMatched` and passed back by every call
 * about the deal (see docs/protocol.md, "Why deal keys").
 */
export type DealKey = {
  requestHash: Hex;
  requestConsumed: bigint;
  requester: Address;
  callback: Address;
  appOwner: Address;
  appPrice: bigint;
  datasetOwner: Address;
  datasetPrice: bigint;
  poolOwner: Address;
  poolPrice: bigint;
  scheduler: Address;
  app: bigint;
  dataset: bigint;
  workerpool: bigint;
  volume: number;
  trust: number;
  timeRef: bigint;
  startTime: number;
  workerStake: bigint;
  schedulerRewardRatio: number;
  tag: Hex;
  /** 0 replicated (Proof-of-Contribution), 1 optimistic (one answer, challengeable); decision 026. */
  verification: number;
  /** Optimistic: seconds an answer stays open to challenges (0 when replicated). */
  challengeWindow: bigint;
  /** Replicated: seconds a finalized batch waits before paying, open to challenges; 0 = the hub's rollbackWindow. */
  rollbackWindow: bigint;
  /** The request's signed root of its tasks' inputs (decision 031); zero = unbound. */
  inputsRoot: Hex;
};

/** Where a Proofgrid market lives on a chain (written by devnet, read by every client). */
export type Deployment = {
  chainId: number;
  rpcUrl: string;
  token: Address;
  hub: Address;
  poco: Address;
  apps: Address;
  datasets: Address;
  workerpools: Address;
  startBlock: bigint;
  /** ServiceLeases (decision 029), deployed beside the hub; absent on deployments made before it. */
  services?: Address;
};
