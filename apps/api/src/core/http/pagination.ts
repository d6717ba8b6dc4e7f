import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @Type(() => Number)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  page = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 25 })
  @Type(() => Number)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize = 25;
}

export class PageMetaDto {
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty({ description: 'Rows matching the filters; with `totalIsLowerBound`, at least this many' })
  total!: number;

  @ApiPropertyOptional({
    description: 'True when counting stopped early (very large lists): there are at least `total` rows, and more pages after this one',
  })
  totalIsLowerBound?: boolean;
}

/** Big lists are counted exactly up to this many rows (or the current page, if further), then no further. */
export const COUNT_EXACTLY_UP_TO = 10_000;

/**
 * Filters that must read each candidate's lead row, not only an index (a client's leads by postcode or
 * by search), are counted exactly this far: counting 10,000 matches of a 1-in-20 postcode walks 200,000
 * deliveries and their leads, so a screen would wait a third of a second for a number nobody reads
 * beyond "1,000+".
 */
export const COUNT_EXACTLY_UP_TO_READING_LEADS = 1_000;

/**
 * Counts the rows of `fromSql` (a `FROM … WHERE …` clause) but stops one past the larger of
 * COUNT_EXACTLY_UP_TO and the end of the page, so a page of a million-row list never counts them all.
 * Answers the page's meta: exact below the limit, a lower bound (with more pages to come) at it.
 */
export async function countedPageMeta(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  fromSql: string,
  params: unknown[],
  page: number,
  pageSize: number,
): Promise<PageMetaDto> {
  const limit = Math.max(COUNT_EXACTLY_UP_TO, page * pageSize) + 1;
  const [{ n }] = (await query(`SELECT count(*)::int AS n FROM (SELECT 1 ${fromSql} LIMIT ${limit}) counted`, params)) as Array<{
    n: number;
  }>;
  return n === limit ? { page, pageSize, total: n, totalIsLowerBound: true } : { page, pageSize, total: n };
}
