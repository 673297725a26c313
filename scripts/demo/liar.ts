// The demo's liar (issue 16): a rogue workerpool whose scheduler authorizes its own worker (one spare dev account
// plays the pool owner, its scheduler and its worker) takes an optimistic request for the montecarlo app and answers
// it with a made-up end root (its run "diverges" a third of the way in), its deposit locked. The verifier process sees
// the answer, re-executes the task, challenges; the liar defends its claim with made-up roots all the way down, and
// the game ends in a one-step proof on chain: the liar's deposit goes to the verifier, the requester is refunded.
// (The pool's worker processes answer honestly: they have no lying mode, so the demo plays this one itself.)
import { defend, Trace, type Wallet } from '@proofgrid/disputes';
import {
  answerTask,
  authorizeWorker,
  createWorkerpool,
  deposit,
  disputeGameAbi,
  getBalances,
  getHubEvents,
  getTaskResolution,
  matchOrders,
  type ProofgridClient,
  requestTermsOf,
  signOrder,
  taskIdOf,
  taskInputsOf,
} from '@proofgrid/sdk';
import type { startStack } from '@proofgrid/testkit';
import { type Hex, parseEther, zeroAddress, zeroHash } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { lyingTrace } from '../../packages/disputes/src/testing/lyingTrace.ts';
import type { DemoVerifier } from './verifier.ts';

type Stack = Awaited<ReturnType<typeof startStack>>;

export type LiarOutcome = {
  dealId: Hex;
  steps: bigint;
  moves: number;
  proof: string;
  deposit: bigint;
  verifierGain: bigint;
  requesterRefund: bigint;
  state: string;
};

/** Runs the liar's scenario to its end (answer, challenge, game, resolution, refund). */
export async function runLiar(
  stack: Stack,
  o: {
    requester: ProofgridClient;
    developer: ProofgridClient;
    app: bigint;
    moduleHash: Hex;
    /** The app's registered memory (its AppRegistry maxMemoryMb): part of the machine's start state. */
    appMemoryMb: number;
    args: string[];
    verifier: DemoVerifier;
  },
): Promise<LiarOutcome> {
  const rogue = stack.accounts.spare[1]!;
  const liar = stack.clientOf(rogue);
  const { chainId, hub } = stack.deployment;
  await deposit(liar, { amount: parseEther('1') });
  const { workerpool } = await createWorkerpool(liar, {
    description: 'rogue pool (demo liar)',
    scheduler: rogue.address,
    resources: { cpus: 1, memoryMb: 1024, diskGb: 1, gpus: 0, tee: false, region: 'x' },
  });
  const price = parseEther('0.01');
  const common = { volume: 1n, tag: zeroHash, requesterRestrict: zeroAddress, expiry: 0n, salt: zeroHash };
  const appOrder = await signOrder(o.developer.wallet!, {
    kind: 'app',
    chainId,
    hub,
    order: { app: o.app, price, datasetRestrict: 0n, workerpoolRestrict: 0n, ...common, salt: `0x${'11'.repeat(32)}` },
  });
  const workerpoolOrder = await signOrder(liar.wallet!, {
    kind: 'workerpool',
    chainId,
    hub,
    order: { workerpool, price: 0n, category: 0n, trust: 1n, appRestrict: 0n, datasetRestrict: 0n, ...common },
  });
  const params = JSON.stringify({ args: o.args });
  const requestOrder = await signOrder(o.requester.wallet!, {
    kind: 'request',
    chainId,
    hub,
    order: {
      app: o.app,
      appMaxPrice: price,
      dataset: 0n,
      datasetMaxPrice: 0n,
      workerpool,
      workerpoolMaxPrice: 0n,
      requester: o.requester.account!.address,
      volume: 1n,
      tag: zeroHash,
      category: 0n,
      trust: 1n,
      callback: zeroAddress,
      params,
      expiry: 0n,
      salt: `0x${'22'.repeat(32)}`,
      ...requestTermsOf({ verification: 'optimistic', challengeWindow: 600n }),
    },
  });
  const requesterBefore = await getBalances(o.requester, { account: o.requester.account!.address });
  const verifierBefore = await getBalances(o.requester, { account: o.verifier.address as Hex });
  const { dealId, key } = await matchOrders(o.requester, { appOrder, workerpoolOrder, requestOrder });

  // The liar runs the task honestly, then makes up every root from a third of the run on: a wrong end root.
  const inputs = await taskInputsOf(
    { dealId, params, moduleHash: o.moduleHash, appMemoryMb: o.appMemoryMb, categoryMaxSeconds: Number(key.timeRef) },
    0,
    (h) => stack.market.getBlob(h),
  );
  const honest = new Trace({ ...inputs, limits: { memoryMb: inputs.limits.memoryMb, maxOutputBytes: inputs.limits.maxOutputBytes } });
  const { startRoot, steps } = honest.end();
  const lie = lyingTrace(honest, steps / 3n);
  const claim = { startRoot, steps, endRoot: lie.rootAt(steps) };
  const authorization = await authorizeWorker(privateKeyToAccount(rogue.privateKey as Hex), {
    key,
    first: 0,
    count: 1,
    worker: rogue.address,
  });
  await answerTask(liar, { key, index: 0, outputDigest: honest.output().commitment, claim, authorization });

  const taskId = taskIdOf(dealId, 0);
  await o.verifier.until(taskId, (t) => t.state === 'challenged', 'a challenge');
  const [opened] = await getHubEvents(liar, { eventName: 'DisputeGameOpened', args: { subject: taskId } });
  const { game, gameId } = opened!.args as { game: Hex; gameId: bigint };
  const defended = await defend({
    publicClient: liar.public as never,
    wallet: liar.wallet as Wallet,
    address: game,
    gameId,
    fromBlock: opened!.blockNumber,
    view: lie,
    pollMs: 50,
  });
  const done = await o.verifier.until(taskId, (t) => (t.state === 'won' || t.state === 'lost') && t.finalized, 'the end of the game');
  const [resolved] = await getHubEvents(liar, { eventName: 'ChallengeResolved', args: { subject: taskId } });
  const gameEvents = (await liar.public.getContractEvents({ address: game, abi: disputeGameAbi, fromBlock: opened!.blockNumber })) as {
    eventName: string;
    args: { gameId: bigint; stepIndex?: bigint };
  }[];
  const ours = gameEvents.filter((e) => e.args.gameId === gameId);
  const proven = ours.find((e) => e.eventName === 'OneStepProven');
  const requesterAfter = await getBalances(o.requester, { account: o.requester.account!.address });
  const verifierAfter = await getBalances(o.requester, { account: o.verifier.address as Hex });
  const total = (b: { escrow: bigint; locked: bigint }) => b.escrow + b.locked;
  const resolution = await getTaskResolution(o.requester, taskId);
  return {
    dealId,
    steps,
    moves: ours.filter((e) => e.eventName === 'Bisected' || e.eventName === 'OneStepProven').length,
    proof: proven ? `one-step proof of step ${(proven.args.stepIndex ?? 0n) + 1n}` : `no proof (${defended.status})`,
    deposit: (resolved?.args as { amount?: bigint } | undefined)?.amount ?? 0n,
    verifierGain: total(verifierAfter) - total(verifierBefore),
    requesterRefund: total(requesterAfter) - total(requesterBefore),
    state: `${resolution.state}${resolution.overturned ? ' (overturned)' : ''}${done.state === 'won' ? '' : `, verifier ${done.state}`}`,
  };
}
