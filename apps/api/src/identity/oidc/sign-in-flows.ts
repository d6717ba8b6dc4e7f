import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '../../core/config/app-config';
import { REDIS } from '../../core/redis/redis.module';
import { OIDC_FLOW_SECONDS } from '../session-cookies';

/** Why the provider was asked: to sign in (or up), or to link it to the signed-in user's account. */
export type SignInIntent =
  { kind: 'sign_in'; next?: string; inviteToken?: string; teamInviteToken?: string } | { kind: 'link'; userId: string };

/** A sign-in on its way to the provider and back: what the callback must match. */
export interface StartedFlow {
  provider: string;
  intent: SignInIntent;
  nonce: string;
  codeVerifier: string;
  /** SHA-256 of the browser's binding cookie. */
  bindingHash: string;
}

/** What a sign-in left for the next step, behind a one-time token. */
export type PendingStep =
  /** The Google identity's verified email belongs to an account: linked once the person signs in with its password. */
  | { kind: 'link'; userId: string; provider: string; subject: string; email: string }
  /** An admin who proved Google must now give the password too (ADMIN_SIGN_IN=password+google). */
  | { kind: 'second_step'; userId: string; provider: string; subject: string; identityId: string }
  /** A new person: an account is created once they confirm their name and give a phone number. */
  | {
      kind: 'sign_up';
      provider: string;
      subject: string;
      email: string;
      firstName: string;
      lastName: string;
      inviteToken?: string;
      teamInviteToken?: string;
      next?: string;
    };

const PENDING_SECONDS = { link: 900, second_step: 300, sign_up: 1_800 } as const;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const token = () => randomBytes(32).toString('base64url');

/**
 * The short-lived state of provider sign-ins, in Redis under hashes of their tokens (the tokens
 * themselves travel only through the browser): each is read once (GETDEL), so a replayed `state`
 * or a used step token is refused, and each expires by itself.
 */
@Injectable()
export class SignInFlows {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  /** A new flow: the `state` and `nonce` to send, the PKCE challenge, and the browser binding for its cookie. */
  async start(provider: string, intent: SignInIntent): Promise<{ state: string; nonce: string; codeChallenge: string; binding: string }> {
    const state = token();
    const nonce = token();
    const codeVerifier = token();
    const binding = token();
    const flow: StartedFlow = { provider, intent, nonce, codeVerifier, bindingHash: sha256(binding) };
    await this.redis.set(this.key('flow', state), JSON.stringify(flow), 'EX', OIDC_FLOW_SECONDS);
    const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url');
    return { state, nonce, codeChallenge, binding };
  }

  /** The flow of this `state`, once: null when unknown, expired or already used. */
  async finish(state: string): Promise<StartedFlow | null> {
    const raw = await this.redis.getdel(this.key('flow', state));
    return raw ? (JSON.parse(raw) as StartedFlow) : null;
  }

  bindingMatches(flow: StartedFlow, binding: string | undefined): boolean {
    return !!binding && sha256(binding) === flow.bindingHash;
  }

  async park(step: PendingStep): Promise<string> {
    const t = token();
    await this.redis.set(this.key(step.kind, t), JSON.stringify(step), 'EX', PENDING_SECONDS[step.kind]);
    return t;
  }

  /** The pending step behind `t`, without using it up (a mistyped password can be tried again). */
  async peek<K extends PendingStep['kind']>(kind: K, t: string): Promise<Extract<PendingStep, { kind: K }> | null> {
    const raw = await this.redis.get(this.key(kind, t));
    return raw ? (JSON.parse(raw) as Extract<PendingStep, { kind: K }>) : null;
  }

  /** Uses the step up; true for the one caller that did. */
  async use(kind: PendingStep['kind'], t: string): Promise<boolean> {
    return (await this.redis.del(this.key(kind, t))) === 1;
  }

  private key(kind: string, t: string): string {
    return `${this.config.redisPrefix}:oidc:${kind}:${sha256(t)}`;
  }
}
