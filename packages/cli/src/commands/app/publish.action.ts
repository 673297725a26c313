import { readFileSync } from 'node:fs';
import { imageFieldsOfModule } from '@proofgrid/machine';
import { imageHashOf, publishApp } from '@proofgrid/sdk';
import type { Context } from '../../context.ts';
import { UsageError } from '../../errors.ts';
import { parseAmount, parseUint, tokens } from '../../format.ts';
import { fields } from '../../output.ts';
import { provableModuleCheck } from './moduleCheck.ts';
import { type RestrictOptions, appOrderTermsOf } from '../run/orderTerms.ts';

type Options = {
  name: string;
  price: string;
  memoryMb: string;
  category: string;
  volume: string;
  /** `--no-machine-image` sets it false. */
  machineImage?: boolean;
} & RestrictOptions;

export default async function publish(ctx: Context, wasmPath: string, opts: Options) {
  const price = parseAmount(opts.price, 'price');
  const maxMemoryMb = Number(parseUint(opts.memoryMb, 'memory-mb'));
  const category = Number(parseUint(opts.category, 'category'));
  const volume = parseUint(opts.volume, 'volume');
  let wasm: Uint8Array;
  try {
    wasm = new Uint8Array(readFileSync(wasmPath));
  } catch (cause) {
    throw new UsageError(
      `cannot read ${wasmPath}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
      'FileUnreadable',
      { file: wasmPath },
    );
  }
  if (wasm[0] !== 0x00 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d)
    throw new UsageError(`${wasmPath} is not a WebAssembly module`, 'WasmInvalid', { file: wasmPath });
  const checkModule = provableModuleCheck(wasmPath);
  // The module compiles (checkModule ran first), so the machine starts it: its image is registered with the app, and
  // an optimistic answer's start is bound to this program (decision 027). --no-machine-image skips it.
  const machineImage = opts.machineImage === false ? undefined : (module: Uint8Array) => imageHashOf(imageFieldsOfModule(module));
  if (!machineImage) ctx.out.note("no machine image registered (--no-machine-image): optimistic answers' starts are not bound to it");
  const r = await publishApp(await ctx.signer(), ctx.market(), {
    wasm,
    name: opts.name,
    price,
    volume,
    maxMemoryMb,
    category,
    checkModule,
    machineImage,
    ...appOrderTermsOf(opts),
  });
  ctx.out.result({ ...r, name: opts.name, price, volume }, (d) =>
    fields([
      ['app', d.app],
      ['name', d.name],
      ['module', d.moduleHash],
      ['machine image', d.image ?? 'not registered'],
      ['price', `${tokens(d.price)} per task`],
      ['app order', d.orderHash],
    ]),
  );
}
