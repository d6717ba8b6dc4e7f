/**
 * The benchmark's baseline: a minimal Nest app with one route that inserts one row — the floor
 * any real endpoint on the same machine, database and framework can be compared with. On Express
 * (the API's platform) unless BASELINE_PLATFORM=fastify, which measures what the framework's
 * HTTP layer alone would give if the API moved to Fastify.
 */
import 'reflect-metadata';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Controller()
class BaselineController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  @Post('baseline')
  @HttpCode(201)
  async insert(@Body() body: Record<string, unknown>): Promise<{ id: string }> {
    const [row] = (await this.db.query('INSERT INTO bench_baseline (payload) VALUES ($1) RETURNING id', [JSON.stringify(body)])) as Array<{
      id: string;
    }>;
    return { id: row!.id };
  }
}

@Module({
  imports: [TypeOrmModule.forRoot({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 10 } })],
  controllers: [BaselineController],
})
class BaselineModule {}

async function main(): Promise<void> {
  const app =
    process.env.BASELINE_PLATFORM === 'fastify'
      ? await NestFactory.create<NestFastifyApplication>(BaselineModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(BaselineModule, { logger: false });
  await app
    .get(DataSource)
    .query(
      'CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())',
    );
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  console.log('baseline ready');
}

void main();
