import { Injectable, Logger } from '@nestjs/common';
import { ClientRepository } from '../clients';
import { KeyedHashService } from '../core/crypto/keyed-hash.service';
import { Transactions } from '../core/database/transactions';
import { LeadErasureService } from '../leads';
import { SmsMessageRepository } from '../notifications';
import { OutboxRepository } from '../outbox';
import { WebhookDeliveryRepository } from '../webhooks';
import type { AccessExportDto, AccessLeadDto, PersonDto, PrivacyRequestDto, PrivacyRequestPageDto } from './dto/privacy.dto';
import type { PrivacyRequest } from './entities/privacy-request.entity';
import { ErasureService } from './erasure.service';
import { personOf, type Person } from './person';
import { PrivacyRequestRepository } from './privacy-request.repository';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * A person's requests, made for them by an admin: erase their leads everywhere (and tell each
 * buyer), or export what we hold about them. Each is recorded with keyed hashes of the email and
 * phone only, so a repeat is recognised and the record itself holds nothing about the person.
 * Nothing here logs the email or phone.
 */
@Injectable()
export class PrivacyService {
  private readonly logger = new Logger(PrivacyService.name);

  constructor(
    private readonly requests: PrivacyRequestRepository,
    private readonly erasure: ErasureService,
    private readonly leads: LeadErasureService,
    private readonly outbox: OutboxRepository,
    private readonly webhooks: WebhookDeliveryRepository,
    private readonly texts: SmsMessageRepository,
    private readonly clients: ClientRepository,
    private readonly hashes: KeyedHashService,
    private readonly transactions: Transactions,
  ) {}

  /** Erases every lead carrying the email or phone, across all buyers, and records the request. */
  async requestErasure(input: PersonDto, adminId: string): Promise<PrivacyRequestDto> {
    const person = personOf(input);
    const hashes = this.hashesOf(person);
    const previous = await this.requests.latestAbout(hashes);
    const leadIds = await this.leads.carrying(valuesOf(person));
    const at = new Date();
    const request = await this.transactions.run(async (tx) => {
      const outcome = await this.erasure.erase(tx, leadIds, 'request', at);
      return this.requests.insert(tx, {
        kind: 'erasure',
        ...hashes,
        requestedBy: adminId,
        leadCount: outcome.leads,
        buyerCount: outcome.buyers.size,
      });
    });
    this.logger.log(
      { requestId: request.id, leads: request.leadCount, buyers: request.buyerCount, seenBefore: previous !== null },
      'Erasure request',
    );
    return toDto(request, previous, null);
  }

  /** Everything held about the person (leads, who bought them, returns, what was sent about them); the request is recorded. */
  async exportPersonalData(input: PersonDto, adminId: string): Promise<AccessExportDto> {
    const person = personOf(input);
    const hashes = this.hashesOf(person);
    const { leads, deliveries, reports } = await this.leads.records(await this.leads.carrying(valuesOf(person)));
    const events = await this.outbox.ofAggregates(
      undefined,
      leads.map((l) => l.id),
    );
    const buyerIds = [...new Set(deliveries.map((d) => d.clientId))];
    const since = new Date(Math.min(Date.now(), ...leads.map((l) => l.receivedAt.getTime())));
    const hooks = await this.webhooks.ofEvents(events.map((e) => e.id));
    const texts = await this.texts.ofEvents(
      events.filter((e) => e.type === 'lead.send_data').map((e) => e.id),
      buyerIds,
      since,
    );
    const names = await this.clients.names(buyerIds);
    const leadOfEvent = new Map(events.map((e) => [e.id, e.aggregate_id]));
    const messages = [
      ...hooks.map((h) => ({
        leadId: leadOfEvent.get(h.eventId),
        channel: 'webhook',
        buyerId: h.ownerClientId,
        kind: h.eventType,
        text: null,
        status: h.status,
        at: h.createdAt,
      })),
      ...texts.map((m) => ({
        leadId: leadOfEvent.get(m.eventId),
        channel: 'sms',
        buyerId: m.clientId,
        kind: m.kind,
        text: m.body,
        status: m.status,
        at: m.createdAt,
      })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    const request = await this.requests.insert(undefined, {
      kind: 'access',
      ...hashes,
      requestedBy: adminId,
      leadCount: leads.length,
      buyerCount: buyerIds.length,
    });
    this.logger.log({ requestId: request.id, leads: leads.length }, 'Access request');
    const items: AccessLeadDto[] = leads.map((l) => ({
      id: l.id,
      industry: l.industry,
      source: l.source,
      receivedAt: l.receivedAt.toISOString(),
      postcode: l.postcode,
      fields: l.fields,
      contact: l.contact,
      erasedAt: iso(l.erasedAt),
      erasureReason: l.erasureReason,
      deliveries: deliveries
        .filter((d) => d.leadId === l.id)
        .map((d) => ({
          buyerId: d.clientId,
          buyer: names.get(d.clientId) ?? null,
          price: d.price,
          currency: d.currency,
          deliveredAt: d.deliveredAt.toISOString(),
          status: d.status,
        })),
      reports: reports
        .filter((r) => r.leadId === l.id)
        .map((r) => ({
          buyerId: r.clientId,
          reason: r.reason,
          note: r.note,
          status: r.status,
          adminNote: r.adminNote,
          createdAt: r.createdAt.toISOString(),
          decidedAt: iso(r.decidedAt),
        })),
      messages: messages
        .filter((m) => m.leadId === l.id)
        .map((m) => ({ channel: m.channel, buyerId: m.buyerId, kind: m.kind, text: m.text, status: m.status, at: m.at.toISOString() })),
    }));
    return { requestId: request.id, generatedAt: new Date().toISOString(), subject: person, leads: items };
  }

  async list(page: number, pageSize: number): Promise<PrivacyRequestPageDto> {
    const { rows, total } = await this.requests.page(page, pageSize);
    return { items: rows.map((r) => toDto(r, r.previousRequestAt, r.requestedByName)), meta: { page, pageSize, total } };
  }

  private hashesOf(person: Person): { emailHash: string | null; phoneHash: string | null } {
    return {
      emailHash: person.email === null ? null : this.hashes.hash('email', person.email),
      phoneHash: person.phone === null ? null : this.hashes.hash('phone', person.phone),
    };
  }
}

const valuesOf = (person: Person) => [person.email, person.phone].filter((v): v is string => v !== null);

function toDto(r: PrivacyRequest, previous: Date | null, requestedBy: string | null): PrivacyRequestDto {
  return {
    id: r.id,
    kind: r.kind,
    requestedAt: r.createdAt.toISOString(),
    requestedBy,
    byEmail: r.emailHash !== null,
    byPhone: r.phoneHash !== null,
    leadCount: r.leadCount,
    buyerCount: r.buyerCount,
    seenBefore: previous !== null,
    previousRequestAt: iso(previous),
  };
}
