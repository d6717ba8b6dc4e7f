import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '../core/config/app-config';
import { SentEmailRepository } from './sent-email.repository';
import type { EmailContent } from './templates/email-templates';

/** Whose email it is and what kind, for the notification log. */
export interface EmailLabel {
  clientId: string | null;
  kind: string;
}

/** Sends email over SMTP (any provider, or the sandbox's catcher in development). */
@Injectable()
export class MailService implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(
    private readonly config: AppConfig,
    private readonly sent: SentEmailRepository,
  ) {
    this.transport = createTransport(config.smtpUrl.reveal());
  }

  /** Sends, and records the attempt in the notification log (a failure is recorded, then thrown for the job to retry). */
  async send(to: string, content: EmailContent, label: EmailLabel): Promise<string> {
    const row = { clientId: label.clientId, kind: label.kind, toEmail: to, subject: content.subject };
    let info: { messageId: string };
    try {
      info = (await this.transport.sendMail({ from: this.config.mailFrom, to, ...content })) as { messageId: string };
    } catch (err) {
      await this.sent.record({ ...row, status: 'failed', error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
    await this.sent.record({ ...row, status: 'sent', error: null });
    return info.messageId;
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
