import { type Hex, keccak256, toHex, zeroAddress, zeroHash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  type ProofgridClient,
  answerTask,
  authorizeWorker,
  buildResultTree,
  contribute,
  createApp,
  createDataset,
  createProofgridClient,
  createWorkerpool,
  deposit,
  finalize,
  finalizeAnswer,
  matchOrders,
  pushResult,
  reveal,
  sendHubTransaction,
  signOrder,
} from '@proofgrid/sdk';
import { type DevAccount, startDevnet } from '@proofgrid/devnet';

export type Scenario = {
  id: string;
  title: string;
  volume: number;
  trust: number;
  workers: number;
  batch: number;
  dataset: boolean;
  window?: bigint;
  /** Optimistic verification (decision 026) with this challenge window: each task answered, then finalized. */
  optimistic?: bigint;
  target: bigint;
  poco: bigint;
  pocoNote: string;
};
export type Step = { name: string; gas: bigint };
export type ScenarioResult = { total: bigint; txs: number; perTask: bigint; steps: Step[]; sizes: Record<string, number> };

/** Runs one gas scenario on a fresh devnet; only the protocol's transactions are counted. */
export async function runScenario(s: Scenario, price: bigint): Promise<ScenarioResult> {
  const devnet = await startDevnet({ accounts: 6 + s.workers, rollbackWindow: s.window ?? 0n });
  try {
    const client = (a: DevAccount) => createProofgridClient({ deployment: devnet.deployment, account: privateKeyToAccount(a.privateKey) });
    const [admin, requester, developer, dataOwner, poolOwner, scheduler, ...workerAccounts] = devnet.accounts as DevAccount[];
    const workers = workerAccounts.map(client);
    const { app } = await createApp(client(developer as DevAccount), {
      name: 'bench',
      uri: 'bench.wasm',
      moduleHash: keccak256(toHex('bench')),
    });
    const { dataset } = await createDataset(client(dataOwner as DevAccount), {
      name: 'data',
      uri: 'data',
      contentHash: keccak256(toHex('data')),
    });
    const pool = client(poolOwner as DevAccount);
    const { workerpool } = await createWorkerpool(pool, {
      description: 'bench pool',
      scheduler: (scheduler as DevAccount).address,
      resources: { cpus: 2, memoryMb: 4096, diskGb: 10, gpus: 0, tee: false, region: 'local' },
    });
    const req = client(requester as DevAccount);
    for (const c of [req, pool, ...workers]) await deposit(c, { amount: price * 100_000n });

    const { chainId, hub } = devnet.deployment;
    const salt = keccak256(toHex(s.id));
    const sign = <K extends 'app' | 'dataset' | 'workerpool' | 'request'>(c: ProofgridClient, kind: K, order: never) =>
      signOrder(c.wallet as never, { kind, order, chainId, hub });
    const appOrder = await sign(client(developer as DevAccount), 'app', {
      app,
      price,
      volume: 1_000_000n,
      tag: zeroHash,
      datasetRestrict: 0n,
      workerpoolRestrict: 0n,
      requesterRestrict: zeroAddress,
      expiry: 0n,
      salt,
    } as never);
    const datasetOrder = await sign(client(dataOwner as DevAccount), 'dataset', {
      dataset,
      price,
      volume: 1_000_000n,
      tag: zeroHash,
      appRestrict: 0n,
      workerpoolRestrict: 0n,
      requesterRestrict: zeroAddress,
      expiry: 0n,
      salt,
    } as never);
    const workerpoolOrder = await sign(pool, 'workerpool', {
      workerpool,
      price,
      volume: 1_000_000n,
      tag: zeroHash,
      category: 0n,
      trust: 100n,
      appRestrict: 0n,
      datasetRestrict: 0n,
      requesterRestrict: zeroAddress,
      expiry: 0n,
      salt,
    } as never);
    const requestOrder = await sign(req, 'request', {
      app,
      appMaxPrice: price,
      dataset: s.dataset ? dataset : 0n,
      datasetMaxPrice: price,
      workerpool,
      workerpoolMaxPrice: price,
      requester: (requester as DevAccount).address,
      volume: BigInt(s.volume),
      tag: zeroHash,
      category: 0n,
      trust: BigInt(s.trust),
      callback: zeroAddress,
      params: '{"args":"bench"}',
      expiry: 0n,
      salt,
      ...(s.optimistic ? { verification: 1, challengeWindow: s.optimistic } : {}),
    } as never);

    const steps: Step[] = [];
    const matched = await matchOrders(req, {
      appOrder,
      datasetOrder: s.dataset ? datasetOrder : undefined,
      workerpoolOrder,
      requestOrder,
    } as never);
    steps.push({ name: 'matchOrders', gas: matched.receipt.gasUsed });
    const key = matched.key;
    const schedulerAccount = privateKeyToAccount((scheduler as DevAccount).privateKey);
    if (s.optimistic) {
      await runOptimistic(req, workers[0] as ProofgridClient, schedulerAccount, key, s, steps);
      const sizes = await codeSizes(req, devnet.deployment);
      return { total: sum(steps), txs: steps.length, perTask: sum(steps) / BigInt(s.volume), steps: summarize(steps), sizes };
    }
    const firsts: number[] = [];
    const counts: number[] = [];
    for (let first = 0; first < s.volume; first += s.batch) {
      const count = Math.min(s.batch, s.volume - first);
      firsts.push(first);
      counts.push(count);
      const digests = Array.from({ length: count }, (_, i) => keccak256(toHex(`result ${first + i}`)) as Hex);
      const { root } = buildResultTree(first, digests);
      const usage = { maxRunTimeMs: 12, memoryPeakKb: 2048 };
      if (s.trust <= 1) {
        const worker = workers[0] as ProofgridClient;
        const authorization = await authorizeWorker(schedulerAccount, { key, first, count, worker: worker.account!.address });
        const receipt = await pushResult(worker, { key, first, count, root, usage, authorization });
        steps.push({ name: 'pushResult', gas: receipt.gasUsed });
        continue;
      }
      const salts: Hex[] = [];
      for (const w of workers) {
        const authorization = await authorizeWorker(schedulerAccount, { key, first, count, worker: w.account!.address });
        const { salt: sealSalt, receipt } = await contribute(w, { key, first, count, root, authorization });
        salts.push(sealSalt);
        steps.push({ name: 'contribute', gas: receipt.gasUsed });
      }
      for (const [i, w] of workers.entries()) {
        const receipt = await reveal(w, { key, first, count, root, salt: salts[i] as Hex, usage });
        steps.push({ name: 'reveal', gas: receipt.gasUsed });
      }
      const receipt = await finalize(req, { key, first, count });
      steps.push({ name: 'finalize', gas: receipt.gasUsed });
    }
    if (s.window) {
      await req.public.request({ method: 'evm_increaseTime', params: [Number(s.window)] } as never);
      await req.public.request({ method: 'evm_mine', params: [] } as never);
      const receipt = await sendHubTransaction(req, { functionName: 'settle', args: [key, firsts, counts] });
      steps.push({ name: 'settle', gas: receipt.gasUsed });
    }
    void admin;
    const total = steps.reduce((a, b) => a + b.gas, 0n);
    const sizes = await codeSizes(req, devnet.deployment);
    return { total, txs: steps.length, perTask: total / BigInt(s.volume), steps: summarize(steps), sizes };
  } finally {
    await devnet.stop();
  }
}

