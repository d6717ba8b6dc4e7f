import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordResetToken } from '../identity/entities/password-reset-token.entity';
import { PasswordResetLinks } from '../identity/password-reset-links';
import { CreditAccount } from '../billing/entities/credit-account.entity';
import { Payment } from '../billing/entities/payment.entity';
import { User } from '../identity/entities/user.entity';
import { Delivery } from '../leads/entities/delivery.entity';
import { Lead } from '../leads/entities/lead.entity';
import { Industry } from '../catalog/entities/industry.entity';
import { Client } from '../accounts/entities/client.entity';
import { TeamInvite } from '../identity/entities/team-invite.entity';
import { TeamInviteLinks } from '../identity/team-invite-links';
import { WebhookDelivery } from '../webhooks/entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../webhooks/entities/webhook-endpoint.entity';
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
