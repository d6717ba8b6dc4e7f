import type { Clock } from '../core/clock';

export interface CaughtMessage {
  id: string;
  receivedAt: string;
  from: string;
  to: string[];
  cc: string[];
  subject: string;
  text: string;
  html: string | null;
  links: string[];
  headers: Record<string, string>;
  /** Envelope recipients (RCPT TO), which include Bcc. */
  envelopeTo: string[];
  size: number;
}

/** Pull every http(s) link out of the HTML hrefs and the text body, in order, without repeats. */
export function extractLinks(html: string | null, text: string): string[] {
  const found: string[] = [];
  const add = (url: string): void => {
    const clean = url.replace(/&amp;/g, '&').replace(/[).,;]+$/, '');
    if (!found.includes(clean)) found.push(clean);
  };
  if (html) for (const m of html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)) if (/^https?:/i.test(m[1])) add(m[1]);
  for (const m of text.matchAll(/https?:\/\/[^\s<>"']+/gi)) add(m[0]);
  return found;
}

export class MailStore {
  private messages: CaughtMessage[] = [];
  private seq = 0;

  constructor(private readonly clock: Clock) {}

  add(message: Omit<CaughtMessage, 'id' | 'receivedAt' | 'links'>): CaughtMessage {
    const stored: CaughtMessage = {
      ...message,
      id: String(++this.seq),
      receivedAt: new Date(this.clock.nowMs()).toISOString(),
      links: extractLinks(message.html, message.text),
    };
    this.messages.push(stored);
    return stored;
  }

  /** Newest first. */
  list(filter?: { to?: string }): CaughtMessage[] {
    const to = filter?.to?.toLowerCase();
    return [...this.messages]
      .reverse()
      .filter((m) => !to || [...m.to, ...m.cc, ...m.envelopeTo].some((addr) => addr.toLowerCase().includes(to)));
  }

  get(id: string): CaughtMessage | undefined {
    return this.messages.find((m) => m.id === id);
  }

  clear(): void {
    this.messages = [];
  }
}
