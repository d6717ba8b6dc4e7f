import { likeEscaped } from '../core/database/sql';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import type { ListUsersQueryDto } from './dto/admin-users.dto';
import { User } from './entities/user.entity';

/** users: people who sign in (admins, and each client's owner and members). */
@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  byId(id: string, tx?: Tx): Promise<User | null> {
    return managerOf(this.db, tx).findOne(User, { where: { id } });
  }

  byEmail(email: string): Promise<User | null> {
    return this.db.manager.findOne(User, { where: { email } });
  }

  async setPasswordHash(tx: Tx, id: string, passwordHash: string): Promise<void> {
    await managerOf(this.db, tx).update(User, { id }, { passwordHash });
  }

  /** The client's owner (every client has one from sign-up). */
  ownerOf(clientId: string, tx?: Tx): Promise<User | null> {
    return managerOf(this.db, tx).findOne(User, { where: { clientId, clientRole: 'owner' } });
  }

  /** Newest first, with the client joined; `search` matches email and names. */
  page(query: ListUsersQueryDto): Promise<[User[], number]> {
    const qb = this.db.manager
      .createQueryBuilder(User, 'u')
      .leftJoinAndSelect('u.client', 'c')
      .orderBy('u.created_at', 'DESC')
      .addOrderBy('u.id', 'ASC');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.search) {
      const like = `%${likeEscaped(query.search)}%`;
      qb.andWhere('(u.email ILIKE :like OR u.first_name ILIKE :like OR u.last_name ILIKE :like)', { like });
    }
    return qb
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
  }
}
