import { type Server, type Socket, createServer, connect } from 'node:net';

/** A seeded PRNG (mulberry32): the same seed gives the same fault decisions. */
export function seededRandom(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a partition does to new connections: reset them at once, or accept and never answer. */
export type PartitionMode = 'refuse' | 'hang';

export type ProxyFaults = {
  /** Added latency per chunk, each direction (ms); order is kept. */
  delayMs: number;
  /** Extra uniform jitter on top of `delayMs` (ms). */
  jitterMs: number;
  /**
   * Probability that a message (one chunk, either direction) destroys its connection instead of
   * being forwarded. Upstream chunks are the dangerous case: the request took effect, the answer is
   * lost (a transaction sent but its hash never returned).
   */
  drop: number;
  /** Partitioned: existing connections are cut, new ones refused or left hanging. */
  partition: PartitionMode | false;
};

export type ProxyStats = { connections: number; dropped: number; refused: number; hung: number; cut: number };

export type Proxy = {
  name: string;
  /** `http://127.0.0.1:<port>`: give this to the client side instead of the target. */
  url: string;
  port: number;
  faults: ProxyFaults;
  stats: ProxyStats;
  /** Changes some faults; partition on cuts every open connection. */
  set(faults: Partial<ProxyFaults>): void;
  /** Removes every fault (and releases hanging connections). */
  heal(): void;
  /** Destroys every open connection (clients see a reset and reconnect). */
  cutAll(): number;
  close(): Promise<void>;
};

const NO_FAULTS: ProxyFaults = { delayMs: 0, jitterMs: 0, drop: 0, partition: false };

/**
 * A loopback TCP proxy in front of `target` (an HTTP service or a JSON-RPC node) with faults
 * switched at run time: delay, per-message drop, partition. Decisions come from a seeded PRNG.
 * @example
 * const rpc = await startProxy({ name: 'rpc', target: 'http://127.0.0.1:8545', seed: 1 });
 * rpc.set({ drop: 0.1, delayMs: 50 }); … rpc.heal(); await rpc.close();
 */
export async function startProxy({ name, target, seed = 1 }: { name: string; target: string; seed?: number }): Promise<Proxy> {
  const t = new URL(target);
  const host = t.hostname;
  const port = Number(t.port);
  const random = seededRandom(seed);
  const open = new Set<Socket>();
  const hanging = new Set<Socket>();
  const stats: ProxyStats = { connections: 0, dropped: 0, refused: 0, hung: 0, cut: 0 };
  const faults: ProxyFaults = { ...NO_FAULTS };

  const kill = (s: Socket) => {
    if (!s.destroyed) s.resetAndDestroy();
  };

  /** Forwards `from` to `to`, chunk by chunk, with the current delay and drop faults. */
  function pipe(from: Socket, to: Socket, pair: [Socket, Socket]) {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (faults.drop > 0 && random() < faults.drop) {
        stats.dropped++;
        pair.forEach(kill);
        return;
      }
      const wait = faults.delayMs + (faults.jitterMs ? random() * faults.jitterMs : 0);
      if (wait <= 0) {
        if (!to.destroyed) to.write(chunk);
        return;
      }
      from.pause();
      chain = chain.then(
        () =>
          new Promise<void>((done) =>
            setTimeout(() => {
              if (!to.destroyed) to.write(chunk);
              if (!from.destroyed) from.resume();
              done();
            }, wait),
          ),
      );
    });
    from.on('end', () => void chain.then(() => to.end()));
  }

  const server: Server = createServer((client) => {
    stats.connections++;
    client.on('error', () => undefined);
    if (faults.partition === 'refuse') {
      stats.refused++;
      kill(client);
      return;
    }
    if (faults.partition === 'hang') {
      stats.hung++;
      hanging.add(client);
      client.on('close', () => hanging.delete(client));
      return;
    }
    const upstream = connect({ host, port });
    upstream.on('error', () => kill(client));
    client.on('error', () => kill(upstream));
    const pair: [Socket, Socket] = [client, upstream];
    for (const s of pair) {
      open.add(s);
      s.on('close', () => {
        open.delete(s);
        pair.forEach(kill);
      });
    }
    pipe(client, upstream, pair);
    pipe(upstream, client, pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const listenPort = (server.address() as { port: number }).port;

  const heal = () => {
    Object.assign(faults, NO_FAULTS);
    for (const s of [...hanging]) kill(s);
    hanging.clear();
  };
  const cutAll = () => {
    const n = open.size;
    for (const s of [...open]) kill(s);
    stats.cut += n;
    return n;
  };
  return {
    name,
    url: `http://127.0.0.1:${listenPort}`,
    port: listenPort,
    faults,
    stats,
    set(f) {
      Object.assign(faults, f);
      if (f.partition) cutAll();
    },
    heal,
    cutAll,
    async close() {
      heal();
      cutAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
