// Replays contribution sequences on a real devnet (anvil + the deployed hub) through the SDK, and
// checks each step against the simulator's port of the consensus rule (consensus.ts).
// Used by consensus.test.ts (hand-picked and random sequences) and onchain.ts (>= 50 tasks).
import { type Address, type Hex, keccak256, parseEther, toHex, zeroAddress, zeroHash } from 'viem';
import { type PrivateKeyAccount, privateKeyToAccount } from 'viem/accounts';
import {
  type DealKey,
  type ProofgridClient,
  type BatchStatusName,
  authorizeWorker,
  batchIdOf,
  contribute,
  createApp,
  createProofgridClient,
  createWorkerpool,
  dealIdOf,
  deposit,
  finalize,
  getBatch,
  getBatchStatus,
  getReputation,
  matchOrders,
  reveal,
  signOrder,
} from '@proofgrid/sdk';
import { type DevAccount, type Devnet, startDevnet } from '@proofgrid/devnet';
import { Batch, type BatchStatus, nextScore, weight } from './consensus.ts';

export type ChainStatus = BatchStatusName;

/** A worker's answer for a task: the correct value, the saboteurs' shared wrong value, or its own wrong value. */
export type Answer = 'ok' | 'bad' | 'own';
export type Step = { worker: number; answer: Answer };

/** The result root of an answer for task `first` (a single-task batch: the root is the digest). */
export function rootOf(first: number, answer: Answer, worker: number): Hex {
  if (answer === 'own') return keccak256(toHex(`wrong ${first} by worker ${worker}`));
  return keccak256(toHex(`${answer === 'ok' ? 'right' : 'wrong'} ${first}`));
}

export type StepRecord = { worker: number; answer: Answer; weight: bigint; chain: ChainStatus; sim: BatchStatus };
export type BatchRecord = {
  first: number;
  steps: StepRecord[];
  /** The root the chain finalized, or undefined (no consensus: the batch stays Active until claim). */
  chainRoot: Hex | undefined;
  simRoot: Hex | undefined;
  chainAnswer: Answer | undefined;
  /** Every per-step status, the chosen root and every score after settlement agree. */
  agree: boolean;
  /** A contribution the contract refused (and the simulator's canContribute agreed it would). */
  refused?: string;
};

export class Market {
  private constructor(
    readonly devnet: Devnet,
    readonly requester: ProofgridClient,
    readonly scheduler: PrivateKeyAccount,
    readonly workers: ProofgridClient[],
    private readonly makeDeal: (trust: number, volume: number, salt: string) => Promise<DealKey>,
  ) {}

  /** The simulator's copy of every worker's score (kept in step with the chain by settle()). */
  readonly scores = new Map<number, bigint>();

  static async start(nWorkers: number, { category = 1n }: { category?: bigint } = {}): Promise<Market> {
    const devnet = await startDevnet({ accounts: 6 + nWorkers, rollbackWindow: 0n });
    try {
      const client = (a: DevAccount) =>
        createProofgridClient({ deployment: devnet.deployment, account: privateKeyToAccount(a.privateKey) });
      const [, requester, developer, , poolOwner, scheduler, ...workerAccounts] = devnet.accounts as DevAccount[];
      const price = parseEther('1');
      const workers = workerAccounts.map(client);
      const dev = client(developer as DevAccount);
      const { app } = await createApp(dev, { name: 'sabotage', uri: 'sabotage.wasm', moduleHash: keccak256(toHex('sabotage')) });
      const pool = client(poolOwner as DevAccount);
      const { workerpool } = await createWorkerpool(pool, {
        description: 'sabotage pool',
        scheduler: (scheduler as DevAccount).address,
        resources: { cpus: 2, memoryMb: 4096, diskGb: 10, gpus: 0, tee: false, region: 'local' },
      });
      const req = client(requester as DevAccount);
      await Promise.all([req, pool, ...workers].map((c) => deposit(c, { amount: price * 10_000n })));
      const { chainId, hub } = devnet.deployment;
      const sign = <K extends 'app' | 'workerpool' | 'request'>(c: ProofgridClient, kind: K, order: never) =>
        signOrder(c.wallet as never, { kind, order, chainId, hub });
      const salt0 = keccak256(toHex('sabotage'));
      const appOrder = await sign(dev, 'app', {
        app,
        price,
        volume: 1_000_000n,
        tag: zeroHash,
        datasetRestrict: 0n,
        workerpoolRestrict: 0n,
        requesterRestrict: zeroAddress,
        expiry: 0n,
        salt: salt0,
      } as never);
      const workerpoolOrder = await sign(pool, 'workerpool', {
        workerpool,
        price,
        volume: 1_000_000n,
        tag: zeroHash,
        category,
        trust: 1_000_000n,
        appRestrict: 0n,
        datasetRestrict: 0n,
        requesterRestrict: zeroAddress,
        expiry: 0n,
        salt: salt0,
      } as never);
      const makeDeal = async (trust: number, volume: number, salt: string) => {
        const requestOrder = await sign(req, 'request', {
          app,
          appMaxPrice: price,
          dataset: 0n,
          datasetMaxPrice: 0n,
          workerpool,
          workerpoolMaxPrice: price,
          requester: (requester as DevAccount).address,
          volume: BigInt(volume),
          tag: zeroHash,
          category,
          trust: BigInt(trust),
          callback: zeroAddress,
          params: '{"args":"sabotage"}',
          expiry: 0n,
          salt: keccak256(toHex(salt)),
        } as never);
        const { key } = await matchOrders(req, { appOrder, workerpoolOrder, requestOrder } as never);
        return key;
      };
      return new Market(devnet, req, privateKeyToAccount((scheduler as DevAccount).privateKey), workers, makeDeal);
    } catch (err) {
      await devnet.stop();
      throw err;
    }
  }

