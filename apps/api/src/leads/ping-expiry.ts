import { Injectable, Module } from '@nestjs/common';
import { PollingLoop } from '../core/queue/polling-loop';
import { LeadsModule } from './leads.module';
import { PingPostService } from './ping-post.service';

const INTERVAL_MS = 10_000;

/**
 * In the worker: marks pings never posted in time as expired. Only the record: a reservation stops
 * counting the moment it expires (the offer checks compare `expires_at` with their own time), so a
 * crash of any process between ping and post holds nothing beyond the TTL.
 */
@Injectable()
export class PingExpirySweep extends PollingLoop {
  constructor(private readonly pingPost: PingPostService) {
    super();
  }

  protected intervalMs(): number {
    return INTERVAL_MS;
  }

  protected async pass(): Promise<boolean> {
    return (await this.pingPost.expireDue()) >= 5_000;
  }
}

/** The leads side of the worker. */
@Module({ imports: [LeadsModule], providers: [PingExpirySweep] })
export class LeadsWorkerModule {}
