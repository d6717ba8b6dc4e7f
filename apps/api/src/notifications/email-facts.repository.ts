import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CreditAccount, Payment } from '../billing';
import { Industry } from '../catalog';
import { Client } from '../clients';
import { PasswordResetToken, TeamInvite, User } from '../identity';
import { Delivery, Lead, LeadReport } from '../leads';
import { WebhookDelivery, WebhookEndpoint } from '../webhooks';
import { NotificationPreferences } from './entities/notification-preferences.entity';

/**
 * What emails are written from, read fresh when each email job runs: a read model over the owners'
 * tables (it never writes them).
 */
@Injectable()
export class EmailFactsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  user(id: string): Promise<User | null> {
    return this.db.manager.findOne(User, { where: { id } });
  }

  owner(clientId: string): Promise<User | null> {
    return this.db.manager.findOne(User, { where: { clientId, clientRole: 'owner' } });
  }

  client(id: string): Promise<Client | null> {
    return this.db.manager.findOne(Client, { where: { id } });
  }

  /** The reset link with its user. */
  passwordReset(id: string): Promise<PasswordResetToken | null> {
    return this.db.manager.findOne(PasswordResetToken, { where: { id }, relations: { user: true } });
  }

  account(clientId: string): Promise<CreditAccount | null> {
    return this.db.manager.findOne(CreditAccount, { where: { clientId } });
  }

  payment(id: string): Promise<Payment | null> {
    return this.db.manager.findOne(Payment, { where: { id } });
  }

  delivery(id: string): Promise<Delivery | null> {
    return this.db.manager.findOne(Delivery, { where: { id } });
  }

  lead(id: string): Promise<Lead> {
    return this.db.manager.findOneOrFail(Lead, { where: { id } });
  }

  industry(id: string): Promise<Industry> {
    return this.db.manager.findOneOrFail(Industry, { where: { id } });
  }

  endpoint(id: string): Promise<WebhookEndpoint | null> {
    return this.db.manager.findOne(WebhookEndpoint, { where: { id } });
  }

  webhookDelivery(id: string): Promise<WebhookDelivery | null> {
    return this.db.manager.findOne(WebhookDelivery, { where: { id } });
  }

  teamInvite(id: string): Promise<TeamInvite | null> {
    return this.db.manager.findOne(TeamInvite, { where: { id } });
  }

  report(id: string): Promise<LeadReport | null> {
    return this.db.manager.findOne(LeadReport, { where: { id } });
  }

  preferences(clientId: string): Promise<NotificationPreferences | null> {
    return this.db.manager.findOne(NotificationPreferences, { where: { clientId } });
  }
}
