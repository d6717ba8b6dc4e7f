import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { sqlPart, type SqlParam, type SqlPart } from '../core/database/sql';
import { Campaign } from './entities/campaign.entity';

/**
 * A round-robin campaign's rotation: one shared position for every API instance, kept in the
 * campaign row (`rr_cursor`), advanced by one per new lead.
 */
@Injectable()
export class CampaignRotationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Advances the rotation; answers the position it stood at. */
  async advance(campaignId: string): Promise<number> {
    const result = await this.db.manager
      .createQueryBuilder()
      .update(Campaign)
      .set({ rrCursor: () => 'rr_cursor + 1' })
      .where('id = :campaignId', { campaignId })
      .returning('rr_cursor')
      .execute();
    const row = (result.raw as Array<{ rr_cursor: string }>)[0];
    if (!row) throw new NotFoundException('No campaign with that id');
    return Number(row.rr_cursor) - 1;
  }

  /**
   * The same advance as a CTE `cursor` (its `position`) of another repository's statement, so the
   * lead row and its position are written in one round trip: it runs when `enabled` and `when` (a
   * CTE of that statement) has a row.
   */
  advanceStep(p: SqlParam, campaignId: string, enabled: boolean, when: string): SqlPart {
    return sqlPart(
      `cursor AS (UPDATE campaigns SET rr_cursor = rr_cursor + 1 FROM ${when} WHERE ${p(enabled)}::boolean AND campaigns.id = ${p(campaignId)}::uuid RETURNING rr_cursor - 1 AS position)`,
    );
  }
}
