import { ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CreateSupplierDto, SupplierDto, SupplierWithKeyDto, UpdateSupplierDto } from './dto/distribution.dto';
import { Supplier } from './entities/supplier.entity';

const hash = (key: string) => createHash('sha256').update(key).digest('hex');
const newKey = () => `lfs_${randomBytes(32).toString('base64url')}`;
const toDto = (s: Supplier): SupplierDto => ({ id: s.id, name: s.name, keyPrefix: s.keyPrefix, campaignIds: s.campaignIds, active: s.active, lastUsedAt: s.lastUsedAt ? s.lastUsedAt.toISOString() : null });

@Injectable()
export class SuppliersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(): Promise<SupplierDto[]> {
    return (await this.db.manager.find(Supplier, { order: { name: 'ASC' } })).map(toDto);
  }

  async create(dto: CreateSupplierDto): Promise<SupplierWithKeyDto> {
    const apiKey = newKey();
    const row = await this.db.manager.save(this.db.manager.create(Supplier, { name: dto.name, campaignIds: dto.campaignIds, keyHash: hash(apiKey), keyPrefix: apiKey.slice(0, 12) }));
    return { ...toDto(row), apiKey };
  }

  async update(id: string, dto: UpdateSupplierDto): Promise<SupplierDto> {
    const row = await this.db.manager.findOne(Supplier, { where: { id } });
    if (!row) throw new NotFoundException('No supplier with that id');
    Object.assign(row, { ...(dto.name !== undefined ? { name: dto.name } : {}), ...(dto.campaignIds !== undefined ? { campaignIds: dto.campaignIds } : {}), ...(dto.active !== undefined ? { active: dto.active } : {}) });
    return toDto(await this.db.manager.save(row));
  }

  /** A new key; the old one stops working at once. */
  async rotate(id: string): Promise<SupplierWithKeyDto> {
    const apiKey = newKey();
    const { affected } = await this.db.manager.update(Supplier, { id }, { keyHash: hash(apiKey), keyPrefix: apiKey.slice(0, 12) });
    if (!affected) throw new NotFoundException('No supplier with that id');
    return { ...toDto(await this.db.manager.findOneOrFail(Supplier, { where: { id } })), apiKey };
  }

  /** The supplier behind an X-API-Key, allowed to post to the campaign. */
  async authorise(apiKey: string | undefined, campaignId: string): Promise<Supplier> {
    if (!apiKey) throw new UnauthorizedException('Send your supplier key in the X-API-Key header');
    const supplier = await this.db.manager.findOne(Supplier, { where: { keyHash: hash(apiKey) } });
    if (!supplier || !supplier.active) throw new UnauthorizedException('The API key is not valid');
    if (!supplier.campaignIds.includes(campaignId)) throw new ForbiddenException('This key may not post to that campaign');
    await this.db.manager.update(Supplier, { id: supplier.id }, { lastUsedAt: new Date() });
    return supplier;
  }
}