/** Runtime code sizes of the hub's halves (HubDisputes' address from HubPoco.disputesHalf). */
async function codeSizes(req: ProofgridClient, deployment: { hub: Hex; poco: Hex }): Promise<Record<string, number>> {
  const code = async (address: Hex) => ((await req.public.getCode({ address })) ?? '0x').length / 2 - 1;
  const disputes = (await req.public.readContract({
    address: deployment.poco,
    abi: [{ type: 'function', name: 'disputesHalf', inputs: [], outputs: [{ type: 'address' }], stateMutability: 'view' }],
    functionName: 'disputesHalf',
  })) as Hex;
  return { Hub: await code(deployment.hub), HubPoco: await code(deployment.poco), HubDisputes: await code(disputes) };
}

const sum = (steps: Step[]) => steps.reduce((a, b) => a + b.gas, 0n);

/** Each task answered by one worker with an output digest and a claim, then finalized after the window. */
async function runOptimistic(
  req: ProofgridClient,
  worker: ProofgridClient,
  scheduler: ReturnType<typeof privateKeyToAccount>,
  key: Parameters<typeof answerTask>[1]['key'],
  s: Scenario,
  steps: Step[],
) {
  for (let index = 0; index < s.volume; index++) {
    const authorization = await authorizeWorker(scheduler, { key, first: index, count: 1, worker: worker.account!.address });
    const claim = { startRoot: keccak256(toHex(`start ${index}`)), endRoot: keccak256(toHex(`end ${index}`)), steps: 1_000_000_000n };
    const outputDigest = keccak256(toHex(`result ${index}`));
    const receipt = await answerTask(worker, { key, index, outputDigest, claim, authorization });
    steps.push({ name: 'answer', gas: receipt.gasUsed });
  }
  await req.public.request({ method: 'evm_increaseTime', params: [Number(s.optimistic)] } as never);
  await req.public.request({ method: 'evm_mine', params: [] } as never);
  for (let index = 0; index < s.volume; index++) {
    const receipt = await finalizeAnswer(req, { key, index });
    steps.push({ name: 'finalizeAnswer', gas: receipt.gasUsed });
  }
}

/** Repeated steps folded into one line: name xN (total). */
function summarize(steps: Step[]): Step[] {
  const byName = new Map<string, { gas: bigint; n: number }>();
  for (const s of steps) {
    const e = byName.get(s.name) ?? { gas: 0n, n: 0 };
    byName.set(s.name, { gas: e.gas + s.gas, n: e.n + 1 });
  }
  return [...byName].map(([name, { gas, n }]) => ({ name: n > 1 ? `${name} ×${n}` : name, gas }));
}
