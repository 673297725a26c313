import type { Address, Hex } from 'viem';

/** A run bought from this browser: kept in localStorage so reloads resume following it. */
export type RunRecord = {
  requestHash: Hex;
  dealId?: Hex;
  app: string;
  appName: string;
  params: Record<string, unknown>;
  tasks: number;
  requester: Address;
  createdAt: number;
  /**
   * The private key the results are encrypted for (C3: private by default). It stays in this
   * browser's storage, like the run itself; without it nobody can read the results.
   */
  resultKey?: Hex;
};

const KEY = 'proofgrid.runs';

export function listRuns(): RunRecord[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as RunRecord[];
  } catch {
    return []; // a corrupt list is replaced by the next save
  }
}

export function saveRun(run: RunRecord) {
  const runs = listRuns().filter((r) => r.requestHash !== run.requestHash);
  localStorage.setItem(KEY, JSON.stringify([run, ...runs].slice(0, 100)));
}

export function findRun(by: { requestHash?: string; dealId?: string }): RunRecord | undefined {
  const eq = (a?: string, b?: string) => !!a && !!b && a.toLowerCase() === b.toLowerCase();
  return listRuns().find((r) => eq(r.requestHash, by.requestHash) || eq(r.dealId, by.dealId));
}
