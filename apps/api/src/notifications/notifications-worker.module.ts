import { Module } from '@nestjs/common';
import { UsersModule } from '../identity';
import { EmailFactsRepository } from './email-facts.repository';
import { MailService } from './mail.service';
import { NotificationsProcessor } from './notifications.processor';

/** The consumer side of the email queue; imported by the worker only. */
@Module({
  imports: [UsersModule],
  providers: [MailService, EmailFactsRepository, NotificationsProcessor],
})
export class NotificationsWorkerModule {}
