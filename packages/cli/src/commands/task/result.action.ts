import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchResults } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { fields } from '../../output.ts';
import { provableCheck } from '../../provableCheck.ts';
import { taskOf } from './taskOf.ts';

export default async function result(ctx: Context, dealIdText: string, indexText: string, opts: { out?: string }) {
  const { deal, task, batch } = await taskOf(ctx, dealIdText, indexText);
  if (batch.status !== 'finalized')
    throw new UsageError(`task ${task.index} has no agreed result yet (its batch is ${batch.status})`, 'TaskNotFinalized', {
      dealId: deal.dealId,
      index: task.index,
    });
  // Verifies only the task's own batch: its blobs against their digests, the digests against the root on chain.
  // A provable result is checked against the output commitment on chain. The check is given no input files: a task
  // whose blob marks unchanged /in files (an app with input files) fails it here; `proofgrid run` passes its inputs.
  const results = await fetchResults(await ctx.client(), ctx.market(), { ...deal, batches: [batch] }, { checkProvable: provableCheck() });
  const r = results.find((x) => x.index === task.index)!;
  const written: string[] = [];
  if (opts.out) {
    if (Object.keys(r.files).length === 0) {
      writeFileSync(opts.out, r.stdout);
      written.push(opts.out);
    } else {
      mkdirSync(opts.out, { recursive: true });
      for (const [name, bytes] of [['stdout', r.stdout] as const, ...Object.entries(r.files)]) {
        const path = join(opts.out, name.replace(/^\/+/, '').replace(/\.\.\//g, ''));
        mkdirSync(join(path, '..'), { recursive: true });
        writeFileSync(path, bytes);
        written.push(path);
      }
    }
  }
  const stdout = new TextDecoder('utf-8', { fatal: false }).decode(r.stdout);
  const data = {
    dealId: deal.dealId,
    index: r.index,
    digest: r.digest,
    verified: true,
    stdout,
    files: Object.fromEntries(Object.entries(r.files).map(([k, v]) => [k, v.length])),
    written,
  };
  ctx.out.result(data, (d) =>
    opts.out
      ? fields([
          ['verified', `${d.digest} (against the root agreed on chain)`],
          ['written', d.written.join(', ')],
        ])
      : [stdout.trimEnd(), ...Object.entries(d.files).map(([k, n]) => `(file ${k}: ${n} bytes; use --out to save it)`)].join('\n'),
  );
}
