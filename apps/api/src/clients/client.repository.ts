import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { Client, type BillingMode } from './client.entity';

/** What other modules may change on a client; each field has one flow that sets it. */
export type ClientPatch = Partial<
  Pick<
    Client,
    | 'status'
    | 'billingMode'
    | 'onboardingStep'
    | 'onboardedAt'
    | 'businessName'
    | 'businessNameKey'
    | 'industryId'
    | 'addressLine1'
    | 'addressLine2'
    | 'town'
    | 'postcode'
    | 'businessPhone'
    | 'website'
    | 'inboundToken'
    | 'seatLimit'
  >
>;

/** The ids of a client in the outside systems it is registered with. */
export type ClientLink = 'stripeCustomerId' | 'leadbyteBuyerId' | 'xeroContactId';
const LINK_COLUMN: Record<ClientLink, string> = {
  stripeCustomerId: 'stripe_customer_id',
  leadbyteBuyerId: 'leadbyte_buyer_id',
  xeroContactId: 'xero_contact_id',
};

/** The only writer of the `clients` table: the tenant record every module keys on. */
@Injectable()
export class ClientRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  byId(id: string, tx?: Tx): Promise<Client | null> {
    return managerOf(this.db, tx).findOne(Client, { where: { id } });
  }

  /** With its catalog industry joined (for views that name it). */
  /** Business names by id (for lists that show whose a row is). */
  async names(ids: string[]): Promise<Map<string, string | null>> {
    if (!ids.length) return new Map();
    const rows = await this.db.manager.find(Client, { where: { id: In(ids) }, select: { id: true, businessName: true } });
    return new Map(rows.map((c) => [c.id, c.businessName]));
  }

  withIndustry(id: string): Promise<Client | null> {
    return this.db.manager.findOne(Client, { where: { id }, relations: { industry: true } });
  }

  exists(id: string): Promise<boolean> {
    return this.db.manager.exists(Client, { where: { id } });
  }

  byStripeCustomer(customerId: string): Promise<Client | null> {
    return this.db.manager.findOne(Client, { where: { stripeCustomerId: customerId } });
  }

  /** Locks the client's row for the rest of the transaction: one writer per client at a time. */
  lock(tx: Tx, id: string): Promise<Client | null> {
    return managerOf(this.db, tx).findOne(Client, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  create(tx: Tx, init: { billingMode?: BillingMode } = {}): Promise<Client> {
    const m = managerOf(this.db, tx);
    return m.save(m.create(Client, init));
  }

  async update(tx: Tx | undefined, id: string, patch: ClientPatch): Promise<void> {
    await managerOf(this.db, tx).update(Client, { id }, patch);
  }

  /**
   * Stores the client's id in an outside system unless one is stored already (the first
   * registration wins). True when this call stored it.
   */
  async link(id: string, link: ClientLink, value: string | number, tx?: Tx): Promise<boolean> {
    const [, count] = (await managerOf(this.db, tx).query(
      `UPDATE clients SET ${LINK_COLUMN[link]} = $2 WHERE id = $1 AND ${LINK_COLUMN[link]} IS NULL`,
      [id, value],
    )) as [unknown, number];
    return count > 0;
  }
}
