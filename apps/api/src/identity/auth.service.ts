import { isUniqueViolation } from '../core/database/sql';
import { Transactions, type Tx } from '../core/database/transactions';
import { BadRequestException, ConflictException, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ActivityService } from '../activity';
import { ClientRepository } from '../clients';
import { ClientInviteRepository } from './client-invite.repository';
import type { ClientInvite } from './entities/client-invite.entity';
import type { TeamInvite } from './entities/team-invite.entity';
import type { User } from './entities/user.entity';
import { TeamInviteRepository } from './team-invite.repository';
import { UserRepository } from './user.repository';
import { NotificationsQueue } from '../core/queue/email-queue';
import type { AuthTokensDto, LoginDto, MeDto, RegisterDto } from './dto/auth.dto';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import { TokenService } from './token.service';

/** A new session: the answer's body, and the refresh token, which travels only in its httpOnly cookie. */
export interface SignedIn {
  body: AuthTokensDto;
  refreshToken: string;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly tx: Transactions,
    private readonly users: UserRepository,
    private readonly clients: ClientRepository,
    private readonly clientInvites: ClientInviteRepository,
    private readonly teamInvites: TeamInviteRepository,
    private readonly tokens: TokenService,
    private readonly notifications: NotificationsQueue,
    private readonly activity: ActivityService,
  ) {}

  /** A new client user: owner of a new client account that starts onboarding, or, with a team invite, a member of an existing one. */
  async register(dto: RegisterDto): Promise<SignedIn> {
    if (dto.inviteToken && dto.teamInviteToken) throw new BadRequestException('Send inviteToken or teamInviteToken, not both');
    const passwordHash = await hashPassword(dto.password);
    const person = {
      email: dto.email,
      passwordHash,
      firstName: dto.firstName,
      lastName: dto.lastName,
      phone: dto.phone,
      role: 'client' as const,
    };
    let user: User;
    try {
      user = await this.tx.run(async (tx) => {
        if (dto.teamInviteToken) {
          const team = await this.claimTeamInvite(tx, dto.teamInviteToken, dto.email);
          const joined = await this.users.insert(tx, { ...person, clientId: team.clientId, clientRole: team.role });
          await this.activity.record(tx, {
            clientId: team.clientId,
            actorUserId: joined.id,
            action: 'team.member_joined',
            after: { userId: joined.id, email: joined.email, role: team.role },
          });
          joined.client = (await this.clients.byId(team.clientId, tx))!;
          return joined;
        }
        const invite = dto.inviteToken ? await this.claimInvite(tx, dto.inviteToken, dto.email) : null;
        const client = await this.clients.create(tx, invite ? { billingMode: invite.billingMode } : {});
        const created = await this.users.insert(tx, { ...person, clientId: client.id, clientRole: 'owner' });
        created.client = client;
        return created;
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ConflictException('An account with this email already exists');
      }
      throw err;
    }
    await this.notifications.add('email.welcome', { userId: user.id }, `welcome:${user.id}`);
    return this.session(user);
  }

  /** An unused, unexpired invite for this email, marked used in the registration's transaction. */
  private async claimInvite(tx: Tx, token: string, email: string): Promise<ClientInvite> {
    const invite = await this.clientInvites.lockByHash(tx, createHash('sha256').update(token).digest('hex'));
    const problem = !invite
      ? 'inviteToken is not a valid invite'
      : invite.usedAt
        ? 'inviteToken has already been used'
        : invite.expiresAt.getTime() <= Date.now()
          ? 'inviteToken has expired; ask for a new invite'
          : invite.email && invite.email !== email
            ? 'inviteToken was issued for another email address'
            : null;
    if (problem || !invite) throw new BadRequestException({ message: problem, details: [{ field: 'inviteToken', messages: [problem] }] });
    await this.clientInvites.markUsed(tx, invite.id);
    return invite;
  }

  /** An unused, unexpired team invite for this email, marked used in the registration's transaction. */
  private async claimTeamInvite(tx: Tx, token: string, email: string): Promise<TeamInvite> {
    const invite = await this.teamInvites.lockByHash(tx, createHash('sha256').update(token).digest('hex'));
    const problem = !invite
      ? 'teamInviteToken is not a valid invite'
      : invite.usedAt
        ? 'teamInviteToken has already been used'
        : invite.expiresAt.getTime() <= Date.now()
          ? 'teamInviteToken has expired; ask the account’s owner for a new invite'
          : invite.email !== email
            ? 'teamInviteToken was issued for another email address'
            : null;
    if (problem || !invite)
      throw new BadRequestException({ message: problem, details: [{ field: 'teamInviteToken', messages: [problem] }] });
    await this.teamInvites.markUsed(tx, invite.id);
    return invite;
  }

  async login(dto: LoginDto): Promise<SignedIn> {
    const user = await this.users.withClient({ email: dto.email });
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), dto.password);
    if (!user || !ok) throw new UnauthorizedException('Email or password is incorrect');
    return this.session(user);
  }

  async refresh(refreshToken: string): Promise<SignedIn> {
    const { userId, tokens } = await this.tokens.rotate(refreshToken);
    return {
      body: { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, tokenType: 'Bearer', user: await this.me(userId) },
      refreshToken: tokens.refreshToken,
    };
  }

  async logout(refreshToken: string): Promise<void> {
    await this.tokens.revoke(refreshToken);
  }

  async me(userId: string): Promise<MeDto> {
    const user = await this.users.withClient({ id: userId });
    if (!user) throw new UnauthorizedException('The account no longer exists');
    return toMe(user);
  }

  /** Bull Board's cookie value for an admin (the route is for admins only). */
  boardToken(user: { id: string; role: string }): Promise<string> {
    return this.tokens.issueBoardToken(user);
  }

  private async session(user: User): Promise<SignedIn> {
    const tokens = await this.tokens.issue(user);
    return {
      body: { accessToken: tokens.accessToken, expiresIn: tokens.expiresIn, tokenType: 'Bearer', user: toMe(user) },
      refreshToken: tokens.refreshToken,
    };
  }
}

export function toMe(user: User): MeDto {
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    phone: user.phone,
    role: user.role,
    clientRole: user.clientRole,
    client: user.client
      ? { id: user.client.id, status: user.client.status, billingMode: user.client.billingMode, onboardingStep: user.client.onboardingStep }
      : null,
  };
}
