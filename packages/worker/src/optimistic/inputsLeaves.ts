import { inputsLeafOf, inputsRootOfLeaves, taskInputsFieldsOf } from '@proofgrid/disputes';
import { type DealKey, ProofgridError, parseTaskList, taskSpecOf } from '@proofgrid/sdk';
import type { RequestParams } from '@proofgrid/sdk/api';
import { type Hex, zeroHash } from 'viem';
import type { createContentCache } from '../contentCache.ts';
import type { AnswerEntry } from './answerJournal.ts';
import type { MachineRequest } from './traceProtocol.ts';

/**
 * The inputs leaves of a deal whose request signed an inputs root (decision 031), checked before answering: every
 * task's leaf is built from the deal's params (the task list, the input files by hash, `TASK_INDEX`) with the machine's
 * own code, their root must be the key's `inputsRoot`, and this task's leaf must be the one of the run the lease gave
 * (`own`). Otherwise the lease fails with `AnswerInputsMismatch`: the requester signed other inputs than the scheduler
 * leased, and no honest answer could prove its start. Undefined for a deal without a root. Leaves are kept per deal.
 */
export function createInputsLeaves(cache: ReturnType<typeof createContentCache>) {
  const byDeal = new Map<Hex, Promise<Hex[]>>();

  async function leavesOf(dealId: Hex, key: DealKey, params: RequestParams, own: MachineRequest): Promise<Hex[]> {
    const list = params.tasks ? parseTaskList(await cache.get(params.tasks as Hex)) : undefined;
    const leaves: Hex[] = [];
    for (let i = 0; i < key.volume; i++) {
      const spec = taskSpecOf(dealId, params, list, i);
      const files: Record<string, Uint8Array> = {};
      for (const [name, hash] of Object.entries(spec.files)) files[name] = await cache.get(hash);
      const request = { ...own, args: spec.args, files, env: { TASK_INDEX: String(i) } };
      leaves.push(inputsLeafOf(i, taskInputsFieldsOf(request)));
    }
    return leaves;
  }

  return async function check(
    entry: Pick<AnswerEntry, 'dealId' | 'index'>,
    key: DealKey,
    params: RequestParams,
    own: MachineRequest,
  ): Promise<Hex[] | undefined> {
    if (!key.inputsRoot || key.inputsRoot === zeroHash) return undefined;
    let pending = byDeal.get(entry.dealId);
    if (!pending) {
      pending = leavesOf(entry.dealId, key, params, own);
      byDeal.set(entry.dealId, pending);
      pending.catch(() => byDeal.delete(entry.dealId));
    }
    const leaves = await pending;
    const root = inputsRootOfLeaves(leaves);
    const mine = inputsLeafOf(entry.index, taskInputsFieldsOf(own));
    if (root.toLowerCase() !== key.inputsRoot.toLowerCase() || mine !== leaves[entry.index])
      throw new ProofgridError(`task ${entry.index}'s inputs are not the ones the request signed (inputsRoot ${key.inputsRoot})`, {
        code: 'AnswerInputsMismatch',
        details: { dealId: entry.dealId, index: entry.index, signed: key.inputsRoot, computed: root },
      });
    return leaves;
  };
}
