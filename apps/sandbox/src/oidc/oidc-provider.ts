import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import { SigningKeys } from './signing-keys';

/** An OpenID Connect provider standing in for Google: PKCE-only code flow, RS256 ID tokens, userinfo. */

const CODE_TTL_S = 300;
export const ACCESS_TOKEN_TTL_S = 3600;
const ID_TOKEN_TTL_S = 3600;

export interface Person {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
  given_name?: string;
  family_name?: string;
}

export const ID_TOKEN_FAULTS = ['expired', 'bad-signature', 'wrong-nonce', 'wrong-audience', 'wrong-issuer'] as const;
export type IdTokenFault = (typeof ID_TOKEN_FAULTS)[number];

export function isIdTokenFault(value: unknown): value is IdTokenFault {
  return typeof value === 'string' && (ID_TOKEN_FAULTS as readonly string[]).includes(value);
}

/** Google-shaped subject (21 decimal digits), the same for the same address whatever its case. */
export function subjectFor(email: string): string {
  const digest = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
  return `1${(BigInt(`0x${digest}`) % 10n ** 20n).toString().padStart(20, '0')}`;
}

export function personFor(email: string, givenName: string, familyName: string, emailVerified: boolean): Person {
  const name = `${givenName} ${familyName}`.trim() || email.split('@')[0];
  return {
    sub: subjectFor(email),
    email,
    email_verified: emailVerified,
    name,
    ...(givenName ? { given_name: givenName } : {}),
    ...(familyName ? { family_name: familyName } : {}),
  };
}

export const PEOPLE: readonly Person[] = [
  personFor('grace.hopper@example.com', 'Grace', 'Hopper', true),
  personFor('alan.turing@example.com', 'Alan', 'Turing', true),
  personFor('ursula.unverified@example.com', 'Ursula', 'Unverified', false),
];

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  codeChallenge: string;
  state?: string;
  nonce?: string;
}

export type AuthorizationCheck = { ok: true; request: AuthorizationRequest } | { ok: false; error: string; description: string };

interface PendingCode extends AuthorizationRequest {
  person: Person;
  expiresAtS: number;
}

interface AccessGrant {
  clientId: string;
  scope: string;
  person: Person;
  expiresAtS: number;
}

export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  id_token: string;
}

export interface TokenError {
  error: 'invalid_grant' | 'invalid_client' | 'invalid_request' | 'unsupported_grant_type';
  error_description: string;
}

export type UserinfoCheck = { ok: true; person: Person } | { ok: false; description: string };

const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

