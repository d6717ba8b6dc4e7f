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
import { SignInFlows } from './oidc/sign-in-flows';
import { UserIdentityRepository } from './user-identity.repository';
import { AppConfig } from '../core/config/app-config';

/** A new session: the answer's body, and the refresh token, which travels only in its httpOnly cookie. */
export interface SignedIn {
  body: AuthTokensDto;
  refreshToken: string;
}

/** Runs in a registration's transaction once a new client account and its owner exist. */
export type ClientCreatedListener = (tx: Tx, clientId: string, ownerUserId: string) => Promise<void>;

@Injectable()
export class AuthService {
  private readonly clientCreated: ClientCreatedListener[] = [];

  /** For a higher module to set up what every new client account has (its subscription), in the same transaction. */
  onClientCreated(listener: ClientCreatedListener): void {
    this.clientCreated.push(listener);
  }

  constructor(
    private readonly tx: Transactions,
    private readonly users: UserRepository,
    private readonly clients: ClientRepository,
    private readonly clientInvites: ClientInviteRepository,
    private readonly teamInvites: TeamInviteRepository,
    private readonly tokens: TokenService,
    private readonly notifications: NotificationsQueue,
    private readonly activity: ActivityService,
    private readonly identities: UserIdentityRepository,
    private readonly flows: SignInFlows,
    private readonly config: AppConfig,
  ) {}

  /** A new client user: owner of a new client account that starts onboarding, or, with a team invite, a member of an existing one. */
  async register(dto: RegisterDto): Promise<SignedIn> {
    const passwordHash = await hashPassword(dto.password);
    const user = await this.createAccount(
      { email: dto.email, passwordHash, firstName: dto.firstName, lastName: dto.lastName, phone: dto.phone },
      { inviteToken: dto.inviteToken, teamInviteToken: dto.teamInviteToken },
    );
    return this.session(user);
  }

  /**
   * The account behind a registration (with a password, or with a provider identity and none),
   * its invite claimed in the same transaction, and the welcome email queued.
   */
  async createAccount(
    person: { email: string; passwordHash: string | null; firstName: string; lastName: string; phone: string },
    invites: { inviteToken?: string; teamInviteToken?: string },
    identity?: { provider: string; subject: string },
  ): Promise<User> {
    if (invites.inviteToken && invites.teamInviteToken) throw new BadRequestException('Send inviteToken or teamInviteToken, not both');
    let user: User;
    try {
      user = await this.tx.run(async (tx) => {
        const created = await this.insertAccount(tx, person, invites);
        if (identity) {
          await this.identities.insert(tx, { userId: created.id, ...identity, email: person.email });
          await this.activity.record(tx, {
            clientId: created.clientId,
            actorUserId: created.id,
            action: 'auth.signed_up_with_provider',
            after: { provider: identity.provider, email: person.email },
          });
        }
        return created;
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new ConflictException('An account with this email already exists');
      }
      throw err;
    }
    await this.notifications.add('email.welcome', { userId: user.id }, `welcome:${user.id}`);
    return user;
  }

  /** The user: a member of the team that invited them, or the owner of a new client account (an admin's invite may pre-set it). */
  private async insertAccount(
    tx: Tx,
    person: { email: string; passwordHash: string | null; firstName: string; lastName: string; phone: string },
    invites: { inviteToken?: string; teamInviteToken?: string },
  ): Promise<User> {
    const row = { ...person, role: 'client' as const };
    if (invites.teamInviteToken) {
      const team = await this.claimTeamInvite(tx, invites.teamInviteToken, person.email);
      const joined = await this.users.insert(tx, { ...row, clientId: team.clientId, clientRole: team.role });
      await this.activity.record(tx, {
        clientId: team.clientId,
        actorUserId: joined.id,
        action: 'team.member_joined',
        after: { userId: joined.id, email: joined.email, role: team.role },
      });
      joined.client = (await this.clients.byId(team.clientId, tx))!;
      return joined;
    }
    const invite = invites.inviteToken ? await this.claimInvite(tx, invites.inviteToken, person.email) : null;
    const client = await this.clients.create(tx, invite ? { billingMode: invite.billingMode } : {});
    const created = await this.users.insert(tx, { ...row, clientId: client.id, clientRole: 'owner' });
    for (const listener of this.clientCreated) await listener(tx, client.id, created.id);
    created.client = (await this.clients.byId(client.id, tx))!;
    return created;
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
    if (dto.providerToken) await this.completeProviderStep(user, dto.providerToken);
    else await this.assertPasswordIsEnough(user);
    return this.session(user);
  }

  /**
   * The password proves the account a provider sign-in stopped at: a Google identity whose email
   * matched it is linked now (never before), or an admin's Google step is completed.
   */
  private async completeProviderStep(user: User, token: string): Promise<void> {
    const step = (await this.flows.peek('link', token)) ?? (await this.flows.peek('second_step', token));
    const refuse = (message: string) => new BadRequestException({ message, details: [{ field: 'providerToken', messages: [message] }] });
    if (!step) throw refuse('This sign-in step has expired or was already used: continue with the provider again');
    if (step.userId !== user.id) throw refuse('This sign-in step is for another account');
    if (!(await this.flows.use(step.kind, token))) throw refuse('This sign-in step was already used');
    if (step.kind === 'second_step') return this.identities.touch(step.identityId);
    try {
      await this.tx.run(async (tx) => {
        await this.identities.insert(tx, { userId: user.id, provider: step.provider, subject: step.subject, email: step.email });
        await this.activity.record(tx, {
          clientId: user.clientId,
          actorUserId: user.id,
          action: 'auth.provider_linked',
          after: { provider: step.provider, email: step.email, provedBy: 'password' },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw new ConflictException(`That ${this.label(step.provider)} account is already linked to a LeadFlow account`);
      throw err;
    }
  }

  /** With ADMIN_SIGN_IN=password+<provider>, an admin who has linked that provider signs in with both. */
  private async assertPasswordIsEnough(user: User): Promise<void> {
    const second = this.config.adminSignIn.secondProvider;
    if (user.role !== 'admin' || !second) return;
    if (!(await this.identities.ofUser(user.id)).some((i) => i.provider === second)) return;
    const label = this.label(second);
    throw new UnauthorizedException(`Administrators sign in with ${label} and their password: choose "Continue with ${label}" first`);
  }

  private label(provider: string): string {
    return this.config.oidcProviders.find((p) => p.id === provider)?.label ?? provider;
  }

  /** A session for a user a provider sign-in vouched for. */
  sessionFor(user: User): Promise<SignedIn> {
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
