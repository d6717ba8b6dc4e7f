import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { ConfigError, loadConfig } from './core/config/app-config';
import { configureApp } from './app/configure-app';
import { closeOnSignals } from './core/shutdown';

async function bootstrap(): Promise<void> {
  let port: number;
  try {
    port = loadConfig(process.env).port; // refuse to start on bad config before anything connects
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { rawBody: true, bufferLogs: true });
  configureApp(app);
  closeOnSignals(app, 'LeadFlow API');
  await app.listen(port, process.env.HOST ?? '0.0.0.0');
  console.log(
    JSON.stringify({ msg: 'LeadFlow API listening', url: `http://localhost:${port}/api`, docs: `http://localhost:${port}/api/docs` }),
  );
}

void bootstrap();