function b64url(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function s256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export class OidcProvider {
  readonly keys = new SigningKeys();
  private readonly codes = new Map<string, PendingCode>();
  private readonly accessTokens = new Map<string, AccessGrant>();
  private fault: IdTokenFault | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly client: { clientId?: string; clientSecret?: string },
    readonly issuer: () => string,
  ) {}

  /** Keys survive a reset: relying parties cache the JWKS, and a vanished key would fail their next sign-in. */
  reset(): void {
    this.codes.clear();
    this.accessTokens.clear();
    this.fault = undefined;
  }

  clientIsKnown(clientId: string | undefined): boolean {
    if (!clientId) return false;
    return this.client.clientId ? clientId === this.client.clientId : true;
  }

  clientIsValid(clientId: string | undefined, secret: string | undefined): boolean {
    if (!this.clientIsKnown(clientId) || !secret) return false;
    return this.client.clientSecret ? secret === this.client.clientSecret : true;
  }

  /** Checks an authorization request; every failure here is shown on a page, never redirected. */
  checkAuthorization(params: Record<string, string>): AuthorizationCheck {
    const fail = (error: string, description: string): AuthorizationCheck => ({ ok: false, error, description });
    const { client_id: clientId, redirect_uri: redirectUri, scope = '', code_challenge: codeChallenge } = params;
    if (!clientId) return fail('invalid_request', 'Missing required parameter: client_id');
    if (!this.clientIsKnown(clientId)) return fail('invalid_client', 'The OAuth client was not found.');
    if (!redirectUri) return fail('invalid_request', 'Missing required parameter: redirect_uri');
    let target: URL;
    try {
      target = new URL(redirectUri);
    } catch {
      return fail('invalid_request', 'redirect_uri must be an absolute http(s) URL');
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return fail('invalid_request', 'redirect_uri must be an http(s) URL');
    if (target.hash) return fail('invalid_request', 'redirect_uri must not contain a fragment');
    if (params.response_type !== 'code') return fail('unsupported_response_type', "response_type must be 'code'");
    if (!scope.split(' ').includes('openid')) return fail('invalid_scope', "scope must include 'openid'");
    if (!codeChallenge) return fail('invalid_request', 'Missing required parameter: code_challenge (PKCE is required)');
    if (params.code_challenge_method !== 'S256') return fail('invalid_request', "code_challenge_method must be 'S256'");
    if (!CODE_CHALLENGE.test(codeChallenge)) return fail('invalid_request', 'code_challenge must be a base64url SHA-256 (43 characters)');
    return {
      ok: true,
      request: { clientId, redirectUri, scope, codeChallenge, state: params.state || undefined, nonce: params.nonce || undefined },
    };
  }

  person(sub: string): Person | undefined {
    return PEOPLE.find((p) => p.sub === sub);
  }

  issueCode(request: AuthorizationRequest, person: Person): string {
    const code = `4/0${b64url(48)}`;
    this.codes.set(code, { ...request, person, expiresAtS: this.clock.nowSeconds() + CODE_TTL_S });
    return code;
  }

  async exchangeCode(
    clientId: string,
    params: { code?: string; redirectUri?: string; codeVerifier?: string },
  ): Promise<TokenResponse | TokenError> {
    const { code, redirectUri, codeVerifier } = params;
    if (!code) return { error: 'invalid_request', error_description: 'Missing required parameter: code' };
    if (!redirectUri) return { error: 'invalid_request', error_description: 'Missing required parameter: redirect_uri' };
    if (!codeVerifier) return { error: 'invalid_request', error_description: 'Missing required parameter: code_verifier' };
    const pending = this.codes.get(code);
    // A code is single use: gone on the first exchange, right or wrong.
    this.codes.delete(code);
    if (!pending || pending.expiresAtS < this.clock.nowSeconds()) return { error: 'invalid_grant', error_description: 'Bad Request' };
    if (pending.clientId !== clientId) return { error: 'invalid_grant', error_description: 'The code was issued to another client.' };
    if (pending.redirectUri !== redirectUri) return { error: 'invalid_grant', error_description: 'redirect_uri mismatch' };
    if (s256(codeVerifier) !== pending.codeChallenge) return { error: 'invalid_grant', error_description: 'Invalid code verifier.' };

    const accessToken = `ya29.${b64url(48)}`;
    this.accessTokens.set(accessToken, {
      clientId,
      scope: pending.scope,
      person: pending.person,
      expiresAtS: this.clock.nowSeconds() + ACCESS_TOKEN_TTL_S,
    });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_S,
      scope: pending.scope,
      id_token: await this.idToken(pending, accessToken),
    };
  }

  private async idToken(grant: PendingCode, accessToken: string): Promise<string> {
    const fault = this.fault;
    this.fault = undefined;
    const now = this.clock.nowSeconds();
    const iat = fault === 'expired' ? now - 7200 : now;
    const nonce = fault === 'wrong-nonce' ? `not-${grant.nonce ?? 'sent'}-${b64url(6)}` : grant.nonce;
    const digest = createHash('sha256').update(accessToken).digest();
    const claims: Record<string, unknown> = {
      iss: fault === 'wrong-issuer' ? 'https://accounts.example.invalid' : this.issuer(),
      azp: grant.clientId,
      aud: fault === 'wrong-audience' ? `another-${grant.clientId}` : grant.clientId,
      sub: grant.person.sub,
      email: grant.person.email,
      email_verified: grant.person.email_verified,
      // Left half of the access token's SHA-256, as Google sends it (OIDC Core 3.1.3.6).
      at_hash: digest.subarray(0, digest.length / 2).toString('base64url'),
      ...(nonce === undefined ? {} : { nonce }),
      name: grant.person.name,
      given_name: grant.person.given_name,
      family_name: grant.person.family_name,
      iat,
      exp: iat + ID_TOKEN_TTL_S,
    };
    return this.keys.sign(claims, fault === 'bad-signature');
  }

  userinfo(authorization: string | undefined): UserinfoCheck {
    if (!authorization?.startsWith('Bearer ')) return { ok: false, description: 'Missing bearer token' };
    const grant = this.accessTokens.get(authorization.slice(7).trim());
    if (!grant) return { ok: false, description: 'Invalid Credentials' };
    if (grant.expiresAtS <= this.clock.nowSeconds()) return { ok: false, description: 'Token expired' };
    return { ok: true, person: grant.person };
  }

  /** The next ID token issued carries `fault`; the ones after it are sound again. */
  setNextTokenFault(fault: IdTokenFault | undefined): void {
    this.fault = fault;
  }

  nextTokenFault(): IdTokenFault | null {
    return this.fault ?? null;
  }

  state(): Record<string, unknown> {
    return { issuer: this.issuer(), codes: this.codes.size, accessTokens: this.accessTokens.size, nextTokenFault: this.nextTokenFault() };
  }
}
