import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { fromJsonRow, queryPrepared } from '../core/database/sql';
import { Supplier } from './entities/supplier.entity';

/** suppliers: the only writer. */
@Injectable()
export class SupplierRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  all(): Promise<Supplier[]> {
    return this.db.manager.find(Supplier, { order: { name: 'ASC' } });
  }

  byId(id: string): Promise<Supplier | null> {
    return this.db.manager.findOne(Supplier, { where: { id } });
  }

  insert(s: Pick<Supplier, 'name' | 'campaignIds' | 'keyHash' | 'keyPrefix'>): Promise<Supplier> {
    return this.db.manager.save(this.db.manager.create(Supplier, s));
  }

  save(s: Supplier): Promise<Supplier> {
    return this.db.manager.save(s);
  }

  /** A new key hash; false when there is no such supplier. */
  async setKey(id: string, keyHash: string, keyPrefix: string): Promise<boolean> {
    const { affected } = await this.db.manager.update(Supplier, { id }, { keyHash, keyPrefix });
    return Boolean(affected);
  }

  /**
   * The supplier with this key hash, in one statement that also notes when the key was last used
   * to post to `campaignId` (at most once a minute, so a busy supplier does not write its row, and
   * queue on its lock, for every lead).
   */
  /** The supplier with this key (its hash), whichever campaign it posts to. */
  byKey(keyHash: string): Promise<Supplier | null> {
    return this.db.manager.findOne(Supplier, { where: { keyHash } });
  }

  async byKeyTouching(keyHash: string, campaignId: string): Promise<Supplier | null> {
    const [row] = await queryPrepared<{ supplier: Record<string, unknown> }>(
      this.db,
      'supplier_by_key',
      `WITH s AS (SELECT * FROM suppliers WHERE key_hash = $1),
       touch AS (
         UPDATE suppliers t SET last_used_at = now() FROM s
         WHERE t.id = s.id AND s.active AND $2::uuid = ANY (s.campaign_ids) AND (s.last_used_at IS NULL OR s.last_used_at < now() - interval '1 minute')
       )
       SELECT row_to_json(s) AS supplier FROM s`,
      [keyHash, campaignId],
    );
    return row ? fromJsonRow(this.db, Supplier, row.supplier) : null;
  }
}
