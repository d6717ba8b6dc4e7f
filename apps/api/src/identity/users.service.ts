import { Injectable } from '@nestjs/common';
import { toMe } from './auth.service';
import type { ListUsersQueryDto, UserPageDto } from './dto/admin-users.dto';
import { UserRepository } from './user.repository';

@Injectable()
export class UsersService {
  constructor(private readonly users: UserRepository) {}

  async list(query: ListUsersQueryDto): Promise<UserPageDto> {
    const [rows, total] = await this.users.page(query);
    return {
      items: rows.map((u) => ({ ...toMe(u), createdAt: u.createdAt.toISOString() })),
      meta: { page: query.page, pageSize: query.pageSize, total },
    };
  }
}
