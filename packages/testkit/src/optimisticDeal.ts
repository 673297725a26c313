// An optimistic deal on a devnet with the real dispute game (decision 026), for the tests of the SDK and the
// CLI that read and drive answers and challenges from the chain alone: eight funded role clients, an app, a
// workerpool whose scheduler is the `scheduler` role, and a matched request with `verification: optimistic`.
import { machineImageOf } from '@proofgrid/disputes';
import { type DevAccount, startDevnet } from '@proofgrid/devnet';
import {
  type DealKey,
  type ProofgridClient,
  answerTask,
  authorizeWorker,
  createApp,
  createProofgridClient,
  createWorkerpool,
  deposit,
  matchOrders,
  requestTermsOf,
  setMachineImage,
  signOrder,
} from '@proofgrid/sdk';
import { type Hex, keccak256, parseEther, toHex, zeroAddress, zeroHash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';

export const OPTIMISTIC_ROLES = ['admin', 'requester', 'developer', 'dataOwner', 'poolOwner', 'scheduler', 'worker0', 'worker1'];
/** What each order of the deal costs per task. */
export const OPTIMISTIC_PRICE = parseEther('0.01');

export type OptimisticClaim = { startRoot: Hex; endRoot: Hex; steps: bigint };

/**
 * Starts a devnet (8 accounts, the roles above, 10 PGT deposited by the requester, the pool owner and both workers)
 * and matches an optimistic request of `volume` tasks with the given challenge window, trust 1, no dataset.
 * `answer` has `worker` (default worker0) answer task `index`, authorized by the deal's scheduler.
 * @example
 * const deal = await startOptimisticDeal({ volume: 2n, challengeWindow: 60n });
 * await deal.answer({ index: 0, outputDigest, claim });
 * after(() => deal.devnet.stop());
 */
export async function startOptimisticDeal(o: {
  volume: bigint;
  challengeWindow: bigint;
  deploymentFile?: string;
  /**
   * A real app to register (default: a placeholder module hash nobody can run). With its `wasm`, the developer also
   * registers its machine image (`machineImageOf`, decision 027), so answers' starts are bound to it.
   */
  app?: { uri: string; moduleHash: Hex; maxMemoryMb?: number; wasm?: Uint8Array };
  /** A machine image to register for the app instead (e.g. a wrong one, to test a worker's refusal). */
  machineImage?: Hex;
  /** The request's params (default '{}'), e.g. the tasks' args. */
  params?: string;
  /** The request's signed root of its tasks' inputs (decision 031, packages/disputes `inputsRootOf`); default none. */
  inputsRoot?: Hex;
}) {
  const devnet = await startDevnet({ accounts: 8, ...(o.deploymentFile ? { deploymentFile: o.deploymentFile } : {}) });
  const accountOf = (i: number) => privateKeyToAccount((devnet.accounts[i] as DevAccount).privateKey);
  const c: Record<string, ProofgridClient> = Object.fromEntries(
    OPTIMISTIC_ROLES.map((n, i) => [n, createProofgridClient({ deployment: devnet.deployment, account: accountOf(i) })]),
  );
  const price = OPTIMISTIC_PRICE;
  const { wasm, ...appFields } = o.app ?? { uri: 'blob:x', moduleHash: keccak256(toHex('a')) };
  const { app } = await createApp(c.developer!, { name: 'a', ...appFields });
  const image = o.machineImage ?? (wasm ? machineImageOf(wasm) : undefined);
  if (image) await setMachineImage(c.developer!, { app, image });
  const { workerpool } = await createWorkerpool(c.poolOwner!, {
    description: 'p',
    scheduler: c.scheduler!.account!.address,
    resources: { cpus: 1, memoryMb: 512, diskGb: 1, gpus: 0, tee: false, region: 'x' },
  });
  for (const k of ['requester', 'poolOwner', 'worker0', 'worker1']) await deposit(c[k]!, { amount: parseEther('10') });
  const { chainId, hub } = devnet.deployment;
  const common = { volume: 10n, tag: zeroHash, requesterRestrict: zeroAddress, expiry: 0n, salt: zeroHash };
  const appOrder = await signOrder(c.developer!.wallet!, {
    kind: 'app',
    chainId,
    hub,
    order: { app, price, datasetRestrict: 0n, workerpoolRestrict: 0n, ...common },
  });
  const workerpoolOrder = await signOrder(c.poolOwner!.wallet!, {
    kind: 'workerpool',
    chainId,
    hub,
    order: { workerpool, price, category: 0n, trust: 1n, appRestrict: 0n, datasetRestrict: 0n, ...common },
  });
  const requestOrder = await signOrder(c.requester!.wallet!, {
    kind: 'request',
    chainId,
    hub,
    order: {
      app,
      appMaxPrice: price,
      dataset: 0n,
      datasetMaxPrice: 0n,
      workerpool,
      workerpoolMaxPrice: price,
      requester: c.requester!.account!.address,
      volume: o.volume,
      tag: zeroHash,
      category: 0n,
      trust: 1n,
      callback: zeroAddress,
      params: o.params ?? '{}',
      expiry: 0n,
      salt: zeroHash,
      ...requestTermsOf({ verification: 'optimistic', challengeWindow: o.challengeWindow }),
      ...(o.inputsRoot ? { inputsRoot: o.inputsRoot } : {}),
    },
  });
  const { key } = (await matchOrders(c.requester!, { appOrder, workerpoolOrder, requestOrder })) as { key: DealKey };
  const scheduler = accountOf(OPTIMISTIC_ROLES.indexOf('scheduler'));
  async function answer(a: { index: number; outputDigest: Hex; claim: OptimisticClaim; worker?: string }) {
    const worker = c[a.worker ?? 'worker0']!;
    const authorization = await authorizeWorker(scheduler, { key, first: a.index, count: 1, worker: worker.account!.address });
    await answerTask(worker, { key, index: a.index, outputDigest: a.outputDigest, claim: a.claim, authorization });
  }
  return { devnet, clients: c, key, answer };
}
