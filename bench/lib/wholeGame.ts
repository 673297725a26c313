// A whole dispute game over one example task, for bench/disputes.ts: the honest claim computed with packages/disputes'
// Trace, a claim with a wrong end root opened on the game contract, the liar defending it (lyingTrace: every root made up
// from a step on) and an honest challenger, both playing to the end with real transactions and a real one-step proof.
import { keccak256, toHex } from 'viem';
import { openGame } from '../../packages/disputes/src/chain/openGame.ts';
import { challenge, defend, type PlayResult } from '../../packages/disputes/src/chain/play.ts';
import type { GameChain } from '../../packages/disputes/src/testing/deployGame.ts';
import { lyingTrace } from '../../packages/disputes/src/testing/lyingTrace.ts';
import { Trace } from '../../packages/disputes/src/trace/trace.ts';

type Request = ConstructorParameters<typeof Trace>[0];
export type Move = PlayResult['moves'][number] & { side: 'challenger' | 'defender' };
export type WholeGame = {
  steps: bigint;
  status: string;
  byTime: boolean;
  openGas: bigint;
  moves: Move[];
  total: bigint;
  seconds: number;
  claimSeconds: number;
  replays: number;
};

/** Plays one game over `request` on `chain` (wallets 0: the hub opening it, 1: the liar, 2: the challenger). */
export async function wholeGame(chain: GameChain, request: Request, clock: bigint): Promise<WholeGame> {
  const [hub, defender, challenger] = chain.wallets as [GameChain['wallets'][0], GameChain['wallets'][0], GameChain['wallets'][0]];
  const started = performance.now();
  const honest = new Trace(request);
  const truth = honest.end();
  const claimed = performance.now();
  const opened = await openGame({
    publicClient: chain.publicClient,
    wallet: hub,
    address: chain.address,
    claim: { ...truth, endRoot: keccak256(toHex(`not the end of ${request.seed}`)) },
    challenger: challenger.account.address,
    defender: defender.account.address,
    clock,
  });
  const ref = { publicClient: chain.publicClient, address: chain.address, gameId: opened.gameId, fromBlock: opened.fromBlock };
  const liar = new Trace(request);
  const defending = defend({ ...ref, wallet: defender, view: lyingTrace(liar, truth.steps) }).catch((e: Error) => e);
  const challenging = challenge({ ...ref, wallet: challenger, view: honest });
  const lost = await defending;
  if (lost instanceof Error) await chain.increaseTime(Number(clock) + 1); // the liar faced a step it cannot refute
  const won = await challenging;
  const ended = performance.now();
  if (won.status !== 'ChallengerWon') throw new Error(`the honest challenger did not win over ${request.seed}: ${won.status}`);
  const moves: Move[] = [
    ...won.moves.map((m) => ({ ...m, side: 'challenger' as const })),
    ...(lost instanceof Error ? [] : lost.moves.map((m) => ({ ...m, side: 'defender' as const }))),
  ].sort((x, y) => Number(x.blockNumber - y.blockNumber));
  return {
    steps: truth.steps,
    status: won.status,
    byTime: lost instanceof Error,
    openGas: opened.gasUsed,
    moves,
    total: opened.gasUsed + moves.reduce((s, m) => s + m.gasUsed, 0n),
    seconds: (ended - started) / 1000,
    claimSeconds: (claimed - started) / 1000,
    replays: honest.restarts,
  };
}

const fmt = (n: number | bigint) => Number(n).toLocaleString('en-US');

/** The game's table and its one-line summary (markdown lines). */
export function gameLines(title: string, g: WholeGame): string[] {
  const bisects = g.moves.filter((m) => m.kind === 'bisect').length;
  const proof = g.moves.find((m) => m.kind === 'proveStep' || m.kind === 'proveHalted');
  return [
    `${title} (${fmt(g.steps)} steps): a claim with a wrong end root, defended by the liar, challenged by an honest player; both replay the task with packages/disputes' Trace (${g.replays} replays by the challenger).`,
    '',
    '| move | side | gas | calldata bytes |',
    '|---|---|---:|---:|',
    `| open (openDefended) | hub | ${fmt(g.openGas)} | |`,
    ...g.moves.map((m) => `| ${m.kind} | ${m.side} | ${fmt(m.gasUsed)} | ${fmt(m.calldataBytes)} |`),
    '',
    `${g.status} ${g.byTime ? 'by time (the liar faced a one-step part it could not refute)' : 'by a one-step proof'}: ${g.moves.length} moves (${bisects} bisections${proof ? `, ${proof.kind}` : ''}), ${fmt(g.total)} gas in all with the open; wall time ${g.seconds.toFixed(1)} s (${g.claimSeconds.toFixed(1)} s of it computing the claim).`,
    '',
  ];
}
