// The secret service as a real process against a real chain and scheduler (D1, D2, D4):
// a key is released to an enrolled worker of an authorised, unfinished task, and refused otherwise.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Hex, bytesToHex, parseEther, sha256, verifyMessage } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  type DealKey,
  authorizeWorker,
  contentHashOf,
  createSecretsClient,
  decryptDataset,
  encryptDataset,
  generateDatasetKey,
  isTaskSettled,
  publishEncryptedDataset,
  pushResult,
  requestRun,
  secretPushMessage,
  secretRestrictMessage,
  secretRevokeMessage,
  waitForDeal,
} from '@proofgrid/sdk';
import { PRICE, type Proc, type Stack, mcTasks, setupMarket, spawnService, startStack, storedBlob, waitForFile } from '@proofgrid/testkit';

const CSV = new TextEncoder().encode('date,asset,ret\n2024-01-02,A,0.0132\n2024-01-02,B,-0.0041\n');

describe('secret service (real process): key release rules', () => {
  let stack: Stack;
  let service: Proc;
  let url: string;
  let secrets: ReturnType<typeof createSecretsClient>;
  let key: DealKey;
  let dealId: Hex;
  let dataset: bigint;
  let datasetKey: Uint8Array;
  let contentHash: Hex;
  let app: bigint;
  const dir = () => join(stack.dir, 'secrets-under-test');
  const startService = async () => {
    const ready = join(stack.dir, `secrets-ready-${Date.now()}.json`);
    service = spawnService(
      'secrets',
      'packages/secrets/src/main.ts',
      ['--deployment', stack.deploymentFile, '--data', dir(), '--ready-file', ready],
      { LOG_LEVEL: 'debug' },
    );
    url = (await waitForFile<{ url: string }>(ready, service)).url;
    secrets = createSecretsClient({ url });
  };
  const owner = () => privateKeyToAccount(stack.accounts.dataOwner.privateKey);
  const worker = () => privateKeyToAccount(stack.accounts.spare[0]!.privateKey);
  const intruder = () => privateKeyToAccount(stack.accounts.spare[1]!.privateKey);
  const scheduler = () => privateKeyToAccount(stack.accounts.scheduler.privateKey);
  /** A key request as the enrolled worker of batch [0, 2), with the scheduler's real authorization. */
  const ask = async (
    o: { as?: ReturnType<typeof worker>; task?: number; auth?: Hex; nonce?: Hex; timestamp?: number; hash?: Hex; dealKey?: DealKey } = {},
  ) => {
    const w = o.as ?? worker();
    const k = o.dealKey ?? key;
    const authorization = o.auth ?? (await authorizeWorker(scheduler(), { key: k, first: 0, count: 2, worker: w.address }));
    return secrets.requestKey(w, {
      key: k,
      contentHash: o.hash ?? contentHash,
      taskIndex: o.task ?? 0,
      first: 0,
      count: 2,
      authorization,
      nonce: o.nonce,
      timestamp: o.timestamp,
    });
  };
  const refused = async (p: Promise<unknown>, code: string) =>
    assert.rejects(p, (e: { code?: string; message?: string }) => {
      assert.equal(e.code, code, e.message);
      return true;
    });

  before(async () => {
    stack = await startStack({ workers: 0 });
    const ctx = await setupMarket(stack);
    app = ctx.app;
    await startService();
    // The owner encrypts client-side, publishes the ciphertext and hands the key to the service.
    datasetKey = generateDatasetKey();
    const r = await publishEncryptedDataset(stack.clientOf(stack.accounts.dataOwner), stack.market, secrets, {
      content: CSV,
      name: 'returns',
      price: PRICE,
      key: datasetKey,
    });
    dataset = r.dataset;
    contentHash = r.contentHash;
    const { requestHash } = await requestRun(ctx.requester, stack.market, {
      app,
      dataset,
      tasks: mcTasks(2),
      appMaxPrice: PRICE,
      datasetMaxPrice: PRICE,
      workerpoolMaxPrice: parseEther('1'),
    });
    dealId = await waitForDeal(stack.market, requestHash, { timeoutMs: 30_000 });
    key = (await stack.market.getDeal(dealId)).key;
  });
  after(async () => {
    await service?.kill();
    await stack?.stop();
  });

  test('the store holds only ciphertext, the master key file is 0600, and the key is stored sealed', () => {
    assert.equal(contentHashOf(new Uint8Array(storedBlob(stack.dir, contentHash))), contentHash);
    assert.equal(statSync(join(dir(), 'master.key')).mode & 0o777, 0o600);
    const db = readFileSync(join(dir(), 'secrets.sqlite'));
    assert.equal(db.includes(Buffer.from(datasetKey)), false, 'the raw key is not in the database');
  });

  test('released to an enrolled worker of an authorised task: the key decrypts the dataset', async () => {
    const released = await ask();
    assert.deepEqual(released.key, datasetKey);
    assert.deepEqual(await decryptDataset(new Uint8Array(await stack.market.getBlob(contentHash)), released.key), CSV);
    assert.match(released.dealSecret, /^0x[0-9a-f]{64}$/);
    assert.equal(released.attestation, 'none');
    // The request is the worker's signed delivery receipt for the ciphertext (D4).
    const { receipts } = await secrets.receipts(dataset);
    assert.equal(receipts.at(-1)!.contentHash, contentHash);
    assert.equal(receipts.at(-1)!.worker, worker().address.toLowerCase());
    const r = receipts.at(-1)!;
    assert.ok(await verifyMessage({ address: r.worker, message: r.message, signature: r.signature }), 'signed by the worker');
  });

  test('refused: a replayed request (same nonce), a stale one, a forged worker signature', async () => {
    const nonce = bytesToHex(crypto.getRandomValues(new Uint8Array(16)));
    const timestamp = Math.floor(Date.now() / 1000);
    await ask({ nonce, timestamp });
    await refused(ask({ nonce, timestamp }), 'RequestReplayed');
    await refused(ask({ timestamp: timestamp - 3600 }), 'RequestExpired');
    // Raw replay of a captured body under another worker's name: the signature does not match.
    await refused(
      secrets.requestKey(
        { address: worker().address, signMessage: (m) => intruder().signMessage(m) },
        {
          key,
          contentHash,
          taskIndex: 0,
          first: 0,
          count: 2,
          authorization: await authorizeWorker(scheduler(), { key, first: 0, count: 2, worker: worker().address }),
        },
      ),
      'WorkerSignatureInvalid',
    );
  });

  test('bound to this service: owner messages and key requests signed for another secret service are refused there; an owner message is good once', async () => {
    // Service B: the same chain and registry, its own service key; the owner stores the same key there too.
    const readyB = join(stack.dir, 'secrets-b-ready.json');
    const b = spawnService('secrets-b', 'packages/secrets/src/main.ts', [
      '--deployment',
      stack.deploymentFile,
      '--data',
      join(stack.dir, 'secrets-b'),
      '--ready-file',
      readyB,
    ]);
    try {
      const urlB = (await waitForFile<{ url: string }>(readyB, b)).url;
      const secretsB = createSecretsClient({ url: urlB });
      await secretsB.pushSecret(owner(), { dataset, key: datasetKey });
      const infoA = await secrets.info();
      const scopeA = { chainId: infoA.chainId, datasets: infoA.datasets, service: infoA.publicKey };
      const post = async (base: string, path: string, body: unknown) => {
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code };
      };
      // The owner's revoke and restrict, signed for A, sent to B: refused, and B's key is as it was.
      const timestamp = Date.now();
      const revokeForA = {
        timestamp,
        signature: await owner().signMessage({ message: secretRevokeMessage(scopeA, { dataset, timestamp }) }),
      };
      assert.deepEqual(await post(urlB, `/v1/secrets/${dataset}/revoke`, revokeForA), { status: 401, code: 'OwnerSignatureInvalid' });
      const restrictForA = {
        restrictions: { app: '0', workerpool: '0', requester: '0x0000000000000000000000000000000000000000' },
        timestamp,
        signature: await owner().signMessage({ message: secretRestrictMessage(scopeA, { dataset, timestamp }) }),
      };
      assert.deepEqual(await post(urlB, `/v1/secrets/${dataset}/restrict`, restrictForA), { status: 401, code: 'OwnerSignatureInvalid' });
      assert.equal((await secretsB.status(dataset)).revoked, false);
      // A key request signed for A (its info), delivered to B: the worker's signature does not hold there.
      const toB: typeof fetch = (input, init) => globalThis.fetch(String(input).replace(url, urlB), init);
      const viaB = createSecretsClient({
        url,
        fetch: (input, init) => (String(input).endsWith('/v1/info') ? globalThis.fetch(input, init) : toB(input, init)),
      });
      const authorization = await authorizeWorker(scheduler(), { key, first: 0, count: 2, worker: worker().address });
      await refused(
        viaB.requestKey(worker(), { key, contentHash, taskIndex: 0, first: 0, count: 2, authorization }),
        'WorkerSignatureInvalid',
      );
      assert.equal((await secretsB.receipts(dataset)).receipts.length, 0, 'B released nothing');
      // On A, the same restrict (it changes nothing) is taken once; sent again, it is a replay.
      assert.equal((await post(url, `/v1/secrets/${dataset}/restrict`, restrictForA)).status, 200);
      assert.deepEqual(await post(url, `/v1/secrets/${dataset}/restrict`, restrictForA), { status: 409, code: 'RequestReplayed' });
    } finally {
      await b.kill();
    }
  });

  test("refused: a worker not enrolled in the task (no or someone else's scheduler authorization, task outside its batch)", async () => {
    const authForOther = await authorizeWorker(scheduler(), { key, first: 0, count: 2, worker: worker().address });
    await refused(ask({ as: intruder(), auth: authForOther }), 'WorkerNotEnrolled');
    const selfSigned = await authorizeWorker(intruder(), { key, first: 0, count: 2, worker: intruder().address });
    await refused(ask({ as: intruder(), auth: selfSigned }), 'WorkerNotEnrolled');
    await refused(ask({ task: 5 }), 'TaskNotInBatch');
  });

  test('refused: a deal that is not on chain, and ciphertext that does not match the registry (tampered)', async () => {
    const fake = { ...key, requestConsumed: key.requestConsumed + 7n };
    await refused(ask({ dealKey: fake }), 'DealNotFound');
    const tampered = await encryptDataset(CSV, datasetKey);
    await refused(ask({ hash: contentHashOf(tampered) }), 'ContentHashMismatch');
  });

  test('refused: an unauthorised app, pool or requester (the owner restricts at any time)', async () => {
    await secrets.restrict(owner(), { dataset, restrictions: { app: app + 100n } });
    await refused(ask(), 'DatasetRestricted');
    await secrets.restrict(owner(), { dataset, restrictions: { workerpool: key.workerpool + 100n } });
    await refused(ask(), 'DatasetRestricted');
    await secrets.restrict(owner(), { dataset, restrictions: { requester: intruder().address } });
    await refused(ask(), 'DatasetRestricted');
    // Only the owner may restrict.
    await refused(secrets.restrict(intruder(), { dataset, restrictions: {} }), 'OwnerSignatureInvalid');
    await secrets.restrict(owner(), { dataset, restrictions: { app, workerpool: key.workerpool, requester: key.requester } });
    assert.deepEqual((await ask()).key, datasetKey, 'released again when the deal meets every restriction');
  });

  test('refused: a finished task (settled on chain)', async () => {
    // The enrolled worker pushes task 0's result (trust 1): the task is settled; task 1 is not.
    const w = stack.clientOf(stack.accounts.spare[0]!);
    const authorization = await authorizeWorker(scheduler(), { key, first: 0, count: 1, worker: worker().address });
    await pushResult(w, { key, first: 0, count: 1, root: sha256('0x01'), usage: { maxRunTimeMs: 1, memoryPeakKb: 1 }, authorization });
    assert.equal(await isTaskSettled(w, { key, index: 0 }), true);
    await refused(ask({ task: 0 }), 'TaskFinished');
    assert.deepEqual((await ask({ task: 1 })).key, datasetKey);
  });

  test('the key survives a restart (sealed under the master key file); revocation is final for later requests', async () => {
    await service.kill('SIGKILL');
    await startService();
    assert.deepEqual((await ask({ task: 1 })).key, datasetKey);
    // An old signed push captured before the revoke cannot re-enable the key.
    const ts = Date.now() - 5000;
    const info = await secrets.info();
    const oldPush = {
      dataset: dataset.toString(),
      keyHash: sha256(datasetKey),
      timestamp: ts,
      signature: await owner().signMessage({
        message: secretPushMessage(
          { chainId: info.chainId, datasets: info.datasets, service: info.publicKey },
          { dataset, keyHash: sha256(datasetKey), timestamp: ts },
        ),
      }),
    };
    await refused(secrets.revoke(intruder(), { dataset }), 'OwnerSignatureInvalid');
    await secrets.revoke(owner(), { dataset });
    await refused(ask({ task: 1 }), 'DatasetRevoked');
    const res = await fetch(`${url}/v1/secrets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...oldPush, wrappedKey: '0x00' }),
    });
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'RequestReplayed');
    assert.equal((await secrets.status(dataset)).revoked, true);
  });

  test('an oversized body is refused with its limit (413 RequestTooLarge), and the service goes on answering', async () => {
    for (const path of ['/v1/keys/request', '/v1/secrets']) {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: 'x'.repeat(5 << 20),
      });
      assert.equal(res.status, 413);
      const { error } = (await res.json()) as { error: { code: string; details: { limit: number } } };
      assert.equal(error.code, 'RequestTooLarge');
      assert.equal(error.details.limit, 64 << 10);
    }
    assert.equal((await fetch(`${url}/v1/info`)).status, 200);
  });

  test('the service never logs a key', () => {
    const log = service.log();
    assert.match(log, /dataset key released/, 'the service logs decisions (debug level)');
    for (const form of [bytesToHex(datasetKey).slice(2), Buffer.from(datasetKey).toString('base64')])
      assert.equal(log.includes(form), false);
  });
});
