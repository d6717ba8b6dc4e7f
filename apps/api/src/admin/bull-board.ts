import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { AccessTokenClaims } from '../auth/jwt.strategy';
import { User } from '../clients/entities/user.entity';
import { QueueRegistry } from '../core/queue/queue-registry';

export const BULL_BOARD_PATH = '/admin/queues';
/** Browsers opening Bull Board send the admin's access token in this cookie (set by the SPA). */
export const BULL_BOARD_COOKIE = 'leadflow_board';

function tokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7);
  const cookie = req.headers.cookie
    ?.split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${BULL_BOARD_COOKIE}=`));
  return cookie ? decodeURIComponent(cookie.slice(BULL_BOARD_COOKIE.length + 1)) : undefined;
}

function deny(res: Response, statusCode: 401 | 403, message: string): void {
  res.status(statusCode).json({ statusCode, error: statusCode === 401 ? 'Unauthorized' : 'Forbidden', message });
}

/** Mounts Bull Board at /admin/queues, for admins only (401 without a token, 403 for other roles). */
export function mountBullBoard(app: INestApplication): void {
  const jwt = app.get(JwtService);
  const db = app.get<DataSource>(getDataSourceToken());
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: app.get(QueueRegistry).all().map((q) => new BullAdapter(q)), serverAdapter });

  const adminOnly = async (req: Request, res: Response, next: NextFunction) => {
    const token = tokenOf(req);
    if (!token) return deny(res, 401, 'A valid admin access token is required');
    let claims: AccessTokenClaims;
    try {
      claims = await jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      return deny(res, 401, 'A valid admin access token is required');
    }
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
