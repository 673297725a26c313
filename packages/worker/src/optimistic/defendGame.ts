import {
  type Move,
  SIDE,
  STATUS,
  type StatusName,
  lastSegment,
  proofArgument,
  readGame,
  stateArgument,
  statusName,
} from '@proofgrid/disputes';
import { type ProofgridClient, decodeError, disputeGameAbi, sendTransaction } from '@proofgrid/sdk';
import type { Abi, Address, PublicClient } from 'viem';
import type { TraceHandle } from './traceHost.ts';

/** Reverts that mean the game moved under us (our last move landed late, or the other side moved): look again. */
const RACES = new Set(['SegmentMismatch', 'NotYourTurn', 'GameNotOpen']);

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export type DefenceResult = { status: StatusName; won: boolean; moves: number };

/**
 * Plays the defender's side of one game to its end, as `defend` of @proofgrid/disputes does, with two differences a
 * worker needs: every replay of the run (`decideMove` asks roots of the trace, which may mean replaying from step 0)
 * happens in the answer's trace thread (`run.move`), so heartbeats and the lease loop go on; and every move goes out
 * through the SDK's `sendTransaction` on the worker's client, whose wallet is the account's one serial queue
 * (txQueue.ts). On the challenger's turn it waits `pollMs` between looks and calls `timeout` once that clock ran out.
 */
export async function defendGame(p: {
  client: ProofgridClient;
  game: Address;
  gameId: bigint;
  fromBlock: bigint;
  run: TraceHandle;
  pollMs?: number;
  signal?: AbortSignal;
}): Promise<DefenceResult> {
  const { client, game, gameId, run, signal, pollMs = 200 } = p;
  const ref = { publicClient: client.public as PublicClient, address: game, gameId, fromBlock: p.fromBlock };
  let moves = 0;
  const send = async (functionName: string, args: readonly unknown[]) => {
    const call = { address: game, abi: disputeGameAbi as Abi, functionName, args };
    // Headroom: a move writes its side's clock, a no-op when estimated in the second of the last move (play.ts).
    const gas = await client.public.estimateContractGas({ ...call, account: client.account } as never);
    await sendTransaction(client, { ...call, gas: gas + gas / 5n });
    moves++;
  };
  while (!signal?.aborted) {
    const g = await readGame(ref);
    if (g.status !== STATUS.Open) {
      const status = statusName(g.status);
      return { status, won: status === 'DefenderWon', moves };
    }
    try {
      if (g.turn === SIDE.defender) {
        const segment = await lastSegment(ref, g.segment);
        if (!segment) {
          await sleep(pollMs, signal);
          continue;
        }
        const move: Move = await run.move(segment);
        if (signal?.aborted) break;
        if (move.kind === 'agree') return { status: 'Open', won: false, moves };
        if (move.kind === 'bisect') await send('bisect', [gameId, segment, BigInt(move.index), move.roots]);
        else if (move.oneStep.kind === 'step')
          await send('proveStep', [gameId, segment, BigInt(move.index), proofArgument(move.oneStep.proof)]);
        else await send('proveHalted', [gameId, segment, BigInt(move.index), stateArgument(move.oneStep.fields)]);
        continue;
      }
      const now = (await client.public.getBlock({ blockTag: 'latest' })).timestamp;
      if (now - g.lastMoveAt > g.challengerClock) await send('timeout', [gameId]);
      else await sleep(pollMs, signal);
    } catch (err) {
      if (!RACES.has(decodeError(err, disputeGameAbi as Abi).code)) throw err;
    }
  }
  return { status: 'Open', won: false, moves };
}
