import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ClientInvite } from './entities/client-invite.entity';

/** client_invites: admin-issued sign-up links (stored as the token's hash). */
@Injectable()
export class ClientInviteRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(invite: Pick<ClientInvite, 'tokenHash' | 'billingMode' | 'email' | 'createdBy' | 'expiresAt'>): Promise<void> {
    await this.db.manager.insert(ClientInvite, invite);
  }
}
