import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsNull, type DataSource } from 'typeorm';
import { Industry } from './entities/industry.entity';

/** industries: the only writer. */
@Injectable()
export class IndustryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** By name; archived ones only when asked. */
  list(includeArchived: boolean): Promise<Industry[]> {
    return this.db.manager.find(Industry, { where: includeArchived ? {} : { archivedAt: IsNull() }, order: { name: 'ASC' } });
  }

  byId(id: string): Promise<Industry | null> {
    return this.db.manager.findOne(Industry, { where: { id } });
  }

  insert(i: Omit<Industry, 'id' | 'archivedAt' | 'createdAt' | 'updatedAt'>): Promise<Industry> {
    return this.db.manager.save(this.db.manager.create(Industry, i));
  }

  async save(i: Industry): Promise<void> {
    await this.db.manager.save(i);
  }

  /** False when there was no such industry. */
  async delete(id: string): Promise<boolean> {
    const { affected } = await this.db.manager.delete(Industry, { id });
    return Boolean(affected);
  }

  async setArchivedAt(id: string, at: Date | null): Promise<boolean> {
    const { affected } = await this.db.manager.update(Industry, { id }, { archivedAt: at });
    return Boolean(affected);
  }

  /** How many clients buy leads of each industry (a read of accounts' clients). */
  async clientCounts(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = (await this.db.query(
      'SELECT industry_id, count(*) AS n FROM clients WHERE industry_id = ANY($1::uuid[]) GROUP BY industry_id',
      [ids],
    )) as Array<{ industry_id: string; n: string }>;
    return new Map(rows.map((r) => [r.industry_id, Number(r.n)]));
  }
}