  deal(trust: number, volume: number, salt: string): Promise<DealKey> {
    return this.makeDeal(trust, volume, salt);
  }

  address(i: number): Address {
    return (this.workers[i] as ProofgridClient).account!.address;
  }

  status(key: DealKey, first: number): Promise<ChainStatus> {
    return getBatchStatus(this.requester, { key, first, count: 1 });
  }

  async chainScore(i: number): Promise<bigint> {
    return BigInt((await getReputation(this.requester, { account: this.address(i) })).score);
  }

  async chainWeight(i: number): Promise<bigint> {
    return BigInt((await getReputation(this.requester, { account: this.address(i) })).weight);
  }

  score(i: number): bigint {
    return this.scores.get(i) ?? 0n;
  }

  /**
   * Runs one single-task batch `first` of deal `key`: contributes the steps in order while the
   * simulator says the batch is open, comparing statuses after each; then the chosen group reveals and
   * the requester finalizes (rollback window 0: settled at once), and scores are compared.
   * With `tryPast`, one more contribution is attempted after the simulator closes the batch and must revert.
   */
  async runBatch(key: DealKey, first: number, steps: Step[], { tryPast = false } = {}): Promise<BatchRecord> {
    const sim = new Batch<Hex>(BigInt(key.trust));
    const rec: BatchRecord = { first, steps: [], chainRoot: undefined, simRoot: undefined, chainAnswer: undefined, agree: true };
    const salts = new Map<number, Hex>();
    const roots = new Map<number, Hex>();
    let refusedTried = false;
    for (const s of steps) {
      const root = rootOf(first, s.answer, s.worker);
      const w = weight(this.score(s.worker));
      if (!sim.canContribute(s.worker)) {
        if (!tryPast || refusedTried) break;
        refusedTried = true;
        const authorization = await authorizeWorker(this.scheduler, { key, first, count: 1, worker: this.address(s.worker) });
        try {
          await contribute(this.workers[s.worker] as ProofgridClient, { key, first, count: 1, root, authorization });
          rec.agree = false;
          rec.refused = 'accepted by the chain, refused by the simulator';
        } catch (err) {
          rec.refused = (err as { code?: string }).code ?? (err as Error).message.split('\n')[0];
        }
        break;
      }
      const chainW = await this.chainWeight(s.worker);
      if (chainW !== w) rec.agree = false;
      const authorization = await authorizeWorker(this.scheduler, { key, first, count: 1, worker: this.address(s.worker) });
      const { salt } = await contribute(this.workers[s.worker] as ProofgridClient, { key, first, count: 1, root, authorization });
      salts.set(s.worker, salt);
      roots.set(s.worker, root);
      sim.contribute(s.worker, root, w);
      const chain = await this.status(key, first);
      rec.steps.push({ worker: s.worker, answer: s.answer, weight: w, chain, sim: sim.status });
      if (chain !== sim.status) rec.agree = false;
    }
    rec.simRoot = sim.chosen;
    if (sim.chosen === undefined) {
      // No consensus on the simulator's side: the chain must still be Active (stays so until claim).
      if ((await this.status(key, first)) !== 'Active') rec.agree = false;
      return rec;
    }
    const usage = { maxRunTimeMs: 1, memoryPeakKb: 1 };
    for (const v of sim.votes) {
      if (v.hash !== sim.chosen) continue;
      await reveal(this.workers[v.worker] as ProofgridClient, {
        key,
        first,
        count: 1,
        root: v.hash,
        salt: salts.get(v.worker) as Hex,
        usage,
      });
    }
    await finalize(this.requester, { key, first, count: 1 });
    const view = await getBatch(this.requester, { batchId: batchIdOf(dealIdOf(key), first, 1) });
    rec.chainRoot = view.resultRoot;
    if (rec.chainRoot !== rec.simRoot || view.status !== 'Settled') rec.agree = false;
    const step = rec.steps.find((x) => rootOf(first, x.answer, x.worker) === rec.chainRoot);
    rec.chainAnswer = step?.answer;
    // Settlement on the simulator's side, then every contributor's score is compared with the chain.
    for (const v of sim.votes) {
      this.scores.set(v.worker, nextScore('proofgrid', this.score(v.worker), v.hash === sim.chosen, sim.replicated));
      if ((await this.chainScore(v.worker)) !== this.score(v.worker)) rec.agree = false;
    }
    return rec;
  }

  stop(): Promise<void> {
    return this.devnet.stop();
  }
}
