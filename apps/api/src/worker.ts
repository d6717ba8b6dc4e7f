import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { ConfigError, loadConfig } from './core/config/app-config';
import { QUEUE_NAMES } from './core/queue/queues';
import { closeOnSignals } from './core/shutdown';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  try {
    loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  closeOnSignals(app, 'LeadFlow worker');
  console.log(JSON.stringify({ msg: 'LeadFlow worker ready', queues: QUEUE_NAMES }));
}

void bootstrap();
