import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { IntegrationState, type IntegrationKind } from './entities/integration-state.entity';

/** integration_states: where each client's registration with Stripe, LeadByte and Xero stands. */
@Injectable()
export class IntegrationStateRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Marks a new run pending (revision + 1, attempts reset); answers the run's revision. */
  async startRun(tx: Tx | undefined, clientId: string, kind: IntegrationKind): Promise<number> {
    const rows: Array<{ revision: number }> = await managerOf(this.db, tx).query(
      `INSERT INTO integration_states (client_id, kind, status, revision, attempts, last_error)
       VALUES ($1, $2, 'pending', 1, 0, NULL)
       ON CONFLICT (client_id, kind) DO UPDATE
         SET status = 'pending', revision = integration_states.revision + 1, attempts = 0, last_error = NULL, updated_at = now()
       RETURNING revision`,
      [clientId, kind],
    );
    return rows[0]!.revision;
  }

  /** Writes a run's outcome unless a newer run (higher revision) has taken over the state. */
  async finishRun(
    clientId: string,
    kind: IntegrationKind,
    revision: number,
    change: Pick<IntegrationState, 'status' | 'lastError' | 'attempts'>,
  ): Promise<void> {
    await this.db
      .createQueryBuilder()
      .update(IntegrationState)
      .set(change)
      .where('client_id = :clientId AND kind = :kind AND revision = :revision', { clientId, kind, revision })
      .execute();
  }

  exists(clientId: string, kind: IntegrationKind): Promise<boolean> {
    return this.db.manager.exists(IntegrationState, { where: { clientId, kind } });
  }

  ofClient(clientId: string): Promise<IntegrationState[]> {
    return this.db.manager.find(IntegrationState, { where: { clientId }, order: { kind: 'ASC' } });
  }

  /** For several clients at once (the admin list). */
  ofClients(clientIds: string[]): Promise<IntegrationState[]> {
    if (!clientIds.length) return Promise.resolve([]);
    return this.db.manager
      .createQueryBuilder(IntegrationState, 's')
      .where('s.client_id IN (:...ids)', { ids: clientIds })
      .orderBy('s.kind', 'ASC')
      .getMany();
  }

  waiting(kind: IntegrationKind): Promise<IntegrationState[]> {
    return this.db.manager.find(IntegrationState, { where: { kind, status: 'waiting' } });
  }
}
