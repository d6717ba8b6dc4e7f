import { BadRequestException, ConflictException, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { isUniqueViolation } from '../../core/database/sql';
import { Transactions } from '../../core/database/transactions';
import { ActivityService } from '../../activity';
import { AppConfig } from '../../core/config/app-config';
import { AuthService, type SignedIn } from '../auth.service';
import type { ProviderSignInDto, ProviderSignUpDto, SignInMethodsDto, StartProviderSignInDto } from '../dto/oidc.dto';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../password';
import { UserIdentityRepository } from '../user-identity.repository';
import { UserRepository } from '../user.repository';
import { OidcProviders, type ProviderIdentity } from './oidc-providers';
import { SignInFlows, type SignInIntent, type StartedFlow } from './sign-in-flows';

/** The answer of a provider callback: what the SPA shows next, and a session when one was opened. */
export interface ProviderOutcome {
  dto: ProviderSignInDto;
  session?: SignedIn;
}

/**
 * Sign-in with OpenID Connect providers beside email and password. A provider identity signs in
 * only once linked to a user; a verified email that matches an account is linked only after the
 * person proves that account (its password: POST /api/auth/login with `providerToken`), never
 * silently; a new email becomes a new client user after they confirm their name and phone.
 */
@Injectable()
export class OidcService {
  constructor(
    private readonly providers: OidcProviders,
    private readonly flows: SignInFlows,
    private readonly auth: AuthService,
    private readonly users: UserRepository,
    private readonly identities: UserIdentityRepository,
    private readonly activity: ActivityService,
    private readonly tx: Transactions,
    private readonly config: AppConfig,
  ) {}

  /** The provider's authorization URL for a new flow, and the binding for the browser's cookie. */
  async start(provider: string, intent: SignInIntent): Promise<{ authorizeUrl: string; binding: string }> {
    this.providers.provider(provider);
    const { state, nonce, codeChallenge, binding } = await this.flows.start(provider, intent);
    return { authorizeUrl: await this.providers.authorizationUrl(provider, { state, nonce, codeChallenge }), binding };
  }

  signInIntent(dto: StartProviderSignInDto): SignInIntent {
    return { kind: 'sign_in', next: dto.next, inviteToken: dto.inviteToken, teamInviteToken: dto.teamInviteToken };
  }

  async finish(provider: string, code: string, state: string, binding: string | undefined): Promise<ProviderOutcome> {
    const flow = await this.flows.finish(state);
    if (!flow || flow.provider !== provider) {
      throw new BadRequestException('This sign-in has expired or was already used. Please start again.');
    }
    if (!this.flows.bindingMatches(flow, binding)) {
      throw new BadRequestException('This sign-in was started in another browser (or its cookie is gone). Please start again here.');
    }
    const identity = await this.providers.verify(provider, code, { state, nonce: flow.nonce, codeVerifier: flow.codeVerifier });
    const label = this.providers.provider(provider).label;
    if (!identity.email || !identity.emailVerified) {
      throw new ForbiddenException(
        `${label} has not verified the email address of this ${label} account, so it cannot be used here. Verify it with ${label}, or sign in with email and password.`,
      );
    }
    const base = { provider, providerLabel: label };
    const verified = { ...identity, email: identity.email };
    return flow.intent.kind === 'link'
      ? { dto: { ...base, ...(await this.link(flow.intent.userId, verified, label)) } }
      : this.signIn(verified, flow as StartedFlow & { intent: Extract<SignInIntent, { kind: 'sign_in' }> }, base);
  }

  private async signIn(
    identity: ProviderIdentity & { email: string },
    flow: StartedFlow & { intent: Extract<SignInIntent, { kind: 'sign_in' }> },
    base: { provider: string; providerLabel: string },
  ): Promise<ProviderOutcome> {
    const next = flow.intent.next;
    const linked = await this.identities.bySubject(identity.provider, identity.subject);
    if (linked) {
      const user = await this.users.withClient({ id: linked.userId });
      if (!user) throw new UnauthorizedException('The account no longer exists');
      if (user.role === 'admin') {
        if (this.config.adminSignIn.secondProvider !== identity.provider) {
          throw new ForbiddenException(`Administrators sign in with their password, not with ${base.providerLabel}`);
        }
        const token = await this.flows.park({
          kind: 'second_step',
          userId: user.id,
          provider: identity.provider,
          subject: identity.subject,
          identityId: linked.id,
        });
        return { dto: { ...base, status: 'password_required', token, email: user.email, next } };
      }
      await this.identities.touch(linked.id);
      const session = await this.auth.sessionFor(user);
      return { dto: { ...base, status: 'signed_in', session: session.body, next }, session };
    }
    const owner = await this.users.byEmail(identity.email);
    if (owner) {
      const token = await this.flows.park({
        kind: 'link',
        userId: owner.id,
        provider: identity.provider,
        subject: identity.subject,
        email: identity.email,
      });
      return { dto: { ...base, status: 'link_required', token, email: owner.email, next } };
    }
    const token = await this.flows.park({
      kind: 'sign_up',
      provider: identity.provider,
      subject: identity.subject,
      email: identity.email,
      firstName: identity.firstName ?? '',
      lastName: identity.lastName ?? '',
      inviteToken: flow.intent.inviteToken,
      teamInviteToken: flow.intent.teamInviteToken,
      next,
    });
    return {
      dto: {
        ...base,
        status: 'sign_up_required',
        token,
        email: identity.email,
        firstName: identity.firstName ?? '',
        lastName: identity.lastName ?? '',
        next,
      },
    };
  }

  /** From account settings: the signed-in user adds the provider identity they just proved. */
  private async link(
    userId: string,
    identity: ProviderIdentity & { email: string },
    label: string,
  ): Promise<Pick<ProviderSignInDto, 'status' | 'email'>> {
    const taken = await this.identities.bySubject(identity.provider, identity.subject);
    if (taken && taken.userId !== userId)
      throw new ConflictException(`That ${label} account is already linked to another LeadFlow account`);
    if (taken) return { status: 'linked', email: taken.email };
    const user = await this.users.byId(userId);
    if (!user) throw new UnauthorizedException('The account no longer exists');
    try {
      await this.tx.run(async (tx) => {
        await this.identities.insert(tx, { userId, provider: identity.provider, subject: identity.subject, email: identity.email });
        await this.activity.record(tx, {
          clientId: user.clientId,
          actorUserId: userId,
          action: 'auth.provider_linked',
          after: { provider: identity.provider, email: identity.email, provedBy: 'session' },
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictException(`Your account already has a ${label} account linked: unlink it first`);
      throw err;
    }
    return { status: 'linked', email: identity.email };
  }

  /** A new person from a `sign_up_required` answer: their client account (or their team's), signed in. */
  async signUp(dto: ProviderSignUpDto): Promise<{ session: SignedIn; next?: string }> {
    const step = await this.flows.peek('sign_up', dto.token);
    const expired = 'This sign-up has expired or was already finished. Please continue with the provider again.';
    if (!step) throw new BadRequestException({ message: expired, details: [{ field: 'token', messages: [expired] }] });
    const user = await this.auth.createAccount(
      { email: step.email, passwordHash: null, firstName: dto.firstName, lastName: dto.lastName, phone: dto.phone },
      { inviteToken: step.inviteToken, teamInviteToken: step.teamInviteToken },
      { provider: step.provider, subject: step.subject },
    );
    await this.flows.use('sign_up', dto.token);
    return { session: await this.auth.sessionFor(user), next: step.next };
  }

  async methods(userId: string): Promise<SignInMethodsDto> {
    const user = await this.users.byId(userId);
    if (!user) throw new UnauthorizedException('The account no longer exists');
    const linked = await this.identities.ofUser(userId);
    const labelOf = (id: string) => this.config.oidcProviders.find((p) => p.id === id)?.label ?? id;
    return {
      hasPassword: user.passwordHash !== null,
      linked: linked.map((i) => ({
        provider: i.provider,
        label: labelOf(i.provider),
        email: i.email,
        linkedAt: i.linkedAt.toISOString(),
        lastUsedAt: i.lastUsedAt?.toISOString() ?? null,
      })),
      available: this.providers.list().filter((p) => !linked.some((i) => i.provider === p.id)),
      required: user.role === 'admin' ? this.config.adminSignIn.secondProvider : null,
    };
  }

  /** Not the last way in, and not the provider an admin must keep. */
  async unlink(userId: string, provider: string): Promise<void> {
    const user = await this.users.byId(userId);
    if (!user) throw new UnauthorizedException('The account no longer exists');
    const linked = await this.identities.ofUser(userId);
    const label = this.config.oidcProviders.find((p) => p.id === provider)?.label ?? provider;
    if (!linked.some((i) => i.provider === provider)) throw new BadRequestException(`No ${label} account is linked`);
    if (user.passwordHash === null && linked.length === 1) {
      throw new ConflictException(`${label} is how you sign in: set a password first, then unlink it`);
    }
    if (user.role === 'admin' && this.config.adminSignIn.secondProvider === provider) {
      throw new ConflictException(`Administrators here sign in with ${label} and a password: it cannot be unlinked`);
    }
    await this.tx.run(async (tx) => {
      if (await this.identities.remove(tx, userId, provider)) {
        await this.activity.record(tx, {
          clientId: user.clientId,
          actorUserId: userId,
          action: 'auth.provider_unlinked',
          before: { provider },
        });
      }
    });
  }

  /** Sets or changes the password; an account made with a provider sets its first without one. */
  async setPassword(userId: string, currentPassword: string | undefined, newPassword: string): Promise<void> {
    const user = await this.users.byId(userId);
    if (!user) throw new UnauthorizedException('The account no longer exists');
    if (user.passwordHash !== null) {
      const wrong = 'Your current password is not right';
      const ok = await verifyPassword(user.passwordHash ?? (await dummyPasswordHash()), currentPassword ?? '');
      if (!currentPassword || !ok) {
        throw new BadRequestException({
          message: currentPassword ? wrong : 'currentPassword is required to change a password',
          details: [{ field: 'currentPassword', messages: [currentPassword ? wrong : 'Enter your current password.'] }],
        });
      }
    }
    const passwordHash = await hashPassword(newPassword);
    await this.tx.run(async (tx) => {
      await this.users.setPasswordHash(tx, userId, passwordHash);
      await this.activity.record(tx, {
        clientId: user.clientId,
        actorUserId: userId,
        action: user.passwordHash === null ? 'auth.password_set' : 'auth.password_changed',
      });
    });
  }
}
