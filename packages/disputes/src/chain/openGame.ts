import { disputeGameAbi } from '@proofgrid/sdk';
import { type Address, type Hex, parseEventLogs, type PublicClient } from 'viem';
import type { Wallet } from './play.ts';

export type OpenOptions = {
  publicClient: PublicClient;
  wallet: Wallet;
  address: Address;
  claim: { startRoot: Hex; endRoot: Hex; steps: bigint };
  challenger: Address;
  /** The only address that may play the defender's side; omitted: anyone may (IDisputeGame.open). */
  defender?: Address;
  /** Seconds on each side's clock. */
  clock: bigint;
};

/**
 * Opens a game against `claim` (what a hub does when a result is challenged) and returns its id and the block it
 * was opened in (where its events start).
 * @example
 * const { gameId } = await openGame({ publicClient, wallet: hub, address: game, claim, challenger, defender, clock: 3600n });
 */
export async function openGame(o: OpenOptions): Promise<{ gameId: bigint; fromBlock: bigint; gasUsed: bigint }> {
  const hash = o.defender
    ? await o.wallet.writeContract({
        address: o.address,
        abi: disputeGameAbi,
        functionName: 'openDefended',
        args: [o.claim, o.defender, o.challenger, o.clock],
      })
    : await o.wallet.writeContract({
        address: o.address,
        abi: disputeGameAbi,
        functionName: 'open',
        args: [o.claim, o.challenger, o.clock],
      });
  const receipt = await o.publicClient.waitForTransactionReceipt({ hash });
  const [opened] = parseEventLogs({ abi: disputeGameAbi, eventName: 'GameOpened', logs: receipt.logs });
  if (!opened) throw new Error(`no GameOpened event in ${hash}`);
  return { gameId: opened.args.gameId, fromBlock: receipt.blockNumber, gasUsed: receipt.gasUsed };
}
