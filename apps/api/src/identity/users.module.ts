import { Module } from '@nestjs/common';
import { ClientInviteRepository } from './client-invite.repository';
import { PasswordResetLinks } from './password-reset-links';
import { TeamInviteLinks } from './team-invite-links';
import { UserRepository } from './user.repository';

const SHARED = [UserRepository, ClientInviteRepository, PasswordResetLinks, TeamInviteLinks];

/**
 * What of identity other modules (and the worker) use without the sign-in machinery: the users and
 * client invites repositories, and the signers of password-reset and team-invite links.
 */
@Module({ providers: SHARED, exports: SHARED })
export class UsersModule {}
