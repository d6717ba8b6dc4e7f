import { ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { fromJsonRow, queryPrepared } from '../core/database/sql';
import type { CreateSupplierDto, SupplierDto, SupplierWithKeyDto, UpdateSupplierDto } from './dto/distribution.dto';
import { Supplier } from './entities/supplier.entity';

const hash = (key: string) => createHash('sha256').update(key).digest('hex');
const newKey = () => `lfs_${randomBytes(32).toString('base64url')}`;
const toDto = (s: Supplier): SupplierDto => ({
  id: s.id,
  name: s.name,
  keyPrefix: s.keyPrefix,
  campaignIds: s.campaignIds,
  active: s.active,
  lastUsedAt: s.lastUsedAt ? s.lastUsedAt.toISOString() : null,
});

@Injectable()
export class SuppliersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(): Promise<SupplierDto[]> {
    return (await this.db.manager.find(Supplier, { order: { name: 'ASC' } })).map(toDto);
  }

  async create(dto: CreateSupplierDto): Promise<SupplierWithKeyDto> {
    const apiKey = newKey();
    const row = await this.db.manager.save(
      this.db.manager.create(Supplier, {
        name: dto.name,
        campaignIds: dto.campaignIds,
        keyHash: hash(apiKey),
        keyPrefix: apiKey.slice(0, 12),
      }),
    );
    return { ...toDto(row), apiKey };
  }

  async update(id: string, dto: UpdateSupplierDto): Promise<SupplierDto> {
    const row = await this.db.manager.findOne(Supplier, { where: { id } });
    if (!row) throw new NotFoundException('No supplier with that id');
    Object.assign(row, {
      ...(dto.name !== undefined ? { name: dto.name } : {}),
      ...(dto.campaignIds !== undefined ? { campaignIds: dto.campaignIds } : {}),
      ...(dto.active !== undefined ? { active: dto.active } : {}),
    });
    return toDto(await this.db.manager.save(row));
  }

  /** A new key; the old one stops working at once. */
  async rotate(id: string): Promise<SupplierWithKeyDto> {
    const apiKey = newKey();
    const { affected } = await this.db.manager.update(Supplier, { id }, { keyHash: hash(apiKey), keyPrefix: apiKey.slice(0, 12) });
    if (!affected) throw new NotFoundException('No supplier with that id');
    return { ...toDto(await this.db.manager.findOneOrFail(Supplier, { where: { id } })), apiKey };
  }

  /**
   * The supplier behind an X-API-Key, allowed to post to the campaign: one statement, which also
   * notes when the key was last used (at most once a minute, so a busy supplier does not write its
   * row, and queue on its lock, for every lead).
   */
  async authorise(apiKey: string | undefined, campaignId: string): Promise<Supplier> {
    if (!apiKey) throw new UnauthorizedException('Send your supplier key in the X-API-Key header');
    const [row] = await queryPrepared<{ supplier: Record<string, unknown> }>(
      this.db,
      'supplier_by_key',
      `WITH s AS (SELECT * FROM suppliers WHERE key_hash = $1),
       touch AS (
         UPDATE suppliers t SET last_used_at = now() FROM s
         WHERE t.id = s.id AND s.active AND $2::uuid = ANY (s.campaign_ids) AND (s.last_used_at IS NULL OR s.last_used_at < now() - interval '1 minute')
       )
       SELECT row_to_json(s) AS supplier FROM s`,
      [hash(apiKey), campaignId],
    );
    const supplier = row ? fromJsonRow(this.db, Supplier, row.supplier) : null;
    if (!supplier || !supplier.active) throw new UnauthorizedException('The API key is not valid');
    if (!supplier.campaignIds.includes(campaignId)) throw new ForbiddenException('This key may not post to that campaign');
    return supplier;
  }
}
