import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { CreditNote, Invoice, LineAmountTypes, XeroClient, type AccountingApi, type Contact, type Payment } from 'xero-node';
import { AppConfig } from '../core/config/app-config';
import { EncryptionService } from '../core/crypto/encryption.service';
import { REDIS } from '../core/redis/redis.module';
import type { XeroConnection } from './entities/xero-connection.entity';
import { XeroConnectionRepository } from './xero-connection.repository';
import { Transactions } from '../core/database/transactions';
import { XeroConcurrencyLimiter } from './xero-concurrency';
import { XeroIdentityClient, type XeroTenantConnection, type XeroTokens } from './xero-identity.client';
import { retryAfterMs, XeroApiError, XeroConnectError, XeroNotConnectedError, XeroRateLimitedError, XeroTokenError } from './xero.errors';

export { XeroApiError, XeroConnectError, XeroNotConnectedError, XeroRateLimitedError } from './xero.errors';

/** One invoice or credit-note line; amounts in pounds (Xero's unit), net of tax. */
export interface XeroLine {
  description: string;
  quantity: number;
  unitAmount: number;
  accountCode: string;
  taxType: string;
}

/** A Xero contact: its ContactID and its name in Xero. */
/** A sales invoice as we keep it: Xero's id and the number Xero gave it (INV-0042). */
export interface XeroInvoiceRef {
  invoiceId: string;
  invoiceNumber: string | null;
}

export interface XeroContactRef {
  contactId: string;
  name: string;
}

export interface XeroStatus {
  connected: boolean;
  tenantId: string | null;
  tenantName: string | null;
  accessTokenExpiresAt: string | null;
  connectedAt: string | null;
}

export const XERO_SCOPES = ['openid', 'profile', 'email', 'accounting.transactions', 'accounting.contacts', 'offline_access'];
const STATE_TTL_SECONDS = 600;
/** Refresh the access token before a call when it has less than this left. */
const REFRESH_MARGIN_MS = 5 * 60_000;
const DUPLICATE_NAME = /is already assigned to another contact/i;
/** Xero's limit on ContactNumber, where we keep our client id. */
const CONTACT_NUMBER_MAX = 50;

interface LiveConnection {
  tenantId: string;
  accessToken: string;
  expiresAt: Date;
}

interface SdkFailure {
  statusCode: number;
  headers: Record<string, unknown>;
  body: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** xero-node rejects with a JSON string `{ response: { statusCode, headers, body } }`. */
function parseSdkFailure(err: unknown): SdkFailure | null {
  let parsed: unknown = err;
  if (typeof err === 'string') {
    try {
      parsed = JSON.parse(err) as unknown;
    } catch {
      return null;
    }
  }
  if (!isRecord(parsed) || !isRecord(parsed.response)) return null;
  const { statusCode, headers, body } = parsed.response;
  if (typeof statusCode !== 'number') return null;
  return { statusCode, headers: isRecord(headers) ? headers : {}, body: body ?? parsed.body };
}

function describe(body: unknown): string {
  if (isRecord(body)) {
    const detail = body.Detail ?? body.Message ?? body.Title;
    if (typeof detail === 'string') return detail;
  }
  return typeof body === 'string' ? body.slice(0, 200) : '';
}

function toXeroError(err: unknown): Error {
  if (err instanceof XeroNotConnectedError || err instanceof XeroRateLimitedError || err instanceof XeroApiError) return err;
  const failure = parseSdkFailure(err);
  if (!failure) return err instanceof Error ? err : new XeroApiError(0, `Xero call failed: ${String(err)}`);
  if (failure.statusCode === 429) return new XeroRateLimitedError(retryAfterMs(failure.headers['retry-after']));
  // 403 AuthorizationUnsuccessful: the organisation was disconnected on Xero's side.
  if (failure.statusCode === 403)
    return new XeroNotConnectedError(`Xero refused access to the organisation (${describe(failure.body) || '403'}); reconnect Xero`);
  const summary =
    failure.statusCode === 0
      ? `Xero unreachable: ${describe(failure.body)}`
      : `Xero answered ${failure.statusCode}: ${describe(failure.body)}`;
  return new XeroApiError(failure.statusCode, summary, failure.body);
}

/** Validation messages of a failed contact save, from a 400 ValidationException or a summarizeErrors=false element. */
function validationMessages(err: XeroApiError): string[] {
  const body = err.body;
  if (!isRecord(body) || !Array.isArray(body.Elements)) return [];
  return body.Elements.filter(isRecord).flatMap((e) =>
    Array.isArray(e.ValidationErrors) ? e.ValidationErrors.filter(isRecord).map((v) => String(v.Message ?? '')) : [],
  );
}

/** A `where` string literal: backslashes and double quotes escaped. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The name a contact gets when its own is taken in Xero by a contact that is not this client's. */
export function disambiguatedName(name: string, contactNumber: string): string {
  return `${name} (LF-${contactNumber.slice(0, 8)})`;
}

/** Xero takes Idempotency-Key values of up to 128 characters. */
function idempotencyKey(reference: string): string {
  return reference.length <= 128 ? reference : `sha256:${createHash('sha256').update(reference).digest('hex')}`;
}

/**
 * The platform's one Xero organisation: OAuth2 connection, tokens (encrypted, refreshed under a row
 * lock), and the Accounting API calls LeadFlow makes, within Xero's per-tenant concurrency limit.
 */
@Injectable()
export class XeroService {
  private readonly logger = new Logger(XeroService.name);
  private readonly listeners: Array<() => Promise<void>> = [];

