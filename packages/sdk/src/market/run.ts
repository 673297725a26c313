import { type Address, type Hex, keccak256, toHex, zeroAddress, zeroHash } from 'viem';
import { ApiError } from '../api/ApiError.ts';
import type { DealView, MarketClient, TaskView } from '../api/createMarketClient.ts';
import { type ProvableResultCheck, isProvableTask, provableResultOf } from './provableResults.ts';
import { fetchAnsweredResults } from './answeredResults.ts';
import { createApp } from '../actions/app/createApp.ts';
import type { MachineImageOf, ModuleCheck } from './appModule.ts';
import { setMachineImage } from '../actions/dispute/bindings.ts';
import { requireAccount } from '../actions/sendHubTransaction.ts';
import { getBatchResult } from '../actions/batch/getBatchResult.ts';
import type { ProofgridClient } from '../clients/createProofgridClient.ts';
import { ProofgridError } from '../errors/index.ts';
import { signOrder } from '../orders/signOrder.ts';
import { hashOrder } from '../orders/hashOrder.ts';
import { tagFromBits } from '../orders/tags.ts';
import { type RequestTerms, type VerificationMode, VERIFICATION_CODES } from '../types/orders.ts';
import { type TaskResult, contentHashOf, decodeResult, resultDigestOf } from '../results/resultCodec.ts';
import { batchIdOf } from '../utils/ids.ts';
import { buildResultTree } from '../utils/resultTree.ts';
import { decryptResult, generateResultKeyPair, isEncryptedResult, resultPublicKeyOf } from '../crypto/resultCipher.ts';

const randomSalt = (): Hex => keccak256(toHex(crypto.getRandomValues(new Uint8Array(32))));

export type PublishAppParameters = {
  wasm: Uint8Array;
  name: string;
  /** Price per task, token wei. */
  price: bigint;
  volume?: bigint;
  maxMemoryMb?: number;
  category?: number;
  /** Run on the module before anything is stored or sent; throws to refuse it (e.g. {@link AppModuleUnsupportedError}). */
  checkModule?: ModuleCheck;
  /**
   * Computes the module's machine image (decision 027), registered with `setMachineImage` once the app exists: an
   * optimistic answer's start is then bound to this program. Absent: no image is registered.
   */
  machineImage?: MachineImageOf;
} & AppOrderTerms;

/**
 * What an app order asks of a match besides its price (M2): tag bits the pool must offer (a bytes32
 * or bit numbers), and restrictions to one dataset, one workerpool, one requester (absent or 0 = any).
 */
export type AppOrderTerms = {
  tag?: Hex | number[];
  datasetRestrict?: bigint;
  workerpoolRestrict?: bigint;
  requesterRestrict?: Address;
};

/** A tag given as a bytes32 or as bit numbers, as a bytes32. */
export const tagOf = (tag: Hex | number[] | undefined): Hex => (tag === undefined ? zeroHash : Array.isArray(tag) ? tagFromBits(tag) : tag);

/**
 * Publishes an app: checks the module with `checkModule` when given, stores it by content hash,
 * registers it on chain (and its machine image with `machineImage` when given: `image` in the result)
 * and publishes a signed app order to the market.
 * @example
 * import { publishApp } from '@proofgrid/sdk';
 * const { app, orderHash } = await publishApp(developer, market, { wasm, name: 'renderer', price: 10n ** 15n });
 */
export async function publishApp(client: ProofgridClient, market: MarketClient, p: PublishAppParameters) {
  requireAccount(client);
  await p.checkModule?.(p.wasm);
  // Computed before anything is sent: a module the machine cannot start fails here, not after the app exists.
  const image = p.machineImage ? await p.machineImage(p.wasm) : undefined;
  const moduleHash = contentHashOf(p.wasm);
  await market.putBlob(p.wasm, moduleHash);
  const { app } = await createApp(client, {
    name: p.name,
    uri: `blob:${moduleHash}`,
    moduleHash,
    maxMemoryMb: p.maxMemoryMb ?? 64,
    category: p.category ?? 0,
  });
  if (image) await setMachineImage(client, { app, image });
  const { orderHash } = await publishAppOrder(client, market, {
    app,
    price: p.price,
    volume: p.volume ?? 1_000_000n,
    tag: p.tag,
    datasetRestrict: p.datasetRestrict,
    workerpoolRestrict: p.workerpoolRestrict,
    requesterRestrict: p.requesterRestrict,
  });
  return { app, moduleHash, orderHash, image };
}

