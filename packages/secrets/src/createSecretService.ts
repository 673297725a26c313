import { createServer as createHttpsServer } from 'node:https';
import { serve } from '@hono/node-server';
import { type LimitOptions, applyServerTimeouts, resolveLimits, serverTimeoutOptions } from '@proofgrid/sdk/api';
import { type SecretServiceOptions, createSecretsContext } from './context.ts';
import { createRoutes } from './routes.ts';

export type { SecretServiceOptions } from './context.ts';

/**
 * The secret service (D1, D2): dataset owners hand it their keys (owner-signed, wrapped for the
 * service's transport key); it keeps them sealed under a master key and releases one only to a
 * worker that proves, by its own signature and the pool scheduler's authorization, that it is
 * enrolled in an unfinished task of an existing on-chain deal on this dataset whose terms meet the
 * owner's restrictions. Requests are replay-protected; keys are never logged.
 * Parts: context.ts (store, vault, freshness), ownerMessages.ts (push, revoke, restrict),
 * keyRelease.ts (key requests), routes.ts (HTTP).
 */
export async function startSecretService(o: SecretServiceOptions & { limits?: LimitOptions }) {
  const ctx = createSecretsContext(o);
  const limits = resolveLimits(o.limits);
  const app = createRoutes(ctx, limits);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve(
      {
        fetch: app.fetch,
        hostname: o.host ?? '127.0.0.1',
        port: o.port ?? 0,
        // HTTPS with the certificate given (decision 017).
        serverOptions: { ...serverTimeoutOptions(limits.timeouts), ...(o.tls && { cert: o.tls.cert, key: o.tls.key }) },
        ...(o.tls ? { createServer: createHttpsServer } : {}),
      },
      () => resolve(s),
    );
  });
  // Slow clients (headers or a body that never finish, a socket gone quiet) are cut off.
  applyServerTimeouts(server as never, limits.timeouts);
  const url = `${o.tls ? 'https' : 'http'}://${o.host ?? '127.0.0.1'}:${(server.address() as { port: number }).port}`;
  ctx.log.info({ url, masterKey: ctx.masterSource, requireTee: !!o.requireTee }, 'secret service listening');
  return {
    url,
    publicKey: ctx.publicKey,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      ctx.db.close();
    },
  };
}
export type SecretService = Awaited<ReturnType<typeof startSecretService>>;
