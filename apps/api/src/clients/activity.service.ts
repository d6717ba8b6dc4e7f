import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ActivityLog } from './entities/activity-log.entity';

export interface Activity {
  clientId: string | null;
  actorUserId: string | null;
  action: string;
  before?: object | null;
  after?: object | null;
}

/** Appends to the activity log in the caller's transaction. */
@Injectable()
export class ActivityService {
  async record(tx: EntityManager, activity: Activity): Promise<void> {
    const row = tx.create(ActivityLog, { clientId: activity.clientId, actorUserId: activity.actorUserId, action: activity.action });
    row.before = activity.before ?? null;
    row.after = activity.after ?? null;
    await tx.insert(ActivityLog, row);
  }
}
