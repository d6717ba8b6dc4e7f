import { Module } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { NotificationJobs, QUEUES } from '../core/queue/queues';
import { NotificationsModule } from '../notifications/notifications.module';
import { WebhookRelay } from './webhook-relay';
import { WebhookSender } from './webhook-sender';

/** Consumes `webhook.deliver` jobs from the notifications queue. */
@Processor(QUEUES.notifications)
export class WebhookDeliveryProcessor {
  constructor(private readonly sender: WebhookSender) {}

  @Process({ name: 'webhook.deliver', concurrency: 32 })
  async deliver(job: Job<NotificationJobs['webhook.deliver']>): Promise<void> {
    await this.sender.attempt(job.data.deliveryId, job.data.attempt);
  }
}

/** The worker side of webhooks: the outbox relay and the sender. */
@Module({
  imports: [NotificationsModule],
  providers: [WebhookRelay, WebhookSender, WebhookDeliveryProcessor],
})
export class WebhooksWorkerModule {}
