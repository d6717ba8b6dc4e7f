import { Module } from '@nestjs/common';
import { NotificationsQueue } from './notifications.queue';

/** The producer side: what the API process needs to queue notifications. */
@Module({
  providers: [NotificationsQueue],
  exports: [NotificationsQueue],
})
export class NotificationsModule {}
