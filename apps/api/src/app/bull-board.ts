import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import {
  type AccessTokenClaims,
  BOARD_COOKIE,
  BOARD_COOKIE_PATH,
  readCookie,
  SessionCookies,
  type BoardTokenClaims,
  User,
} from '../identity';
import { QueueRegistry } from '../core/queue/queue-registry';

export const BULL_BOARD_PATH = BOARD_COOKIE_PATH;

/**
 * An admin's access token as `Authorization: Bearer …` (scripts), or the board token that
 * POST /api/auth/board-session put in the httpOnly cookie (browsers). Each kind only where it belongs.
 */
function credentialOf(req: Request): { token: string; typ: 'access' | 'board' } | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return { token: header.slice(7), typ: 'access' };
  const cookie = readCookie(req, BOARD_COOKIE);
  return cookie ? { token: cookie, typ: 'board' } : undefined;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function deny(res: Response, statusCode: 401 | 403, message: string): void {
  res.status(statusCode).json({ statusCode, error: statusCode === 401 ? 'Unauthorized' : 'Forbidden', message });
}

/** Mounts Bull Board at /admin/queues, for admins only (401 without a token, 403 for other roles). */
export function mountBullBoard(app: INestApplication): void {
  const jwt = app.get(JwtService);
  const cookies = app.get(SessionCookies);
  const db = app.get<DataSource>(getDataSourceToken());
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    queues: app
      .get(QueueRegistry)
      .all()
      .map((q) => new BullAdapter(q)),
    serverAdapter,
  });

  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    const credential = credentialOf(req);
    if (!credential) return deny(res, 401, 'A valid admin access token is required');
    let claims: AccessTokenClaims | BoardTokenClaims;
    try {
      claims = await jwt.verifyAsync<AccessTokenClaims | BoardTokenClaims>(credential.token, { algorithms: ['HS256'] });
    } catch {
      return deny(res, 401, 'A valid admin access token is required');
    }
    if (claims.typ !== credential.typ) return deny(res, 401, 'A valid admin access token is required');
    // Bull Board's buttons retry, clean and pause queues: with the cookie, only from our own pages.
    if (credential.typ === 'board' && !SAFE_METHODS.has(req.method) && !cookies.originAllowed(req))
      return deny(res, 403, 'Requests from this origin are not allowed');
    try {
      const user = await db.manager.findOne(User, { where: { id: claims.sub }, select: { id: true, role: true } });
      if (!user) return deny(res, 401, 'The account no longer exists');
      if (user.role !== 'admin') return deny(res, 403, 'Bull Board is for admins only');
      next();
    } catch (err) {
      next(err);
    }
  };
  app.use(BULL_BOARD_PATH, adminOnly, serverAdapter.getRouter());
}
