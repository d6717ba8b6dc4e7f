import { Injectable, ServiceUnavailableException } from '@nestjs/common';
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type Response from 'twilio/lib/http/response';
import { AppConfig } from '../../core/config/app-config';

/** Twilio's SDK sends every request to its own hosts; this one sends them to TWILIO_API_URL instead (the same when unset). */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super({ timeout: 10_000 });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>): Promise<Response<TData>> {
    const uri = new URL(opts.uri);
    const base = new URL(this.baseUrl);
    if (uri.hostname.endsWith('.twilio.com')) {
      uri.protocol = base.protocol;
      uri.host = base.host;
      uri.pathname = `${base.pathname.replace(/\/$/, '')}${uri.pathname}`;
    }
    return super.request<TData>({ ...opts, uri: uri.toString() });
  }
}

export type TwilioClient = ReturnType<typeof twilio>;

/** The official Twilio SDK, configured from the environment; `null` when Twilio is not configured. */
@Injectable()
export class TwilioClientFactory {
  private client: TwilioClient | null | undefined;

  constructor(private readonly config: AppConfig) {}

  get configured(): boolean {
    return this.config.twilio !== null;
  }

  /** The client, or a 503 naming what is missing. */
  get(): TwilioClient {
    if (this.client === undefined) {
      const t = this.config.twilio;
      this.client = t ? twilio(t.accountSid, t.authToken.reveal(), { httpClient: new BaseUrlRequestClient(t.apiUrl) }) : null;
    }
    if (!this.client)
      throw new ServiceUnavailableException(
        'Text messages are not set up on this LeadFlow (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM_NUMBER)',
      );
    return this.client;
  }

  /** Whether a request really came from Twilio: its X-Twilio-Signature over our public URL and the form it posted. */
  signedByTwilio(signature: string | undefined, path: string, params: Record<string, string>): boolean {
    const t = this.config.twilio;
    if (!t || !signature) return false;
    return twilio.validateRequest(t.authToken.reveal(), signature, `${t.webhookBaseUrl}${path}`, params);
  }
}
