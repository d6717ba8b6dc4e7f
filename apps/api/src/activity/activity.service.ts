import { Injectable } from '@nestjs/common';
import type { Tx } from '../core/database/transactions';
import { OutboxService } from '../outbox';
import { ActivityLogRepository } from './activity-log.repository';
import type { ActivityPageDto } from './dto/activity.dto';

export interface Activity {
  clientId: string | null;
  actorUserId: string | null;
  action: string;
  before?: object | null;
  after?: object | null;
}

/** The client activity log: who did what, with the values before and after. */
@Injectable()
export class ActivityService {
  constructor(
    private readonly log: ActivityLogRepository,
    private readonly outbox: OutboxService,
  ) {}

  /** Appends to the log in the caller's transaction, and records the `activity.recorded` webhook event with it. */
  async record(tx: Tx, activity: Activity): Promise<void> {
    const before = activity.before ?? null;
    const after = activity.after ?? null;
    const activityId = await this.log.insert(tx, {
      clientId: activity.clientId,
      actorUserId: activity.actorUserId,
      action: activity.action,
      before,
      after,
    });
    if (!activity.clientId) return;
    await this.outbox.record(tx, {
      type: 'activity.recorded',
      aggregateType: 'client',
      aggregateId: activity.clientId,
      clientId: activity.clientId,
      payload: { activityId, clientId: activity.clientId, actorUserId: activity.actorUserId, action: activity.action, before, after },
    });
  }

  /**
   * Erasure: blanks the notes of the clients' entries about these leads or their reports. Answers
   * the entries changed; their `activity.recorded` events are the outbox's to rewrite.
   */
  eraseNotes(tx: Tx, clientIds: string[], refs: { leadIds: string[]; reportIds: string[] }): Promise<string[]> {
    return this.log.eraseNotes(tx, clientIds, refs);
  }

  /** A client's log, newest first, with the actor's name ("(admin)" for an admin). */
  async page(clientId: string, page: number, pageSize: number): Promise<ActivityPageDto> {
    const { rows, total } = await this.log.page(clientId, page, pageSize);
    return {
      items: rows.map((r) => ({
        id: r.id,
        action: r.action,
        actor:
          r.actor === null ? null : `${r.actor.firstName} ${r.actor.lastName ?? ''}`.trim() + (r.actor.role === 'admin' ? ' (admin)' : ''),
        before: r.before,
        after: r.after,
        createdAt: r.createdAt.toISOString(),
      })),
      meta: { page, pageSize, total },
    };
  }
}
