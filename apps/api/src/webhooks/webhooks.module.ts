import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity';
import { Client } from '../clients';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { OutboxModule } from '../outbox';
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
  imports: [ActivityModule, OutboxModule, TypeOrmModule.forFeature([Client, WebhookEndpoint, WebhookDelivery, WebhookAttempt])],
  controllers: [
    WebhookCatalogController,
    WebhookEndpointsController,
    WebhookDeliveriesController,
    AdminWebhookEndpointsController,
    AdminWebhookDeliveriesController,
  ],
  providers: [WebhookEndpointsService],
})
export class WebhooksModule {}
