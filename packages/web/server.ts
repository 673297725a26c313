// The web app's server: serves the built page (dist/) and /config.json, which tells the page where
// the market lives (deployment + scheduler URL, and on the local devnet its well-known dev
// accounts). `--dev` serves the sources through Vite's dev server instead (hot reload).
//   node --import tsx server.ts [--dev] [--port 5173] [--deployment file] [--market url] [limit flags]
// Defaults read what `npm start` writes: .proofgrid/deployment.json and .proofgrid/market.json.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { devAccount } from '@proofgrid/sdk';
import { ServiceError } from '@proofgrid/sdk/errors';
import {
  LIMIT_FLAGS,
  type LimitOptions,
  applyServerTimeouts,
  clientKeyOf,
  createRateLimiter,
  limitOptionsOf,
  rateLimitedDetails,
  resolveLimits,
  serverTimeoutOptions,
} from '@proofgrid/sdk/api';

const HERE = import.meta.dirname;
const ROOT = resolve(HERE, '../..');
/** Dev accounts offered in the page (only ever on chain 31337): role name and index in the dev mnemonic. */
const DEV_ROLES: [string, number][] = [
  ['requester', 1],
  ['developer', 2],
  ['dataOwner', 3],
  ['unfunded', 40],
];

export type DevAccountConfig = { name: string; address: `0x${string}`; privateKey: `0x${string}` };
export type WebConfig = { deployment: Record<string, unknown>; marketUrl: string; devAccounts: DevAccountConfig[] };

/** The dev accounts the page may offer: none unless the chain is the local devnet (31337). */
export function devAccountsFor(chainId: number): DevAccountConfig[] {
  if (chainId !== 31337) return [];
  return DEV_ROLES.map(([name, index]) => {
    const { address, privateKey } = devAccount(index);
    return { name, address, privateKey };
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Builds the page into dist/ with Vite (about 2 s).
 * @example
 * import { buildWebApp, startWebServer } from '@proofgrid/web/server';
 * await buildWebApp(); const web = await startWebServer({ deployment, marketUrl });
 */
export async function buildWebApp(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(HERE, 'vite.config.ts'), root: HERE, logLevel: 'warn' });
}

export type StartWebServerParameters = {
  /** The deployment as JSON (bigints as strings), as devnet writes it. */
  deployment: Record<string, unknown>;
  marketUrl: string;
  port?: number;
  host?: string;
  /** Serve the sources through Vite (hot reload) instead of dist/. */
  dev?: boolean;
  /** Rate per client address and slow-client timeouts (decision 016's flags and defaults; the per-worker rule does not apply). */
  limits?: LimitOptions;
};

/** Headers every answer carries: no MIME sniffing, no framing by another site, no referrer leaks. */
const SAFE_HEADERS = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' };

/**
 * Serves the marketplace page and its /config.json; resolves with its URL once listening.
 * @example
 * import { startWebServer } from '@proofgrid/web/server';
 * const web = await startWebServer({ deployment: jsonSafe(stack.deployment), marketUrl: stack.market.url });
 * console.log(web.url); await web.close();
 */
export async function startWebServer({
  deployment,
  marketUrl,
  port = 0,
  host = '127.0.0.1',
  dev = false,
  limits,
}: StartWebServerParameters) {
  const config: WebConfig = { deployment, marketUrl, devAccounts: devAccountsFor(Number(deployment.chainId)) };
  const dist = join(HERE, 'dist');
  let vite: { middlewares: (req: IncomingMessage, res: ServerResponse, next: () => void) => void; close(): Promise<void> } | undefined;
  if (dev) {
    const { createServer: createVite } = await import('vite');
    vite = await createVite({ root: HERE, configFile: join(HERE, 'vite.config.ts'), server: { middlewareMode: true }, appType: 'spa' });
  } else if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`no build in ${dist}: run \`npm run build -w @proofgrid/web\` first (or pass --dev)`);
  }
  const { rate, timeouts } = resolveLimits(limits);
  const clients = createRateLimiter(rate.ip, rate.maxKeys);
  const server: Server = createServer(serverTimeoutOptions(timeouts), (req, res) => {
    try {
      serve(req, res);
    } catch (err) {
      // Nothing a client sends may take the server down: an unexpected failure is a 500 for this request only.
      if (!res.headersSent) fail(res, new ServiceError('Internal', `the page server failed: ${(err as Error).message}`, 500));
      else res.destroy();
    }
  });
  applyServerTimeouts(server, timeouts);

  function serve(req: IncomingMessage, res: ServerResponse) {
    const client = clientKeyOf(req.socket.remoteAddress);
    if (!client.loopback || rate.loopback) {
      const verdict = clients.take(client.key);
      if (!verdict.ok) {
        res.setHeader('retry-after', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
        const message = `too many requests from this client address: ${rate.ip.perSecond}/s, bursts of ${rate.ip.burst}; retry in ${verdict.retryAfterMs} ms`;
        return fail(res, new ServiceError('RateLimited', message, 429, rateLimitedDetails(rate.ip, 'ip', verdict.retryAfterMs)));
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD' && !vite) {
      res.setHeader('allow', 'GET, HEAD');
      return fail(
        res,
        new ServiceError('PageMethodRefused', `method ${req.method} is not served here: the page is static (GET, HEAD)`, 405),
      );
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      return fail(res, new ServiceError('PagePathInvalid', 'the request path is not valid percent-encoded UTF-8', 400));
    }
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store', ...SAFE_HEADERS });
      res.end(JSON.stringify(config));
      return;
    }
    if (vite) return vite.middlewares(req, res, () => notFound(res));
    // A file strictly inside dist/ (not dist-other/, not a directory); anything else is the page (client-side routes).
    const file = normalize(join(dist, path));
    const isFile = file.startsWith(dist + sep) && existsSync(file) && statSync(file).isFile();
    const target = isFile ? file : join(dist, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream', ...SAFE_HEADERS });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(target));
  }
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(port, host, () => ok()));
  const address = server.address() as { port: number };
  return {
    url: `http://${host}:${address.port}`,
    config,
    async close() {
      await vite?.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
    },
  };
}

function notFound(res: ServerResponse) {
  fail(res, new ServiceError('RouteNotFound', 'not found', 404));
}

/** A typed error answer (the services' `{ code, message, details }` shape), bounded and never cached. */
function fail(res: ServerResponse, err: ServiceError) {
  res.writeHead(err.status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...SAFE_HEADERS });
  res.end(JSON.stringify(err.toJSON()));
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const { values: v } = parseArgs({
    options: {
      dev: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.PORT ?? '5173' },
      host: { type: 'string', default: '127.0.0.1' },
      deployment: { type: 'string', default: join(ROOT, '.proofgrid', 'deployment.json') },
      market: { type: 'string' },
      ...LIMIT_FLAGS,
    },
  });
  const readJson = (file: string) => {
    if (!existsSync(file)) throw new Error(`${file} not found: start the market first (npm start), or pass --deployment / --market`);
    return JSON.parse(readFileSync(file, 'utf8'));
  };
  try {
    const deployment = readJson(v.deployment as string);
    const marketUrl = v.market ?? readJson(join(ROOT, '.proofgrid', 'market.json')).url;
    const limits = limitOptionsOf(v as Record<string, string | boolean | undefined>);
    const web = await startWebServer({ deployment, marketUrl, port: Number(v.port), host: v.host, dev: v.dev, limits });
    console.log(`Proofgrid marketplace: ${web.url}  (chain ${deployment.chainId}, market ${marketUrl}${v.dev ? ', dev mode' : ''})`);
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    process.exit(1);
  }
}
