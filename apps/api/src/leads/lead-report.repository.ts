import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { LeadReport } from './entities/lead-report.entity';

/** lead_reports: the only writer. One report per delivery; an admin decides it once. */
@Injectable()
export class LeadReportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  existsFor(tx: Tx, deliveryId: string): Promise<boolean> {
    return managerOf(this.db, tx).exists(LeadReport, { where: { deliveryId } });
  }

  insert(tx: Tx, r: Pick<LeadReport, 'deliveryId' | 'leadId' | 'clientId' | 'reason' | 'note'>): Promise<LeadReport> {
    const em = managerOf(this.db, tx);
    return em.save(em.create(LeadReport, r));
  }

  /** The report, locked until the transaction ends. */
  lock(tx: Tx, id: string): Promise<LeadReport | null> {
    return managerOf(this.db, tx).findOne(LeadReport, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async decide(tx: Tx, id: string, d: Pick<LeadReport, 'status' | 'adminNote' | 'decidedBy' | 'decidedAt'>): Promise<void> {
    await managerOf(this.db, tx).update(LeadReport, { id }, d);
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
