import { Logger, Module } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { WebhookJobs, QUEUES } from '../core/queue/queues';
import { OutboxModule } from '../outbox';
import { WebhooksModule } from './webhooks.module';
import { WebhookRelay } from './webhook-relay';
import { WebhookSender } from './webhook-sender';

/** Consumes `webhook.deliver` jobs from the webhooks queue. */
@Processor(QUEUES.webhooks)
export class WebhookDeliveryProcessor {
  private readonly logger = new Logger(WebhookDeliveryProcessor.name);

  constructor(private readonly sender: WebhookSender) {}

  /** An error here leaves the delivery locked; the relay hands it over again once the lock and the dispatch lease have run out. */
  @Process({ name: 'webhook.deliver', concurrency: 32 })
  async deliver(job: Job<WebhookJobs['webhook.deliver']>): Promise<void> {
    try {
      await this.sender.attempt(job.data.deliveryId, job.data.attempt);
    } catch (err) {
      this.logger.error(
        { err, deliveryId: job.data.deliveryId, attempt: job.data.attempt },
        'Webhook attempt could not be made or recorded',
      );
      throw err;
    }
  }
}

/** The worker side of webhooks: the outbox relay and the sender. */
@Module({
  imports: [OutboxModule, WebhooksModule],
  providers: [WebhookRelay, WebhookSender, WebhookDeliveryProcessor],
})
export class WebhooksWorkerModule {}
