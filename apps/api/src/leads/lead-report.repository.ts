import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, IsNull, type DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { LeadReport } from './entities/lead-report.entity';

/** lead_reports: the only writer. One report per delivery; an admin decides it once. */
@Injectable()
export class LeadReportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  existsFor(tx: Tx, deliveryId: string): Promise<boolean> {
    return managerOf(this.db, tx).exists(LeadReport, { where: { deliveryId } });
  }

  /** One client's returns are made one at a time, so two at once cannot both slip under the rate limit. */
  async serialiseClient(tx: Tx, clientId: string): Promise<void> {
    await managerOf(this.db, tx).query(`SELECT pg_advisory_xact_lock(hashtextextended('lead_reports:' || $1, 0))`, [clientId]);
  }

  /** A client's returns made since a moment that still stand (pending or approved): the return rate's numerator. */
  async countStandingSince(tx: Tx | undefined, clientId: string, since: Date): Promise<number> {
    const [row] = (await managerOf(this.db, tx).query(
      `SELECT count(*)::int AS n FROM lead_reports WHERE client_id = $1 AND created_at >= $2 AND status IN ('pending', 'approved')`,
      [clientId, since],
    )) as Array<{ n: number }>;
    return row!.n;
  }

  insert(
    tx: Tx,
    r: Pick<LeadReport, 'deliveryId' | 'leadId' | 'clientId' | 'reason' | 'note' | 'returnRateBps' | 'overLimit'>,
  ): Promise<LeadReport> {
    const em = managerOf(this.db, tx);
    return em.save(em.create(LeadReport, r));
  }

  /** The report, locked until the transaction ends. */
  lock(tx: Tx, id: string): Promise<LeadReport | null> {
    return managerOf(this.db, tx).findOne(LeadReport, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  byId(id: string): Promise<LeadReport | null> {
    return this.db.manager.findOne(LeadReport, { where: { id } });
  }

  async decide(
    tx: Tx,
    id: string,
    d: Pick<LeadReport, 'status' | 'adminNote' | 'decidedBy' | 'decidedAt'> & Partial<Pick<LeadReport, 'automatic'>>,
  ): Promise<void> {
    await managerOf(this.db, tx).update(LeadReport, { id }, d);
  }

  async reverse(tx: Tx, id: string, by: string, at: Date, adminNote: string | null): Promise<void> {
    await managerOf(this.db, tx).update(LeadReport, { id }, { status: 'reversed', reversedBy: by, reversedAt: at, adminNote });
  }

  /** Claims an approved return for resale (once): false when it was offered again already. */
  async claimResale(id: string, at: Date): Promise<boolean> {
    const result = await this.db.manager.update(LeadReport, { id, status: 'approved', resoldAt: IsNull() }, { resoldAt: at });
    return (result.affected ?? 0) > 0;
  }

  async recordResale(id: string, resoldTo: string, resalePrice: number): Promise<void> {
    await this.db.manager.update(LeadReport, { id }, { resoldTo, resalePrice });
  }

  /** The reports on these leads, oldest first (the chain shown on a lead). */
  ofLeads(leadIds: string[]): Promise<LeadReport[]> {
    if (leadIds.length === 0) return Promise.resolve([]);
    return this.db.manager.find(LeadReport, { where: { leadId: In(leadIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The reports of these deliveries (an erasure's, an access request's). */
  ofDeliveries(tx: Tx | undefined, deliveryIds: string[]): Promise<LeadReport[]> {
    if (deliveryIds.length === 0) return Promise.resolve([]);
    return managerOf(this.db, tx).find(LeadReport, { where: { deliveryId: In(deliveryIds) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Drops what the buyer and the admin wrote on these reports: free text that may name the person. */
  async eraseNotes(tx: Tx, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await managerOf(this.db, tx).update(LeadReport, { id: In(ids) }, { note: null, adminNote: null });
  }

  /** Reports, oldest first, optionally of one status. */
  page(status: LeadReport['status'] | undefined, page: number, pageSize: number): Promise<[LeadReport[], number]> {
    return this.db.manager.findAndCount(LeadReport, {
      where: status ? { status } : {},
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }
}
