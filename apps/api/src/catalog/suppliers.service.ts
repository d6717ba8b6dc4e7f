import { ForbiddenException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { CreateSupplierDto, SupplierDto, SupplierWithKeyDto, UpdateSupplierDto } from './dto/distribution.dto';
import type { Supplier } from './entities/supplier.entity';
import { SupplierRepository } from './supplier.repository';

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
  constructor(private readonly suppliers: SupplierRepository) {}

  async list(): Promise<SupplierDto[]> {
    return (await this.suppliers.all()).map(toDto);
  }

  async create(dto: CreateSupplierDto): Promise<SupplierWithKeyDto> {
    const apiKey = newKey();
    const row = await this.suppliers.insert({
      name: dto.name,
      campaignIds: dto.campaignIds,
      keyHash: hash(apiKey),
      keyPrefix: apiKey.slice(0, 12),
    });
    return { ...toDto(row), apiKey };
  }

  async update(id: string, dto: UpdateSupplierDto): Promise<SupplierDto> {
    const row = await this.suppliers.byId(id);
    if (!row) throw new NotFoundException('No supplier with that id');
    Object.assign(row, {
      ...(dto.name !== undefined ? { name: dto.name } : {}),
      ...(dto.campaignIds !== undefined ? { campaignIds: dto.campaignIds } : {}),
      ...(dto.active !== undefined ? { active: dto.active } : {}),
    });
    return toDto(await this.suppliers.save(row));
  }

  /** A new key; the old one stops working at once. */
  async rotate(id: string): Promise<SupplierWithKeyDto> {
    const apiKey = newKey();
    if (!(await this.suppliers.setKey(id, hash(apiKey), apiKey.slice(0, 12)))) throw new NotFoundException('No supplier with that id');
    const row = await this.suppliers.byId(id);
    if (!row) throw new NotFoundException('No supplier with that id');
    return { ...toDto(row), apiKey };
  }

  /** The supplier behind an X-API-Key, allowed to post to the campaign (one statement: SupplierRepository.byKeyTouching). */
  /** The supplier behind a key, for a call that names its campaign later (a post names its ping); 401 when none. */
  async authenticate(apiKey: string | undefined): Promise<Supplier> {
    if (!apiKey) throw new UnauthorizedException('Send your supplier key in the X-API-Key header');
    const supplier = await this.suppliers.byKey(hash(apiKey));
    if (!supplier || !supplier.active) throw new UnauthorizedException('The API key is not valid');
    return supplier;
  }

  async authorise(apiKey: string | undefined, campaignId: string): Promise<Supplier> {
    if (!apiKey) throw new UnauthorizedException('Send your supplier key in the X-API-Key header');
    const supplier = await this.suppliers.byKeyTouching(hash(apiKey), campaignId);
    if (!supplier || !supplier.active) throw new UnauthorizedException('The API key is not valid');
    if (!supplier.campaignIds.includes(campaignId)) throw new ForbiddenException('This key may not post to that campaign');
    return supplier;
  }
}
