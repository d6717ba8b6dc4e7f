import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts';
import { BillingModule } from '../billing';
import { UsersModule } from '../identity';
import { SubscriptionsModule } from '../subscriptions';
import { WebhooksWorkerModule } from '../webhooks';
import { EmailFactsRepository } from './email-facts.repository';
import { MailService } from './mail.service';
import { SentEmailRepository } from './sent-email.repository';
import { SubscriptionEmails } from './subscription-emails';
import { NotificationsProcessor } from './notifications.processor';
import { SmsAlerts } from './sms/sms-alerts';
import { SmsModule } from './sms/sms.module';
import { SmsProcessor } from './sms/sms.processor';
import { SmsSender } from './sms/sms-sender';
import { SmsVerification } from './sms/sms-verification';

/** The consumer side of the email and sms queues; imported by the worker only. */
@Module({
  imports: [SmsModule, UsersModule, AccountsModule, BillingModule, SubscriptionsModule, WebhooksWorkerModule],
  providers: [
    MailService,
    SentEmailRepository,
    EmailFactsRepository,
    SubscriptionEmails,
    NotificationsProcessor,
    SmsProcessor,
    SmsAlerts,
    SmsSender,
    SmsVerification,
  ],
})
export class NotificationsWorkerModule {}
