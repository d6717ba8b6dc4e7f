import { simpleParser, type AddressObject } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { MailStore } from './mail-store';

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  if (!value) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((a) => a.value.map((v) => v.address ?? v.name).filter((x): x is string => Boolean(x)));
}

/** SMTP on loopback, no auth, no TLS: every message is parsed and kept in the MailStore. */
export class SmtpCatcher {
  private readonly server: SMTPServer;

  constructor(
    private readonly store: MailStore,
    log: (line: string) => void,
  ) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      banner: 'LeadFlow sandbox mail catcher',
      size: 25 * 1024 * 1024,
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const headers: Record<string, string> = {};
            for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.key.length + 1).trim();
            const html = typeof parsed.html === 'string' ? parsed.html : null;
            const message = this.store.add({
              from: addresses(parsed.from)[0] ?? session.envelope.mailFrom?.toString() ?? '',
              to: addresses(parsed.to),
              cc: addresses(parsed.cc),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html,
              headers,
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              size: parsed.text?.length ?? 0,
            });
            log(`mail ${message.id} "${message.subject}" -> ${message.to.join(', ')}`);
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      },
    });
    this.server.on('error', (err) => log(`smtp error: ${err.message}`));
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.server.off('error', onError);
        resolve((this.server.server.address() as AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
