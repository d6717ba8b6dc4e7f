import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityModule } from '../activity';
import { LeadPreferences, AccountsModule } from '../accounts';
import { BillingModule } from '../billing';
import { Client } from '../clients';
import { WebhooksModule } from '../webhooks';
import { NotificationPreferences } from './entities/notification-preferences.entity';
import { AdminNotificationLogController, NotificationLogController } from './notification-log.controller';
import { NotificationLogRepository } from './notification-log.repository';
import { NotificationLogService } from './notification-log.service';
import { NotificationPreferencesController } from './notification-preferences.controller';
import { NotificationPreferencesRepository } from './notification-preferences.repository';
import { NotificationPreferencesService } from './notification-preferences.service';
import { SmsModule } from './sms/sms.module';
import { SmsNumbersController } from './sms/sms-numbers.controller';
import { SmsNumbersService } from './sms/sms-numbers.service';
import { TwilioWebhooksController } from './sms/twilio-webhooks.controller';
import { TwilioWebhooksService } from './sms/twilio-webhooks.service';

/**
 * The API side of notifications: each client's email preferences, its people's text-alert numbers,
 * Twilio's callbacks. (Emails and texts are sent by the worker: NotificationsWorkerModule.)
 */
@Module({
  imports: [
    SmsModule,
    ActivityModule,
    AccountsModule,
    BillingModule,
    WebhooksModule,
    TypeOrmModule.forFeature([Client, LeadPreferences, NotificationPreferences]),
  ],
  controllers: [
    NotificationPreferencesController,
    SmsNumbersController,
    TwilioWebhooksController,
    NotificationLogController,
    AdminNotificationLogController,
  ],
  providers: [
    NotificationPreferencesService,
    NotificationPreferencesRepository,
    SmsNumbersService,
    TwilioWebhooksService,
    NotificationLogService,
    NotificationLogRepository,
  ],
})
export class NotificationsModule {}
