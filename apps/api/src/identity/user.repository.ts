import { likeEscaped } from '../core/database/sql';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { managerOf, type Tx } from '../core/database/transactions';
import type { ListUsersQueryDto } from './dto/admin-users.dto';
import { User, type ClientRole } from './entities/user.entity';

export type NewUser = Pick<User, 'email' | 'passwordHash' | 'firstName' | 'lastName' | 'phone' | 'role' | 'clientId' | 'clientRole'>;

/** users: people who sign in (admins, and each client's owner and members). */
@Injectable()
export class UserRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  byId(id: string, tx?: Tx): Promise<User | null> {
    return managerOf(this.db, tx).findOne(User, { where: { id } });
  }

  insert(tx: Tx, user: NewUser): Promise<User> {
    const m = managerOf(this.db, tx);
    return m.save(m.create(User, user));
  }

  /** With the user's client joined (what a session shows). */
  withClient(by: { id: string } | { email: string }): Promise<User | null> {
    return this.db.manager.findOne(User, { where: by, relations: { client: true } });
  }

  /** The client's people, in the order they joined. */
  membersOf(clientId: string, tx?: Tx): Promise<User[]> {
    return managerOf(this.db, tx).find(User, { where: { clientId }, order: { createdAt: 'ASC' } });
  }

  lockMember(tx: Tx, clientId: string, id: string): Promise<User | null> {
    return managerOf(this.db, tx).findOne(User, { where: { id, clientId }, lock: { mode: 'pessimistic_write' } });
  }

  lockOwners(tx: Tx, clientId: string): Promise<User[]> {
    return managerOf(this.db, tx).find(User, { where: { clientId, clientRole: 'owner' }, lock: { mode: 'pessimistic_write' } });
  }

  async setClientRole(tx: Tx, id: string, clientRole: ClientRole): Promise<void> {
    await managerOf(this.db, tx).update(User, { id }, { clientRole });
  }

  async remove(tx: Tx, id: string): Promise<void> {
    await managerOf(this.db, tx).delete(User, { id });
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