/** Signs and publishes an app order for an existing app, with its tag and restrictions (M2) when given. */
export async function publishAppOrder(
  client: ProofgridClient,
  market: MarketClient,
  { app, price, volume = 1_000_000n, ...terms }: { app: bigint; price: bigint; volume?: bigint } & AppOrderTerms,
) {
  const { wallet } = requireAccount(client);
  const order = {
    app,
    price,
    volume,
    tag: tagOf(terms.tag),
    datasetRestrict: terms.datasetRestrict ?? 0n,
    workerpoolRestrict: terms.workerpoolRestrict ?? 0n,
    requesterRestrict: terms.requesterRestrict ?? zeroAddress,
    expiry: 0n,
    salt: randomSalt(),
  };
  const signed = await signOrder(wallet, { kind: 'app', order, chainId: client.deployment.chainId, hub: client.deployment.hub });
  const { hash } = await market.publishOrder('app', signed);
  return { orderHash: hash };
}

export type TaskInput = { args: string[]; files?: Record<string, Uint8Array> };

export type RequestRunParameters = {
  app: bigint;
  /** One entry per task of the bag (volume = tasks.length). */
  tasks: TaskInput[];
  dataset?: bigint;
  /** Restrict the request to this workerpool (absent or 0: any pool). */
  workerpool?: bigint;
  /** Tag bits the pool must offer (M2: TEE, GPU…), as a bytes32 or bit numbers. */
  tag?: Hex | number[];
  /** How fitting offers are chosen: `cheapest` (the default) or `earliest` published. */
  orderRank?: 'cheapest' | 'earliest';
  /** ClassAd-like rank of workers, higher first, e.g. `memoryMb`. */
  rank?: string;
  trust?: number;
  category?: number;
  appMaxPrice: bigint;
  datasetMaxPrice?: bigint;
  workerpoolMaxPrice: bigint;
  /** ClassAd-like requirement on workers, e.g. `memoryMb >= 512`. */
  requirements?: string;
  /** Run each batch on at least this many workers (trust decides the minimum). */
  replicas?: number;
  /** Wall-clock budget per task (ms), below the category's maximum run time. */
  maxRunMs?: number;
  callback?: Address;
  expiry?: bigint;
  /**
   * How results are verified (decision 026): `replicated` (the default: Proof-of-Contribution at
   * `trust`) or `optimistic` (one worker answers each task with a deposit; anyone may challenge it
   * for `challengeWindow` seconds, default DEFAULT_CHALLENGE_WINDOW; needs trust 1).
   */
  verification?: VerificationMode;
  /** Optimistic: seconds an answer stays open to challenges, within the hub's bounds. */
  challengeWindow?: bigint;
  /** Replicated: seconds a finalized batch waits before paying, open to challenges; default the hub's. */
  rollbackWindow?: bigint;
  /**
   * The root of the tasks' inputs (decision 031), signed in the order: a start on other inputs then cannot be proven
   * on demand. The SDK does not run the machine: compute it with packages/disputes `inputsRootOf` (the CLI does for
   * `run --verify optimistic`). Absent = unbound.
   */
  inputsRoot?: Hex;
  /**
   * Encrypt every result for this P-256 public key (see generateResultKeyPair); C3. Without it (and
   * without `publicResults`), results are still encrypted: a key pair is made for this request and
   * its private half answered as `resultKey`.
   */
  resultPublicKey?: Hex;
  /** Results in the clear, readable by anyone who reads the market's store (the default is encrypted). */
  publicResults?: boolean;
  /** File name under /in where workers place the decrypted dataset (default dataset.csv). */
  datasetFile?: string;
  /**
   * Pass the task inputs only to the deal's workers (C3, decision 018): the input files and the task
   * list are stored private, and the pool's scheduler serves them only to a registered worker while
   * it holds a live lease of this deal; anyone else (the requester included) is told BlobNotFound.
   * Private is sticky; bytes the store already holds public stay public. The order's params still
   * name the task list's hash (its content stays hidden). Default false (inputs readable by hash).
   */
  privateInputs?: boolean;
};

/** The challenge window an optimistic request asks for when it names none: one hour. */
export const DEFAULT_CHALLENGE_WINDOW = 3600n;

