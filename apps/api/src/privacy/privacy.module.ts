import { Module } from '@nestjs/common';
import { ActivityModule } from '../activity';
import { BillingModule } from '../billing';
import { CatalogModule } from '../catalog';
import { LeadsModule } from '../leads';
import { SmsModule } from '../notifications';
import { OutboxModule } from '../outbox';
import { WebhooksModule } from '../webhooks';
import { ErasureService } from './erasure.service';
import { AdminPrivacyController } from './privacy.controller';
import { PrivacyRequestRepository } from './privacy-request.repository';
import { PrivacyService } from './privacy.service';
import { RetentionService } from './retention.service';

/**
 * Data protection: a lead's personal data erased when its industry's retention runs out or when the
 * person asks, everywhere it was copied (each table by its owning module), and a person's data
 * exported on request. Requests are recorded without the person's email or phone.
 */
@Module({
  imports: [LeadsModule, CatalogModule, ActivityModule, OutboxModule, WebhooksModule, SmsModule, BillingModule],
  controllers: [AdminPrivacyController],
  providers: [PrivacyService, ErasureService, RetentionService, PrivacyRequestRepository],
  exports: [RetentionService],
})
export class PrivacyModule {}
