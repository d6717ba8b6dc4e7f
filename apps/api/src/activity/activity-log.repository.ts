import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { ActivityLog } from './entities/activity-log.entity';

export interface ActivityRow {
  id: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  createdAt: Date;
  actor: { firstName: string; lastName: string | null; role: string | null } | null;
}

/** activity_log: appended to, never changed (but for erasing a person's data from it). */
@Injectable()
export class ActivityLogRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Appends a row; answers its id. */
  async insert(
    tx: Tx,
    a: { clientId: string | null; actorUserId: string | null; action: string; before: object | null; after: object | null },
  ): Promise<string> {
    const em = managerOf(this.db, tx);
    const row = em.create(ActivityLog, { clientId: a.clientId, actorUserId: a.actorUserId, action: a.action });
    row.before = a.before;
    row.after = a.after;
    const inserted = await em.insert(ActivityLog, row);
    return (inserted.identifiers[0] as { id: string }).id;
  }

  /**
   * Blanks the `note` of these clients' entries about these leads or reports (a report's note is
   * free text that may name the person); answers the ids of the entries changed.
   */
  async eraseNotes(tx: Tx, clientIds: string[], refs: { leadIds: string[]; reportIds: string[] }): Promise<string[]> {
    if (clientIds.length === 0 || refs.leadIds.length + refs.reportIds.length === 0) return [];
    const [rows] = (await managerOf(this.db, tx).query(
      `UPDATE activity_log SET after = jsonb_set(after, '{note}', 'null'::jsonb)
        WHERE client_id = ANY($1::uuid[]) AND jsonb_typeof(after) = 'object' AND after ? 'note' AND after->'note' <> 'null'::jsonb
          AND (after->>'leadId' = ANY($2::text[]) OR after->>'reportId' = ANY($3::text[]))
        RETURNING id`,
      [clientIds, refs.leadIds, refs.reportIds],
    )) as [Array<{ id: string }>, number];
    return rows.map((r) => r.id);
  }

  /** A client's log, newest first, with the actor's name and role (a read of users). */
  async page(clientId: string, page: number, pageSize: number): Promise<{ rows: ActivityRow[]; total: number }> {
    const rows: Array<{
      id: string;
      action: string;
      before: Record<string, unknown> | null;
      after: Record<string, unknown> | null;
      created_at: Date;
      first_name: string | null;
      last_name: string | null;
      role: string | null;
      total: number;
    }> = await this.db.query(
      `SELECT a.id, a.action, a.before, a.after, a.created_at, u.first_name, u.last_name, u.role, count(*) OVER ()::int AS total
         FROM activity_log a LEFT JOIN users u ON u.id = a.actor_user_id
        WHERE a.client_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2 OFFSET $3`,
      [clientId, pageSize, (page - 1) * pageSize],
    );
    const total =
      rows[0]?.total ??
      (page === 1
        ? 0
        : (
            (await this.db.query(`SELECT count(*)::int AS n FROM activity_log WHERE client_id = $1`, [clientId])) as Array<{ n: number }>
          )[0]!.n);
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id,
        action: r.action,
        before: r.before,
        after: r.after,
        createdAt: new Date(r.created_at),
        actor: r.first_name === null ? null : { firstName: r.first_name, lastName: r.last_name, role: r.role },
      })),
    };
  }
}
