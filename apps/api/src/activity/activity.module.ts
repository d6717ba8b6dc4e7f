import { Module } from '@nestjs/common';
import { OutboxModule } from '../outbox';
import { ActivityLogRepository } from './activity-log.repository';
import { ActivityService } from './activity.service';

/** The client activity log. */
@Module({
  imports: [OutboxModule],
  providers: [ActivityLogRepository, ActivityService],
  exports: [ActivityService],
})
export class ActivityModule {}
