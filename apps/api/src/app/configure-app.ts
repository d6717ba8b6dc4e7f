import { RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { BULL_BOARD_PATH, mountBullBoard } from './bull-board';
import { leadbyteErrorFields } from '../leads';
import { AppConfig } from '../core/config/app-config';
import { AllExceptionsFilter } from '../core/http/all-exceptions.filter';
import { buildOpenApiDocument } from './openapi';
import { configureBodyParsing } from '../core/http/request-body';
import { createValidationPipe } from '../core/http/validation';

/** Everything main.ts and the e2e tests both apply to the HTTP app, in one place. */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.setGlobalPrefix('api', { exclude: [{ path: 'admin/queues', method: RequestMethod.ALL }] });

  // Swagger UI and Bull Board render inline scripts and styles; everything else gets the strict default policy.
  const strict = helmet();
  const relaxed = helmet({ contentSecurityPolicy: false });
  app.use((req: Request, res: Response, next: NextFunction) =>
    req.path.startsWith('/api/docs') || req.path.startsWith(BULL_BOARD_PATH) ? relaxed(req, res, next) : strict(req, res, next),
  );
  app.enableCors({
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: true,
    exposedHeaders: ['X-Request-Id', 'Retry-After'],
  });
  configureBodyParsing(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter([leadbyteErrorFields]));

  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  mountBullBoard(app);
}
