import { Injectable, NotFoundException, OnModuleInit } from '@nestjs/common';
import { Transactions, type Tx } from '../core/database/transactions';
import { AppConfig } from '../core/config/app-config';
import { JobQueue } from '../core/queue/job-queue';
import { IntegrationJobName, QUEUES } from '../core/queue/queues';
import { XeroService } from '../xero';
import type { IntegrationStateDto } from './dto/onboarding.dto';
import type { IntegrationKind } from './entities/integration-state.entity';
import { IntegrationStateRepository } from './integration-state.repository';

export const JOB_FOR: Record<IntegrationKind, IntegrationJobName> = {
  stripe_customer: 'register.stripe-customer',
  leadbyte_buyer: 'register.leadbyte-buyer',
  xero_contact: 'register.xero-contact',
};

/**
 * Queues a client's registrations with Stripe, LeadByte and Xero and keeps their state. Each run
 * has its own job id (`kind:client:revision`), so a re-run is never swallowed as a duplicate,
 * while the same run can never be queued twice.
 */
@Injectable()
export class IntegrationsService implements OnModuleInit {
  constructor(
    private readonly tx: Transactions,
    private readonly rows: IntegrationStateRepository,
    private readonly jobs: JobQueue,
    private readonly config: AppConfig,
    private readonly xero: XeroService,
  ) {}

  onModuleInit(): void {
    // Contacts waited while Xero was not connected; now they can go.
    this.xero.onConnected(async () => {
      const waiting = await this.rows.waiting('xero_contact');
      for (const state of waiting) await this.requeue(state.clientId, 'xero_contact');
    });
  }

  /** Marks the registrations pending in the caller's transaction; call `dispatch` after it commits. */
  async prepare(tx: Tx, clientId: string, kinds: IntegrationKind[]): Promise<Array<{ kind: IntegrationKind; revision: number }>> {
    const prepared: Array<{ kind: IntegrationKind; revision: number }> = [];
    for (const kind of kinds) prepared.push({ kind, revision: await this.rows.startRun(tx, clientId, kind) });
    return prepared;
  }

  async dispatch(clientId: string, runs: Array<{ kind: IntegrationKind; revision: number }>, delayMs = 0): Promise<void> {
    for (const run of runs) {
      await this.jobs.add(
        QUEUES.integrations,
        JOB_FOR[run.kind],
        { clientId },
        {
          jobId: `${run.kind}:${clientId}:${run.revision}`,
          attempts: this.config.integrations.attempts,
          backoff: { type: 'exponential', delay: this.config.integrations.retryBaseMs },
          delay: delayMs,
        },
      );
    }
  }

  /** Admin "retry now", and re-runs after Xero connects or rate-limits. */
  async requeue(clientId: string, kind: IntegrationKind, delayMs = 0): Promise<IntegrationStateDto> {
    const exists = await this.rows.exists(clientId, kind);
    if (!exists) throw new NotFoundException(`This client has no ${kind.replace('_', ' ')} registration yet`);
    const runs = await this.tx.run((tx) => this.prepare(tx, clientId, [kind]));
    await this.dispatch(clientId, runs, delayMs);
    return (await this.states(clientId)).find((s) => s.kind === kind)!;
  }

  async states(clientId: string): Promise<IntegrationStateDto[]> {
    return (await this.rows.ofClient(clientId)).map((r) => ({
      kind: r.kind,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      updatedAt: r.updatedAt.toISOString(),
    }));
  }
}
