import { Injectable } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';
import { retryAfterMs, XeroApiError, XeroRateLimitedError, XeroTokenError } from './xero.errors';

export interface XeroTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

export interface XeroTenantConnection {
  id: string;
  tenantId: string;
  tenantName: string | null;
  tenantType: string;
}

const TIMEOUT_MS = 15_000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return text ? (JSON.parse(text) as unknown) : null;
  } catch {
    return text;
  }
}

/**
 * Xero's identity service (OAuth2 code and refresh grants) and the connections list, over plain HTTP:
 * xero-node hard-codes identity.xero.com and api.xero.com/connections (and needs initialize(), which
 * fetches Xero's discovery document), so it cannot be pointed at config.xero.tokenUrl/connectionsUrl.
 */
@Injectable()
export class XeroIdentityClient {
  constructor(private readonly config: AppConfig) {}

  exchangeCode(code: string, redirectUri: string): Promise<XeroTokens> {
    return this.tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
  }

  refresh(refreshToken: string): Promise<XeroTokens> {
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async connections(accessToken: string): Promise<XeroTenantConnection[]> {
    const res = await this.send(this.config.xero.connectionsUrl, { method: 'GET', headers: this.bearer(accessToken) });
    const body = await readJson(res);
    if (!res.ok) throw this.failure(res, body, 'GET /connections');
    if (!Array.isArray(body)) throw new XeroApiError(res.status, 'Xero /connections did not answer a list', body);
    return body.filter(isRecord).flatMap((c) =>
      typeof c.id === 'string' && typeof c.tenantId === 'string'
        ? [
            {
              id: c.id,
              tenantId: c.tenantId,
              tenantName: typeof c.tenantName === 'string' ? c.tenantName : null,
              tenantType: String(c.tenantType ?? ''),
            },
          ]
        : [],
    );
  }

  async deleteConnection(connectionId: string, accessToken: string): Promise<void> {
    const url = `${this.config.xero.connectionsUrl.replace(/\/$/, '')}/${encodeURIComponent(connectionId)}`;
    const res = await this.send(url, { method: 'DELETE', headers: this.bearer(accessToken) });
    if (!res.ok && res.status !== 404) throw this.failure(res, await readJson(res), 'DELETE /connections');
  }

  private async tokenRequest(form: Record<string, string>): Promise<XeroTokens> {
    const basic = Buffer.from(`${this.config.xero.clientId}:${this.config.xero.clientSecret.reveal()}`).toString('base64');
    const res = await this.send(this.config.xero.tokenUrl, {
      method: 'POST',
      headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
    const body = await readJson(res);
    if (res.status === 400 || res.status === 401) {
      throw new XeroTokenError(res.status, isRecord(body) && typeof body.error === 'string' ? body.error : 'invalid_request');
    }
    if (!res.ok) throw this.failure(res, body, 'token endpoint');
    if (
      !isRecord(body) ||
      typeof body.access_token !== 'string' ||
      typeof body.refresh_token !== 'string' ||
      typeof body.expires_in !== 'number'
    ) {
      throw new XeroApiError(res.status, 'Xero token endpoint answered without access_token/refresh_token/expires_in');
    }
    return { accessToken: body.access_token, refreshToken: body.refresh_token, expiresAt: new Date(Date.now() + body.expires_in * 1000) };
  }

  private bearer(accessToken: string): Record<string, string> {
    return { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' };
  }

  private async send(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (err) {
      throw new XeroApiError(0, `Xero unreachable (${new URL(url).pathname}): ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private failure(res: Response, body: unknown, what: string): Error {
    if (res.status === 429) return new XeroRateLimitedError(retryAfterMs(res.headers.get('retry-after')));
    return new XeroApiError(res.status, `Xero ${what} answered ${res.status}`, body);
  }
}
