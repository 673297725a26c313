import { ProofgridError } from '../errors/index.ts';

/**
 * A check run on an app's module before anything is published: throws to refuse it (an
 * {@link AppModuleUnsupportedError} for a WebAssembly feature the provable machine does not run).
 * The SDK imports no other workspace, so the check is given by the caller: the CLI passes one built on
 * `compileModule` of `@proofgrid/machine` (docs/decisions/020-publish-time-module-check.md).
 * @example
 * import { compileModule, UnsupportedFeatureError } from '@proofgrid/machine';
 * const checkModule: ModuleCheck = (wasm) => {
 *   try { compileModule(wasm) } catch (e) { if (e instanceof UnsupportedFeatureError) throw new AppModuleUnsupportedError({ feature: e.feature }); throw e }
 * };
 */
export type ModuleCheck = (wasm: Uint8Array) => void | Promise<void>;

/**
 * The machine image of an app's module (decision 027: `machineImageOf` of packages/disputes, or the CLI's on
 * `@proofgrid/machine`), which `publishApp` registers with `setMachineImage` after the app is created, so that every
 * honest answer's start state can be proven and a made-up one refuted. Given by the caller, as `ModuleCheck` is.
 * @example
 * import { machineImageOf } from '@proofgrid/disputes';
 * await publishApp(developer, market, { wasm, name, price, machineImage: machineImageOf });
 */
export type MachineImageOf = (wasm: Uint8Array) => `0x${string}` | Promise<`0x${string}`>;

/**
 * The app's module uses a WebAssembly feature (SIMD, threads, reference types, multi-value, memory64...)
 * that the reference interpreter a dispute replays refuses: its results could not be proven wrong, so it
 * is not published.
 * @example
 * if (error.code === 'AppModuleUnsupported') console.log(error.details.feature)
 */
export class AppModuleUnsupportedError extends ProofgridError {
  override name = 'AppModuleUnsupported' as const;
  constructor({ feature, where }: { feature: string; where?: string }) {
    super(`The module uses ${feature}, which the provable machine does not run${where ? ` (${where})` : ''}: it cannot be published.`, {
      code: 'AppModuleUnsupported',
      details: where ? { feature, where } : { feature },
    });
  }
}
