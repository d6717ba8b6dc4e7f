import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { SentEmail } from './entities/sent-email.entity';

/** sent_emails: what the worker emailed, for the notification log. */
@Injectable()
export class SentEmailRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(row: Pick<SentEmail, 'clientId' | 'kind' | 'toEmail' | 'subject' | 'status' | 'error'>): Promise<void> {
    await this.db.manager.insert(SentEmail, { ...row, subject: row.subject.slice(0, 300), error: row.error?.slice(0, 500) ?? null });
  }
}
