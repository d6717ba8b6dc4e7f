import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from './decorators/roles.decorator';
import { ErrorResponseDto } from '../core/http/error-response.dto';
import { ListUsersQueryDto, UserPageDto } from './dto/admin-users.dto';
import { UsersService } from './users.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/users')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({
    summary: 'List users (admins only)',
    description: 'Newest first, paginated; filter by role or search by email and name.',
  })
  @ApiResponse({ status: 200, type: UserPageDto })
  @ApiResponse({ status: 401, description: 'No or invalid token', type: ErrorResponseDto })
  @ApiResponse({ status: 403, description: 'Not an admin', type: ErrorResponseDto })
  listUsers(@Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }
}
