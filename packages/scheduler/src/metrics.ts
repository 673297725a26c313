import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

/** Prometheus metrics of the scheduler, served at /metrics. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'proofgrid_scheduler_' });
  const counter = (name: string, help: string) => new Counter({ name: `proofgrid_${name}`, help, registers: [registry] });
  return {
    registry,
    deals: counter('deals_matched_total', 'Deals this scheduler matched on chain'),
    leases: counter('leases_granted_total', 'Batch leases granted to workers'),
    leasesExpired: counter('leases_expired_total', 'Leases lost to a missed heartbeat (work reassigned)'),
    reorgedMatches: counter('matches_reorged_total', 'Matches this scheduler sent that a chain reorg removed (their orders reopened)'),
    heartbeats: counter('heartbeats_total', 'Worker heartbeats received'),
    tasksDone: counter('tasks_finalized_total', 'Tasks whose batch was finalized on chain'),
    orders: counter('orders_published_total', 'Orders accepted into the book'),
    requests: counter('http_requests_total', 'HTTP requests served'),
    rateLimited: new Counter({
      name: 'proofgrid_http_rate_limited_total',
      help: 'Requests refused with 429 RateLimited, by whom they counted against (worker or ip)',
      labelNames: ['scope'] as const,
      registers: [registry],
    }),
    workersOnline: new Gauge({ name: 'proofgrid_workers_online', help: 'Workers seen within a lease TTL', registers: [registry] }),
  };
}
