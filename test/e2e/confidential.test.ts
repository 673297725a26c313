// Confidential datasets and results over real processes (D1-D4, C3, P7): anvil, the scheduler, the
// secret service and two worker daemons. A dataset is rented to the ml app without being handed
// over; results come back encrypted for the requester; a callback contract receives the digest.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Address, type Hex, parseEther } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  createSecretsClient,
  fetchResults,
  generateResultKeyPair,
  getBalances,
  publishApp,
  publishEncryptedDataset,
  requestRun,
  taskIdOf,
  waitForDeal,
  waitForDealEnd,
} from '@proofgrid/sdk';
import type { DealView } from '@proofgrid/sdk/api';
import { PRICE, type Stack, events, mcTasks, setupMarket, startStack, tamperStoredBlob } from '@proofgrid/testkit';

const ROOT = resolve(import.meta.dirname, '../..');
const TRAIN = new Uint8Array(readFileSync(join(ROOT, 'examples/ml/data/train.csv')));
const artifact = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, `contracts/out/${name}.sol/${name}.json`), 'utf8')) as { abi: unknown[]; bytecode: { object: Hex } };

describe('confidential datasets and results (anvil + scheduler + secret service + 2 workers)', () => {
  let stack: Stack;
  let ctx: Awaited<ReturnType<typeof setupMarket>>;
  let ml: bigint;
  let secrets: ReturnType<typeof createSecretsClient>;
  const deploy = async (name: string, args: unknown[]) => {
    const a = artifact(name);
    const hash = await ctx.requester.wallet!.deployContract({
      abi: a.abi,
      bytecode: a.bytecode.object,
      args,
      account: ctx.requester.account!,
      chain: ctx.requester.wallet!.chain,
    });
    return (await ctx.requester.public.waitForTransactionReceipt({ hash })).contractAddress as Address;
  };
  const run = async (p: Parameters<typeof requestRun>[2], timeoutMs = 60_000): Promise<DealView> => {
    const { requestHash } = await requestRun(ctx.requester, stack.market, p);
    return waitForDealEnd(stack.market, await waitForDeal(stack.market, requestHash), { timeoutMs });
  };
  const mlTask = (seed: number) => ({ args: ['0.1', String(seed), '0'] });

  before(async () => {
    stack = await startStack({ workers: 2, secrets: true });
    ctx = await setupMarket(stack);
    ({ app: ml } = await publishApp(ctx.developer, stack.market, {
      wasm: readFileSync(join(ROOT, 'examples/ml/build/ml.wasm')),
      name: 'ml',
      price: PRICE,
      maxMemoryMb: 32,
    }));
    secrets = createSecretsClient({ url: stack.secrets!.url });
  });
  after(async () => stack?.stop());

  test('a dataset rented to the ml app: replicated workers agree on encrypted results only the requester reads; the callback gets the digest', async () => {
    const owner = stack.clientOf(stack.accounts.dataOwner);
    const { dataset, contentHash } = await publishEncryptedDataset(owner, stack.market, secrets, {
      content: TRAIN,
      name: 'training set',
      price: PRICE,
      restrictions: { app: ml },
    });
    const oracle = await deploy('OracleConsumer', [stack.deployment.hub]);
    const requesterKeys = generateResultKeyPair();
    const owner0 = await getBalances(ctx.requester, { account: stack.accounts.dataOwner.address });
    const deal = await run({
      app: ml,
      dataset,
      tasks: [mlTask(1)],
      trust: 3,
      appMaxPrice: PRICE,
      datasetMaxPrice: PRICE,
      workerpoolMaxPrice: parseEther('1'),
      resultPublicKey: requesterKeys.publicKey,
      datasetFile: 'train.csv',
      callback: oracle,
    });
    assert.equal(deal.status, 'completed', JSON.stringify(deal.tasks));
    // Consensus on the encrypted blob: two workers, one result hash (deterministic encryption).
    const contributed = (await events(ctx.requester, 'BatchContributed')).filter((e) => e.args.dealId === deal.dealId);
    assert.equal(contributed.length, 2);
    assert.equal(contributed[0]!.args.resultHash, contributed[1]!.args.resultHash);
    // Only the requester reads the result; the public store holds ciphertext.
    await assert.rejects(fetchResults(ctx.requester, stack.market, deal), { code: 'ResultEncrypted' });
    await assert.rejects(fetchResults(ctx.requester, stack.market, deal, { resultKey: generateResultKeyPair().privateKey }), {
      code: 'ResultDecryptFailed',
    });
    const [result] = await fetchResults(ctx.requester, stack.market, deal, { resultKey: requesterKeys.privateKey });
    const report = JSON.parse(new TextDecoder().decode(result!.stdout)) as { examples: number; accuracy: number };
    assert.equal(report.examples, 600, 'the app trained on the whole plain dataset inside the sandbox');
    assert.ok(report.accuracy > 0.6);
    const stored = Buffer.from(await stack.market.getBlob(deal.tasks[0]!.digest!));
    assert.equal(stored.includes('examples'), false, 'the stored result is ciphertext');
    // Both workers asked for the key with a signed receipt of the exact ciphertext (D4).
    const { receipts } = await secrets.receipts(dataset);
    assert.equal(new Set(receipts.map((r) => r.worker)).size, 2);
    assert.ok(receipts.every((r) => r.contentHash === contentHash && r.dealId === deal.dealId));
    // P7: the callback contract holds the agreed digest; the dataset owner was paid per task.
    const delivered = await ctx.requester.public.readContract({
      address: oracle,
      abi: artifact('OracleConsumer').abi as never,
      functionName: 'resultOf',
      args: [taskIdOf(deal.dealId, 0)],
    });
    assert.equal(delivered, deal.tasks[0]!.digest);
    const owner1 = await getBalances(ctx.requester, { account: stack.accounts.dataOwner.address });
    assert.equal(owner1.escrow - owner0.escrow, PRICE, 'the dataset owner earns its price per task');
  });

  test('revocation refuses later tasks, and a tampered dataset is refused by hash before use: neither is paid', async () => {
    const owner = stack.clientOf(stack.accounts.dataOwner);
    const ownerAccount = privateKeyToAccount(stack.accounts.dataOwner.privateKey);
    const revoked = await publishEncryptedDataset(owner, stack.market, secrets, { content: TRAIN, name: 'revoked', price: PRICE });
    await secrets.revoke(ownerAccount, { dataset: revoked.dataset });
    const tampered = await publishEncryptedDataset(owner, stack.market, secrets, { content: TRAIN, name: 'tampered', price: PRICE });
    tamperStoredBlob(stack.dir, tampered.contentHash, (bytes) => {
      bytes[bytes.length - 1]! ^= 1;
      return bytes;
    });
    const owner0 = await getBalances(ctx.requester, { account: stack.accounts.dataOwner.address });
    const base = {
      app: ml,
      tasks: [mlTask(2)],
      appMaxPrice: PRICE,
      datasetMaxPrice: PRICE,
      workerpoolMaxPrice: parseEther('1'),
      datasetFile: 'train.csv',
    };
    const [a, b] = await Promise.all([run({ ...base, dataset: revoked.dataset }), run({ ...base, dataset: tampered.dataset })]);
    assert.equal(a.status, 'failed');
    assert.match(a.tasks[0]!.error ?? '', /DatasetRevoked/);
    assert.equal(b.status, 'failed');
    assert.match(b.tasks[0]!.error ?? '', /(ContentHash|BlobHash)Mismatch/);
    assert.equal((await secrets.receipts(tampered.dataset)).receipts.length, 0, 'no key was asked for tampered data');
    const finalized = (await events(ctx.requester, 'BatchFinalized')).filter(
      (e) => e.args.dealId === a.dealId || e.args.dealId === b.dealId,
    );
    assert.equal(finalized.length, 0, 'nothing finalized, so nothing paid');
    const owner1 = await getBalances(ctx.requester, { account: stack.accounts.dataOwner.address });
    assert.equal(owner1.escrow, owner0.escrow);
  });

  test('a reverting callback does not block finalization or payouts', async () => {
    const reverting = await deploy('RevertingConsumer', []);
    const dev0 = await getBalances(ctx.requester, { account: stack.accounts.developer.address });
    const deal = await run({ app: ctx.app, tasks: mcTasks(1), appMaxPrice: PRICE, workerpoolMaxPrice: PRICE, callback: reverting });
    assert.equal(deal.status, 'completed');
    const delivered = (await events(ctx.requester, 'CallbackDelivered')).filter((e) => e.args.taskId === taskIdOf(deal.dealId, 0));
    assert.equal(delivered.length, 1);
    assert.equal(delivered[0]!.args.success, false, 'the callback reverted');
    const dev1 = await getBalances(ctx.requester, { account: stack.accounts.developer.address });
    assert.equal(dev1.escrow - dev0.escrow, PRICE, 'the app owner is paid anyway');
  });
});
