import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QueueRegistry } from '../queue/queue-registry';

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed'] as const;

/** Prometheus metrics. One registry per app instance (tests boot several apps in one process). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;

  private readonly counters = new Map<string, Counter>();

  /** A counter in this registry (created on first use). */
  counter(name: string, help: string): Counter {
    let c = this.counters.get(name);
    if (!c) {
      c = new Counter({ name, help, registers: [this.registry] });
      this.counters.set(name, c);
    }
    return c;
  }

  constructor(queues: QueueRegistry) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs per Bull queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        for (const queue of queues.all()) {
          try {
            const counts = await queue.getJobCounts();
            for (const state of JOB_STATES) this.set({ queue: queue.name, state }, counts[state]);
          } catch {
            // Redis down: leave the last values; /api/health reports the outage.
          }
        }
      },
    });
  }
}
