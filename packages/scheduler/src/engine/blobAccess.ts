import type { Address } from 'viem';
import { zTaskList } from '@proofgrid/sdk/api';
import type { Ctx } from './context.ts';
import type { Leasing } from './leasing.ts';
import type { WorkerDesk } from './workers.ts';

/**
 * Who may read a private blob (C3, decision 018): the registered worker whose bearer token comes
 * with the request, while it holds a live lease of a deal whose task list is that blob or names it
 * among its tasks' files. The relation is read from the deal itself (its params name the task
 * list), so nothing has to be recorded at intake: per request, the worker's live deals (a few) and
 * each one's set of file hashes (parsed once per task list, a few recent ones kept).
 */
export function createBlobAccess(ctx: Ctx, desk: WorkerDesk, leasing: Pick<Leasing, 'planOf'>) {
  const { store, blobs } = ctx;
  const fileSets = new Map<string, Set<string>>();
  function filesOf(listHash: string): Set<string> {
    let files = fileSets.get(listHash);
    if (!files) {
      const { tasks } = zTaskList.parse(JSON.parse(blobs.get(listHash).toString('utf8')));
      files = new Set(tasks.flatMap((t) => Object.values(t.files ?? {}).map((h) => h.toLowerCase())));
      if (fileSets.size >= 16) fileSets.delete(fileSets.keys().next().value as string);
      fileSets.set(listHash, files);
    }
    return files;
  }
  function workerOf(authorization: string | undefined): Address | undefined {
    try {
      return desk.authenticate(authorization).address;
    } catch {
      return undefined;
    }
  }
  /** A reader for one request: `(hash) => whether it may read the blob`; public blobs always. */
  return function readerOf(authorization: string | undefined): (hash: string) => boolean {
    let tasksHashes: Set<string> | undefined;
    const dealTaskLists = () => {
      if (tasksHashes) return tasksHashes;
      tasksHashes = new Set();
      const worker = workerOf(authorization);
      if (!worker) return tasksHashes;
      for (const id of store.leases.liveDealsOf(worker)) {
        const deal = store.deals.get(id as `0x${string}`);
        const list = deal ? leasing.planOf(deal).params.tasks : undefined;
        if (list) tasksHashes.add(list.toLowerCase());
      }
      return tasksHashes;
    };
    return (hash) => {
      const h = hash.toLowerCase();
      if (!blobs.isPrivate(h)) return true;
      for (const list of dealTaskLists()) if (list === h || filesOf(list).has(h)) return true;
      return false;
    };
  };
}
export type BlobReaderOf = ReturnType<typeof createBlobAccess>;
