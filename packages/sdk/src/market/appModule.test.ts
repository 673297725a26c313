import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MarketClient } from '../api/createMarketClient.ts';
import type { ProofgridClient } from '../clients/createProofgridClient.ts';
import { errorInfo } from '../errors/index.ts';
import { AppModuleUnsupportedError } from './appModule.ts';
import { publishApp } from './run.ts';

const signer = { wallet: {}, account: {} } as unknown as ProofgridClient;
const SIMD = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00); // the check decides, not these bytes

/** A market that records what reaches it and then stops the publication. */
function recordingMarket() {
  const stored: string[] = [];
  const market = {
    async putBlob(_bytes: Uint8Array, hash: string) {
      stored.push(hash);
      throw new Error('stop after the upload');
    },
  } as unknown as MarketClient;
  return { market, stored };
}

describe('publishApp checkModule', () => {
  test('a module the check refuses is AppModuleUnsupported naming the feature, and nothing is stored or sent', async () => {
    const { market, stored } = recordingMarket();
    const checkModule = () => {
      throw new AppModuleUnsupportedError({ feature: 'SIMD', where: 'function 0' });
    };
    await assert.rejects(publishApp(signer, market, { wasm: SIMD, name: 'simd', price: 1n, checkModule }), (error: unknown) => {
      const e = error as AppModuleUnsupportedError;
      assert.equal(e.code, 'AppModuleUnsupported');
      assert.equal(e.kind, 'user');
      assert.deepEqual(e.details, { feature: 'SIMD', where: 'function 0' });
      assert.match(e.shortMessage, /SIMD/);
      return true;
    });
    assert.deepEqual(stored, []);
  });

  test('a module the check accepts (or no check) goes on to the upload; an async check is awaited', async () => {
    for (const checkModule of [undefined, () => {}, async () => {}]) {
      const { market, stored } = recordingMarket();
      await assert.rejects(publishApp(signer, market, { wasm: SIMD, name: 'ok', price: 1n, checkModule }), /stop after the upload/);
      assert.equal(stored.length, 1);
    }
    const { market, stored } = recordingMarket();
    const slowRefusal = async () => {
      await new Promise((r) => setTimeout(r, 5));
      throw new AppModuleUnsupportedError({ feature: 'threads' });
    };
    await assert.rejects(publishApp(signer, market, { wasm: SIMD, name: 'x', price: 1n, checkModule: slowRefusal }), {
      code: 'AppModuleUnsupported',
    });
    assert.deepEqual(stored, []);
  });

  test('the code is in the catalogue: a user error, never retried', () => {
    const info = errorInfo('AppModuleUnsupported');
    assert.equal(info?.kind, 'user');
    assert.equal(info?.retry, 'never');
  });
});
