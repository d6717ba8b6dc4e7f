import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { NotificationPreferences } from './entities/notification-preferences.entity';

export type EmailSwitches = Pick<NotificationPreferences, 'lowBalance' | 'payments' | 'invoices' | 'webhookFailures' | 'reports'>;

/** notification_preferences: which emails a client's owner gets (no row: all of them). */
@Injectable()
export class NotificationPreferencesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  of(clientId: string): Promise<NotificationPreferences | null> {
    return this.db.manager.findOne(NotificationPreferences, { where: { clientId } });
  }

  async save(tx: Tx, clientId: string, s: EmailSwitches): Promise<void> {
    await managerOf(this.db, tx).upsert(NotificationPreferences, { clientId, ...s }, ['clientId']);
  }
}
