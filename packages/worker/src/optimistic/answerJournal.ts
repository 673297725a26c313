import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ProofgridError } from '@proofgrid/sdk/errors';
import type { Hex } from 'viem';

/**
 * One optimistic answer of this worker (decision 026), kept until it is paid or refunded: what a defence
 * needs to replay the run after a restart (the module and input files by content hash, args, seed, env,
 * limits), the answer as sent (output digest and claim), and the challenges already played to their end.
 */
export type AnswerEntry = {
  dealId: Hex;
  /** The deal key in wire form (bigints as decimal strings). */
  key: Record<string, unknown>;
  index: number;
  taskId: Hex;
  app: { uri: string; moduleHash: Hex };
  args: string[];
  /** File name under /in -> sha256 of its content (in the worker's content cache). */
  files: Record<string, Hex>;
  seed: string;
  env: Record<string, string>;
  limits: { memoryMb: number; maxOutputBytes: number };
  /** The lease's time limit: the step budget and wall-clock bound of a replay (absent in entries written before). */
  timeoutMs?: number;
  outputDigest: Hex;
  claim: { startRoot: Hex; steps: string; endRoot: Hex };
  /** The block the answer was sent from: challenges are looked for from there. */
  fromBlock: string;
  /** Set once `answer` is on chain. */
  tx?: Hex;
  /** Challenge indexes whose game this worker played to the end and resolved. */
  defended: number[];
  /** Set once a start demand on the answer was proven (decision 027: a start is proven once, no later demand). */
  startProven?: boolean;
  /** The deal's inputs leaves when its request signed an inputs root (decision 031): the path `proveStart` needs. */
  inputsLeaves?: Hex[];
};

export type AnswerJournal = ReturnType<typeof openAnswerJournal>;

/**
 * The answer journal (`<data dir>/answers.json`): an answer is journaled before it is sent, so a worker killed
 * after it still defends it once restarted (same key and data directory). Written whole, then renamed.
 */
export function openAnswerJournal(file: string) {
  const entries: AnswerEntry[] = existsSync(file) ? parse(file) : [];
  const save = () => {
    writeFileSync(`${file}.tmp`, JSON.stringify(entries));
    renameSync(`${file}.tmp`, file);
  };
  return {
    entries: entries as readonly AnswerEntry[],
    save,
    find: (taskId: Hex) => entries.find((e) => e.taskId === taskId),
    add(entry: AnswerEntry) {
      const i = entries.findIndex((e) => e.taskId === entry.taskId);
      if (i >= 0) entries.splice(i, 1);
      entries.push(entry);
      save();
    },
    remove(entry: AnswerEntry) {
      const i = entries.indexOf(entry);
      if (i < 0) return;
      entries.splice(i, 1);
      save();
    },
  };
}

function parse(file: string): AnswerEntry[] {
  try {
    const entries = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (!Array.isArray(entries)) throw new TypeError('not a list');
    return entries as AnswerEntry[];
  } catch (cause) {
    throw new ProofgridError(
      `the answer journal ${file} is not readable (${(cause as Error).message}): move it aside to start without it`,
      { code: 'WorkerJournalInvalid', kind: 'config', cause },
    );
  }
}
