import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { CurrentUser, type AuthUser } from '../identity/decorators/current-user.decorator';
import { Roles } from '../identity/decorators/roles.decorator';
import { PageQueryDto } from '../core/http/pagination';
import { ClientAccess } from '../identity/client-access.guard';
import { ActivityPageDto } from './dto/activity.dto';

/** A client's activity log, newest first, with the actor's name. */
async function activityPage(db: DataSource, clientId: string, page: number, pageSize: number): Promise<ActivityPageDto> {
  const rows: Array<{
    id: string;
    action: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
    created_at: Date;
    first_name: string | null;
    last_name: string | null;
    role: string | null;
    total: number;
  }> = await db.query(
    `SELECT a.id, a.action, a.before, a.after, a.created_at, u.first_name, u.last_name, u.role, count(*) OVER ()::int AS total
         FROM activity_log a LEFT JOIN users u ON u.id = a.actor_user_id
        WHERE a.client_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2 OFFSET $3`,
    [clientId, pageSize, (page - 1) * pageSize],
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      action: r.action,
      actor: r.first_name === null ? null : `${r.first_name} ${r.last_name ?? ''}`.trim() + (r.role === 'admin' ? ' (admin)' : ''),
      before: r.before,
      after: r.after,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    meta: {
      page,
      pageSize,
      total:
        rows[0]?.total ??
        (page === 1 ? 0 : (await db.query(`SELECT count(*)::int AS n FROM activity_log WHERE client_id = $1`, [clientId]))[0].n),
    },
  };
}

@ApiTags('account')
@ApiBearerAuth()
@ClientAccess()
@Controller('activity')
export class ActivityController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get()
  @ApiOperation({
    summary: 'Every change to your account, newest first',
    description: 'Who (you, a colleague, an admin or the system), what, and the values before and after.',
  })
  @ApiResponse({ status: 200, type: ActivityPageDto })
  listActivity(@CurrentUser() user: AuthUser, @Query() q: PageQueryDto): Promise<ActivityPageDto> {
    return activityPage(this.db, user.clientId!, q.page, q.pageSize);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/clients')
export class AdminActivityController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Get(':id/activity')
  @ApiOperation({ summary: 'A client’s activity log, newest first (admins)' })
  @ApiResponse({ status: 200, type: ActivityPageDto })
  listClientActivity(@Param('id', ParseUUIDPipe) id: string, @Query() q: PageQueryDto): Promise<ActivityPageDto> {
    return activityPage(this.db, id, q.page, q.pageSize);
  }
}
