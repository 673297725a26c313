// Whole games on anvil over a real example app's task (ml, task 0): the real DisputeGame, OneStepProver and
// MachineHostIo (contracts/artifacts), honest and lying players of packages/disputes, real step proofs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { compileModule } from '@proofgrid/machine';
import { disputeGameAbi } from '@proofgrid/sdk';
import { keccak256, toHex } from 'viem';
import { apps } from '../../../../examples/index.ts';
import { deployGame, type GameChain } from '../testing/deployGame.ts';
import { lyingTrace } from '../testing/lyingTrace.ts';
import { Trace, type TraceView } from '../trace/trace.ts';
import { openGame } from './openGame.ts';
import { challenge, defend, type PlayResult } from './play.ts';

const CLOCK = 3600n;

describe('dispute games over the ml task on anvil', () => {
  let chain: GameChain;
  let honest: Trace;
  let claim: { startRoot: `0x${string}`; endRoot: `0x${string}`; steps: bigint };
  before(async () => {
    chain = await deployGame();
    const spec = apps.ml;
    const task = spec.buildTasks()[0]!;
    const request = {
      module: compileModule(new Uint8Array(readFileSync(spec.wasmPath))),
      args: task.args,
      files: task.files,
      seed: 'ml:0',
      limits: spec.limits,
    };
    honest = new Trace(request);
    claim = honest.end();
  });
  after(() => chain?.stop());

  const [hub, defender, challenger, second] = [0, 1, 2, 3];
  const ref = (gameId: bigint, fromBlock: bigint) => ({ publicClient: chain.publicClient, address: chain.address, gameId, fromBlock });
  const open = (c: typeof claim, by = challenger) =>
    openGame({
      publicClient: chain.publicClient,
      wallet: chain.wallets[hub]!,
      address: chain.address,
      claim: c,
      challenger: chain.wallets[by]!.account.address,
      defender: chain.wallets[defender]!.account.address,
      clock: CLOCK,
    });
  const play = (side: 'defender' | 'challenger', who: number, view: TraceView, gameId: bigint, fromBlock: bigint, signal?: AbortSignal) =>
    (side === 'defender' ? defend : challenge)({ ...ref(gameId, fromBlock), wallet: chain.wallets[who]!, view, signal });
  const gasOf = (r: PlayResult) => r.moves.map((m) => `${m.kind} ${m.gasUsed}`).join(', ');

  /** Plays an honest challenger against a lying defender; a liar stuck on a step it cannot refute loses on time. */
  const honestChallenge = async (c: typeof claim, liar: TraceView) => {
    const { gameId, fromBlock } = await open(c);
    const defending = play('defender', defender, liar, gameId, fromBlock).catch((e: Error) => e);
    const challenging = play('challenger', challenger, honest, gameId, fromBlock);
    const lost = await defending;
    if (lost instanceof Error) {
      assert.match(lost.message, /StepAgrees/, 'the liar cannot refute an honest step');
      await chain.increaseTime(Number(CLOCK) + 1);
    }
    return { won: await challenging, lost };
  };

  // 2^20 steps: the defender posts the vector of one-step parts (4 bisections), the challenger proves
  test('an honest challenger beats a claim with a wrong end root by proving its last step', async (t) => {
    const steps = 2n ** 20n;
    const { won, lost } = await honestChallenge({ ...claim, steps, endRoot: keccak256(toHex('not the root')) }, lyingTrace(honest, steps));
    assert.equal(won.status, 'ChallengerWon');
    assert.deepEqual(
      won.moves.map((m) => m.kind),
      ['bisect', 'bisect', 'proveStep'],
    );
    t.diagnostic(`challenger: ${gasOf(won)}; defender: ${lost instanceof Error ? lost.message : gasOf(lost)}`);
  });

  // 2^30 steps, past the halt (~3.5M): six bisections, then the challenger shows the halted state's fields
  test('a claim that moves after the halt loses to the halted state shown from its fields', async () => {
    const { won } = await honestChallenge(
      { ...claim, steps: 2n ** 30n, endRoot: keccak256(toHex('moved')) },
      lyingTrace(honest, claim.steps + 1n),
    );
    assert.equal(won.status, 'ChallengerWon');
    assert.equal(won.moves.at(-1)!.kind, 'proveHalted');
    assert.equal(won.moves.length, 4, 'three bisections and the proof');
  });

  test('an honest challenger beats the whole task claimed with a wrong end root', async () => {
    const { won } = await honestChallenge({ ...claim, endRoot: keccak256(toHex('not the end')) }, lyingTrace(honest, claim.steps));
    assert.equal(won.status, 'ChallengerWon');
  });

  test('an honest defender beats a false challenger', async (t) => {
    const { gameId, fromBlock } = await open(claim);
    const liar = lyingTrace(honest, claim.steps / 3n);
    const defending = play('defender', defender, honest, gameId, fromBlock);
    const attack = await play('challenger', challenger, liar, gameId, fromBlock).catch((e: Error) => e);
    if (attack instanceof Error) {
      // the liar reached a step it cannot refute: its proof gives the honest root; it can only run out of time
      assert.match(attack.message, /StepAgrees/);
      await chain.increaseTime(Number(CLOCK) + 1);
    }
    const result = await defending;
    assert.equal(result.status, 'DefenderWon');
    assert.ok(result.won);
    t.diagnostic(`defender: ${gasOf(result)}`);
  });

  test('a defender who does not answer loses on time', async () => {
    const { gameId, fromBlock } = await open({ ...claim, endRoot: keccak256(toHex('wrong')) });
    const playing = play('challenger', challenger, honest, gameId, fromBlock);
    while (
      (
        await chain.publicClient.readContract({
          address: chain.address,
          abi: disputeGameAbi,
          functionName: 'game',
          args: [gameId],
        })
      ).turn !== 1
    )
      await new Promise((r) => setTimeout(r, 20));
    await chain.increaseTime(Number(CLOCK) + 1);
    const result = await playing;
    assert.equal(result.status, 'ChallengerWon');
    assert.deepEqual(
      result.moves.map((m) => m.kind),
      ['bisect', 'timeout'],
    );
  });

  test('a challenger who does not move loses on time', async () => {
    const { gameId, fromBlock } = await open(claim);
    const defending = play('defender', defender, honest, gameId, fromBlock);
    await chain.increaseTime(Number(CLOCK) + 1);
    const result = await defending;
    assert.equal(result.status, 'DefenderWon');
    assert.deepEqual(
      result.moves.map((m) => m.kind),
      ['timeout'],
    );
  });

  test('two challengers at once against one claim: one defender wins both games', async () => {
    const a = await open(claim, challenger);
    const b = await open(claim, second);
    const defending = Promise.all([
      play('defender', defender, honest, a.gameId, a.fromBlock),
      play('defender', defender, honest, b.gameId, b.fromBlock),
    ]);
    const attacks = await Promise.allSettled([
      play('challenger', challenger, lyingTrace(honest, 1000n), a.gameId, a.fromBlock),
      play('challenger', second, lyingTrace(honest, (claim.steps * 2n) / 3n), b.gameId, b.fromBlock),
    ]);
    if (attacks.some((r) => r.status === 'rejected')) await chain.increaseTime(Number(CLOCK) + 1);
    const results = await defending;
    assert.deepEqual(
      results.map((r) => r.status),
      ['DefenderWon', 'DefenderWon'],
    );
  });

  // A move writes its side's clock: a no-op when estimated in the second of the last move, 2,800 gas more once mined a
  // second later. Without the player's headroom the move ran out of gas (seen once in ten runs of this file).
  test('a move estimated in the second of the last move still lands a second later', async () => {
    const c = { startRoot: claim.startRoot, endRoot: keccak256(toHex('e')), steps: 2n };
    const { gameId, fromBlock } = await open(c);
    const openedAt = (await chain.publicClient.getBlock({ blockNumber: fromBlock })).timestamp;
    const request = (method: string, params: unknown[] = []) => chain.publicClient.request({ method, params } as never);
    await request('evm_setAutomine', [false]);
    await request('evm_setNextBlockTimestamp', [Number(openedAt)]);
    const view: TraceView = { rootAt: (s) => (s === 0n ? c.startRoot : keccak256(toHex(`v${s}`))), oneStep: () => assert.fail('no proof') };
    const stop = new AbortController();
    const playing = play('challenger', challenger, view, gameId, fromBlock, stop.signal);
    while (!Object.keys(((await request('txpool_content')) as { pending: object }).pending).length)
      await new Promise((r) => setTimeout(r, 10));
    await request('evm_setNextBlockTimestamp', [Number(openedAt) + 1]);
    await request('evm_mine');
    await request('evm_setAutomine', [true]);
    while (
      (await chain.publicClient.readContract({ address: chain.address, abi: disputeGameAbi, functionName: 'game', args: [gameId] }))
        .turn !== 1
    )
      await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    const result = await playing;
    assert.deepEqual(
      result.moves.map((m) => m.kind),
      ['bisect'],
    );
  });
});
