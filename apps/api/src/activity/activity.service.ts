import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { recordOutboxEvent } from '../webhooks/outbox.service';
import { ActivityLog } from './entities/activity-log.entity';

export interface Activity {
  clientId: string | null;
  actorUserId: string | null;
  action: string;
  before?: object | null;
  after?: object | null;
}

/** Appends to the activity log in the caller's transaction, and records the `activity.recorded` webhook event with it. */
@Injectable()
export class ActivityService {
  async record(tx: EntityManager, activity: Activity): Promise<void> {
    const row = tx.create(ActivityLog, { clientId: activity.clientId, actorUserId: activity.actorUserId, action: activity.action });
    row.before = activity.before ?? null;
    row.after = activity.after ?? null;
    const inserted = await tx.insert(ActivityLog, row);
    if (!activity.clientId) return;
    const activityId = (inserted.identifiers[0] as { id: string }).id;
    await recordOutboxEvent(tx, {
      type: 'activity.recorded',
      aggregateType: 'client',
      aggregateId: activity.clientId,
      clientId: activity.clientId,
      payload: {
        activityId,
        clientId: activity.clientId,
        actorUserId: activity.actorUserId,
        action: activity.action,
        before: row.before,
        after: row.after,
      },
    });
  }
}
