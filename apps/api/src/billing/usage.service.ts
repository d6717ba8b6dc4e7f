import { Injectable } from '@nestjs/common';
import { ClientRepository } from '../clients';
import { AppConfig } from '../core/config/app-config';
import type { Tx } from '../core/database/transactions';
import type { UsageRecord } from './entities/usage-record.entity';
import { LedgerService, type MovementResult } from './ledger.service';
import { UsageRepository, type ClientUsageRow, type UsageDay, type UsageTotals } from './usage.repository';

export interface SmsUsage {
  clientId: string;
  /** Our message id: the ledger cause is `usage:sms:<id>`, so a message is charged once. */
  messageId: string;
  segments: number;
  /** False: recorded for the admins, never charged (a verification code). */
  billable: boolean;
}

/**
 * Usage rebilling: what a client's messages cost it. A text Twilio took is recorded and charged to
 * the credit ledger once, at SMS_PRICE_PER_SEGMENT a segment — unless the client is non-billable or
 * its balance cannot cover it (it never goes past the credit limit for a text): then it is recorded
 * as unbilled, for the admins. A text Twilio reports undelivered or failed is refunded once.
 */
@Injectable()
export class UsageService {
  constructor(
    private readonly usage: UsageRepository,
    private readonly ledger: LedgerService,
    private readonly clients: ClientRepository,
    private readonly config: AppConfig,
  ) {}

  /** In the caller's transaction; run `ledger.runAfterCharge` with the charge once it committed. */
  async chargeSms(tx: Tx, u: SmsUsage): Promise<{ record: UsageRecord; charge: MovementResult | null }> {
    const unitPrice = this.config.sms.pricePerSegment;
    const base = {
      clientId: u.clientId,
      channel: 'sms' as const,
      messageId: u.messageId,
      units: u.segments,
      unitPrice,
      unitCost: this.config.sms.costPerSegment,
    };
    const client = await this.clients.byId(u.clientId, tx);
    if (!u.billable) return { record: await this.usage.insert(tx, { ...base, status: 'unbilled', reason: 'not_billed' }), charge: null };
    if (client?.billingMode === 'non_billable')
      return { record: await this.usage.insert(tx, { ...base, status: 'unbilled', reason: 'non_billable' }), charge: null };
    const amount = u.segments * unitPrice;
    if (amount <= 0) return { record: await this.usage.insert(tx, { ...base, status: 'unbilled', reason: 'free' }), charge: null };
    const charge = await this.ledger.chargeUsage(
      {
        clientId: u.clientId,
        amount,
        cause: `usage:sms:${u.messageId}`,
        description: `SMS alert (${u.segments} segment${u.segments === 1 ? '' : 's'})`,
        meta: { usage: 'sms', messageId: u.messageId, segments: u.segments },
      },
      tx,
    );
    const status = charge.outcome === 'insufficient' ? 'unbilled' : 'charged';
    const record = await this.usage.insert(tx, { ...base, status, reason: status === 'unbilled' ? 'no_credit' : null });
    return { record, charge };
  }

  /** Gives a charged text back once (Twilio said it never arrived). True when it did now. */
  async refundSms(tx: Tx, messageId: string, why: string): Promise<boolean> {
    const record = await this.usage.locked(tx, 'sms', messageId);
    if (!record || record.status !== 'charged') return false;
    const result = await this.ledger.refund(
      {
        clientId: record.clientId,
        amount: record.units * record.unitPrice,
        cause: `usage-refund:sms:${messageId}`,
        description: `SMS alert not delivered (${why})`,
        meta: { usage: 'sms', messageId },
      },
      tx,
    );
    await this.usage.setStatus(tx, record.id, 'refunded');
    return result.outcome === 'applied';
  }

  /** What each of these texts cost the client (charged and not refunded), by message id. */
  async smsCharges(messageIds: string[]): Promise<Map<string, { amount: number; status: string }>> {
    const rows = await this.usage.ofMessages('sms', messageIds);
    return new Map(rows.map((r) => [r.messageId, { amount: r.status === 'charged' ? r.units * r.unitPrice : 0, status: r.status }]));
  }

  /** A client's usage in a month (`YYYY-MM`) of its time zone. */
  ofClient(clientId: string, month: string, timeZone: string): Promise<{ totals: UsageTotals[]; days: UsageDay[] }> {
    return this.usage.ofClient(clientId, month, timeZone);
  }

  /** Every client's usage in a month, with cost against revenue. */
  async perClient(month: string): Promise<ClientUsageRow[]> {
    const rows = await this.usage.perClient(month, this.config.billing.timeZone);
    const names = await this.clients.names(rows.map((r) => r.clientId));
    return rows.map((r) => ({ ...r, businessName: names.get(r.clientId) ?? null }));
  }
}
