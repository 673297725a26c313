// A devnet with the real hub for the on-chain verifier run (verifierOnchain.ts): an app with its machine image (the ml
// example), a workerpool whose scheduler signs the authorizations, a population of answering workers, a verifier with
// its own key, and optimistic deals of any volume matched on demand. Every role has deposited.
import { readFileSync } from 'node:fs';
import { machineImageOf } from '@proofgrid/disputes';
import { type DevAccount, type Devnet, startDevnet } from '@proofgrid/devnet';
import {
  type DealKey,
  type ProofgridClient,
  answerTask,
  authorizeWorker,
  createApp,
  createProofgridClient,
  createWorkerpool,
  deposit,
  getBalances,
  matchOrders,
  requestTermsOf,
  setMachineImage,
  signOrder,
} from '@proofgrid/sdk';
import { type Hex, keccak256, parseEther, toHex, zeroAddress, zeroHash } from 'viem';
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';

export type Claim = { startRoot: Hex; endRoot: Hex; steps: bigint };

export class OptimisticMarket {
  private constructor(
    readonly devnet: Devnet,
    readonly requester: ProofgridClient,
    readonly verifier: ProofgridClient,
    readonly scheduler: PrivateKeyAccount,
    readonly workers: ProofgridClient[],
    private readonly orders: { app: bigint; workerpool: bigint; appOrder: unknown; workerpoolOrder: unknown },
  ) {}

  static readonly PRICE = parseEther('0.01');

  /** `nWorkers` answerers; the app is `wasmPath`'s module with its machine image registered by its owner. */
  static async start(nWorkers: number, wasmPath: string): Promise<OptimisticMarket> {
    const devnet = await startDevnet({ accounts: 7 + nWorkers });
    try {
      const client = (a: DevAccount) =>
        createProofgridClient({ deployment: devnet.deployment, account: privateKeyToAccount(a.privateKey) });
      const [, requesterAccount, developer, poolOwner, scheduler, verifierAccount, , ...workerAccounts] = devnet.accounts as DevAccount[];
      const dev = client(developer!);
      const wasm = new Uint8Array(readFileSync(wasmPath));
      const { app } = await createApp(dev, { name: 'ml', uri: 'ml.wasm', moduleHash: keccak256(wasm) });
      await setMachineImage(dev, { app, image: machineImageOf(wasm) });
      const pool = client(poolOwner!);
      const { workerpool } = await createWorkerpool(pool, {
        description: 'verifier run pool',
        scheduler: scheduler!.address,
        resources: { cpus: 2, memoryMb: 4096, diskGb: 10, gpus: 0, tee: false, region: 'local' },
      });
      const requester = client(requesterAccount!);
      const verifier = client(verifierAccount!);
      const workers = workerAccounts.map(client);
      for (const c of [requester, pool, verifier, ...workers]) await deposit(c, { amount: parseEther('1000') });
      const { chainId, hub } = devnet.deployment;
      const common = { volume: 1_000_000n, tag: zeroHash, requesterRestrict: zeroAddress, expiry: 0n, salt: zeroHash };
      const price = OptimisticMarket.PRICE;
      const appOrder = await signOrder(dev.wallet!, {
        kind: 'app',
        chainId,
        hub,
        order: { app, price, datasetRestrict: 0n, workerpoolRestrict: 0n, ...common },
      });
      const workerpoolOrder = await signOrder(pool.wallet!, {
        kind: 'workerpool',
        chainId,
        hub,
        order: { workerpool, price, category: 0n, trust: 1n, appRestrict: 0n, datasetRestrict: 0n, ...common },
      });
      return new OptimisticMarket(devnet, requester, verifier, privateKeyToAccount(scheduler!.privateKey), workers, {
        app,
        workerpool,
        appOrder,
        workerpoolOrder,
      });
    } catch (err) {
      await devnet.stop();
      throw err;
    }
  }

  /** An optimistic request of `volume` tasks with `window` seconds of challenge window, matched now. */
  async deal(volume: number, window: bigint, salt: string): Promise<DealKey> {
    const { chainId, hub } = this.devnet.deployment;
    const requestOrder = await signOrder(this.requester.wallet!, {
      kind: 'request',
      chainId,
      hub,
      order: {
        app: this.orders.app,
        appMaxPrice: OptimisticMarket.PRICE,
        dataset: 0n,
        datasetMaxPrice: 0n,
        workerpool: this.orders.workerpool,
        workerpoolMaxPrice: OptimisticMarket.PRICE,
        requester: this.requester.account!.address,
        volume: BigInt(volume),
        tag: zeroHash,
        category: 0n,
        trust: 1n,
        callback: zeroAddress,
        params: '{}',
        expiry: 0n,
        salt: keccak256(toHex(salt)),
        ...requestTermsOf({ verification: 'optimistic', challengeWindow: window }),
      },
    });
    const { key } = (await matchOrders(this.requester, {
      appOrder: this.orders.appOrder,
      workerpoolOrder: this.orders.workerpoolOrder,
      requestOrder,
    } as never)) as { key: DealKey };
    return key;
  }

  /** Worker `worker` answers task `index`, authorized by the deal's scheduler for that task alone. */
  async answer(key: DealKey, worker: number, index: number, outputDigest: Hex, claim: Claim) {
    const w = this.workers[worker]!;
    const authorization = await authorizeWorker(this.scheduler, { key, first: index, count: 1, worker: w.account!.address });
    return answerTask(w, { key, index, outputDigest, claim, authorization });
  }

  async escrow(c: ProofgridClient): Promise<bigint> {
    return (await getBalances(c, { account: c.account!.address })).escrow;
  }

  /** Moves the chain's clock forward and mines a block. */
  async increaseTime(seconds: number): Promise<void> {
    await this.requester.public.request({ method: 'evm_increaseTime', params: [seconds] } as never);
    await this.requester.public.request({ method: 'evm_mine', params: [] } as never);
  }

  stop(): Promise<void> {
    return this.devnet.stop();
  }
}
