import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordResetToken } from '../auth/entities/password-reset-token.entity';
import { PasswordResetLinks } from '../auth/password-reset-links';
import { CreditAccount } from '../billing/entities/credit-account.entity';
import { Payment } from '../billing/entities/payment.entity';
import { User } from '../clients/entities/user.entity';
import { Delivery } from '../leads/entities/delivery.entity';
import { Lead } from '../leads/entities/lead.entity';
import { Industry } from '../onboarding/entities/industry.entity';
import { Client } from '../clients/entities/client.entity';
import { TeamInvite } from '../clients/entities/team-invite.entity';
import { TeamInviteLinks } from '../clients/team-invite-links';
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
