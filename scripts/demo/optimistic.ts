// Stage 5 of the demo (issue 16): optimistic requests checked by the verifier process. The pool's workers answer
// each task with a claim of the provable machine and a deposit; the verifier re-executes every answer. Honest answers
// are left alone and paid after their window; a rogue pool's lying answer (liar.ts) is challenged and overturned by a
// one-step proof on chain.
import { readFileSync } from 'node:fs';
import { contentHashOf, type ProofgridClient, requestRun, taskIdOf, waitForDeal, waitForDealEnd } from '@proofgrid/sdk';
import type { startStack } from '@proofgrid/testkit';
import { formatEther, parseEther } from 'viem';
import { apps } from '../../examples/index.ts';
import { runLiar } from './liar.ts';
import type { DemoVerifier } from './verifier.ts';

type Stack = Awaited<ReturnType<typeof startStack>>;

export async function runOptimistic(
  stack: Stack,
  o: {
    requester: ProofgridClient;
    developer: ProofgridClient;
    app: bigint;
    price: bigint;
    verifier: DemoVerifier;
    say: (m: string) => void;
  },
) {
  const mcSmall = apps.montecarlo.buildTasks({ paths: 4, tasks: 2 } as never);
  const opt = await requestRun(o.requester, stack.market, {
    app: o.app,
    tasks: mcSmall,
    category: 0,
    appMaxPrice: o.price,
    workerpoolMaxPrice: parseEther('1'),
    verification: 'optimistic',
    challengeWindow: 60n,
  });
  const optDealId = await waitForDeal(stack.market, opt.requestHash);
  for (let i = 0; i < mcSmall.length; i++) await o.verifier.until(taskIdOf(optDealId, i), (t) => t.state !== 'pending', 'its check');
  const checkedOpt = (await o.verifier.status()).tasks.filter((t) => mcSmall.some((_, i) => taskIdOf(optDealId, i) === t.taskId));
  o.say(
    `optimistic: montecarlo x${mcSmall.length} -> deal ${optDealId.slice(0, 10)}…, answered by the pool's workers; the verifier re-executed them: ${checkedOpt.map((t) => t.state).join(', ')}`,
  );
  const liarModule = readFileSync(apps.montecarlo.wasmPath);
  const liar = await runLiar(stack, {
    requester: o.requester,
    developer: o.developer,
    app: o.app,
    moduleHash: contentHashOf(new Uint8Array(liarModule)),
    appMemoryMb: apps.montecarlo.limits.memoryMb,
    args: apps.montecarlo.buildTasks({ paths: 2, tasks: 1 } as never)[0]!.args,
    verifier: o.verifier,
  });
  o.say(
    `liar: a rogue pool's worker answered deal ${liar.dealId.slice(0, 10)}… with a made-up end root (${liar.steps.toLocaleString('en-US')} steps); the verifier challenged, ${liar.moves} game moves, ${liar.proof}: ${liar.state}`,
  );
  o.say(
    `   the liar's deposit went to the verifier (+${formatEther(liar.verifierGain)} PGT); the requester was refunded (net ${formatEther(liar.requesterRefund)} PGT)`,
  );
  // the honest answers' window passes (chain time): the scheduler finalizes them and the workers are paid
  await o.requester.public.request({ method: 'evm_increaseTime', params: [61] } as never);
  await o.requester.public.request({ method: 'evm_mine', params: [] } as never);
  const optDeal = await waitForDealEnd(stack.market, optDealId, { timeoutMs: 120_000 });
  o.say(`optimistic deal ${optDealId.slice(0, 10)}…: ${optDeal.status} after its 60 s window, nobody challenged the honest answers`);

  return { liar, deal: optDeal };
}
