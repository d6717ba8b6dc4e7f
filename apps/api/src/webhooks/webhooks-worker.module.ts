import { Logger, Module } from '@nestjs/common';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { WebhookJobs, QUEUES } from '../core/queue/queues';
import { OutboxModule } from '../outbox';
import { WebhooksModule } from './webhooks.module';
import { WebhookRelay } from './webhook-relay';
import { WebhookSender } from './webhook-sender';

/** Consumes the webhooks queue's jobs: batches of deliveries (and single ones queued by earlier releases). */
@Processor(QUEUES.webhooks)
export class WebhookDeliveryProcessor {
  private readonly logger = new Logger(WebhookDeliveryProcessor.name);

  constructor(private readonly sender: WebhookSender) {}

  /**
   * Up to 6 batches at once (96 requests in flight at most). An error here leaves the deliveries locked;
   * the relay hands them over again once the lock and the dispatch lease have run out.
   */
  @Process({ name: 'webhook.deliver-batch', concurrency: 6 })
  async deliverBatch(job: Job<WebhookJobs['webhook.deliver-batch']>): Promise<void> {
    await this.attempt(job.data.items);
  }

  @Process({ name: 'webhook.deliver', concurrency: 2 })
  async deliver(job: Job<WebhookJobs['webhook.deliver']>): Promise<void> {
    await this.attempt([job.data]);
  }

  private async attempt(items: Array<{ deliveryId: string; attempt: number }>): Promise<void> {
    try {
      await this.sender.attempt(items);
    } catch (err) {
      this.logger.error({ err, deliveries: items }, 'Webhook attempts could not be made or recorded');
      throw err;
    }
  }
}

/** The worker side of webhooks: the outbox relay and the sender. */
@Module({
  imports: [OutboxModule, WebhooksModule],
  providers: [WebhookRelay, WebhookSender, WebhookDeliveryProcessor],
  exports: [WebhookRelay],
})
export class WebhooksWorkerModule {}
