import { Module } from '@nestjs/common';
import { SmsMessageRepository } from './sms-message.repository';
import { SmsNumberRepository } from './sms-number.repository';
import { TwilioClientFactory } from './twilio.client';

/** What the API and the worker share of texts: the numbers, the messages and the Twilio client. */
@Module({
  providers: [SmsNumberRepository, SmsMessageRepository, TwilioClientFactory],
  exports: [SmsNumberRepository, SmsMessageRepository, TwilioClientFactory],
})
export class SmsModule {}
