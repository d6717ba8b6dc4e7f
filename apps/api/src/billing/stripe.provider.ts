import type { Provider } from '@nestjs/common';
import Stripe from 'stripe';
import { AppConfig } from '../core/config/app-config';

export const STRIPE = Symbol('STRIPE');

/** The official Stripe SDK, pointed at STRIPE_API_URL (Stripe itself, or the sandbox). */
export const stripeProvider: Provider = {
  provide: STRIPE,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => {
    const url = new URL(config.stripe.apiUrl);
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    return new Stripe(config.stripe.secretKey.reveal(), {
      host: url.hostname,
      port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443,
      protocol,
      maxNetworkRetries: 2,
      timeout: 15_000,
      appInfo: { name: 'LeadFlow' },
    });
  },
};

/** Stripe answered 404: no such object (in this account), so it is not ours. */
export function isStripeNotFound(err: unknown): boolean {
  return err instanceof Stripe.errors.StripeError && err.statusCode === 404;
}
