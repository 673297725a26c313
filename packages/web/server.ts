// The web app's server: serves the built page (dist/) and /config.json, which tells the page where
// the market lives (deployment + scheduler URL, and on the local devnet its well-known dev
// accounts). `--dev` serves the sources through Vite's dev server instead (hot reload).
//   node --import tsx server.ts [--dev] [--port 5173] [--deployment file] [--market url]
// Defaults read what `npm start` writes: .proofgrid/deployment.json and .proofgrid/market.json.
import { existsSync, readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { devAccount } from '@proofgrid/sdk';

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
};

/**
 * Serves the marketplace page and its /config.json; resolves with its URL once listening.
 * @example
 * import { startWebServer } from '@proofgrid/web/server';
 * const web = await startWebServer({ deployment: jsonSafe(stack.deployment), marketUrl: stack.market.url });
 * console.log(web.url); await web.close();
 */
export async function startWebServer({ deployment, marketUrl, port = 0, host = '127.0.0.1', dev = false }: StartWebServerParameters) {
  const config: WebConfig = { deployment, marketUrl, devAccounts: devAccountsFor(Number(deployment.chainId)) };
  const dist = join(HERE, 'dist');
  let vite: { middlewares: (req: IncomingMessage, res: ServerResponse, next: () => void) => void; close(): Promise<void> } | undefined;
  if (dev) {
    const { createServer: createVite } = await import('vite');
    vite = await createVite({ root: HERE, configFile: join(HERE, 'vite.config.ts'), server: { middlewareMode: true }, appType: 'spa' });
  } else if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`no build in ${dist}: run \`npm run build -w @proofgrid/web\` first (or pass --dev)`);
  }
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/config.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(config));
      return;
    }
    if (vite) return vite.middlewares(req, res, () => notFound(res));
    const file = normalize(join(dist, path === '/' ? 'index.html' : path));
    const target = file.startsWith(dist) && existsSync(file) && !file.endsWith('/') ? file : join(dist, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
    res.end(readFileSync(target));
  });
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
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const { values: v } = parseArgs({
    options: {
      dev: { type: 'boolean', default: false },
      port: { type: 'string', default: process.env.PORT ?? '5173' },
      host: { type: 'string', default: '127.0.0.1' },
      deployment: { type: 'string', default: join(ROOT, '.proofgrid', 'deployment.json') },
      market: { type: 'string' },
    },
  });
  const readJson = (file: string) => {
    if (!existsSync(file)) throw new Error(`${file} not found: start the market first (npm start), or pass --deployment / --market`);
    return JSON.parse(readFileSync(file, 'utf8'));
  };
  try {
    const deployment = readJson(v.deployment as string);
    const marketUrl = v.market ?? readJson(join(ROOT, '.proofgrid', 'market.json')).url;
    const web = await startWebServer({ deployment, marketUrl, port: Number(v.port), host: v.host, dev: v.dev });
    console.log(`Proofgrid marketplace: ${web.url}  (chain ${deployment.chainId}, market ${marketUrl}${v.dev ? ', dev mode' : ''})`);
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    process.exit(1);
  }
}
