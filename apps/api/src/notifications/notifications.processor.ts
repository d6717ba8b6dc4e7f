import { Process, Processor } from '@nestjs/bull';
import { Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job } from 'bull';
import { Repository } from 'typeorm';
import { PasswordResetToken } from '../auth/entities/password-reset-token.entity';
import { PasswordResetLinks } from '../auth/password-reset-links';
import { User } from '../clients/entities/user.entity';
import { AppConfig } from '../core/config/app-config';
import { NotificationJobs, QUEUES } from '../core/queue/queues';
import { MailService } from './mail.service';
import { passwordResetEmail, welcomeEmail } from './templates/email-templates';

/** Runs in the worker process only. Each handler re-reads what it needs from the database. */
@Processor(QUEUES.notifications)
export class NotificationsProcessor {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(PasswordResetToken) private readonly resets: Repository<PasswordResetToken>,
    private readonly mail: MailService,
    private readonly links: PasswordResetLinks,
    private readonly config: AppConfig,
  ) {}

  @Process('email.welcome')
  async welcome(job: Job<NotificationJobs['email.welcome']>): Promise<void> {
    const user = await this.users.findOne({ where: { id: job.data.userId } });
    if (!user) return this.logger.warn({ jobId: job.id }, 'Welcome email skipped: the user no longer exists');
    await this.mail.send(user.email, welcomeEmail({ firstName: user.firstName, appUrl: this.config.appUrl }));
  }

  @Process('email.password-reset')
  async passwordReset(job: Job<NotificationJobs['email.password-reset']>): Promise<void> {
    const reset = await this.resets.findOne({ where: { id: job.data.resetId }, relations: { user: true } });
    if (!reset?.user || reset.usedAt || reset.expiresAt.getTime() <= Date.now()) {
      return this.logger.warn({ jobId: job.id }, 'Password reset email skipped: the reset is used, expired or gone');
    }
    const validMinutes = Math.max(1, Math.round((reset.expiresAt.getTime() - Date.now()) / 60_000));
    await this.mail.send(reset.user.email, passwordResetEmail({ firstName: reset.user.firstName, link: this.links.linkFor(reset.id), validMinutes }));
  }
}
