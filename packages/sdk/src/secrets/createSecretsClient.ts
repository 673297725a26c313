import { type Address, type Hex, bytesToHex, hexToBytes, sha256 } from 'viem';
import { ApiError } from '../api/ApiError.ts';
import { toWire } from '../api/wire.ts';
import { jsonCaller } from '../api/jsonCaller.ts';
import type { ServiceLimits } from '../api/limits.ts';
import { decryptResult, encryptResult, generateResultKeyPair } from '../crypto/resultCipher.ts';
import type { DealKey } from '../types/ids.ts';
import { dealIdOf } from '../utils/ids.ts';
import {
  type DatasetRestrictions,
  keyRequestReportData,
  type SecretScope,
  keyRequestMessage,
  secretPushMessage,
  secretRestrictMessage,
  secretRevokeMessage,
} from './messages.ts';

/** Anything that signs EIP-191 messages for an address (a viem MessageSigner, or `signerOf(client)`). */
export type MessageSigner = { address: Address; signMessage(args: { message: string }): Promise<Hex> };
export type SecretsInfo = {
  service: 'proofgrid-secrets';
  chainId: number;
  hub: Address;
  datasets: Address;
  publicKey: Hex;
  attestation: { accepted: string[]; required: boolean } /** The service's clock, unix seconds. */;
  time?: number;
  /** The limits it enforces (body size, request rate, timeouts). */
  limits?: ServiceLimits;
};
export type KeyRequestEvidence = { kind: string; quote?: Hex };
export type ReleasedKey = { key: Uint8Array; dealSecret: Hex; attestation: string };

/** The service refuses a signed message whose timestamp is off its own clock by more than a few minutes. */
const CLOCK_ERRORS = new Set(['RequestFromFuture', 'RequestExpired']);

/**
 * Client of the secret service (D1, D2): the dataset owner pushes, restricts and revokes keys;
 * a worker asks for a key for one task. Keys travel wrapped (ECIES P-256) for the receiver.
 * @example
 * import { createSecretsClient } from '@proofgrid/sdk';
 * const secrets = createSecretsClient({ url: 'http://127.0.0.1:7070' });
 * await secrets.pushSecret(owner, { dataset: 3n, key, restrictions: { app: 1n } });
 */
