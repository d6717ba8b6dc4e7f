import { isUniqueViolation } from '../core/database/sql';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { nameKey } from '../core/text/name-key';
import type { CreateIndustryDto, IndustryDto, UpdateIndustryDto } from './dto/industry.dto';
import type { Industry } from './entities/industry.entity';
import { IndustryRepository } from './industry.repository';

@Injectable()
export class IndustriesService {
  constructor(private readonly industries: IndustryRepository) {}

  /** Active industries (archived ones only for admins who ask). */
  async list(includeArchived = false): Promise<IndustryDto[]> {
    const rows = await this.industries.list(includeArchived);
    const counts = await this.clientCounts(rows.map((r) => r.id));
    return rows.map((r) => toDto(r, counts.get(r.id) ?? 0));
  }

  async get(id: string): Promise<IndustryDto> {
    const row = await this.industries.byId(id);
    if (!row) throw new NotFoundException('No industry with that id');
    return toDto(row, (await this.clientCounts([id])).get(id) ?? 0);
  }

  async create(dto: CreateIndustryDto): Promise<IndustryDto> {
    try {
      const row = await this.industries.insert({
        name: dto.name,
        nameKey: nameKey(dto.name),
        leadCost: dto.leadCost,
        currency: dto.currency ?? 'GBP',
        leadColumns: dto.leadColumns,
        returnWindowDays: dto.returnWindowDays ?? null,
        returnReasons: dto.returnReasons ?? null,
        resaleAuto: dto.resaleAuto ?? false,
        resaleDiscountPercent: dto.resaleDiscountPercent ?? null,
        retentionDays: dto.retentionDays ?? null,
      });
      return toDto(row, 0);
    } catch (err) {
      throw duplicateName(err);
    }
  }

  async update(id: string, dto: UpdateIndustryDto): Promise<IndustryDto> {
    const row = await this.industries.byId(id);
    if (!row) throw new NotFoundException('No industry with that id');
    if (dto.name !== undefined) Object.assign(row, { name: dto.name, nameKey: nameKey(dto.name) });
    if (dto.leadCost !== undefined) row.leadCost = dto.leadCost;
    if (dto.currency !== undefined) row.currency = dto.currency;
    if (dto.leadColumns !== undefined) row.leadColumns = dto.leadColumns;
    if (dto.returnWindowDays !== undefined) row.returnWindowDays = dto.returnWindowDays;
    if (dto.returnReasons !== undefined) row.returnReasons = dto.returnReasons;
    if (dto.resaleAuto !== undefined) row.resaleAuto = dto.resaleAuto;
    if (dto.resaleDiscountPercent !== undefined) row.resaleDiscountPercent = dto.resaleDiscountPercent;
    if (dto.retentionDays !== undefined) row.retentionDays = dto.retentionDays;
    try {
      await this.industries.save(row);
    } catch (err) {
      throw duplicateName(err);
    }
    return this.get(id);
  }

  /** Deletes an unused industry; one that clients use can only be archived. */
  async remove(id: string): Promise<void> {
    const inUse = (await this.clientCounts([id])).get(id) ?? 0;
    if (inUse > 0) throw new ConflictException(`This industry is used by ${inUse} client(s); archive it instead`);
    if (!(await this.industries.delete(id))) throw new NotFoundException('No industry with that id');
  }

  async setArchived(id: string, archived: boolean): Promise<IndustryDto> {
    if (!(await this.industries.setArchivedAt(id, archived ? new Date() : null))) throw new NotFoundException('No industry with that id');
    return this.get(id);
  }

  private clientCounts(ids: string[]): Promise<Map<string, number>> {
    return this.industries.clientCounts(ids);
  }
}

function duplicateName(err: unknown): unknown {
  if (isUniqueViolation(err)) {
    return new ConflictException('An industry with this name already exists');
  }
  return err;
}

function toDto(row: Industry, clientCount: number): IndustryDto {
  return {
    id: row.id,
    name: row.name,
    leadCost: row.leadCost,
    currency: row.currency,
    leadColumns: row.leadColumns,
    archivedAt: row.archivedAt ? row.archivedAt.toISOString() : null,
    clientCount,
    returnWindowDays: row.returnWindowDays,
    returnReasons: row.returnReasons,
    resaleAuto: row.resaleAuto,
    resaleDiscountPercent: row.resaleDiscountPercent,
    retentionDays: row.retentionDays,
  };
}