/** The verification terms of a run (decision 026): the mode's code and its window, the other window 0. */
export function requestTermsOf(p: Pick<RequestRunParameters, 'verification' | 'challengeWindow' | 'rollbackWindow'>): RequestTerms {
  const mode = p.verification ?? 'replicated';
  if (mode === 'optimistic' && p.rollbackWindow)
    throw new ProofgridError('an optimistic run has a challenge window, not a rollback window', { code: 'RunTermsConflict', kind: 'user' });
  if (mode === 'replicated' && p.challengeWindow)
    throw new ProofgridError('a replicated run has a rollback window, not a challenge window', { code: 'RunTermsConflict', kind: 'user' });
  return {
    verification: VERIFICATION_CODES[mode],
    challengeWindow: mode === 'optimistic' ? (p.challengeWindow ?? DEFAULT_CHALLENGE_WINDOW) : 0n,
    rollbackWindow: mode === 'replicated' ? (p.rollbackWindow ?? 0n) : 0n,
  };
}

/**
 * Buys a run of a bag of tasks: uploads the inputs and the task list by content hash, signs the
 * request order and publishes it. The pool's scheduler matches it on chain. Results are encrypted
 * for the requester by default (C3): pass `resultPublicKey`, or keep the answered `resultKey` and
 * give it to `fetchResults`; `publicResults: true` asks for results in the clear.
 * @example
 * import { requestRun } from '@proofgrid/sdk';
 * const { requestHash, resultKey } = await requestRun(requester, market, { app, tasks, appMaxPrice, workerpoolMaxPrice });
 */
export async function requestRun(client: ProofgridClient, market: MarketClient, p: RequestRunParameters) {
  const { wallet, account } = requireAccount(client);
  if (p.tasks.length === 0) throw new ProofgridError('a run needs at least one task', { code: 'RunEmpty', kind: 'user' });
  if (p.publicResults && p.resultPublicKey)
    throw new ProofgridError('a run has either public results or a result key, not both', { code: 'RunResultsConflict', kind: 'user' });
  // C3: results are private unless asked otherwise; a key is made when none is given.
  const resultKey = p.publicResults || p.resultPublicKey ? undefined : generateResultKeyPair().privateKey;
  const resultPublicKey = p.resultPublicKey ?? (resultKey ? resultPublicKeyOf(resultKey) : undefined);
  const list = [];
  const stored = { private: p.privateInputs === true };
  for (const t of p.tasks) {
    const files: Record<string, Hex> = {};
    for (const [name, bytes] of Object.entries(t.files ?? {}))
      files[name] = (await market.putBlob(bytes, contentHashOf(bytes), stored)).hash;
    list.push({ args: t.args, files });
  }
  const listBytes = new TextEncoder().encode(JSON.stringify({ version: 1, tasks: list }));
  const { hash: tasksHash } = await market.putBlob(listBytes, contentHashOf(listBytes), stored);
  const params = JSON.stringify({
    tasks: tasksHash,
    ...(p.requirements ? { requirements: p.requirements } : {}),
    ...(p.rank ? { rank: p.rank } : {}),
    ...(p.orderRank ? { orderRank: p.orderRank } : {}),
    ...(p.replicas ? { replicas: p.replicas } : {}),
    ...(p.maxRunMs ? { maxRunMs: p.maxRunMs } : {}),
    ...(resultPublicKey ? { resultPublicKey } : {}),
    ...(p.datasetFile ? { datasetFile: p.datasetFile } : {}),
  });
  const order = {
    app: p.app,
    appMaxPrice: p.appMaxPrice,
    dataset: p.dataset ?? 0n,
    datasetMaxPrice: p.datasetMaxPrice ?? 0n,
    workerpool: p.workerpool ?? 0n,
    workerpoolMaxPrice: p.workerpoolMaxPrice,
    requester: account.address,
    volume: BigInt(p.tasks.length),
    tag: tagOf(p.tag),
    category: BigInt(p.category ?? 0),
    trust: BigInt(p.trust ?? 1),
    callback: p.callback ?? zeroAddress,
    params,
    expiry: p.expiry ?? 0n,
    salt: randomSalt(),
    ...requestTermsOf(p),
    ...(p.inputsRoot ? { inputsRoot: p.inputsRoot } : {}),
  };
  const signed = await signOrder(wallet, { kind: 'request', order, chainId: client.deployment.chainId, hub: client.deployment.hub });
  const { hash } = await market.publishOrder('request', signed);
  const expected = hashOrder({ kind: 'request', order, chainId: client.deployment.chainId, hub: client.deployment.hub });
  if (hash !== expected)
    throw new ProofgridError(`the market answered order hash ${hash}, expected ${expected}`, {
      code: 'MarketHashMismatch',
      kind: 'platform',
    });
  /** `resultKey`: the private key of the results, when this call made it (keep it: nobody else has it). */
  return { requestHash: hash, order: signed, ...(resultKey ? { resultKey } : {}) };
}

