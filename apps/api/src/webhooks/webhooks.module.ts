import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity';
import { OutboxModule } from '../outbox';
import { WebhookDeliveryRepository } from './webhook-delivery.repository';
import { WebhookEndpointRepository } from './webhook-endpoint.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import {
  AdminWebhookDeliveriesController,
  AdminWebhookEndpointsController,
  WebhookCatalogController,
  WebhookDeliveriesController,
  WebhookEndpointsController,
} from './webhooks.controller';

/** The API side of webhooks: endpoints, the delivery log, tests and replays. */
@Module({
  imports: [ActivityModule, OutboxModule],
  controllers: [
    WebhookCatalogController,
    WebhookEndpointsController,
    WebhookDeliveriesController,
    AdminWebhookEndpointsController,
    AdminWebhookDeliveriesController,
  ],
  providers: [WebhookEndpointsService, WebhookEndpointRepository, WebhookDeliveryRepository],
  exports: [WebhookDeliveryRepository],
})
export class WebhooksModule {}
