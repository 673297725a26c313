// The demo's proofgrid-verifier: a process beside the scheduler and the workers, with its own key (a spare dev
// account with 5 PGT in escrow for challenge deposits), checking every optimistic answer on the hub (--fraction 1)
// against its own run on the provable machine, blobs from the scheduler's content store.
import { join } from 'node:path';
import { deposit } from '@proofgrid/sdk';
import { spawnService, type startStack } from '@proofgrid/testkit';
import { parseEther } from 'viem';

type Stack = Awaited<ReturnType<typeof startStack>>;

export type VerifierStatus = {
  address: string;
  seen: number;
  checked: number;
  agreed: number;
  skipped: number;
  unverifiable: number;
  challenged: number;
  refuted: number;
  unrefutable: number;
  won: number;
  lost: number;
  gasSpent: string;
  tasks: { taskId: string; index: number; state: string; detail?: string; moves: number; finalized: boolean; gas: string }[];
};

/** Starts the verifier process; resolves once it serves /status. */
export async function startDemoVerifier(stack: Stack, o: { dir: string; fromBlock: bigint }) {
  const account = stack.accounts.spare[0]!;
  await deposit(stack.clientOf(account), { amount: parseEther('5') });
  const proc = spawnService(
    'verifier',
    'packages/verifier/src/main.ts',
    [
      ...['--deployment', stack.deploymentFile, '--key', account.privateKey, '--blobs', stack.market.url],
      ...['--db', join(o.dir, 'verifier.sqlite'), '--fraction', '1', '--poll-ms', '200', '--from-block', o.fromBlock.toString()],
    ],
    stack.tls ? { NODE_EXTRA_CA_CERTS: stack.tls.caFile } : {},
  );
  let url: string | undefined;
  for (let i = 0; i < 600 && !url; i++) {
    const port = /"msg":"verifier started".*?"port":(\d+)/.exec(proc.log())?.[1];
    if (port) url = `http://127.0.0.1:${port}`;
    else if (proc.child.exitCode !== null) throw new Error(`the verifier exited: ${proc.log()}`);
    else await new Promise((r) => setTimeout(r, 50));
  }
  if (!url) throw new Error(`the verifier did not start: ${proc.log()}`);
  const status = async () => (await (await fetch(`${url}/status`)).json()) as VerifierStatus;
  /** Waits until the verifier's record of task `taskId` satisfies `ok` (a state, bounded). */
  const until = async (taskId: string, ok: (t: VerifierStatus['tasks'][number]) => boolean, what: string, timeoutMs = 120_000) => {
    const started = Date.now();
    for (;;) {
      const t = (await status()).tasks.find((x) => x.taskId.toLowerCase() === taskId.toLowerCase());
      if (t && ok(t)) return t;
      if (Date.now() - started > timeoutMs) throw new Error(`the verifier never got to ${what} for task ${taskId}: ${JSON.stringify(t)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { url, address: account.address, status, until, log: proc.log, stop: () => proc.kill() };
}
export type DemoVerifier = Awaited<ReturnType<typeof startDemoVerifier>>;

/** One line for the summary: what the verifier checked and what it did about it. */
export function verifierLine(s: VerifierStatus): string {
  const gas = Number(s.gasSpent).toLocaleString('en-US');
  return `verifier ${s.address}: ${s.seen} optimistic answers seen, ${s.checked} re-executed on the provable machine (${s.agreed} agreed), ${s.challenged} challenged or refuted: ${s.won} won, ${s.lost} lost; ${gas} gas spent`;
}
