import { Module } from '@nestjs/common';
import { ClientInviteRepository } from './client-invite.repository';
import { UserRepository } from './user.repository';

/** Identity's tables as repositories, for modules (and the worker) that read users without the sign-in machinery. */
@Module({ providers: [UserRepository, ClientInviteRepository], exports: [UserRepository, ClientInviteRepository] })
export class UsersModule {}
