import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityService } from '../activity/activity.service';
import { ClientAccessGuard } from '../identity/client-access.guard';
import { Client } from '../accounts/entities/client.entity';
import { NotificationPreferences } from '../notifications/entities/notification-preferences.entity';
import { NotificationPreferencesController } from '../notifications/notification-preferences.controller';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import { OutboxService } from './outbox.service';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import {
  AdminWebhookDeliveriesController,
  AdminWebhookEndpointsController,
  WebhookCatalogController,
  WebhookDeliveriesController,
  WebhookEndpointsController,
} from './webhooks.controller';

/** The API side of webhooks: endpoints, the delivery log, tests and replays; plus notification preferences. */
@Module({
  imports: [TypeOrmModule.forFeature([Client, WebhookEndpoint, WebhookDelivery, WebhookAttempt, NotificationPreferences])],
  controllers: [
    WebhookCatalogController,
    WebhookEndpointsController,
    WebhookDeliveriesController,
    AdminWebhookEndpointsController,
    AdminWebhookDeliveriesController,
    NotificationPreferencesController,
  ],
  providers: [WebhookEndpointsService, OutboxService, ActivityService, ClientAccessGuard],
})
export class WebhooksModule {}
