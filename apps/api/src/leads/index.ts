export { Delivery } from './entities/delivery.entity';
export { DeliveryCount } from './entities/delivery-count.entity';
export { Lead } from './entities/lead.entity';
export type { EligibilityRecord } from './entities/lead.entity';
export { LeadReport } from './entities/lead-report.entity';
export { describeLead, selectOption, validateLeadFields } from './lead-fields';
export { mapLeadbyteFields } from './inbound-leads.service';
export { leadbyteErrorFields } from './leadbyte-request';
export { LeadsModule } from './leads.module';
