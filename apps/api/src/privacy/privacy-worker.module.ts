import { Module } from '@nestjs/common';
import { PrivacyProcessor, RetentionSchedule } from './privacy.processor';
import { PrivacyModule } from './privacy.module';

/** The consumer of the privacy queue and the retention schedule (worker only). */
@Module({
  imports: [PrivacyModule],
  providers: [PrivacyProcessor, RetentionSchedule],
})
export class PrivacyWorkerModule {}
