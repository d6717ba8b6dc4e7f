import { Injectable } from '@nestjs/common';
import { ActivityService } from '../activity';
import { LeadPreferencesRepository } from '../accounts';
import { Transactions } from '../core/database/transactions';
import type { NotificationPreferencesDto } from './notification-preferences.dto';
import { NotificationPreferencesRepository } from './notification-preferences.repository';

/** Which emails a client's owner gets: the new-lead email (a lead preference) and the rest (notification preferences). */
@Injectable()
export class NotificationPreferencesService {
  constructor(
    private readonly transactions: Transactions,
    private readonly prefs: NotificationPreferencesRepository,
    private readonly leadPrefs: LeadPreferencesRepository,
    private readonly activity: ActivityService,
  ) {}

  async get(clientId: string): Promise<NotificationPreferencesDto> {
    const prefs = await this.prefs.of(clientId);
    return {
      newLead: await this.leadPrefs.emailNewLeads(clientId),
      lowBalance: prefs?.lowBalance ?? true,
      payments: prefs?.payments ?? true,
      invoices: prefs?.invoices ?? true,
      webhookFailures: prefs?.webhookFailures ?? true,
      reports: prefs?.reports ?? true,
    };
  }

  async set(clientId: string, actorUserId: string, dto: NotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    const before = await this.get(clientId);
    await this.transactions.run(async (tx) => {
      await this.prefs.save(tx, clientId, {
        lowBalance: dto.lowBalance,
        payments: dto.payments,
        invoices: dto.invoices,
        webhookFailures: dto.webhookFailures,
        reports: dto.reports ?? before.reports ?? true,
      });
      await this.leadPrefs.setEmailNewLeads(tx, clientId, dto.newLead);
      await this.activity.record(tx, {
        clientId,
        actorUserId,
        action: 'notification_preferences.updated',
        before,
        after: { ...dto, reports: dto.reports ?? before.reports },
      });
    });
    return this.get(clientId);
  }
}
