import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { toMe } from './auth.service';
import type { ListUsersQueryDto, UserPageDto } from './dto/admin-users.dto';
import { User } from './entities/user.entity';

@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async list(query: ListUsersQueryDto): Promise<UserPageDto> {
    const qb = this.users
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.client', 'c')
      .orderBy('u.created_at', 'DESC')
      .addOrderBy('u.id', 'ASC');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.search) {
      const like = `%${query.search.replace(/[\\%_]/g, (c: string) => `\\${c}`)}%`;
      qb.andWhere('(u.email ILIKE :like OR u.first_name ILIKE :like OR u.last_name ILIKE :like)', { like });
    }
    const [rows, total] = await qb
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return {
      items: rows.map((u) => ({ ...toMe(u), createdAt: u.createdAt.toISOString() })),
      meta: { page: query.page, pageSize: query.pageSize, total },
    };
  }
}
