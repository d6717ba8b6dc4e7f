import { Module } from '@nestjs/common';
import { stripeProvider, STRIPE } from './stripe.provider';

@Module({ providers: [stripeProvider], exports: [STRIPE] })
export class StripeModule {}
