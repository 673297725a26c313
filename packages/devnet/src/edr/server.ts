// A JSON-RPC HTTP node over Hardhat's EDR (@nomicfoundation/edr), run as its own process by startEdr.
// Config comes as JSON in PROOFGRID_EDR_CONFIG (EdrServerConfig); the node listens until SIGTERM/SIGINT.
import { createServer } from 'node:http';
import edr from '@nomicfoundation/edr';
import { type EdrServerConfig, providerConfig } from './config.ts';

const config = JSON.parse(process.env.PROOFGRID_EDR_CONFIG ?? '{}') as EdrServerConfig;
const { EdrContext, L1_CHAIN_TYPE, l1ProviderFactory, l1GenesisState, l1HardforkFromString, ContractDecoder } = edr;
const context = new EdrContext();
await context.registerProviderFactory(L1_CHAIN_TYPE, l1ProviderFactory());
const provider = await context.createProvider(
  L1_CHAIN_TYPE,
  providerConfig(config, l1GenesisState(l1HardforkFromString(config.hardfork))),
  { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} },
  { subscriptionCallback: () => {} },
  new ContractDecoder(),
);

type RpcRequest = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown };

async function call(method: string, params: unknown[]): Promise<unknown> {
  const response = await provider.handleRequest(JSON.stringify({ jsonrpc: '2.0', id: 0, method, params }));
  return (typeof response.data === 'string' ? JSON.parse(response.data) : response.data).result;
}

/** With `maxLogRange`: an `eth_getLogs` over more blocks is refused as providers refuse it (-32005). */
async function logRangeError(request: RpcRequest): Promise<{ code: number; message: string } | undefined> {
  if (config.maxLogRange === undefined || request.method !== 'eth_getLogs') return undefined;
  const filter = ((request.params as unknown[])?.[0] ?? {}) as { fromBlock?: string; toBlock?: string; blockHash?: string };
  if (filter.blockHash) return undefined;
  const head = BigInt((await call('eth_blockNumber', [])) as string);
  const at = (tag: string | undefined, fallback: bigint) =>
    tag === undefined || tag === 'latest' || tag === 'pending' || tag === 'safe' || tag === 'finalized'
      ? fallback
      : tag === 'earliest'
        ? 0n
        : BigInt(tag);
  const span = at(filter.toBlock, head) - at(filter.fromBlock, head) + 1n;
  if (span <= BigInt(config.maxLogRange)) return undefined;
  return { code: -32005, message: `query exceeds max block range ${config.maxLogRange} (asked ${span})` };
}

/** One request through EDR, answered as JSON-RPC 2.0 with the caller's id (EDR's own answer carries none). */
async function handle(request: RpcRequest): Promise<unknown> {
  const id = request?.id ?? null;
  if (typeof request?.method !== 'string') return { jsonrpc: '2.0', id, error: { code: -32600, message: 'Invalid request' } };
  const refused = await logRangeError(request);
  if (refused) return { jsonrpc: '2.0', id, error: refused };
  const response = await provider.handleRequest(
    JSON.stringify({ jsonrpc: '2.0', id, method: request.method, params: request.params ?? [] }),
  );
  const data = typeof response.data === 'string' ? JSON.parse(response.data) : response.data;
  if (data.error) {
    // EDR echoes the whole request in error.data when it has nothing else to say: keep only real revert data.
    const { code, message, data: errorData } = data.error;
    const keep = errorData !== undefined && !(typeof errorData === 'object' && errorData !== null && 'method' in errorData);
    return { jsonrpc: '2.0', id, error: keep ? { code, message, data: errorData } : { code, message } };
  }
  return { jsonrpc: '2.0', id, result: data.result };
}

const server = createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(405).end();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', async () => {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } }));
      return;
    }
    const answer = Array.isArray(body) ? await Promise.all(body.map((r) => handle(r as RpcRequest))) : await handle(body as RpcRequest);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(config.port, config.host, () => process.stdout.write(`listening ${config.host}:${config.port}\n`));
const stop = () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
