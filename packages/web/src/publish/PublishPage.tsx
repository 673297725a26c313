import { UnsupportedFeatureError, compileModule } from '@proofgrid/machine';
import { AppModuleUnsupportedError, ProofgridError, contentHashOf, createApp, publishAppOrder } from '@proofgrid/sdk';
import { type FormEvent, useState } from 'react';
import type { Hex } from 'viem';
import { ErrorNote } from '../common/ErrorNote.tsx';
import { CATEGORY_NAMES, parseAmount, parseWhole } from '../common/format.ts';
import { usePersistentState } from '../common/usePersistentState.ts';
import { useSession } from '../session/Session.tsx';

const WASM_MAGIC = [0x00, 0x61, 0x73, 0x6d];
type Module = { name: string; bytes: Uint8Array; hash: Hex };
type Step = 'upload' | 'register' | 'order';
const STEPS: [Step, string][] = [
  ['upload', 'Store the module by content hash'],
  ['register', 'Register the app on chain'],
  ['order', 'Sign and publish the app order'],
];

/** Publish an app: upload a WASM module, see its content hash, register it, publish an app order. */
export function PublishPage() {
  const s = useSession();
  const [module, setModule] = useState<Module>();
  const [draft, setDraft] = usePersistentState('publish.draft', { name: '', price: '0.01', category: '0', memory: '64' });
  const [step, setStep] = useState<Step | 'done'>();
  const [published, setPublished] = useState<{ app: bigint; orderHash: Hex }>();
  const [error, setError] = useState<unknown>();
  const set = (k: keyof typeof draft, v: string) => setDraft((d) => ({ ...d, [k]: v }));

  const pick = async (file: File | undefined) => {
    setError(undefined);
    setModule(undefined);
    setPublished(undefined);
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (!WASM_MAGIC.every((b, i) => bytes[i] === b)) {
      setError(
        new ProofgridError(`${file.name} is not a WebAssembly module (it does not start with \\0asm)`, {
          code: 'InputInvalid',
          kind: 'user',
        }),
      );
      return;
    }
    setModule({ name: file.name, bytes, hash: contentHashOf(bytes) });
    if (!draft.name) set('name', file.name.replace(/\.wasm$/, ''));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setPublished(undefined);
    try {
      if (!module) throw new ProofgridError('choose a .wasm module to publish', { code: 'InputInvalid', kind: 'user' });
      const name = draft.name.trim();
      if (!/^[\w.-]{1,64}$/.test(name))
        throw new ProofgridError('name: use 1 to 64 letters, digits, dots, dashes or underscores', { code: 'InputInvalid', kind: 'user' });
      const price = parseAmount(draft.price, 'price');
      const memory = parseWhole(draft.memory, 'memory (MB)', 1, 4096);
      if (!s.signer) throw new ProofgridError('connect a wallet first (Wallet page)', { code: 'WalletNotConnected', kind: 'user' });
      refuseUnprovable(module.bytes);
      setStep('upload');
      await s.market.putBlob(module.bytes, module.hash);
      setStep('register');
      const { app } = await createApp(s.signer, {
        name,
        uri: `blob:${module.hash}`,
        moduleHash: module.hash,
        maxMemoryMb: memory,
        category: Number(draft.category),
      });
      setStep('order');
      const { orderHash } = await publishAppOrder(s.signer, s.market, { app, price });
      setStep('done');
      setPublished({ app, orderHash });
    } catch (err) {
      setError(err);
      setStep(undefined);
    }
  };

  const busy = step !== undefined && step !== 'done';
  return (
    <section aria-labelledby="publish-title">
      <h1 id="publish-title">Publish an app</h1>
      <form className="card" onSubmit={(e) => void submit(e)} noValidate>
        <label>
          WebAssembly module (WASI, .wasm)
          <input type="file" name="module" accept=".wasm,application/wasm" onChange={(e) => void pick(e.target.files?.[0])} />
        </label>
        {module && (
          <p>
            {module.name}, {module.bytes.length.toLocaleString()} bytes · content hash (sha256){' '}
            <code className="break" data-testid="module-hash">
              {module.hash}
            </code>
          </p>
        )}
        <div className="row">
          <label>
            Name
            <input name="name" value={draft.name} onChange={(e) => set('name', e.target.value)} />
          </label>
          <label>
            Price per task ({s.symbol})
            <input name="price" inputMode="decimal" value={draft.price} onChange={(e) => set('price', e.target.value)} />
          </label>
          <label>
            Category (max run time)
            <select name="category" value={draft.category} onChange={(e) => set('category', e.target.value)}>
              {CATEGORY_NAMES.map((c, i) => (
                <option key={c} value={i}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label>
            Memory (MB)
            <input name="memory" inputMode="numeric" value={draft.memory} onChange={(e) => set('memory', e.target.value)} />
          </label>
        </div>
        <button type="submit" disabled={busy}>
          Register and publish
        </button>
        {step && (
          <ol className="steps" aria-live="polite">
            {STEPS.map(([id, label], i) => {
              const at = STEPS.findIndex(([x]) => x === step);
              const state = step === 'done' || i < at ? 'done' : i === at ? 'doing' : 'todo';
              return (
                <li key={id} className={state}>
                  {state === 'done' ? '✔ ' : state === 'doing' ? '… ' : ''}
                  {label}
                </li>
              );
            })}
          </ol>
        )}
        <ErrorNote error={error} />
        {published && (
          <p role="status" className="ok" data-testid="published">
            Published app #{String(published.app)} with order <code>{published.orderHash.slice(0, 12)}…</code>:{' '}
            <a href={`#/app/${published.app}`}>open it and run it</a>
          </p>
        )}
      </form>
    </section>
  );
}

/**
 * The publish-time check (decision 020), as the CLI makes it: a module the provable machine refuses
 * (SIMD, threads, reference types, multi-value, memory64, ...) could not be disputed, so it is not
 * published; the error names the feature.
 */
function refuseUnprovable(wasm: Uint8Array): void {
  try {
    compileModule(wasm);
  } catch (error) {
    if (error instanceof UnsupportedFeatureError) throw new AppModuleUnsupportedError({ feature: error.feature });
    throw new ProofgridError(`the file is not a WebAssembly module the market can run: ${(error as Error).message}`, {
      code: 'WasmInvalid',
      kind: 'user',
    });
  }
}
