import { ForbiddenException, Injectable } from '@nestjs/common';
import type { CookieOptions, Request, Response } from 'express';
import { AppConfig } from '../core/config/app-config';

/** The refresh token's cookie: httpOnly, sent only to the two routes that read it. */
export const REFRESH_COOKIE = 'leadflow_refresh';
export const REFRESH_COOKIE_PATHS = ['/api/auth/refresh', '/api/auth/logout'] as const;
/** Bull Board's cookie (a short-lived board token, set by POST /api/auth/board-session), sent only to Bull Board. */
export const BOARD_COOKIE = 'leadflow_board';
export const BOARD_COOKIE_PATH = '/admin/queues';
export const BOARD_SESSION_SECONDS = 3_600;
/** Ties a provider sign-in ("Continue with Google") to the browser that started it; sent only to its callback. */
export const OIDC_COOKIE = 'leadflow_oidc';
export const OIDC_COOKIE_PATH = '/api/auth/oidc';
export const OIDC_FLOW_SECONDS = 600;

/**
 * Cookie-authenticated routes require this header: a page on another site cannot add it without a
 * CORS preflight, which only CORS_ORIGINS pass.
 */
export const CSRF_HEADER = 'X-LeadFlow-CSRF';

/** The value of one cookie of the request, if it sent it. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** Sets and clears the session's cookies, and guards the routes they authenticate against cross-site requests. */
@Injectable()
export class SessionCookies {
  constructor(private readonly config: AppConfig) {}

  setRefresh(req: Request, res: Response, refreshToken: string): void {
    const maxAge = this.config.refreshTokenTtlDays * 86_400_000;
    for (const path of REFRESH_COOKIE_PATHS) res.cookie(REFRESH_COOKIE, refreshToken, { ...this.options(req, path), maxAge });
  }

  setBoard(req: Request, res: Response, boardToken: string): void {
    res.cookie(BOARD_COOKIE, boardToken, { ...this.options(req, BOARD_COOKIE_PATH), maxAge: BOARD_SESSION_SECONDS * 1_000 });
  }

  setOidcBinding(req: Request, res: Response, binding: string): void {
    res.cookie(OIDC_COOKIE, binding, { ...this.options(req, OIDC_COOKIE_PATH), maxAge: OIDC_FLOW_SECONDS * 1_000 });
  }

  clearOidcBinding(req: Request, res: Response): void {
    res.clearCookie(OIDC_COOKIE, this.options(req, OIDC_COOKIE_PATH));
  }

  /** Ends both cookies in the browser (logout, or a refresh token that was refused). */
  clear(req: Request, res: Response): void {
    for (const path of REFRESH_COOKIE_PATHS) res.clearCookie(REFRESH_COOKIE, this.options(req, path));
    res.clearCookie(BOARD_COOKIE, this.options(req, BOARD_COOKIE_PATH));
  }

  /**
   * A request that a cookie authenticates must carry the CSRF header, and, when the browser names
   * its Origin, come from the API's own origin, APP_URL or CORS_ORIGINS.
   */
  assertSameSite(req: Request): void {
    if (!req.get(CSRF_HEADER)) throw new ForbiddenException(`This route is authenticated by a cookie: send the ${CSRF_HEADER} header`);
    if (!this.originAllowed(req)) throw new ForbiddenException('Requests from this origin are not allowed');
  }

  /** True when the request names no Origin or one of ours (the API's own, APP_URL, CORS_ORIGINS). */
  originAllowed(req: Request): boolean {
    const origin = req.get('Origin');
    if (!origin) return true;
    const own = `${req.protocol}://${req.get('host') ?? ''}`;
    return origin === own || origin === new URL(this.config.appUrl).origin || this.config.corsOrigins.includes(origin);
  }

  private options(req: Request, path: string): CookieOptions {
    // Secure whenever the browser is on https: the request itself (through TRUST_PROXY) or the SPA's URL.
    const secure = req.secure || this.config.appUrl.startsWith('https:');
    return { httpOnly: true, secure, sameSite: 'strict', path };
  }
}
