import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import { PrivacyRequest } from './entities/privacy-request.entity';

/** A request as the admins' list shows it. */
export interface PrivacyRequestRow extends PrivacyRequest {
  requestedByName: string | null;
  previousRequestAt: Date | null;
}

/** The latest request about the same email or phone made before this one (by its keyed hashes). */
const PREVIOUS = (r: string) => `(SELECT max(p.created_at) FROM privacy_requests p
   WHERE p.created_at < ${r}.created_at AND ((${r}.email_hash IS NOT NULL AND p.email_hash = ${r}.email_hash) OR (${r}.phone_hash IS NOT NULL AND p.phone_hash = ${r}.phone_hash)))`;

/** privacy_requests: the only writer. Rows are appended, never changed. */
@Injectable()
export class PrivacyRequestRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(
    tx: Tx | undefined,
    r: Pick<PrivacyRequest, 'kind' | 'emailHash' | 'phoneHash' | 'requestedBy' | 'leadCount' | 'buyerCount'>,
  ): Promise<PrivacyRequest> {
    const em = managerOf(this.db, tx);
    return em.save(em.create(PrivacyRequest, r));
  }

  /** When the latest request about this email or phone was made, if any. */
  async latestAbout(hashes: { emailHash: string | null; phoneHash: string | null }): Promise<Date | null> {
    const [row] = (await this.db.query(
      `SELECT max(created_at) AS at FROM privacy_requests WHERE ($1::text IS NOT NULL AND email_hash = $1) OR ($2::text IS NOT NULL AND phone_hash = $2)`,
      [hashes.emailHash, hashes.phoneHash],
    )) as Array<{ at: Date | null }>;
    return row?.at ?? null;
  }

  /** Newest first, with the admin's name (a read of users) and the latest earlier request about the same person. */
  async page(page: number, pageSize: number): Promise<{ rows: PrivacyRequestRow[]; total: number }> {
    const [{ total }] = (await this.db.query(`SELECT count(*)::int AS total FROM privacy_requests`)) as Array<{ total: number }>;
    const rows = (await this.db.query(
      `SELECT r.id, r.kind, r.email_hash, r.phone_hash, r.requested_by, r.lead_count, r.buyer_count, r.created_at,
              nullif(trim(concat(u.first_name, ' ', u.last_name)), '') AS requested_by_name, ${PREVIOUS('r')} AS previous_request_at
         FROM privacy_requests r LEFT JOIN users u ON u.id = r.requested_by
        ORDER BY r.created_at DESC, r.id DESC LIMIT $1 OFFSET $2`,
      [pageSize, (page - 1) * pageSize],
    )) as Array<{
      id: string;
      kind: PrivacyRequest['kind'];
      email_hash: string | null;
      phone_hash: string | null;
      requested_by: string | null;
      lead_count: number;
      buyer_count: number;
      created_at: Date;
      requested_by_name: string | null;
      previous_request_at: Date | null;
    }>;
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        emailHash: r.email_hash,
        phoneHash: r.phone_hash,
        requestedBy: r.requested_by,
        leadCount: r.lead_count,
        buyerCount: r.buyer_count,
        createdAt: r.created_at,
        requestedByName: r.requested_by_name,
        previousRequestAt: r.previous_request_at,
      })),
    };
  }
}