  constructor(
    private readonly config: AppConfig,
    private readonly encryption: EncryptionService,
    private readonly identity: XeroIdentityClient,
    private readonly slots: XeroConcurrencyLimiter,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly connections: XeroConnectionRepository,
    private readonly tx: Transactions,
  ) {}

  private get redirectUri(): string {
    return `${this.config.publicApiUrl}/api/xero/callback`;
  }

  async status(): Promise<XeroStatus> {
    const row = await this.connections.get();
    if (!row) return { connected: false, tenantId: null, tenantName: null, accessTokenExpiresAt: null, connectedAt: null };
    return {
      connected: true,
      tenantId: row.tenantId,
      tenantName: row.tenantName,
      accessTokenExpiresAt: row.expiresAt.toISOString(),
      // xero_connection has no connected_at column (updated_at moves on every token refresh).
      connectedAt: row.connectedAt.toISOString(),
    };
  }

  async isConnected(): Promise<boolean> {
    return this.connections.exists();
  }

  /** Starts OAuth2: returns Xero's authorize URL with a single-use `state` (kept in Redis, 10 min). */
  async authorizeUrl(adminUserId: string): Promise<string> {
    const state = randomBytes(24).toString('base64url');
    await this.redis.set(this.stateKey(state), adminUserId, 'EX', STATE_TTL_SECONDS);
    const url = new URL(this.config.xero.authorizeUrl);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.config.xero.clientId);
    url.searchParams.set('redirect_uri', this.redirectUri);
    url.searchParams.set('scope', XERO_SCOPES.join(' '));
    url.searchParams.set('state', state);
    return url.toString();
  }

