import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordResetToken, PasswordResetLinks, User, TeamInvite, TeamInviteLinks } from '../identity';
import { Client } from '../clients';
import { CreditAccount, Payment } from '../billing';
import { Delivery, Lead } from '../leads';
import { Industry } from '../catalog';
import { WebhookDelivery, WebhookEndpoint } from '../webhooks';
import { NotificationPreferences } from './entities/notification-preferences.entity';
import { MailService } from './mail.service';
import { NotificationsProcessor } from './notifications.processor';

/** The consumer side of the notifications queue; imported by the worker only. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      User,
      PasswordResetToken,
      Payment,
      CreditAccount,
      Delivery,
      Lead,
      Industry,
      Client,
      NotificationPreferences,
      WebhookEndpoint,
      WebhookDelivery,
      TeamInvite,
    ]),
  ],
  providers: [MailService, PasswordResetLinks, TeamInviteLinks, NotificationsProcessor],
})
export class NotificationsWorkerModule {}
