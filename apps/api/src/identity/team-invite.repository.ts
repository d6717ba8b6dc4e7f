import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, MoreThan, type DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { TeamInvite } from './entities/team-invite.entity';

/** team_invites: an owner's invitations to join the account (stored as the link token's hash). */
@Injectable()
export class TeamInviteRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(
    tx: Tx,
    invite: Pick<TeamInvite, 'id' | 'clientId' | 'email' | 'role' | 'tokenHash' | 'invitedBy' | 'expiresAt'>,
  ): Promise<TeamInvite> {
    const m = managerOf(this.db, tx);
    await m.insert(TeamInvite, m.create(TeamInvite, invite));
    return m.findOneOrFail(TeamInvite, { where: { id: invite.id } });
  }

  /** Unused and unexpired, oldest first. */
  pending(clientId: string, tx?: Tx): Promise<TeamInvite[]> {
    return managerOf(this.db, tx).find(TeamInvite, {
      where: { clientId, usedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { createdAt: 'ASC' },
    });
  }

  unused(tx: Tx, clientId: string, id: string): Promise<TeamInvite | null> {
    return managerOf(this.db, tx).findOne(TeamInvite, { where: { id, clientId, usedAt: IsNull() } });
  }

  async remove(tx: Tx, id: string): Promise<void> {
    await managerOf(this.db, tx).delete(TeamInvite, { id });
  }

  lockByHash(tx: Tx, tokenHash: string): Promise<TeamInvite | null> {
    return managerOf(this.db, tx).findOne(TeamInvite, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  async markUsed(tx: Tx, id: string): Promise<void> {
    await managerOf(this.db, tx).update(TeamInvite, { id }, { usedAt: new Date() });
  }
}
