import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { LogOutcome } from './dto/notification-log.dto';

/** An email or a text of a client's, as the notification log shows it (recipient not yet masked). */
export interface LogRow {
  id: string;
  at: Date;
  /** `at` to the microsecond (as stored), for the cursor. */
  atText: string;
  channel: 'email' | 'sms';
  type: string;
  recipient: string;
  status: string;
  outcome: LogOutcome;
  detail: string | null;
}

/** sent_emails and sms_messages, read together for the notification log, newest first. */
@Injectable()
export class NotificationLogRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(
    clientId: string,
    q: { channel: 'email' | 'sms' | null; outcome: LogOutcome | null; before: { at: string; id: string } | null; limit: number },
  ): Promise<LogRow[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT * FROM (
         SELECT id, created_at AS at, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_text, 'email' AS channel, kind AS type, to_email AS recipient, status,
                CASE status WHEN 'sent' THEN 'sent' ELSE 'failed' END AS outcome, error AS detail
           FROM sent_emails WHERE client_id = $1
         UNION ALL
         SELECT id, created_at, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'sms', kind, to_phone, status,
                CASE WHEN status IN ('sent', 'delivered') THEN 'sent' WHEN status IN ('pending', 'queued') THEN 'pending'
                     WHEN status IN ('suppressed', 'skipped') THEN 'held' ELSE 'failed' END,
                error_message
           FROM sms_messages WHERE client_id = $1
       ) log
       WHERE ($2::text IS NULL OR channel = $2) AND ($3::text IS NULL OR outcome = $3)
         AND ($4::timestamptz IS NULL OR (at, id) < ($4, $5::uuid))
       ORDER BY at DESC, id DESC LIMIT $6`,
      [clientId, q.channel, q.outcome, q.before?.at ?? null, q.before?.id ?? null, q.limit],
    );
    return rows.map((r) => ({
      id: String(r.id),
      at: r.at as Date,
      atText: String(r.at_text),
      channel: r.channel as 'email' | 'sms',
      type: String(r.type),
      recipient: String(r.recipient),
      status: String(r.status),
      outcome: r.outcome as LogOutcome,
      detail: (r.detail as string | null) ?? null,
    }));
  }
}
