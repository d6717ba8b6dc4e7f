import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { LeadPreferences } from './entities/lead-preferences.entity';

/** lead_preferences: what leads a client wants, when, and how many. */
@Injectable()
export class LeadPreferencesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Whether the client gets an email for each new lead (false before it has lead preferences). */
  async emailNewLeads(clientId: string): Promise<boolean> {
    const row = await this.db.manager.findOne(LeadPreferences, { where: { clientId }, select: { clientId: true, emailNewLeads: true } });
    return row?.emailNewLeads ?? false;
  }

  byClient(clientId: string, tx?: Tx): Promise<LeadPreferences | null> {
    return managerOf(this.db, tx).findOne(LeadPreferences, { where: { clientId } });
  }

  async save(tx: Tx, prefs: Omit<LeadPreferences, 'client' | 'updatedAt'>): Promise<void> {
    await managerOf(this.db, tx).upsert(LeadPreferences, prefs, ['clientId']);
  }

  async setEmailNewLeads(tx: Tx, clientId: string, on: boolean): Promise<void> {
    await managerOf(this.db, tx).update(LeadPreferences, { clientId }, { emailNewLeads: on });
  }
}
