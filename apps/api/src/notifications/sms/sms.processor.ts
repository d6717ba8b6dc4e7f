import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';
import { QUEUES, type SmsJobs } from '../../core/queue/queues';
import { SmsAlerts } from './sms-alerts';
import { SmsVerification } from './sms-verification';

/** The sms queue, in the worker: verification codes, alerts and their summaries. */
@Processor(QUEUES.sms)
export class SmsProcessor {
  constructor(
    private readonly verification: SmsVerification,
    private readonly alerts: SmsAlerts,
  ) {}

  @Process('sms.verify')
  verify(job: Job<SmsJobs['sms.verify']>): Promise<void> {
    return this.verification.sendCode(job.data);
  }

  @Process('sms.alerts')
  alert(job: Job<SmsJobs['sms.alerts']>): Promise<void> {
    return this.alerts.alert(job.data);
  }

  @Process('sms.summary')
  summary(job: Job<SmsJobs['sms.summary']>): Promise<void> {
    return this.alerts.summary(job.data);
  }
}
