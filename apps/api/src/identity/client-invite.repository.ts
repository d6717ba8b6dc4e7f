import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { ClientInvite } from './entities/client-invite.entity';

/** client_invites: admin-issued sign-up links (stored as the token's hash). */
@Injectable()
export class ClientInviteRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(invite: Pick<ClientInvite, 'tokenHash' | 'billingMode' | 'email' | 'createdBy' | 'expiresAt'>): Promise<void> {
    await this.db.manager.insert(ClientInvite, invite);
  }

  lockByHash(tx: Tx, tokenHash: string): Promise<ClientInvite | null> {
    return managerOf(this.db, tx).findOne(ClientInvite, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  async markUsed(tx: Tx, id: string): Promise<void> {
    await managerOf(this.db, tx).update(ClientInvite, { id }, { usedAt: new Date() });
  }
}
