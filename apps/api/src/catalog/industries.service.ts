import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, QueryFailedError } from 'typeorm';
import { Client } from '../accounts/entities/client.entity';
import type { CreateIndustryDto, IndustryDto, UpdateIndustryDto } from './dto/industry.dto';
import { Industry } from './entities/industry.entity';
import { businessNameKey } from '../accounts/postcodes';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class IndustriesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Active industries (archived ones only for admins who ask). */
  async list(includeArchived = false): Promise<IndustryDto[]> {
    const rows = await this.db.manager.find(Industry, { where: includeArchived ? {} : { archivedAt: IsNull() }, order: { name: 'ASC' } });
    const counts = await this.clientCounts(rows.map((r) => r.id));
    return rows.map((r) => toDto(r, counts.get(r.id) ?? 0));
  }

  async get(id: string): Promise<IndustryDto> {
    const row = await this.db.manager.findOne(Industry, { where: { id } });
    if (!row) throw new NotFoundException('No industry with that id');
    return toDto(row, (await this.clientCounts([id])).get(id) ?? 0);
  }

  async create(dto: CreateIndustryDto): Promise<IndustryDto> {
    try {
      const row = await this.db.manager.save(
        this.db.manager.create(Industry, {
          name: dto.name,
          nameKey: businessNameKey(dto.name),
          leadCost: dto.leadCost,
          currency: dto.currency ?? 'GBP',
          leadColumns: dto.leadColumns,
        }),
      );
      return toDto(row, 0);
    } catch (err) {
      throw duplicateName(err);
    }
  }

  async update(id: string, dto: UpdateIndustryDto): Promise<IndustryDto> {
    const row = await this.db.manager.findOne(Industry, { where: { id } });
    if (!row) throw new NotFoundException('No industry with that id');
    if (dto.name !== undefined) Object.assign(row, { name: dto.name, nameKey: businessNameKey(dto.name) });
    if (dto.leadCost !== undefined) row.leadCost = dto.leadCost;
    if (dto.currency !== undefined) row.currency = dto.currency;
    if (dto.leadColumns !== undefined) row.leadColumns = dto.leadColumns;
    try {
      await this.db.manager.save(row);
    } catch (err) {
      throw duplicateName(err);
    }
    return this.get(id);
  }

  /** Deletes an unused industry; one that clients use can only be archived. */
  async remove(id: string): Promise<void> {
    const inUse = (await this.clientCounts([id])).get(id) ?? 0;
    if (inUse > 0) throw new ConflictException(`This industry is used by ${inUse} client(s); archive it instead`);
    const { affected } = await this.db.manager.delete(Industry, { id });
    if (!affected) throw new NotFoundException('No industry with that id');
  }

  async setArchived(id: string, archived: boolean): Promise<IndustryDto> {
    const { affected } = await this.db.manager.update(Industry, { id }, { archivedAt: archived ? new Date() : null });
    if (!affected) throw new NotFoundException('No industry with that id');
    return this.get(id);
  }

  private async clientCounts(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ industry_id: string; n: string }> = await this.db.manager
      .createQueryBuilder(Client, 'c')
      .select('c.industry_id', 'industry_id')
      .addSelect('count(*)', 'n')
      .where('c.industry_id IN (:...ids)', { ids })
      .groupBy('c.industry_id')
      .getRawMany();
    return new Map(rows.map((r) => [r.industry_id, Number(r.n)]));
  }
}

function duplicateName(err: unknown): unknown {
  if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === UNIQUE_VIOLATION) {
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
  };
}
