import { BadRequestException, Injectable } from '@nestjs/common';
import { UsageService } from '../billing';
import { WebhookDeliveryRepository, type WebhookLogRow } from '../webhooks';
import type { LogOutcome, NotificationLogItemDto, NotificationLogPageDto, NotificationLogQueryDto } from './dto/notification-log.dto';
import { NotificationLogRepository } from './notification-log.repository';
import { maskPhone } from './sms/mobile-number';

/** "ada@example.co.uk" → "a•••@example.co.uk". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 1 ? '•••' : `${email[0]}•••${email.slice(at)}`;
}

/** A URL's scheme and host only (paths and queries often carry tokens). */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '•••';
  }
}

const WEBHOOK_OUTCOME: Record<string, LogOutcome> = { succeeded: 'sent', pending: 'pending', failed: 'failed' };
const WEBHOOK_STATUS_OF: Partial<Record<LogOutcome, string>> = { sent: 'succeeded', pending: 'pending', failed: 'failed' };

/**
 * One log of every email, text and webhook sent for a client, newest first, filterable by channel and
 * outcome, paged by a cursor (the three live in their owners' tables; each gives its newest rows
 * older than the cursor, and the page is the newest of those).
 */
@Injectable()
export class NotificationLogService {
  constructor(
    private readonly log: NotificationLogRepository,
    private readonly webhooks: WebhookDeliveryRepository,
    private readonly usage: UsageService,
  ) {}

  async page(clientId: string, q: NotificationLogQueryDto): Promise<NotificationLogPageDto> {
    const limit = q.limit ?? 50;
    const before = q.before ? { at: q.before.split('|')[0], id: q.before.split('|')[1] } : null;
    if (before && Number.isNaN(Date.parse(before.at))) throw new BadRequestException('before must be the `next` cursor of a previous page');
    const channel = q.channel ?? null;
    const outcome = q.outcome ?? null;
    const [own, hooks] = await Promise.all([
      channel === 'webhook' ? [] : this.log.page(clientId, { channel, outcome, before, limit: limit + 1 }),
      channel && channel !== 'webhook'
        ? []
        : outcome === 'held'
          ? []
          : this.webhooks.logPage(clientId, { before, limit: limit + 1, status: outcome ? (WEBHOOK_STATUS_OF[outcome] ?? null) : null }),
    ]);
    // Newest first by the stored microsecond time (fixed-width ISO text sorts as time), then by id, as the queries page.
    const merged = [...own.map((r) => ({ ...r, cost: 0 })), ...hooks.map(webhookItem)].sort((a, b) =>
      b.atText < a.atText ? -1 : b.atText > a.atText ? 1 : b.id < a.id ? -1 : b.id > a.id ? 1 : 0,
    );
    const page = merged.slice(0, limit);
    const costs = await this.usage.smsCharges(page.filter((r) => r.channel === 'sms').map((r) => r.id));
    const items: NotificationLogItemDto[] = page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      channel: r.channel,
      type: r.type,
      recipient: r.channel === 'email' ? maskEmail(r.recipient) : r.channel === 'sms' ? maskPhone(r.recipient) : maskUrl(r.recipient),
      status: r.status,
      outcome: r.outcome,
      cost: r.channel === 'sms' ? (costs.get(r.id)?.amount ?? 0) : 0,
      detail: r.detail,
    }));
    const last = page[page.length - 1];
    return { items, next: merged.length > limit && last ? `${last.atText}|${last.id}` : null };
  }
}

function webhookItem(w: WebhookLogRow) {
  return {
    id: w.id,
    at: w.at,
    atText: w.atText,
    channel: 'webhook' as const,
    type: w.eventType,
    recipient: w.url,
    status: w.status,
    outcome: WEBHOOK_OUTCOME[w.status] ?? 'pending',
    cost: 0,
    detail:
      w.status === 'succeeded'
        ? null
        : (w.lastError ?? (w.lastStatusCode ? `HTTP ${w.lastStatusCode} after ${w.attempts} attempt(s)` : null)),
  };
}
