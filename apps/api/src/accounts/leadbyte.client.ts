import { Injectable } from '@nestjs/common';
import { AppConfig } from '../core/config/app-config';

export class LeadbyteError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'LeadbyteError';
  }
}

/** LeadByte's REST API over HTTP (LEADBYTE_API_URL: your account, or the sandbox). */
@Injectable()
export class LeadbyteClient {
  constructor(private readonly config: AppConfig) {}

  /** Registers a buyer and returns its id (`bid`). */
  async createBuyer(input: { company: string; postcode: string; externalRef: string }): Promise<number> {
    const res = await fetch(`${this.config.leadbyte.apiUrl}/restapi/v1.3/buyers/create`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', X_KEY: this.config.leadbyte.apiKey.reveal() },
      body: JSON.stringify({ company: input.company, postcode: input.postcode, external_ref: input.externalRef }),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    let body: { status?: string; bid?: number; message?: string } = {};
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new LeadbyteError(`LeadByte answered ${res.status} with a non-JSON body`, res.status);
    }
    if (!res.ok || body.status !== 'Success' || typeof body.bid !== 'number') {
      throw new LeadbyteError(`LeadByte refused the buyer (${res.status}): ${body.message ?? text.slice(0, 200)}`, res.status);
    }
    return body.bid;
  }
}