/**
 * Downloads a finished deal's results and verifies them end to end: each blob against its digest
 * (sha256), and each batch's digests against the Merkle root agreed on chain (an optimistic deal's: each task's
 * blob against its answer on chain, `fetchAnsweredResults`; provable results need `checkProvable`). Batches the app failed
 * (agreed on chain as a failure) have no results: `fetchFailures` reads their reports.
 * @example
 * const results = await fetchResults(requester, market, deal); // [{ index, digest, stdout, files }]
 */
export async function fetchResults(
  client: ProofgridClient,
  market: MarketClient,
  deal: DealView,
  { resultKey, checkProvable }: { resultKey?: Hex; checkProvable?: ProvableResultCheck } = {},
) {
  // An optimistic deal has no batch root: its results are checked against each task's answer on chain.
  if (deal.key.verification === VERIFICATION_CODES.optimistic)
    return fetchAnsweredResults(client, market, deal, { resultKey, checkProvable });
  const out: ({ index: number; digest: Hex; encrypted: boolean } & TaskResult)[] = [];
  const pending: Promise<void>[] = [];
  for (const b of deal.batches) {
    if (b.status !== 'finalized') continue;
    const agreed = await getBatchResult(client, batchIdOf(deal.dealId, b.first, b.count));
    if (agreed.outcome === 'failedByApp') continue; // no results: its failure report is read with fetchFailures
    const tasks = deal.tasks.slice(b.first, b.first + b.count);
    const digests = tasks.map((t) => t.digest);
    if (digests.some((d) => !d))
      throw new ProofgridError(`batch ${b.batchId} has no digests in the market`, { code: 'ResultMissing', kind: 'platform' });
    const view = { resultRoot: (agreed.root ?? '0x') as Hex };
    const { root } = buildResultTree(b.first, digests as Hex[]);
    if (view.resultRoot.toLowerCase() !== root.toLowerCase()) {
      throw new ProofgridError(`batch ${b.batchId}: the results' root ${root} differs from the root agreed on chain ${view.resultRoot}`, {
        code: 'ResultRootMismatch',
        kind: 'platform',
      });
    }
    // A provable batch's leaves are not content hashes (decision 030 point 6): its blobs are fetched by their sha256.
    const provable = tasks.every(isProvableTask);
    const names = provable ? tasks.map((t) => t.blob as Hex) : (digests as Hex[]);
    const blobs: Uint8Array[] = [];
    for (let i = 0; i < names.length; i += 1000) blobs.push(...(await market.getBlobs(names.slice(i, i + 1000))));
    for (const [i, blob] of blobs.entries()) {
      const digest = digests[i] as Hex;
      if (resultDigestOf(blob) !== names[i])
        throw new ApiError(`result ${names[i]} does not match its digest`, { code: 'BlobHashMismatch', status: 0 });
      if (provable) {
        // Awaited here: a refused blob must fail this call, not linger as an unhandled rejection while later batches load.
        const r = await provableResultOf(tasks[i] as TaskView, blob, { resultKey, check: checkProvable });
        out.push({ index: b.first + i, digest, ...r });
        continue;
      }
      if (!isEncryptedResult(blob)) {
        out.push({ index: b.first + i, digest, encrypted: false, ...decodeResult(blob) });
        continue;
      }
      if (!resultKey)
        throw new ProofgridError(
          `result ${b.first + i} is encrypted for the requester: pass resultKey (the private key of the request's resultPublicKey)`,
          { code: 'ResultEncrypted', kind: 'user', details: { digest } },
        );
      pending.push(
        decryptResult(blob, resultKey).then(
          (plain) => void out.push({ index: b.first + i, digest, encrypted: true, ...decodeResult(plain) }),
        ),
      );
    }
  }
  await Promise.all(pending);
  return out.sort((a, b) => a.index - b.index);
}