export function createSecretsClient({ url, fetch: f = globalThis.fetch }: { url: string; fetch?: typeof fetch }) {
  const base = url.replace(/\/+$/, '');
  let info: SecretsInfo | undefined;
  // Signed messages carry the service's time: the offset of this machine's clock from the
  // service's, learnt from /v1/info and from a refusal for a stale or future timestamp (research
  // plan D8: a worker whose clock is minutes off still gets its keys). Under 5 s it is ignored.
  let offsetMs = 0;
  const learnClock = (serverS: unknown) => {
    if (typeof serverS !== 'number') return false;
    const raw = serverS * 1000 + 500 - Date.now();
    offsetMs = Math.abs(raw) > 5_000 ? raw : 0;
    return true;
  };
  /** Owner messages carry milliseconds: the service accepts them only in increasing order. */
  const nowMs = () => Date.now() + offsetMs;
  const now = () => Math.floor(nowMs() / 1000);
  /** Sends a message signed with a timestamp; once more with the service's clock if it refused the time. */
  async function signedCall<T>(send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof ApiError) || !CLOCK_ERRORS.has(err.code) || !learnClock(err.details?.serverTime)) throw err;
      return send();
    }
  }
  const call = jsonCaller(base, f, { code: 'SecretsUnavailable', message: (cause) => `secret service ${base} unreachable: ${cause}` });
  const getInfo = async () => {
    if (!info) {
      info = await call<SecretsInfo>('GET', '/v1/info');
      learnClock(info.time);
    }
    return info;
  };
  const scopeOf = async (): Promise<SecretScope> => {
    const i = await getInfo();
    return { chainId: i.chainId, datasets: i.datasets, service: i.publicKey };
  };
  const restrictionsWire = (r?: DatasetRestrictions) =>
    r
      ? toWire({ app: r.app ?? 0n, workerpool: r.workerpool ?? 0n, requester: r.requester ?? '0x0000000000000000000000000000000000000000' })
      : undefined;

  return {
    url: base,
    info: getInfo,
    /** The dataset owner stores the dataset's key; it is wrapped for the service's public key. */
    async pushSecret(owner: MessageSigner, p: { dataset: bigint; key: Uint8Array; restrictions?: DatasetRestrictions }) {
      const i = await getInfo();
      const keyHash = sha256(p.key);
      const wrappedKey = bytesToHex(await encryptResult(p.key, i.publicKey));
      return signedCall(async () => {
        const timestamp = nowMs();
        const signature = await owner.signMessage({
          message: secretPushMessage(await scopeOf(), { dataset: p.dataset, keyHash, restrictions: p.restrictions, timestamp }),
        });
        return call<{ dataset: string; owner: Address; keyHash: Hex }>('POST', '/v1/secrets', {
          dataset: p.dataset.toString(),
          wrappedKey,
          keyHash,
          restrictions: restrictionsWire(p.restrictions),
          timestamp,
          signature,
        });
      });
    },
    /** The owner replaces the restrictions (app, workerpool, requester) of a stored key. */
    async restrict(owner: MessageSigner, p: { dataset: bigint; restrictions: DatasetRestrictions }) {
      await getInfo();
      return signedCall(async () => {
        const timestamp = nowMs();
        const signature = await owner.signMessage({
          message: secretRestrictMessage(await scopeOf(), { dataset: p.dataset, restrictions: p.restrictions, timestamp }),
        });
        return call<{ dataset: string }>('POST', `/v1/secrets/${p.dataset}/restrict`, {
          restrictions: restrictionsWire(p.restrictions),
          timestamp,
          signature,
        });
      });
    },
    /** The owner revokes the key: every later key request is refused (D2). */
    async revoke(owner: MessageSigner, p: { dataset: bigint }) {
      await getInfo();
      return signedCall(async () => {
        const timestamp = nowMs();
        const signature = await owner.signMessage({ message: secretRevokeMessage(await scopeOf(), { dataset: p.dataset, timestamp }) });
        return call<{ dataset: string; revoked: true }>('POST', `/v1/secrets/${p.dataset}/revoke`, { timestamp, signature });
      });
    },
    /** Public facts about a stored secret (never the key). */
    /** The signed delivery receipts (key requests) recorded for a dataset: who received which ciphertext for which task. */
    receipts: (dataset: bigint) =>
      call<{
        receipts: {
          dealId: Hex;
          taskIndex: number;
          worker: Address;
          contentHash: Hex;
          attestation: string;
          timestamp: number;
          message: string;
          signature: Hex;
        }[];
      }>('GET', `/v1/secrets/${dataset}/receipts`),
    status: (dataset: bigint) =>
      call<{
        dataset: string;
        owner: Address;
        keyHash: Hex;
        revoked: boolean;
        restrictions: { app: string; workerpool: string; requester: Address };
        releases: number;
      }>('GET', `/v1/secrets/${dataset}`),
    /**
     * A worker asks for the key of `key.dataset` for task `taskIndex`, proving with the scheduler's
     * authorization for the batch [first, first+count) that it is enrolled in the task.
     */
    async requestKey(
      worker: MessageSigner,
      p: {
        key: DealKey;
        /** sha256 of the ciphertext the worker received (the registry's contentHash). */
        contentHash: Hex;
        taskIndex: number;
        first: number;
        count: number;
        authorization: Hex;
        /** Evidence (a TEE quote) over `reportData` = sha256(transportKey ‖ nonce); default kind 'none'. */
        attest?: (reportData: Hex) => Promise<KeyRequestEvidence>;
        nonce?: Hex;
        timestamp?: number;
      },
    ): Promise<ReleasedKey> {
      await getInfo();
      const send = async () => {
        const transport = generateResultKeyPair();
        const dealId = dealIdOf(p.key);
        const nonce = p.nonce ?? bytesToHex(globalThis.crypto.getRandomValues(new Uint8Array(16)));
        const timestamp = p.timestamp ?? now();
        const attestation = p.attest ? await p.attest(keyRequestReportData(transport.publicKey, nonce)) : { kind: 'none' };
        const message = keyRequestMessage(await scopeOf(), {
          dataset: p.key.dataset,
          contentHash: p.contentHash,
          dealId,
          taskIndex: p.taskIndex,
          worker: worker.address,
          nonce,
          timestamp,
          transportKey: transport.publicKey,
          attestation: attestation.kind,
        });
        const signature = await worker.signMessage({ message });
        const r = await call<{ wrapped: Hex; attestation: string }>('POST', '/v1/keys/request', {
          dataset: p.key.dataset.toString(),
          contentHash: p.contentHash,
          dealId,
          dealKey: toWire(p.key),
          taskIndex: p.taskIndex,
          first: p.first,
          count: p.count,
          schedulerAuthorization: p.authorization,
          worker: worker.address,
          transportKey: transport.publicKey,
          attestation,
          nonce,
          timestamp,
          signature,
        });
        return { r, transport };
      };
      // A caller-chosen timestamp or nonce is sent as it is (tests of stale and replayed requests).
      const { r, transport } = p.timestamp === undefined && p.nonce === undefined ? await signedCall(send) : await send();
      const opened = await decryptResult(hexToBytes(r.wrapped), transport.privateKey);
      return { key: opened.slice(0, 32), dealSecret: bytesToHex(opened.slice(32, 64)), attestation: r.attestation };
    },
  };
}

export type SecretsClient = ReturnType<typeof createSecretsClient>;

/** A MessageSigner from a Proofgrid client with an account (local or JSON-RPC). */
export function signerOf(client: {
  wallet?: { signMessage(args: { account: never; message: string }): Promise<Hex> };
  account?: { address: Address };
}): MessageSigner {
  if (!client.wallet || !client.account) throw new Error('signerOf: the client has no account');
  const { wallet, account } = client;
  return { address: account.address, signMessage: ({ message }) => wallet.signMessage({ account: account as never, message }) };
}
