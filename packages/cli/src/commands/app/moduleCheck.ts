import { compileModule, MalformedModuleError, UnsupportedFeatureError } from '@proofgrid/machine';
import { AppModuleUnsupportedError, type ModuleCheck } from '@proofgrid/sdk';
import { UsageError } from '../../errors.ts';

/**
 * The publish-time check (decision 020): the module must compile for the provable machine, the
 * interpreter a dispute replays. A feature it refuses (SIMD, threads, reference types, multi-value,
 * memory64, ...) is `AppModuleUnsupported` naming the feature; bytes it cannot decode are `WasmInvalid`.
 * @example
 * await publishApp(signer, market, { wasm, name, price, checkModule: provableModuleCheck(path) })
 */
export const provableModuleCheck =
  (file: string): ModuleCheck =>
  (wasm) => {
    try {
      compileModule(wasm);
    } catch (error) {
      if (error instanceof UnsupportedFeatureError)
        throw new AppModuleUnsupportedError({ feature: error.feature, where: error.details.where as string | undefined });
      if (error instanceof MalformedModuleError)
        throw new UsageError(`${file} is not a valid WebAssembly module: ${error.message}`, 'WasmInvalid', { file });
      throw error;
    }
  };
