import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { UserIdentity } from './entities/user-identity.entity';

/** user_identities: the provider identities (Google accounts) linked to users. */
@Injectable()
export class UserIdentityRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  bySubject(provider: string, subject: string, tx?: Tx): Promise<UserIdentity | null> {
    return managerOf(this.db, tx).findOne(UserIdentity, { where: { provider, subject } });
  }

  ofUser(userId: string, tx?: Tx): Promise<UserIdentity[]> {
    return managerOf(this.db, tx).find(UserIdentity, { where: { userId }, order: { linkedAt: 'ASC' } });
  }

  insert(tx: Tx, row: Pick<UserIdentity, 'userId' | 'provider' | 'subject' | 'email'>): Promise<UserIdentity> {
    const m = managerOf(this.db, tx);
    return m.save(m.create(UserIdentity, { ...row, lastUsedAt: new Date() }));
  }

  /** True when there was one to remove. */
  async remove(tx: Tx, userId: string, provider: string): Promise<boolean> {
    const result = await managerOf(this.db, tx).delete(UserIdentity, { userId, provider });
    return (result.affected ?? 0) > 0;
  }

  async touch(id: string): Promise<void> {
    await this.db.manager.update(UserIdentity, { id }, { lastUsedAt: new Date() });
  }
}
