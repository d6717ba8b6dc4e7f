import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/** A real SMTP server on a free local port that keeps what it receives. */
export class SmtpInbox {
  readonly messages: ReceivedMail[] = [];
  /** Connections that broke (a sender that hung up or was killed), by message: for a test to look at, not a failure. */
  readonly connectionErrors: string[] = [];
  private server?: SMTPServer;
  port = 0;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream)
          .then((mail) => {
            const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
            this.messages.push({
              to,
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    // A sender that goes away mid-connection (a worker killed with its pooled SMTP connection open) resets
    // the socket; smtp-server reports that as an 'error' event, which unheard would end the test process.
    this.server.on('error', (err: Error) => this.connectionErrors.push(err.message));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    const addr = this.server.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : 0;
    return this;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.messages.filter((m) => m.to.includes(address));
  }

  /** Polls until `count` messages to `address` have arrived. */
  async waitFor(address: string, count = 1, timeoutMs = 15_000): Promise<ReceivedMail[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const got = this.to(address);
      if (got.length >= count) return got;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`Expected ${count} email(s) to ${address} within ${timeoutMs} ms; got ${this.to(address).length}`);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
