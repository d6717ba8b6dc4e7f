import { createHmac } from 'node:crypto';
import type { Clock } from '../core/clock';
import { randomHex, uuid } from '../core/ids';

/** Xero's identity service: authorization codes, rotating refresh tokens, 30-minute access tokens. */

export const ACCESS_TOKEN_TTL_S = 1800;
const REFRESH_TOKEN_TTL_S = 60 * 24 * 3600;
const CODE_TTL_S = 300;

export interface Tenant {
  tenantId: string;
  tenantName: string;
  tenantType: 'ORGANISATION';
}

export interface Connection {
  id: string;
  authEventId: string;
  tenantId: string;
  tenantType: 'ORGANISATION';
  tenantName: string;
  createdDateUtc: string;
  updatedDateUtc: string;
}

interface Grant {
  clientId: string;
  scope: string;
  userId: string;
  authEventId: string;
}

interface AccessToken extends Grant {
  expiresAtS: number;
}

interface PendingCode extends Grant {
  redirectUri: string;
  expiresAtS: number;
}

export interface TokenResponse {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
  id_token?: string;
}

export type TokenError = {
  error: 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_request';
  error_description?: string;
};

export type TokenCheck =
  { ok: true; grant: Grant; tenantIds: string[] } | { ok: false; reason: 'missing' | 'unknown' | 'expired'; expiredAt?: number };

function b64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export class XeroAuth {
  readonly tenant: Tenant;
  private readonly codes = new Map<string, PendingCode>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, Grant & { expiresAtS: number }>();
  readonly connections = new Map<string, Connection>();
  private readonly signingKey = randomHex(32);

  constructor(
    private readonly clock: Clock,
    private readonly client: { clientId?: string; clientSecret?: string },
    private readonly issuer: () => string,
    tenantName: string,
  ) {
    this.tenant = { tenantId: uuid(), tenantName, tenantType: 'ORGANISATION' };
  }

  reset(): void {
    this.codes.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.connections.clear();
  }

  clientIsKnown(clientId: string | undefined): boolean {
    if (!clientId) return false;
    return this.client.clientId ? clientId === this.client.clientId : true;
  }

  clientIsValid(clientId: string | undefined, secret: string | undefined): boolean {
    if (!this.clientIsKnown(clientId) || !secret) return false;
    return this.client.clientSecret ? secret === this.client.clientSecret : true;
  }

  issueCode(clientId: string, redirectUri: string, scope: string): string {
    const code = randomHex(32);
    this.codes.set(code, {
      clientId,
      redirectUri,
      scope,
      userId: uuid(),
      authEventId: uuid(),
      expiresAtS: this.clock.nowSeconds() + CODE_TTL_S,
    });
    return code;
  }

  private jwt(payload: Record<string, unknown>): string {
    const header = b64url(JSON.stringify({ alg: 'RS256', kid: 'sandbox-signing-key', typ: 'JWT', x5t: 'sandbox' }));
    const body = b64url(JSON.stringify(payload));
    const sig = createHmac('sha256', this.signingKey).update(`${header}.${body}`).digest('base64url');
    return `${header}.${body}.${sig}`;
  }

  private issueTokens(grant: Grant): TokenResponse {
    const now = this.clock.nowSeconds();
    const access = this.jwt({
      nbf: now,
      exp: now + ACCESS_TOKEN_TTL_S,
      iss: this.issuer(),
      aud: `${this.issuer()}/resources`,
      client_id: grant.clientId,
      sub: grant.userId.replace(/-/g, ''),
      auth_time: now,
      xero_userid: grant.userId,
      global_session_id: randomHex(16),
      sid: randomHex(16),
      jti: randomHex(16),
      authentication_event_id: grant.authEventId,
      scope: grant.scope.split(' ').filter(Boolean),
    });
    this.accessTokens.set(access, { ...grant, expiresAtS: now + ACCESS_TOKEN_TTL_S });
    const refresh = randomHex(32);
    this.refreshTokens.set(refresh, { ...grant, expiresAtS: now + REFRESH_TOKEN_TTL_S });
    const response: TokenResponse = {
      access_token: access,
      refresh_token: refresh,
      expires_in: ACCESS_TOKEN_TTL_S,
      token_type: 'Bearer',
      scope: grant.scope,
    };
    if (grant.scope.split(' ').includes('openid')) {
      response.id_token = this.jwt({
        nbf: now,
        exp: now + 300,
        iss: this.issuer(),
        aud: grant.clientId,
        iat: now,
        sub: grant.userId.replace(/-/g, ''),
        auth_time: now,
        xero_userid: grant.userId,
        preferred_username: 'sandbox.user@example.com',
        email: 'sandbox.user@example.com',
        given_name: 'Sandbox',
        family_name: 'User',
        name: 'Sandbox User',
      });
    }
    return response;
  }

  exchangeCode(clientId: string, code: string, redirectUri: string | undefined): TokenResponse | TokenError {
    const pending = this.codes.get(code);
    // A code is single use: gone on the first exchange, right or wrong.
    this.codes.delete(code);
    if (!pending || pending.expiresAtS < this.clock.nowSeconds()) return { error: 'invalid_grant' };
    if (pending.clientId !== clientId) return { error: 'invalid_grant' };
    if (redirectUri !== pending.redirectUri) return { error: 'invalid_grant', error_description: 'redirect_uri mismatch' };
    const now = new Date(this.clock.nowMs()).toISOString();
    const connection: Connection = {
      id: uuid(),
      authEventId: pending.authEventId,
      tenantId: this.tenant.tenantId,
      tenantType: 'ORGANISATION',
      tenantName: this.tenant.tenantName,
      createdDateUtc: now,
      updatedDateUtc: now,
    };
    this.connections.set(connection.id, connection);
    return this.issueTokens(pending);
  }

  /** Refresh tokens rotate: the one used is spent and a new one comes back. */
  refresh(clientId: string, refreshToken: string): TokenResponse | TokenError {
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.expiresAtS < this.clock.nowSeconds() || grant.clientId !== clientId) return { error: 'invalid_grant' };
    this.refreshTokens.delete(refreshToken);
    return this.issueTokens({ clientId: grant.clientId, scope: grant.scope, userId: grant.userId, authEventId: grant.authEventId });
  }

  check(authorization: string | undefined): TokenCheck {
    if (!authorization?.startsWith('Bearer ')) return { ok: false, reason: 'missing' };
    const token = this.accessTokens.get(authorization.slice(7).trim());
    if (!token) return { ok: false, reason: 'unknown' };
    if (token.expiresAtS <= this.clock.nowSeconds()) return { ok: false, reason: 'expired', expiredAt: token.expiresAtS };
    const tenantIds = [...this.connections.values()].filter((c) => c.authEventId === token.authEventId).map((c) => c.tenantId);
    return { ok: true, grant: token, tenantIds };
  }

  connectionsFor(authEventId: string): Connection[] {
    return [...this.connections.values()].filter((c) => c.authEventId === authEventId);
  }

  disconnect(connectionId: string, authEventId: string): boolean {
    const c = this.connections.get(connectionId);
    if (!c || c.authEventId !== authEventId) return false;
    this.connections.delete(connectionId);
    return true;
  }

  state(): Record<string, unknown> {
    return {
      tenant: this.tenant,
      connections: [...this.connections.values()],
      accessTokens: this.accessTokens.size,
      refreshTokens: this.refreshTokens.size,
    };
  }
}
