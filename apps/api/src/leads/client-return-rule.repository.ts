import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { ClientReturnRule } from './entities/client-return-rule.entity';

/** client_return_rules: the only writer. No row: the defaults. */
@Injectable()
export class ClientReturnRuleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  of(tx: Tx | undefined, clientId: string): Promise<ClientReturnRule | null> {
    return managerOf(this.db, tx).findOne(ClientReturnRule, { where: { clientId } });
  }

  async save(tx: Tx, rule: Pick<ClientReturnRule, 'clientId' | 'rateLimitPercent' | 'autoApprove'>): Promise<void> {
    await managerOf(this.db, tx).upsert(ClientReturnRule, rule, ['clientId']);
  }
}
