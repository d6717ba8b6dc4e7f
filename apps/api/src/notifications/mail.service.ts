import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../core/config/app-config';
import type { EmailContent } from './templates/email-templates';

/** Sends email over SMTP (any provider, or the sandbox's catcher in development). */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(private readonly config: AppConfig) {
    this.transport = createTransport(config.smtpUrl.reveal());
  }

  async send(to: string, content: EmailContent): Promise<string> {
    const info = (await this.transport.sendMail({ from: this.config.mailFrom, to, ...content })) as { messageId: string };
    return info.messageId;
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