  /** OAuth2 callback: checks state, exchanges the code, reads /connections (first tenant), stores tokens encrypted, then runs the onConnected listeners. */
  async completeConnection(code: string, state: string): Promise<void> {
    // GETDEL: a state works once, even when the same callback arrives twice at once.
    const adminUserId = state ? await this.redis.getdel(this.stateKey(state)) : null;
    if (!adminUserId) throw new XeroConnectError('invalid_state', 'Unknown, used or expired OAuth state');
    if (!code) throw new XeroConnectError('missing_code', 'Xero sent no authorization code');

    let tokens: XeroTokens;
    try {
      tokens = await this.identity.exchangeCode(code, this.redirectUri);
    } catch (err) {
      if (err instanceof XeroTokenError) throw new XeroConnectError('token_exchange_failed', err.message);
      throw new XeroConnectError('xero_unavailable', err instanceof Error ? err.message : String(err));
    }
    let tenant: XeroTenantConnection | undefined;
    try {
      [tenant] = await this.identity.connections(tokens.accessToken);
    } catch (err) {
      throw new XeroConnectError('xero_unavailable', err instanceof Error ? err.message : String(err));
    }
    if (!tenant) throw new XeroConnectError('no_organisation', 'The Xero login has no organisation connected to LeadFlow');

    // A reconnect replaces the row (one organisation per platform).
    await this.connections.replace({
      tenantId: tenant.tenantId,
      tenantName: tenant.tenantName,
      accessTokenEnc: this.encryption.encrypt(tokens.accessToken),
      refreshTokenEnc: this.encryption.encrypt(tokens.refreshToken),
      expiresAt: tokens.expiresAt,
      connectedBy: adminUserId,
      connectedAt: new Date(),
    });
    this.logger.log(`Xero connected to ${tenant.tenantName ?? tenant.tenantId}`);
    for (const listener of this.listeners) {
      try {
        await listener();
      } catch (err) {
        // The connection stands; a listener's failure is its own to retry.
        this.logger.error(`A Xero onConnected listener failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    }
  }

  /** Forgets the connection; also removes it on Xero's side when Xero is reachable. */
  async disconnect(): Promise<void> {
    const row = await this.connections.get();
    if (!row) return;
    try {
      const live = await this.liveConnection();
      const remote = await this.identity.connections(live.accessToken);
      for (const c of remote.filter((r) => r.tenantId === row.tenantId)) await this.identity.deleteConnection(c.id, live.accessToken);
    } catch (err) {
      this.logger.warn(
        `Could not remove the connection on Xero's side (removing ours anyway): ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    await this.connections.remove();
  }

  /**
   * The client's contact, found by ContactNumber (our client id, set when we create it) and created
   * if absent. A contact is never adopted by its name: when Xero says the name is taken (names are
   * unique among active contacts) by a contact that is not this client's — another client's former
   * name, or one made by hand in Xero — the contact is created as "Name (LF-xxxxxxxx)" instead and
   * `disambiguated` says so. Idempotency-Key header from `reference`.
   */
  async ensureContact(input: {
    contactNumber: string;
    name: string;
    email?: string | null;
    reference: string;
  }): Promise<XeroContactRef & { disambiguated: boolean }> {
    const name = input.name.trim(); // Xero trims names before comparing them
    if (!name) throw new XeroApiError(400, 'A Xero contact needs a name');
    if (!input.contactNumber || input.contactNumber.length > CONTACT_NUMBER_MAX)
      throw new XeroApiError(400, `A Xero ContactNumber has 1 to ${CONTACT_NUMBER_MAX} characters`);
    const existing = await this.findContactByNumber(input.contactNumber);
    if (existing) return { ...existing, disambiguated: false };

    const created = await this.createContact({ ...input, name }, idempotencyKey(input.reference));
    if (created) return { ...created, disambiguated: false };
    // Taken: by this client's own contact made meanwhile (another run of the job), or by someone else's.
    const raced = await this.findContactByNumber(input.contactNumber);
    if (raced) return { ...raced, disambiguated: false };
    const alternative = disambiguatedName(name, input.contactNumber);
    this.logger.warn(
      `Xero contact name "${name}" belongs to a contact that is not client ${input.contactNumber}'s; creating "${alternative}" instead`,
    );
    const second = await this.createContact({ ...input, name: alternative }, idempotencyKey(`${input.reference}:disambiguated`));
    if (second) return { ...second, disambiguated: true };
    const late = await this.findContactByNumber(input.contactNumber);
    if (late) return { ...late, disambiguated: false };
    throw new XeroApiError(
      409,
      `Xero contact names "${name}" and "${alternative}" both belong to other contacts; rename one of them in Xero, then retry`,
    );
  }

  /** The active contact whose ContactNumber is `contactNumber` (our client id), if Xero has one. */
  async findContactByNumber(contactNumber: string): Promise<XeroContactRef | null> {
    const { body } = await this.call((api, tenantId) => api.getContacts(tenantId, undefined, `ContactNumber==${quote(contactNumber)}`));
    const match = (body.contacts ?? []).find((c) => c.contactNumber === contactNumber && c.contactID);
    return match?.contactID ? { contactId: match.contactID, name: match.name ?? '' } : null;
  }

  /** Creates the contact; null when Xero refuses it because the name is taken. */
  private async createContact(
    input: { contactNumber: string; name: string; email?: string | null },
    key: string,
  ): Promise<XeroContactRef | null> {
    const contact: Contact = {
      name: input.name,
      contactNumber: input.contactNumber,
      ...(input.email ? { emailAddress: input.email } : {}),
    };
    let messages: string[];
    try {
      const { body } = await this.call((api, tenantId) => api.createContacts(tenantId, { contacts: [contact] }, false, key));
      const saved = body.contacts?.[0];
      if (saved?.contactID && !saved.hasValidationErrors) return { contactId: saved.contactID, name: saved.name ?? input.name };
      messages = saved?.validationErrors?.map((v) => v.message ?? '') ?? ['Xero returned no contact'];
    } catch (err) {
      if (!(err instanceof XeroApiError) || err.statusCode !== 400) throw err;
      messages = validationMessages(err);
      if (messages.length === 0) throw err;
    }
    if (messages.some((m) => DUPLICATE_NAME.test(m))) return null;
    throw new XeroApiError(400, `Xero refused the contact "${input.name}": ${messages.join('; ')}`);
  }

  onConnected(listener: () => Promise<void>): void {
    this.listeners.push(listener);
  }

  /**
   * An ACCREC invoice, marked AUTHORISED (it mirrors money already taken). Idempotent on
   * `reference`: an invoice Xero already holds with that reference is returned (a job re-run
   * after a crash, even past the Idempotency-Key's lifetime), else it is created with Xero's
   * Idempotency-Key. Returns its id and Xero's number for it. Without `invoiceNumber` Xero numbers
   * it (INV-0042); without `dueDate` it is due on `date`.
   */
  async createInvoice(input: {
    contactId: string;
    reference: string;
    date: string;
    dueDate?: string;
    invoiceNumber?: string;
    lines: XeroLine[];
    currency: string;
  }): Promise<XeroInvoiceRef> {
    const existing = await this.findInvoice(input.reference);
    if (existing) return existing;
    const invoice: Invoice = {
      type: Invoice.TypeEnum.ACCREC,
      contact: { contactID: input.contactId },
      date: input.date,
      dueDate: input.dueDate ?? input.date,
      ...(input.invoiceNumber ? { invoiceNumber: input.invoiceNumber } : {}),
      reference: input.reference,
      status: Invoice.StatusEnum.AUTHORISED,
      lineAmountTypes: LineAmountTypes.Exclusive,
      currencyCode: input.currency as unknown as Invoice['currencyCode'],
      lineItems: input.lines.map((l) => ({
        description: l.description,
        quantity: l.quantity,
        unitAmount: l.unitAmount,
        accountCode: l.accountCode,
        taxType: l.taxType,
      })),
    };
    const { body } = await this.call((api, tenantId) =>
      api.createInvoices(tenantId, { invoices: [invoice] }, false, undefined, idempotencyKey(`invoice:${input.reference}`)),
    );
    const saved = body.invoices?.[0];
    if (!saved?.invoiceID || saved.hasErrors) {
      throw new XeroApiError(
        400,
        `Xero refused the invoice ${input.reference}: ${saved?.validationErrors?.map((v) => v.message).join('; ') ?? 'no invoice returned'}`,
      );
    }
    return { invoiceId: saved.invoiceID, invoiceNumber: saved.invoiceNumber ?? null };
  }

  /** An ACCRECCREDIT credit note (a refund of credit). Idempotent on `reference`, like invoices. Returns the CreditNoteID. */
  async createCreditNote(input: {
    contactId: string;
    reference: string;
    creditNoteNumber?: string;
    date: string;
    lines: XeroLine[];
    currency: string;
  }): Promise<string> {
    const existing = await this.findCreditNoteId(input.reference);
    if (existing) return existing;
    const note: CreditNote = {
      type: CreditNote.TypeEnum.ACCRECCREDIT,
      contact: { contactID: input.contactId },
      date: input.date,
      ...(input.creditNoteNumber ? { creditNoteNumber: input.creditNoteNumber } : {}),
      reference: input.reference,
      status: CreditNote.StatusEnum.AUTHORISED,
      lineAmountTypes: LineAmountTypes.Exclusive,
      currencyCode: input.currency as unknown as CreditNote['currencyCode'],
      lineItems: input.lines.map((l) => ({
        description: l.description,
        quantity: l.quantity,
        unitAmount: l.unitAmount,
        accountCode: l.accountCode,
        taxType: l.taxType,
      })),
    };
    const { body } = await this.call((api, tenantId) =>
      api.createCreditNotes(tenantId, { creditNotes: [note] }, false, undefined, idempotencyKey(`credit-note:${input.reference}`)),
    );
    const saved = body.creditNotes?.[0];
    if (!saved?.creditNoteID || saved.hasErrors) {
      throw new XeroApiError(
        400,
        `Xero refused the credit note ${input.reference}: ${saved?.validationErrors?.map((v) => v.message).join('; ') ?? 'no credit note returned'}`,
      );
    }
    return saved.creditNoteID;
  }

  /**
   * A payment of `amount` (pounds) against the invoice, into the bank account `accountCode`.
   * Idempotent on `reference`: a payment the invoice already lists with that reference is returned
   * (a re-run after a crash), else it is created with Xero's Idempotency-Key. Returns the PaymentID.
   */
  async createPayment(input: { invoiceId: string; amount: number; date: string; accountCode: string; reference: string }): Promise<string> {
    const invoice = await this.getInvoice(input.invoiceId);
    const existing = invoice.payments?.find((p) => p.reference === input.reference && p.paymentID);
    if (existing?.paymentID) return existing.paymentID;
    const payment: Payment = {
      invoice: { invoiceID: input.invoiceId },
      account: { code: input.accountCode },
      date: input.date,
      amount: input.amount,
      reference: input.reference,
    };
    const { body } = await this.call((api, tenantId) => api.createPayment(tenantId, payment, idempotencyKey(`payment:${input.reference}`)));
    const saved = body.payments?.[0];
    if (!saved?.paymentID || saved.hasValidationErrors) {
      throw new XeroApiError(
        400,
        `Xero refused the payment ${input.reference}: ${saved?.validationErrors?.map((v) => v.message).join('; ') ?? 'no payment returned'}`,
      );
    }
    return saved.paymentID;
  }

  /**
   * Allocates `amount` (pounds) of the credit note to the invoice. Idempotent: when the note already
   * holds an allocation to that invoice nothing is sent (a re-run after a crash); else Xero's
   * Idempotency-Key covers a retry of the same call. Returns the AllocationID (null when Xero gives none).
   */
  async allocateCreditNote(input: { creditNoteId: string; invoiceId: string; amount: number; date: string }): Promise<string | null> {
    const note = await this.getCreditNote(input.creditNoteId);
    const existing = note.allocations?.find((a) => a.invoice?.invoiceID === input.invoiceId && !a.isDeleted);
    if (existing) return existing.allocationID ?? null;
    const { body } = await this.call((api, tenantId) =>
      api.createCreditNoteAllocation(
        tenantId,
        input.creditNoteId,
        { allocations: [{ invoice: { invoiceID: input.invoiceId }, amount: input.amount, date: input.date }] },
        true,
        idempotencyKey(`allocation:${input.creditNoteId}:${input.invoiceId}`),
      ),
    );
    const saved = body.allocations?.[0];
    if (!saved || (saved.validationErrors?.length ?? 0) > 0) {
      throw new XeroApiError(
        400,
        `Xero refused to allocate credit note ${input.creditNoteId}: ${saved?.validationErrors?.map((v) => v.message).join('; ') ?? 'no allocation returned'}`,
      );
    }
    return saved.allocationID ?? null;
  }

  private async getInvoice(invoiceId: string): Promise<Invoice> {
    const { body } = await this.call((api, tenantId) => api.getInvoice(tenantId, invoiceId));
    const invoice = body.invoices?.[0];
    if (!invoice) throw new XeroApiError(404, `Xero has no invoice ${invoiceId}`);
    return invoice;
  }

  private async getCreditNote(creditNoteId: string): Promise<CreditNote> {
    const { body } = await this.call((api, tenantId) => api.getCreditNote(tenantId, creditNoteId));
    const note = body.creditNotes?.[0];
    if (!note) throw new XeroApiError(404, `Xero has no credit note ${creditNoteId}`);
    return note;
  }

  /** Our live (not deleted or voided) sales invoice with this reference, if Xero has one. */
  private async findInvoice(reference: string): Promise<XeroInvoiceRef | null> {
    const { body } = await this.call((api, tenantId) =>
      api.getInvoices(tenantId, undefined, `Type=="ACCREC" AND Reference==${quote(reference)}`),
    );
    const dead = new Set([Invoice.StatusEnum.DELETED, Invoice.StatusEnum.VOIDED]);
    const found = body.invoices?.find((i) => i.reference === reference && !(i.status && dead.has(i.status)));
    return found?.invoiceID ? { invoiceId: found.invoiceID, invoiceNumber: found.invoiceNumber ?? null } : null;
  }

  /** Our live sales credit note with this reference, if Xero has one. */
  private async findCreditNoteId(reference: string): Promise<string | null> {
    const { body } = await this.call((api, tenantId) =>
      api.getCreditNotes(tenantId, undefined, `Type=="ACCRECCREDIT" AND Reference==${quote(reference)}`),
    );
    const dead = new Set([CreditNote.StatusEnum.DELETED, CreditNote.StatusEnum.VOIDED]);
    return body.creditNotes?.find((n) => n.reference === reference && !(n.status && dead.has(n.status)))?.creditNoteID ?? null;
  }

  /** One Accounting API call: fresh token, a concurrency slot, one retry after a 401 with a refreshed token. */
  private async call<T>(fn: (api: AccountingApi, tenantId: string) => Promise<T>): Promise<T> {
    let live = await this.liveConnection();
    return this.slots.run(live.tenantId, async () => {
      try {
        return await fn(this.accountingApi(live.accessToken), live.tenantId);
      } catch (err) {
        if (parseSdkFailure(err)?.statusCode !== 401) throw toXeroError(err);
      }
      live = await this.refresh(live.accessToken);
      try {
        return await fn(this.accountingApi(live.accessToken), live.tenantId);
      } catch (err) {
        throw toXeroError(err);
      }
    });
  }

  /** A client per call: xero-node keeps the access token on the instance, and calls run concurrently. */
  private accountingApi(accessToken: string): AccountingApi {
    const client = new XeroClient({
      clientId: this.config.xero.clientId,
      clientSecret: this.config.xero.clientSecret.reveal(),
      redirectUris: [this.redirectUri],
      scopes: XERO_SCOPES,
    });
    client.setTokenSet({ access_token: accessToken, token_type: 'Bearer' });
    client.accountingApi.basePath = this.config.xero.apiUrl;
    return client.accountingApi;
  }

  /** The stored connection, its access token refreshed first when it expires within 5 minutes. */
  private async liveConnection(): Promise<LiveConnection> {
    const row = await this.connections.get();
    if (!row) throw new XeroNotConnectedError();
    const live = this.open(row);
    if (live.expiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS) return live;
    return this.refresh(live.accessToken);
  }

  /**
   * Rotates the tokens under a row lock, so two processes never spend the same refresh token.
   * `stale` is the access token the caller found wanting: if the row holds a different, fresh one,
   * someone refreshed meanwhile and that one is used.
   */
  private async refresh(stale: string): Promise<LiveConnection> {
    const live = await this.tx.run(async (tx): Promise<LiveConnection | null> => {
      const row = await this.connections.lock(tx);
      if (!row) throw new XeroNotConnectedError();
      const current = this.open(row);
      if (current.accessToken !== stale && current.expiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS) return current;
      let tokens: XeroTokens;
      try {
        tokens = await this.identity.refresh(this.encryption.decrypt(row.refreshTokenEnc));
      } catch (err) {
        if (err instanceof XeroTokenError && err.error === 'invalid_grant') {
          // Revoked, expired (60 days unused) or already spent: only a new consent helps.
          await this.connections.remove(tx);
          return null;
        }
        throw err;
      }
      await this.connections.setTokens(tx, {
        accessTokenEnc: this.encryption.encrypt(tokens.accessToken),
        refreshTokenEnc: this.encryption.encrypt(tokens.refreshToken),
        expiresAt: tokens.expiresAt,
      });
      return { tenantId: row.tenantId, accessToken: tokens.accessToken, expiresAt: tokens.expiresAt };
    });
    if (!live) {
      this.logger.warn('Xero refused the refresh token; the connection was removed and an admin must reconnect');
      throw new XeroNotConnectedError('Xero no longer accepts our refresh token; an admin must reconnect Xero');
    }
    return live;
  }

  private open(row: XeroConnection): LiveConnection {
    return { tenantId: row.tenantId, accessToken: this.encryption.decrypt(row.accessTokenEnc), expiresAt: row.expiresAt };
  }

  private stateKey(state: string): string {
    return `${this.config.redisPrefix}:xero:oauth-state:${state}`;
  }
}
